"""What every request of the portal works with, made once per application: the workspace, the
accounts, the registries, the rate windows, the page templates and the check workers; and the
dependencies that give a handler its account (`current_account` for pages, `api_account` for
the API), so that no handler checks a session or a token itself."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates

from ingestion.reference.registry import Registry
from portal.accounts import Account, AccountStore
from portal.checking import Checker
from portal.limits import SharedWindow
from portal.scope import covered_units
from warehouse.workspace import Workspace


@dataclass(frozen=True)
class Settings:
    uploads_per_minute: int = 30
    """Per account, pages and API together (429 above)."""
    failed_logins: int = 5
    """Per account name and per client address, in 15 minutes (then 429 until they pass)."""
    secure_cookies: bool = False
    """Set behind a TLS reverse proxy (docs/portal.md): the session cookie only over HTTPS."""

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            uploads_per_minute=int(os.environ.get("DVK_PORTAL_UPLOADS_PER_MINUTE", "30")),
            failed_logins=int(os.environ.get("DVK_PORTAL_FAILED_LOGINS", "5")),
            secure_cookies=os.environ.get("DVK_PORTAL_SECURE_COOKIES", "") == "1",
        )


class CurrentRegistry:
    """The unit registries, read again when `reference/units/` changes."""

    def __init__(self, ws: Workspace):
        self._ws, self._stamp, self._registry = ws, None, Registry([])

    def get(self) -> Registry:
        folder = self._ws.units_dir
        stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.csv")))
        if stamp != self._stamp:
            self._registry, self._stamp = Registry.load(folder), stamp
        return self._registry


@dataclass(frozen=True)
class Portal:
    ws: Workspace
    settings: Settings
    accounts: AccountStore
    registry: CurrentRegistry
    upload_window: SharedWindow
    login_window: SharedWindow
    templates: Jinja2Templates
    checker: Checker

    def covered(self, account: Account) -> frozenset[str]:
        """The units the account may send files for, by the registries as they are now."""
        return covered_units(account, self.registry.get())


def portal(request: Request) -> Portal:
    return request.app.state.portal


class LoginRequired(Exception):
    """A page asked for without a live session: answered by a redirect to the login page."""


def session_account(request: Request) -> Account | None:
    """The account of the request's live server-side session (portal/sessions.py), if any."""
    accounts = portal(request).accounts
    name = accounts.sessions.account(request.session.get("session"))
    account = accounts.all().get(name) if name else None
    return None if account is None or account.disabled else account


def current_account(request: Request) -> Account:
    """A page's account; without one, the page is the login page (`LoginRequired`)."""
    account = session_account(request)
    if account is None:
        raise LoginRequired()
    return account


def api_account(request: Request) -> Account:
    """The account of the request's API token (`Authorization: Bearer dvk_…`); 401 without."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    account = portal(request).accounts.by_token(token) if scheme.lower() == "bearer" else None
    if account is None:
        raise HTTPException(
            401,
            "Cần mã API hợp lệ / A valid API token is needed: Authorization: Bearer dvk_…",
            {"WWW-Authenticate": "Bearer"},
        )
    return account


PortalDep = Annotated[Portal, Depends(portal)]
PageAccount = Annotated[Account, Depends(current_account)]
ApiAccount = Annotated[Account, Depends(api_account)]
