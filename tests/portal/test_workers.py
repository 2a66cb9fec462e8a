"""`dvk portal --workers 2`: two processes answer the same offices the same way. The login
throttle counts failures across them (`portal/limits.sqlite3`), and a file uploaded through one
is listed by the other. Each request goes on a new connection, so the kernel hands them to
either worker."""

from __future__ import annotations

import re

import httpx
import psutil
import pytest

from ingestion.writing.writers import write_json
from tests.conftest import demo_workspace, info, registration
from tests.portal.server import add_account, portal

pytestmark = pytest.mark.slow  # two portal processes and their check workers


def fresh_connections(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, limits=httpx.Limits(max_keepalive_connections=0))


def test_two_workers_share_the_login_throttle_and_the_uploads(tmp_path):
    ws = demo_workspace(tmp_path / "home")
    account = add_account(ws.home, "bth-lagi", "--unit", "BTH-LAGI")
    with portal(ws.home, workers=2, DVK_PORTAL_FAILED_LOGINS="3") as url:
        serving = [
            p for p in psutil.process_iter(["cmdline"])
            if "multiprocessing" in " ".join(p.info["cmdline"] or [])
            and any(str(ws.home) == v for k, v in _environ(p).items() if k == "DVK_HOME")
        ]  # fmt: skip
        assert len(serving) >= 2, "two worker processes"
        with fresh_connections(url) as client:

            def log_in(password: str) -> int:
                page = client.get("/login").text
                token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
                data = {"name": account.name, "password": password, "csrf": token}
                return client.post("/login", data=data).status_code

            assert [log_in("wrong") for _ in range(3)] == [401, 401, 401]
            # Whichever worker answers, the account is throttled now, the right password too.
            assert {log_in(account.password) for _ in range(8)} == {429}

        headers = {"Authorization": f"Bearer {account.token}"}
        sent = []
        with fresh_connections(url) as client:
            for number in range(3):
                path = write_json(
                    tmp_path / f"lagi-{number}.json",
                    info(unit_code="BTH-LAGI", period="2024-H1", version=number + 1),
                    {"registrations": [registration(model_code=f"LG-W{number}")]},
                )
                with path.open("rb") as handle:
                    answer = client.post(
                        "/api/v1/submissions",
                        files={"file": (path.name, handle, "application/json")},
                        headers=headers,
                    )
                assert answer.status_code == 200, answer.text
                sent.append(answer.json()["submission_id"])
            for _ in range(6):
                listed = client.get("/api/v1/submissions", headers=headers).json()
                assert {row["submission_id"] for row in listed} == set(sent)


def _environ(process: psutil.Process) -> dict[str, str]:
    try:
        return process.environ()
    except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
        return {}
