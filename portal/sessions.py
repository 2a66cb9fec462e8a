"""The portal's sessions, kept on the server: the signed cookie holds only a session id, and
the session is live only while its file is in `portal/sessions/`. Logging out removes it;
`dvk accounts reset` and `disable` remove every session of the account. A cookie copied
before any of these opens nothing afterwards (a cookie that carries the account itself would
stay valid for its whole lifetime).

Each session is one file named by the SHA-256 of its id (the id itself is never stored), 0600,
holding the account's name: no lock, no shared file to rewrite; a lookup reads one small file.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from pathlib import Path

LIFETIME_SECONDS = 8 * 3600
"""As long as the cookie (portal/app.py): an older session is gone whatever the cookie says."""


class Sessions:
    def __init__(self, folder: Path):
        self.folder = folder

    def open(self, account: str) -> str:
        """A new session for `account`; its id, for the cookie."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._prune()
        session_id = secrets.token_urlsafe(32)
        descriptor = os.open(self._path(session_id), os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(account)
        return session_id

    def account(self, session_id: str | None) -> str | None:
        """The account of a live session, or None."""
        if not session_id:
            return None
        path = self._path(session_id)
        try:
            if time.time() - path.stat().st_mtime > LIFETIME_SECONDS:
                return None
            return path.read_text(encoding="utf-8")
        except (FileNotFoundError, ValueError):
            return None

    def close(self, session_id: str | None) -> None:
        if session_id:
            self._path(session_id).unlink(missing_ok=True)

    def revoke(self, account: str) -> int:
        """End every session of `account`; how many there were."""
        ended = 0
        for path in self._files():
            try:
                if path.read_text(encoding="utf-8") == account:
                    path.unlink(missing_ok=True)
                    ended += 1
            except FileNotFoundError:
                continue
        return ended

    def _prune(self) -> None:
        for path in self._files():
            try:
                if time.time() - path.stat().st_mtime > LIFETIME_SECONDS:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                continue

    def _files(self) -> list[Path]:
        return list(self.folder.iterdir()) if self.folder.is_dir() else []

    def _path(self, session_id: str) -> Path:
        return self.folder / hashlib.sha256(session_id.encode()).hexdigest()
