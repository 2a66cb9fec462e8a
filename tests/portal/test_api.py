"""The portal's API against a real `dvk portal` server: every status code, each account held to
its own units, and an uploaded file carried by a real `dvk run` to the published marts."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import httpx
import pytest

from ingestion.check.files import check_file
from ingestion.check.receipts import Receipt
from ingestion.reference.registry import Registry
from ingestion.writing.writers import write_json
from tests.conftest import demo_workspace, info, registration
from tests.portal.server import add_account, portal
from tests.processes import dvk

PERIOD = {"period": "2024-H1", "submitted_on": "01/07/2024"}
LIMIT_PER_MINUTE = 8


def submission(folder: Path, name: str, unit: str, **row: object) -> Path:
    rows = [registration(model_code=f"{unit[-4:]}-P1", **row)]
    return write_json(folder / name, info(unit_code=unit, **PERIOD), {"registrations": rows})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    ws = demo_workspace(root / "home")
    files = root / "files"
    files.mkdir()
    accounts = {
        "lagi": add_account(ws.home, "bth-lagi", "--unit", "BTH-LAGI"),
        "hamtan": add_account(ws.home, "bth-hamtan", "--unit", "BTH-HAMTAN"),
        "province": add_account(ws.home, "binh-thuan", "--province", "60"),
        "burst": add_account(ws.home, "burst", "--unit", "BTH-PHUQUI"),
    }
    env = {
        "DVK_MAX_FILE_MB": "0.2",
        "DVK_PORTAL_UPLOADS_PER_MINUTE": str(LIMIT_PER_MINUTE),
        "DVK_PORTAL_CHECK_WORKERS": "2",
    }
    with portal(ws.home, **env) as url:
        yield {"ws": ws, "url": url, "accounts": accounts, "files": files}


def send(site, account: str, path: Path, token: str | None = None) -> httpx.Response:
    token = token or site["accounts"][account].token
    with path.open("rb") as handle:
        return httpx.post(
            f"{site['url']}/api/v1/submissions",
            files={"file": (path.name, handle, "application/json")},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )


def listed(site, account: str) -> list[dict]:
    token = site["accounts"][account].token
    answer = httpx.get(
        f"{site['url']}/api/v1/submissions", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200
    return answer.json()


def inbox(site) -> list[str]:
    return sorted(p.name for p in site["ws"].inbox.iterdir() if p.is_file())


def test_a_good_and_a_bad_file_get_the_receipt_dvk_validate_gives_and_wait_in_the_inbox(site):
    good = submission(site["files"], "lagi_2024_H1.json", "BTH-LAGI")
    bad = submission(site["files"], "lagi_loi.json", "BTH-LAGI", field="Không có lĩnh vực này")
    accepted, rejected = send(site, "lagi", good), send(site, "lagi", bad)
    assert accepted.status_code == rejected.status_code == 200
    assert accepted.json()["outcome"] == "accepted" and accepted.json()["errors"] == 0
    assert rejected.json()["outcome"] == "rejected"
    assert [f["column"] for f in rejected.json()["findings"]] == ["field"]
    registry = Registry.load(site["ws"].units_dir)
    for answer, path in ((accepted, good), (rejected, bad)):
        expected = Receipt.from_verdict(check_file(path, registry), path.name).as_dict()
        got = answer.json()
        assert got["uploaded_by"] == "bth-lagi"
        for key in ("file", "outcome", "unit_code", "period_code", "errors", "findings"):
            assert got[key] == expected[key], key
    # Both are in the inbox for the pipeline, under names the portal chose, each with a sidecar.
    assert len(inbox(site)) == 2 and all(n.startswith("portal-") for n in inbox(site))
    sidecars = sorted((site["ws"].inbox / ".uploads").glob("*.json"))
    assert {p.stem for p in sidecars} == {
        accepted.json()["submission_id"],
        rejected.json()["submission_id"],
    }
    assert json.loads(sidecars[0].read_text())["account"] == "bth-lagi"
    statuses = {row["file"]: row["status"] for row in listed(site, "lagi")}
    assert statuses == {"lagi_2024_H1.json": "received", "lagi_loi.json": "rejected"}


def test_a_file_of_another_unit_is_refused_and_not_stored(site):
    before = inbox(site)
    other = submission(site["files"], "tuyphong.json", "BTH-TUYPHONG")
    refused = send(site, "lagi", other)
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Tài khoản này không được nộp báo cáo cho đơn vị BTH-TUYPHONG. Tệp không được lưu. / "
        "This account may not send files for unit BTH-TUYPHONG. The file was not stored."
    )
    assert inbox(site) == before
    assert all(row["file"] != "tuyphong.json" for row in listed(site, "lagi"))
    log = (site["ws"].home / "portal" / "portal.log").read_text()
    assert "refused: account bth-lagi sent a file for unit BTH-TUYPHONG" in log


def test_a_province_account_sends_for_every_unit_of_its_province_only(site):
    tuyphong = submission(site["files"], "tuyphong_2024.json", "BTH-TUYPHONG")
    assert send(site, "province", tuyphong).status_code == 200
    ha_nam = submission(site["files"], "phuly.json", "HNM-PHULY")
    assert send(site, "province", ha_nam).status_code == 403
    assert [row["file"] for row in listed(site, "province")] == ["tuyphong_2024.json"]


def test_an_account_lists_and_reads_only_its_own_files(site):
    hamtan = submission(site["files"], "hamtan.json", "BTH-HAMTAN")
    own = send(site, "hamtan", hamtan).json()["submission_id"]
    lagi_ids = {row["submission_id"] for row in listed(site, "lagi")}
    assert own not in lagi_ids and lagi_ids
    assert [row["submission_id"] for row in listed(site, "hamtan")] == [own]
    headers = {"Authorization": f"Bearer {site['accounts']['lagi'].token}"}
    theirs = httpx.get(f"{site['url']}/api/v1/submissions/{own}", headers=headers)
    assert theirs.status_code == 404
    headers = {"Authorization": f"Bearer {site['accounts']['hamtan'].token}"}
    mine = httpx.get(f"{site['url']}/api/v1/submissions/{own}", headers=headers)
    assert mine.status_code == 200 and mine.json()["submission_id"] == own


def test_requests_without_a_valid_token_are_refused(site):
    path = submission(site["files"], "lagi_token.json", "BTH-LAGI", model_name="Mô hình mới")
    with path.open("rb") as handle:
        bare = httpx.post(f"{site['url']}/api/v1/submissions", files={"file": handle})
    assert bare.status_code == 401 and bare.headers["www-authenticate"] == "Bearer"
    token = site["accounts"]["lagi"].token
    for wrong in (token[:-2] + "xx", "dvk_000000000000_" + "a" * 40, "not-a-token"):
        assert send(site, "lagi", path, token=wrong).status_code == 401
    assert httpx.get(f"{site['url']}/api/v1/submissions").status_code == 401


def test_a_disabled_account_is_refused_and_a_reset_replaces_its_token(site):
    path = submission(site["files"], "phuqui_disabled.json", "BTH-PHUQUI")
    old = site["accounts"]["burst"].token
    assert dvk(site["ws"].home, "accounts", "disable", "burst").returncode == 0
    assert send(site, "burst", path).status_code == 401
    reset = dvk(site["ws"].home, "accounts", "reset", "burst")
    assert reset.returncode == 0
    new = next(line.split(": ")[1] for line in reset.stdout.splitlines() if "API token" in line)
    assert send(site, "burst", path, token=old).status_code == 401
    assert send(site, "burst", path, token=new).status_code == 200
    site["accounts"]["burst"] = site["accounts"]["burst"].__class__("burst", "", new)


def test_a_file_over_the_size_limit_gets_413_and_is_not_stored(site):
    before = inbox(site)
    big = site["files"] / "big.json"
    big.write_bytes(b" " * 300_000)
    too_large = send(site, "lagi", big)
    assert too_large.status_code == 413 and "at most 209715 bytes" in too_large.json()["detail"]
    # A body far over the limit is refused from its Content-Length, before it is read.
    huge = httpx.post(
        f"{site['url']}/api/v1/submissions",
        content=b"x" * 5_000_000,
        headers={"Authorization": f"Bearer {site['accounts']['lagi'].token}"},
    )
    assert huge.status_code == 413

    # A chunked body carries no Content-Length: refused once the bytes read pass the limit.
    def chunks():
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.json"\r\n\r\n'
        for _ in range(60):
            yield b" " * 65_536
        yield b"\r\n--b--\r\n"

    chunked = httpx.post(
        f"{site['url']}/api/v1/submissions",
        content=chunks(),
        headers={
            "Authorization": f"Bearer {site['accounts']['lagi'].token}",
            "Content-Type": "multipart/form-data; boundary=b",
        },
    )
    assert chunked.status_code == 413, chunked.text
    assert inbox(site) == before


def test_uploads_over_the_rate_limit_get_429(site):
    answers = []
    for number in range(LIMIT_PER_MINUTE + 1):
        path = submission(
            site["files"], f"phuqui_{number}.json", "BTH-PHUQUI", model_name=f"M {number}"
        )
        answers.append(send(site, "burst", path).status_code)
    assert answers[-1] == 429
    assert 429 not in answers[: LIMIT_PER_MINUTE - 2]  # two were sent by the test before


def test_the_openapi_docs_describe_the_api(site):
    schema = httpx.get(f"{site['url']}/api/openapi.json").json()
    assert {"post", "get"} <= set(schema["paths"]["/api/v1/submissions"])
    docs = httpx.get(f"{site['url']}/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


@pytest.mark.slow
def test_an_uploaded_file_reaches_the_published_marts_through_dvk_run(site):
    ws = site["ws"]
    # Two different files that both say version 1: the later one is in force.
    for name in ("hamtan_first.json", "hamtan_second.json"):
        path = submission(site["files"], name, "BTH-HAMTAN", model_name=name)
        assert send(site, "hamtan", path).json()["outcome"] == "accepted"
    run = dvk(ws.home, "run")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "✓ lagi_2024_H1.json (portal: bth-lagi): accepted" in run.stdout
    hamtan = {row["file"]: row["status"] for row in listed(site, "hamtan")}
    assert hamtan["hamtan_first.json"] == "superseded"  # before: both "published"
    assert hamtan["hamtan_second.json"] == "published"
    audit = max((ws.reports / "audit").glob("2*.html")).read_text()
    assert "cổng / portal: bth-lagi" in audit
    assert inbox(site) == [] and not list((ws.inbox / ".uploads").glob("*"))
    statuses = {row["file"]: row for row in listed(site, "lagi")}
    assert statuses["lagi_loi.json"]["status"] == "rejected"
    published = statuses["lagi_2024_H1.json"]
    assert published["status"] == "published" and published["published_version"]
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        rows = con.execute(
            "select unit_code, period_code from main.mart_registration_rows "
            "where model_code = 'LAGI-P1'"
        ).fetchall()
    assert rows == [("BTH-LAGI", "2024-H1")]
    # The uploader is in the lineage of the warehouse and the receipt, not in the marts.
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        uploaded = con.execute(
            "select original_name, uploaded_by from raw.submissions where submission_id = ?",
            [published["submission_id"]],
        ).fetchall()
    assert uploaded == [("lagi_2024_H1.json", "bth-lagi")]
    receipt = json.loads((ws.receipts / f"{published['submission_id']}.receipt.json").read_text())
    assert receipt["uploaded_by"] == "bth-lagi" and receipt["file"] == "lagi_2024_H1.json"
    # The office's own periods: 2024-H1 in (late: it arrived after its deadline), the others
    # it owed missing, listed first; the rates count the periods past their deadline.
    token = site["accounts"]["lagi"].token
    answer = httpx.get(
        f"{site['url']}/api/v1/periods", headers={"Authorization": f"Bearer {token}"}
    ).json()
    periods = answer["periods"]
    assert {p["unit_code"] for p in periods} == {"BTH-LAGI"}
    states = {p["period_code"]: p["state"] for p in periods}
    assert states["2024-H1"] == "late" and states["2024-H2"] == "missing", states
    assert periods[0]["state"] == "missing" and periods[-1]["state"] == "late"
    assert answer["published_version"] == published["published_version"]
    assert answer["past_deadline"] == len(periods) and answer["sent"] == 1
    assert answer["on_time"] == 0


@pytest.mark.slow
def test_a_file_of_an_approved_period_is_listed_as_held(site):
    ws = site["ws"]
    assert dvk(ws.home, "approve", "60", "2024").returncode == 0  # the year covers 2024-H1
    v2 = submission(site["files"], "lagi_2024_H1_v2.json", "BTH-LAGI", model_name="Bản sửa")
    sent = send(site, "lagi", v2)
    # Held from the start, as the run will hold it (before: "accepted", then "held")
    assert sent.status_code == 200 and sent.json()["outcome"] == "held"
    assert "PERIOD_APPROVED" in {finding["rule"] for finding in sent.json()["findings"]}
    run = dvk(ws.home, "run")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "lagi_2024_H1_v2.json (portal: bth-lagi): held" in run.stdout
    statuses = {row["file"]: row["status"] for row in listed(site, "lagi")}
    assert statuses["lagi_2024_H1_v2.json"] == "held"
    assert statuses["lagi_2024_H1.json"] == "published"  # what was approved stays in force


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            children = (task / "children").read_text().split()
            found += map(int, children)
            todo += map(int, children)
    return found


def test_files_are_checked_in_worker_processes_off_the_portals_own(site):
    """Checking is CPU work: in the portal's process it held every other request up (six
    100k-row uploads took 72 s each). The checks run in the portal's worker processes."""
    port = site["url"].rsplit(":", 1)[1]
    (server,) = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit()
        and b"portal" in (cmdline := _cmdline(entry))
        and f"--port\0{port}".encode() in cmdline
    ]
    path = submission(site["files"], "worker.json", "BTH-LAGI", model_name="Checked elsewhere")
    assert send(site, "lagi", path).json()["outcome"] in {"accepted", "held"}  # 2024 approved?
    workers = [
        p for p in _descendants(server) if b"multiprocessing" in _cmdline(Path(f"/proc/{p}"))
    ]
    assert 2 <= len(workers) <= 3  # the fork server and one or two workers (of at most 2)


def _cmdline(entry: Path) -> bytes:
    try:
        return (entry / "cmdline").read_bytes()
    except OSError:
        return b""
