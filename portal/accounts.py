"""Portal accounts, kept in `portal/accounts` under the workspace (0600): who may send files for
which units. Passwords and API tokens are stored only as scrypt hashes, and printed once.

A token is `dvk_<id>_<secret>`: the id finds the account without trying every hash, the secret
is what the hash checks. The file is re-read whenever it changes, so `dvk accounts disable`
takes effect in a running portal at its next request.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ingestion.decisions import decision_log
from portal.sessions import Sessions
from warehouse.workspace import Workspace

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
"""≈ 50 ms and 16 MiB a check: slow for a guesser, quick enough for a login."""
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


class AccountError(ValueError):
    """What a person asked of the accounts that cannot be done; the message says why."""


@dataclass(frozen=True)
class Account:
    name: str
    units: tuple[str, ...] = ()
    """Unit codes, as given (`--unit`)."""
    province: str | None = None
    """A current or old province code (`--province`): every unit of it in the registries."""
    password_hash: str = ""
    token_id: str = ""
    token_hash: str = ""
    disabled: bool = False
    email: str = ""
    """Where `dvk remind --send` writes to: the office's contact address (may be empty)."""
    created_at: str = ""
    changed_at: str = ""

    @property
    def covers(self) -> str:
        return f"province {self.province}" if self.province else ", ".join(self.units)


@dataclass(frozen=True)
class Secrets:
    """What `add` and `reset` print once: nothing keeps them in the clear."""

    password: str
    token: str


@dataclass
class AccountStore:
    path: Path
    _cache: tuple[int, dict[str, Account]] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, ws: Workspace) -> AccountStore:
        return cls(portal_folder(ws) / "accounts")

    def all(self) -> dict[str, Account]:
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return {}
        if self._cache is None or self._cache[0] != stamp:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            accounts = {a["name"]: Account(**a | {"units": tuple(a["units"])}) for a in raw}
            self._cache = (stamp, accounts)
        return self._cache[1]

    def add(self, name: str, units: list[str], province: str | None, email: str = "") -> Secrets:
        if not NAME.match(name):
            raise AccountError(
                f"{name!r}: an account name is 2–64 characters: lower-case letters, digits, "
                "'.', '_' or '-', starting with a letter or digit"
            )
        if bool(units) == bool(province):
            raise AccountError(
                "name the account's units with --unit or its province with --province"
            )
        with self._editing() as accounts:
            if name in accounts:
                raise AccountError(f"{name}: the account exists (`dvk accounts reset {name}`)")
            now = decision_log.now()
            account = Account(
                name,
                tuple(units),
                province,
                email=contact_address(email),
                created_at=now,
                changed_at=now,
            )
            accounts[name], issued = _with_new_secrets(account)
        return issued

    def reset(self, name: str) -> Secrets:
        """A new password and token; the old ones, and every open session, stop working.
        Re-enables a disabled account."""
        with self._editing() as accounts:
            account = self._existing(accounts, name)
            accounts[name], issued = _with_new_secrets(replace(account, disabled=False))
        self.sessions.revoke(name)
        return issued

    def set_email(self, name: str, email: str) -> None:
        """The office's contact address; empty removes it."""
        with self._editing() as accounts:
            account = self._existing(accounts, name)
            address = contact_address(email)
            accounts[name] = replace(account, email=address, changed_at=decision_log.now())

    def disable(self, name: str) -> None:
        with self._editing() as accounts:
            account = self._existing(accounts, name)
            accounts[name] = replace(account, disabled=True, changed_at=decision_log.now())
        self.sessions.revoke(name)

    @property
    def sessions(self) -> Sessions:
        return Sessions(self.path.parent / "sessions")

    def login(self, name: str, password: str) -> Account | None:
        """`name` as typed: spaces around it and capitals are forgiven (`login_name`)."""
        account = self.all().get(login_name(name))
        if account is None:
            _verify(password, _DUMMY)  # the same time whether or not the name exists
            return None
        if not _verify(password, account.password_hash) or account.disabled:
            return None
        return account

    def by_token(self, token: str) -> Account | None:
        match = re.fullmatch(r"dvk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})", token.strip())
        if not match:
            return None
        token_id, secret = match.groups()
        account = next((a for a in self.all().values() if a.token_id == token_id), None)
        if account is None or account.disabled or not _verify(secret, account.token_hash):
            return None
        return account

    @staticmethod
    def _existing(accounts: dict[str, Account], name: str) -> Account:
        if name not in accounts:
            raise AccountError(f"{name}: no such account (`dvk accounts list`)")
        return accounts[name]

    @contextmanager
    def _editing(self) -> Iterator[dict[str, Account]]:
        """The accounts, changed under an exclusive lock and written whole (0600)."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = os.open(self.path.with_name(".accounts.lock"), os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._cache = None
            accounts = dict(self.all())
            yield accounts
            rows = [asdict(a) | {"units": list(a.units)} for a in accounts.values()]
            temporary = self.path.with_name(".accounts.tmp")
            descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(rows, handle, ensure_ascii=False, indent=2)
            os.chmod(temporary, 0o600)
            temporary.replace(self.path)
            self._cache = None
        finally:
            os.close(lock)


def login_name(typed: str) -> str:
    """The account a login form names: account names are lower case, and spaces around them
    are a typing slip. The login throttle counts failures under the same key, so " tuyphong"
    and "TuyPhong " are one name to it too."""
    return typed.strip().lower()


def contact_address(typed: str) -> str:
    """An e-mail address as typed, checked for its shape (one `@`, a dot in the domain); empty
    stays empty."""
    address = typed.strip()
    if address and not EMAIL.match(address):
        raise AccountError(f"{typed!r}: not an e-mail address (name@domain.vn)")
    return address


def portal_folder(ws: Workspace) -> Path:
    return ws.home / "portal"


def _with_new_secrets(account: Account) -> tuple[Account, Secrets]:
    password = secrets.token_urlsafe(12)
    token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(30)
    changed = replace(
        account,
        password_hash=_hash(password),
        token_id=token_id,
        token_hash=_hash(secret),
        changed_at=decision_log.now(),
    )
    return changed, Secrets(password, f"dvk_{token_id}_{secret}")


def _hash(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def _verify(secret: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
        computed = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), **SCRYPT)
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


_DUMMY = _hash("not a password")
