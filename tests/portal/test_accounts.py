"""Portal accounts as `dvk accounts` keeps them: secrets hashed and shown once, the file private,
a province account covering its units across the 2025 reform."""

from __future__ import annotations

import stat

from ingestion.reference.registry import Registry
from portal.accounts import AccountStore
from portal.scope import covered_units
from tests.portal.server import add_account
from tests.processes import dvk


def test_passwords_and_tokens_are_kept_only_as_hashes_in_a_private_file(ws):
    made = add_account(ws.home, "bth-lagi", "--unit", "BTH-LAGI")
    path = ws.home / "portal" / "accounts"
    text = path.read_text()
    assert made.password not in text and made.token.split("_", 2)[2] not in text
    assert text.count("scrypt$") == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    store = AccountStore.of(ws)
    assert store.login("bth-lagi", made.password).name == "bth-lagi"
    assert store.login("bth-lagi", made.password + "x") is None
    assert store.by_token(made.token).name == "bth-lagi"
    listed = dvk(ws.home, "accounts", "list")
    assert "bth-lagi\tenabled\tBTH-LAGI" in listed.stdout and made.password not in listed.stdout


def test_account_commands_refuse_what_cannot_be_done(ws):
    add_account(ws.home, "bth-lagi", "--unit", "BTH-LAGI")
    again = dvk(ws.home, "accounts", "add", "bth-lagi", "--unit", "BTH-LAGI")
    assert again.returncode == 2 and "the account exists" in again.stderr
    bad_name = dvk(ws.home, "accounts", "add", "../x", "--unit", "BTH-LAGI")
    assert bad_name.returncode == 2 and "account name" in bad_name.stderr
    missing = dvk(ws.home, "accounts", "disable", "nobody")
    assert missing.returncode == 2 and "no such account" in missing.stderr
    unknown = dvk(ws.home, "accounts", "add", "typo", "--unit", "BTH-LAGII")
    assert unknown.returncode == 0 and "no unit of" in unknown.stderr


def test_a_current_province_account_covers_the_old_provinces_it_was_made_of(ws):
    registry = Registry.load(ws.units_dir)
    store = AccountStore.of(ws)
    store.add("ninh-binh", [], "37")  # the current Ninh Bình: old Ninh Bình, Hà Nam, Nam Định
    store.add("ha-nam", [], "35")  # old Hà Nam only
    current = covered_units(store.all()["ninh-binh"], registry)
    old = covered_units(store.all()["ha-nam"], registry)
    assert {"nbh-tamdiep", "hnm-phuly"} <= current and not any(c.startswith("bth") for c in current)
    assert "hnm-phuly" in old and not any(c.startswith("nbh") for c in old)


def test_an_account_keeps_the_offices_contact_address_for_reminders(ws):
    add_account(ws.home, "bth-lagi", "--unit", "BTH-LAGI", "--email", "vp@lagi.example.vn")
    listed = dvk(ws.home, "accounts", "list")
    assert "bth-lagi\tenabled\tBTH-LAGI\tvp@lagi.example.vn\tsince " in listed.stdout
    changed = dvk(ws.home, "accounts", "email", "bth-lagi", " bdv@lagi.example.vn ")
    assert changed.returncode == 0 and "reminders go to bdv@lagi.example.vn" in changed.stdout
    assert AccountStore.of(ws).all()["bth-lagi"].email == "bdv@lagi.example.vn"
    for bad in ("bdv.lagi.example.vn", "a@b", "x@y.vn, z@w.vn"):
        refused = dvk(ws.home, "accounts", "email", "bth-lagi", bad)
        assert refused.returncode == 2 and "not an e-mail address" in refused.stderr
    assert dvk(ws.home, "accounts", "email", "bth-lagi", "").returncode == 0
    assert AccountStore.of(ws).all()["bth-lagi"].email == ""
