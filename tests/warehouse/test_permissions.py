"""Private by default: what holds personal data is the pipeline user's alone; the published
marts are readable by a BI user, whose locked connection reaches nothing else."""

import stat

import duckdb
import pytest

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
