"""Shared fixtures: a workspace with the demo registries, and dbt prepared once per session."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from demo.registries import UNITS_DIR
from ingestion.reference.registry import Registry
from tests import scheduling
from tests.shared import made_once
from warehouse.workspace import Workspace


def pytest_configure(config: pytest.Config) -> None:
    if scheduling.recording() and not hasattr(config, "workerinput"):
        config.pluginmanager.register(scheduling.Recorder(), "dvk-durations")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    scheduling.longest_first(items)


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    from orchestration.dbt_project import prepare

    return prepare()


@pytest.fixture(scope="module", autouse=True)
def great_expectations_imported_once(request) -> None:
    """Tests that run the pipeline import Great Expectations once per test process, as a
    long-lived process would: each run then validates in the process, as before a worker was
    started for a fresh run's process (`gx_validation.prestart`), instead of starting a worker
    that imports it again for every run (`tests/quality/test_gx_worker.py` tests the worker)."""
    slow = (i for i in request.session.items if i.module is request.module)
    if any(item.get_closest_marker("slow") for item in slow):  # before the module's fixtures
        import os

        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        import great_expectations  # noqa: F401


def demo_workspace(home: Path) -> Workspace:
    ws = Workspace.from_env(home).ensure()
    for registry in UNITS_DIR.glob("*.csv"):
        shutil.copy(registry, ws.units_dir / registry.name)
    return ws


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return demo_workspace(tmp_path / "home")


@dataclass(frozen=True)
class Demo:
    home: Path
    printed: subprocess.CompletedProcess
    """`dvk demo`'s exit code and what it printed."""


def _demo(folder: Path) -> Demo:
    from tests.processes import dvk

    home = folder / "demo"
    return Demo(home, dvk(home, "demo"))


@pytest.fixture(scope="session")
def demo_made(tmp_path_factory, worker_id) -> Demo:
    """`dvk demo`, run once for every test that starts from its workspace (`demo_home`)."""
    made = made_once(tmp_path_factory, worker_id, "dvk-demo", _demo)
    assert made.printed.returncode == 0, made.printed.stderr[-3000:]
    return made


def demo_copy(made: Demo, home: Path) -> Path:
    """A copy of the demo's workspace at `home`, for a test to change."""
    shutil.copytree(made.home, home, symlinks=True)
    return home


@pytest.fixture
def demo_home(demo_made: Demo, tmp_path: Path) -> Path:
    """The demo's workspace as `dvk demo` leaves it, this test's own copy."""
    return demo_copy(demo_made, tmp_path / "demo")


@pytest.fixture
def registry(ws: Workspace) -> Registry:
    return Registry.load(ws.units_dir)


@pytest.fixture
def warehouse(ws: Workspace):
    with duckdb.connect(str(ws.warehouse)) as con:
        yield con


def info(**overrides: object) -> dict[str, object]:
    """`Thông tin` of a valid Bình Thuận 2023 submission, with overrides."""
    values = {"unit_code": "BTH-TUYPHONG", "period": "2023", "submitted_on": dt.date(2023, 10, 10)}
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def registration(**overrides: object) -> dict[str, object]:
    """One valid `Đăng ký` row, with overrides."""
    values: dict[str, object] = {
        "model_code": "TUY-001",
        "model_name": "Lò đốt rác hộ gia đình",
        "field": "Văn hóa - xã hội",
        "owner_type": "Tập thể",
        "owner_name": "Hội Nông dân xã Phước Thể",
        "level": "Cấp huyện",
        "status": "Mới",
        "started_on": "05/03/2023",
    }
    values.update(overrides)
    return values


def recognition(**overrides: object) -> dict[str, object]:
    """One valid `Công nhận` row (a proposal to the province), with overrides."""
    values: dict[str, object] = {
        "model_code": "TUY-001",
        "recognition_level": "Cấp tỉnh",
        "outcome": "Đề nghị",
        "owner_type": "Tập thể",
    }
    values.update(overrides)
    return values


def award(**overrides: object) -> dict[str, object]:
    """One valid `Khen thưởng` row, with overrides."""
    values: dict[str, object] = {
        "recipient_type": "Tập thể",
        "recipient_name": "Hội Nông dân",
        "award_form": "Giấy khen",
        "awarding_authority": "Huyện ủy",
        "decision_no": "9/QĐ",
        "decision_date": "01/10/2023",
    }
    values.update(overrides)
    return values


def published_marts(ws: Workspace) -> dict[str, list[tuple]]:
    """Every published mart, its rows in a stable order: to compare two publishes whole."""
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "order by 1"
        ).fetchall()
        return {
            t: con.execute(f"select * from marts.{t} order by all").fetchall() for (t,) in tables
        }


def published_rows(ws: Workspace, sql: str) -> list[tuple]:
    with duckdb.connect(str(ws.marts), read_only=True) as con:
        con.execute("use marts.main")
        return con.execute(sql).fetchall()


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory):
    """One run of the whole graph on the demo data, shared by every test that only reads its
    results (Dagster's own `materialize`, a real DuckDB file, a real `dbt build`)."""
    import dagster as dg

    from demo.submissions import deliver_as_sent, write_demo_inbox
    from orchestration.definitions import defs
    from orchestration.resources import WorkspaceResource

    ws = demo_workspace(tmp_path_factory.mktemp("demo") / "home")
    files = write_demo_inbox(ws.inbox)
    sources = tmp_path_factory.mktemp("sent")
    for path in ws.inbox.iterdir():
        shutil.copy(path, sources / path.name)
    deliver_as_sent(ws)
    result = dg.materialize(
        [*(a for a in defs.assets if not a.partitions_def), *defs.asset_checks],
        resources={"workspace": WorkspaceResource(home=str(ws.home))},
    )
    assert result.success
    return ws, files, sources
