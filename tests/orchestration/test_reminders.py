"""`dvk remind`: a letter to each unit owing a report (due soon, or missing after its deadline),
in Vietnamese and English, and the list of all of them, from the published marts."""

import csv
import email
import email.policy
import json
import socket

import pytest

from tests.conftest import demo_copy
from tests.processes import dvk

pytestmark = pytest.mark.slow  # the demo's published marts


def test_units_owing_reports_get_a_letter_and_those_that_sent_none(demo_made, tmp_path):
    home = demo_copy(demo_made, tmp_path / "demo")
    # Every gap since the demo's first year, whatever today is.
    reminded = dvk(home, "remind", "--overdue", "100000")
    assert reminded.returncode == 0, reminded.stderr
    assert reminded.stdout.startswith("dvk remind: ") and " missing, their deadline " in (
        reminded.stdout
    )
    [folder] = (home / "reports" / "reminders").iterdir()
    letter = (folder / "HNM-KCQ.txt").read_text(encoding="utf-8")
    assert letter.startswith("Kính gửi Đảng ủy Khối các cơ quan tỉnh (HNM-KCQ),")
    assert "- Kỳ 2021: đã quá hạn nộp 15/01/2022, chưa nhận được." in letter
    assert "- 2021: its deadline, 15/01/2022, has passed; not received." in letter
    assert "- Kỳ 2024:" not in letter  # sent: the demo's Hà Nam 2024
    assert not (folder / "LAMDONG-LAGI.txt").exists()  # sent both its periods after the reform
    with (folder / "reminders.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["state"] for row in rows} == {"missing"}
    assert len({row["unit_code"] for row in rows}) == len(list(folder.glob("*.txt")))
    # A window with nothing in it says so; nothing published is an error to act on.
    none = dvk(home, "remind", "--days", "0", "--overdue", "0")
    assert none.returncode == 0 and "dvk remind: no report due within 0 days" in none.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = dvk(empty, "remind")
    assert refused.returncode == 2 and "run `dvk run` first" in refused.stderr


class Mailbox:
    """A real SMTP server (aiosmtpd) on a free local port: what it was given, and the
    addresses it refuses."""

    def __init__(self, refuse: set[str]) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


@pytest.fixture
def mailbox():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox(refuse={"hong@hnm.example.vn"})
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.env = {"DVK_SMTP_HOST": "127.0.0.1", "DVK_SMTP_PORT": str(port)}
    yield box
    controller.stop()


def test_reminders_go_by_email_once_to_each_office_and_are_listed(demo_made, tmp_path, mailbox):
    home = demo_copy(demo_made, tmp_path / "demo")
    for account in (
        ("kcq", "--unit", "HNM-KCQ", "--email", "vanphong@kcq.example.vn"),
        ("ha-nam", "--province", "35", "--email", "bdv@hanam.example.vn"),
        ("broken", "--unit", "HNM-KCQ", "--email", "hong@hnm.example.vn"),
        ("quiet", "--unit", "BTH-DUCLINH"),  # an account with no address
    ):
        assert dvk(home, "accounts", "add", *account).returncode == 0
    refused = dvk(home, "accounts", "email", "quiet", "not-an-address")
    assert refused.returncode == 2 and "not an e-mail address" in refused.stderr
    # Nowhere to send: said, and the letters are still written.
    nowhere = dvk(home, "remind", "--overdue", "100000", "--send")
    assert nowhere.returncode == 2 and "DVK_SMTP_HOST" in nowhere.stderr

    first = dvk(home, "remind", "--overdue", "100000", "--send", env=mailbox.env)
    assert first.returncode == 1, first.stderr  # one address refused
    assert "refused by the server: hong@hnm.example.vn" in first.stderr
    [folder] = (home / "reports" / "reminders").glob("20*")
    with (folder / "reminders.csv").open(encoding="utf-8", newline="") as handle:
        owed = list(csv.DictReader(handle))
    ha_nam = {(r["unit_code"], r["period_code"]) for r in owed if r["unit_code"].startswith("HNM")}
    assert ("HNM-KCQ", "2021") in ha_nam
    by_address = {str(m["To"]): m for m in mailbox.messages}
    assert set(by_address) == {"vanphong@kcq.example.vn", "bdv@hanam.example.vn"}
    office = by_address["vanphong@kcq.example.vn"].get_content()
    assert office.startswith("Kính gửi Đảng ủy Khối các cơ quan tỉnh (HNM-KCQ),")
    assert "- Kỳ 2021: đã quá hạn nộp 15/01/2022, chưa nhận được." in office
    assert "Kính gửi" in office and office.count("Kính gửi") == 1  # its one unit
    province = by_address["bdv@hanam.example.vn"].get_content()
    for unit, period in ha_nam:  # every Hà Nam unit's gap, to the province's office
        assert f"({unit})" in province and f"Kỳ {period}:" in province
    assert "BTH-" not in province
    subject = str(by_address["bdv@hanam.example.vn"]["Subject"])
    assert subject.startswith(f"[Dân vận khéo] Nhắc nộp báo cáo: {len(ha_nam)} kỳ")
    assert "No contact address for " in first.stdout and "BTH-DUCLINH," in first.stdout

    # Recorded: who got what; listed by the command and on the page.
    log = [json.loads(line) for line in (home / "portal" / "reminders.jsonl").open()]
    assert {(r["to"], r["unit_code"], r["period_code"]) for r in log} == {
        ("vanphong@kcq.example.vn", u, p) for u, p in ha_nam if u == "HNM-KCQ"
    } | {("bdv@hanam.example.vn", u, p) for u, p in ha_nam}
    listed = dvk(home, "reminders")
    assert listed.returncode == 0 and f"{len(log)} reminder(s) sent" in listed.stdout
    assert "vanphong@kcq.example.vn\tHNM-KCQ\t2021\tmissing" in listed.stdout
    page = (home / "reports" / "reminders" / "sent.html").read_text(encoding="utf-8")
    assert page.count("<tr><td>") == len(log) and "bdv@hanam.example.vn" in page

    # The second run sends nothing new, except to the address refused the first time.
    mailbox.refuse.clear()
    mailbox.messages.clear()
    second = dvk(home, "remind", "--overdue", "100000", "--send", env=mailbox.env)
    assert second.returncode == 0, second.stderr
    assert [str(m["To"]) for m in mailbox.messages] == ["hong@hnm.example.vn"]
    assert f"{len(log)} already sent before, not repeated" in second.stdout
    mailbox.messages.clear()
    third = dvk(home, "remind", "--overdue", "100000", "--send", env=mailbox.env)
    assert third.returncode == 0 and "Sent: 0 new reminder(s)" in third.stdout
    assert mailbox.messages == []


def test_an_unreachable_mail_server_sends_and_records_nothing(demo_made, tmp_path):
    home = demo_copy(demo_made, tmp_path / "demo")
    assert (
        dvk(home, "accounts", "add", "kcq", "--unit", "HNM-KCQ", "--email", "a@b.vn").returncode
        == 0
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = str(probe.getsockname()[1])
    env = {"DVK_SMTP_HOST": "127.0.0.1", "DVK_SMTP_PORT": closed}
    failed = dvk(home, "remind", "--overdue", "100000", "--send", env=env)
    assert failed.returncode == 2
    assert (
        f"the SMTP server 127.0.0.1:{closed}" in failed.stderr and "nothing sent" in failed.stderr
    )
    assert not (home / "portal" / "reminders.jsonl").exists()
