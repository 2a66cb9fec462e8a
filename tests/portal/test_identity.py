"""Identity at the portal (issue #33), against a real `dvk portal` and the real `dvk accounts`:
a session ends for good at logout, reset and disable; the login throttle counts a name however
it is typed and an address as the connection gives it, not as a header claims it."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import demo_workspace
from tests.portal.server import Credentials, add_account, portal
from tests.processes import dvk


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    ws = demo_workspace(tmp_path_factory.mktemp("identity") / "home")
    account = add_account(ws.home, "bth-lagi", "--unit", "BTH-LAGI")
    with portal(ws.home, DVK_PORTAL_FAILED_LOGINS="3") as url:
        yield {"ws": ws, "url": url, "account": account}


def _client(url: str, source: str = "127.0.0.1") -> httpx.Client:
    """A client connecting from `source`, another address of the loopback network."""
    return httpx.Client(base_url=url, transport=httpx.HTTPTransport(local_address=source))


def _login(client: httpx.Client, name: str, password: str, **headers: str) -> int:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    data = {"name": name, "password": password, "csrf": token}
    return client.post("/login", data=data, headers=headers).status_code


def _replayed(url: str, cookies: httpx.Cookies) -> int:
    """What a copy of the session cookie opens: /submissions (200), or the login (303)."""
    with httpx.Client(base_url=url, cookies=cookies) as thief:
        return thief.get("/submissions").status_code


def _new_password(home, name: str) -> Credentials:
    reset = dvk(home, "accounts", "reset", name)
    assert reset.returncode == 0, reset.stderr
    lines = dict(line.strip().split(": ", 1) for line in reset.stdout.splitlines() if ": " in line)
    return Credentials(name, lines["password"], lines["API token"])


def test_a_copied_session_cookie_opens_nothing_after_logout_reset_or_disable(site):
    url, account = site["url"], site["account"]
    with _client(url) as office:
        assert _login(office, account.name, account.password) == 303
        copied = httpx.Cookies(office.cookies)
        assert _replayed(url, copied) == 200
        token = re.search(r'name="csrf" value="([^"]+)"', office.get("/upload").text).group(1)
        assert office.post("/logout", data={"csrf": token}).status_code == 303
    assert _replayed(url, copied) == 303

    with _client(url) as office:
        assert _login(office, account.name, account.password) == 303
        copied = httpx.Cookies(office.cookies)
    renewed = _new_password(site["ws"].home, account.name)
    assert _replayed(url, copied) == 303

    with _client(url) as office:
        assert _login(office, renewed.name, renewed.password) == 303
        copied = httpx.Cookies(office.cookies)
        assert _replayed(url, copied) == 200
    assert dvk(site["ws"].home, "accounts", "disable", account.name).returncode == 0
    assert _replayed(url, copied) == 303


def test_the_throttle_counts_a_name_however_typed_and_the_real_address(site):
    url = site["url"]
    spellings = [" bth-lagi", "bth-lagi ", "BTH-LAGI", "Bth-Lagi"]
    answers = []
    for number, name in enumerate(spellings, start=2):  # each from its own address
        with _client(url, f"127.0.0.{number}") as client:
            answers.append(_login(client, name, "wrong"))
    assert answers == [401, 401, 401, 429]

    # A forwarded address is no other client: no proxy is configured.
    with _client(url, "127.0.0.9") as client:
        answers = [
            _login(client, f"nobody{n}", "wrong", **{"x-forwarded-for": f"203.0.113.{n}"})
            for n in range(4)
        ]
    assert answers == [401, 401, 401, 429]
