"""Private by default: what holds personal data is the pipeline user's alone; the published
marts are readable by a BI user, whose locked connection reaches nothing else."""

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import duckdb
import pytest

from tests.conftest import demo_workspace
from tests.warehouse.test_publish import _build_marts
from warehouse.publish import publish
from warehouse.recovery import heal

LOCKED = {"enable_external_access": False, "lock_configuration": True}
"""The connection README.md and docs/security.md give BI users."""


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def published(ws):
    _build_marts(ws, 1)
    heal(ws, print)
    publish(ws)
    return ws


def test_the_workspace_and_its_warehouse_are_the_pipeline_users_alone(published):
    ws = published
    assert _mode(ws.home) == 0o700
    assert _mode(ws.warehouse) == 0o600
    for folder in (ws.archive, ws.quarantine, ws.receipts, ws.reports, ws.inbox):
        assert _mode(folder) == 0o700, folder


def test_a_warehouse_made_before_is_made_private_by_the_next_run(ws):
    _build_marts(ws, 1)
    ws.warehouse.chmod(0o644)
    heal(ws, print)
    assert _mode(ws.warehouse) == 0o600


def test_the_published_version_is_readable_by_others_and_nothing_more(published):
    ws = published
    version = ws.current.resolve()
    assert _mode(ws.published) == _mode(ws.versions) == _mode(version) == 0o755
    assert _mode(version / "marts.duckdb") == 0o644
    assert {_mode(p) for p in (version / "parquet").iterdir()} == {0o644}
    assert _mode(version / "version.json") == 0o644


@pytest.mark.parametrize(
    "statement",
    [
        "create table main.x as select 1",  # write
        "select * from read_csv('/etc/passwd')",  # read a file of the host
        "copy (select 1) to '/tmp/dvk-bi-escape.csv'",  # write a file of the host
        "attach '{warehouse}' as w (read_only)",  # the warehouse, personal data
        "set enable_external_access = true",  # undo the lock
        "set memory_limit = '64GB'",
        "install httpfs",
        "load httpfs",
        "load '/tmp/dvk-evil.duckdb_extension'",
    ],
)
def test_the_locked_bi_connection_refuses_what_a_bi_user_must_not_do(published, statement):
    con = duckdb.connect(str(published.marts), read_only=True, config=LOCKED)
    assert con.execute("select count(*) from mart_x").fetchone() == (3,)
    with pytest.raises(duckdb.Error):
        con.execute(statement.format(warehouse=published.warehouse))
    con.close()


NOBODY = 65534
"""The uid and gid a BI user's process runs as in the test: another OS user than the pipeline's."""


def _as_another_user(probe) -> dict:
    """What `probe()` returns when run by a child that has given up root for `NOBODY`: the
    permissions tried as the kernel applies them to another user, not as modes read."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            answer = probe()
        except BaseException as error:
            answer = {"probe failed": repr(error)}
        os.write(write, json.dumps(answer).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = json.loads(pipe.read())
    os.waitpid(pid, 0)
    return answer


def _refused(action) -> str:
    """ "refused: <error>" when `action()` raises, else "allowed"."""
    try:
        action()
    except (OSError, duckdb.Error) as error:
        return f"refused: {error}"
    return "allowed"


@pytest.fixture
def reachable():
    """A published workspace in a folder another user may pass through (not list), with the
    workspace's own folder opened the same way: as if the data team had mounted it for BI
    users, so that only the files' own modes stand between them and the warehouse."""
    parent = Path(tempfile.mkdtemp(prefix="dvk-bi-user-"))
    parent.chmod(0o711)
    ws = demo_workspace(parent / "home")
    _build_marts(ws, 1)
    heal(ws, print)
    publish(ws)
    ws.home.chmod(0o711)
    yield ws
    shutil.rmtree(parent)


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to another OS user needs root")
def test_another_os_user_reads_the_published_marts_and_cannot_open_the_warehouse(reachable):
    ws = reachable

    def probe() -> dict:
        with duckdb.connect(str(ws.marts), read_only=True) as naive:  # no locks: the naive way
            attach = _refused(lambda: naive.execute(f"attach '{ws.warehouse}' (read_only)"))
        with duckdb.connect(str(ws.marts), read_only=True, config=LOCKED) as locked:
            marts = locked.execute("select count(*) from mart_x").fetchone()[0]
        return {
            "marts": marts,
            "attach": attach,
            "open": _refused(lambda: open(ws.warehouse, "rb").close()),
            "connect": _refused(lambda: duckdb.connect(str(ws.warehouse), read_only=True)),
            "receipts": _refused(lambda: list(ws.receipts.iterdir())),
            "archive": _refused(lambda: list(ws.archive.iterdir())),
        }

    answer = _as_another_user(probe)
    assert answer.get("marts") == 3, answer
    del answer["marts"]
    for what, outcome in answer.items():
        assert outcome.startswith("refused") and "ermission denied" in outcome, (what, outcome)
