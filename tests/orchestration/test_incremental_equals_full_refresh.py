"""After any sequence of runs, the incremental models equal a full refresh of the same
warehouse: every table of `core` and `marts` (and the tables `intermediate` keeps), compared
with `except all` both ways.

The sequence exercises what the change set (int_changed_units) must follow: new unit × periods,
a new version, a version 3 without registrations, rows that name another unit's models (a
recognition by owner unit, a replication by `UNIT:CODE`), a duplicate group across units, a
rejected file, and a registry edit that withdraws one unit and renames another. After each run
the published version, updated from the previous one with the changed units' rows only, holds
the warehouse's marts exactly.
"""

import csv
import datetime as dt
import json
import shutil

import duckdb
import pytest

from ingestion.writing.writers import write_json
from orchestration import dbt_in_process
from orchestration.dbt_project import macros_version
from orchestration.pipeline import run_pipeline
from quality.gx_results import read_summary
from tests.conftest import award, info, registration
from warehouse.publish import rollback

pytestmark = pytest.mark.slow

SENT = dt.date(2023, 12, 20)


def _models(prefix: str, count: int, **overrides) -> list[dict]:
    return [
        registration(model_code=f"{prefix}-{i}", model_name=f"Mô hình {prefix} {i}", **overrides)
        for i in range(count)
    ]


def _recognition(code: str, outcome: str = "Công nhận", owner: str | None = None) -> dict:
    row = {
        "model_code": code,
        "recognition_level": "Cấp huyện",
        "outcome": outcome,
        "owner_type": "Tập thể",
    }
    if owner:
        row["owner_unit_code"] = owner
    if outcome == "Công nhận":
        row |= {"recognizing_body": "Huyện ủy", "decision_no": f"QĐ-{code}"}
        row["decision_date"] = dt.date(2023, 12, 1)
    return row


def _send(ws, name: str, unit: str, period: str = "2023", version=None, **sheets) -> None:
    write_json(
        ws.inbox / f"{name}.json",
        info(unit_code=unit, period=period, submitted_on=SENT, version=version),
        sheets,
    )


def _dbt(command: str, home, variables: dict, *flags: str) -> None:
    """`dbt <command>` on the warehouse in `home`, in this process on the graph a run parsed."""
    variables = json.dumps({"dvk_home": str(home), **variables})
    outcome = dbt_in_process.invoke([command, *flags, "--vars", variables], home / ".dbt-test")
    assert outcome.success, outcome.exception or dbt_in_process.failed_nodes(outcome)


def _full_refresh_differences(ws, tmp_path) -> dict[str, tuple[int, int]]:
    """Rebuild a copy of the warehouse with `dbt run --full-refresh`; every table of core and
    marts, and every table of intermediate a build keeps (not the change sets of one build),
    whose rows differ from the incremental warehouse, with the counts each way."""
    copy = tmp_path / "full-refresh"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    shutil.copy(ws.warehouse, copy / "warehouse.duckdb")
    _dbt("run", copy, {"macros_version": macros_version()}, "--full-refresh")
    with duckdb.connect() as con:
        con.execute(f"attach '{ws.warehouse}' as incremental (read_only)")
        con.execute(f"attach '{copy / 'warehouse.duckdb'}' as refreshed (read_only)")
        tables = con.execute(
            "select schema_name || '.' || table_name from duckdb_tables() "
            "where database_name = 'refreshed' and (schema_name in ('core', 'marts') "
            "or table_name in ('int_unit_periods', 'int_submission_fingerprints', "
            "'int_unit_figures', 'int_outliers')) "
            "and table_name not in ('dvk_build_state', 'dvk_settled_state') order by all"
        ).fetchall()
        assert len(tables) > 15
        return _differences(con, [(f"incremental.{t}", f"refreshed.{t}", t) for (t,) in tables])


def _published_differences(ws) -> dict[str, tuple[int, int]]:
    """Every published mart whose rows differ from the warehouse's: the publish copies only the
    rows of the changed units into a copy of the previous version."""
    with duckdb.connect() as con:
        con.execute(f"attach '{ws.warehouse}' as warehouse (read_only)")
        con.execute(f"attach '{ws.marts}' as published (read_only)")
        tables = con.execute(
            "select table_name from duckdb_tables() where database_name = 'published'"
        ).fetchall()
        assert len(tables) == 22
        return _differences(
            con, [(f"warehouse.marts.{t}", f"published.main.{t}", t) for (t,) in tables]
        )


def _differences(con, pairs) -> dict[str, tuple[int, int]]:
    """For each (a, b, name) whose rows differ, the rows only in a and only in b, with
    duplicates counted (`except all`)."""
    differences = {}
    for a, b, name in pairs:
        extra = con.execute(f"select count(*) from (from {a} except all from {b})").fetchone()[0]
        lost = con.execute(f"select count(*) from (from {b} except all from {a})").fetchone()[0]
        if extra or lost:
            differences[name] = (extra, lost)
    return differences


SETTLED = {"core/dim_units", "core/dim_codes", "marts/mart_codes", "staging/stg_raw__units"}
"""Models that read only tables the data team edits rarely (orchestration.settled_nodes)."""


def _run(ws, tmp_path, copied: str = "rows of ", settled_built: bool = False) -> None:
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure
    # The settled models are built by the first build and after an edit of what they read,
    # and left as they are otherwise, their tests with them: Dagster is told so.
    left = {key for key in SETTLED if "dvk/left_as_built" in outcome.metadata[key]}
    assert left == (set() if settled_built else SETTLED), left
    check = outcome.checks["core/dim_units:not_null_dim_units_province_name"]
    assert check["passed"] and ("dvk/left_as_built" in check) != settled_built
    assert "dvk/left_as_built" not in outcome.metadata["marts/mart_registrations"]
    assert outcome.recovered_from is None  # a healthy warehouse is never taken for damaged
    assert not list(ws.home.glob("warehouse.duckdb.damaged-*"))
    assert _full_refresh_differences(ws, tmp_path) == {}
    assert _published_differences(ws) == {}
    current = max(ws.versions.iterdir())
    record = json.loads((current / "version.json").read_text(encoding="utf-8"))
    assert record["copied"]["mart_registration_rows"].startswith(copied)


def _count(ws, sql: str):
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _outcome(model: dict, indicator: str, value: str, out_of: str | None = None) -> dict:
    return {**model, "indicator": indicator, "value": value, "out_of": out_of}


def test_six_runs_of_incremental_builds_equal_a_full_refresh(ws, tmp_path):
    # 1. Two units; La Gi's decision names a model of Tuy Phong by owner unit, and so does one
    # of its outcomes (contract v3); Tuy Phong's outcomes name a model by code and one by name.
    outcomes = [
        _outcome({"model_code": "A-0"}, "Hồ sơ", "7.811"),
        _outcome({"model_name": "Mô hình A 1"}, "Trực tuyến", "2.728", "7.811"),
    ]
    inspections = [{"kind": "Kiểm tra", "sessions": "3", "organisations": "12"}]
    _send(
        ws,
        "tp_v1",
        "BTH-TUYPHONG",
        version=1,
        registrations=_models("A", 3),
        outcomes=outcomes,
        inspections=inspections,
    )
    _send(
        ws,
        "lg_v1",
        "BTH-LAGI",
        version=1,
        registrations=_models("L", 2),
        recognitions=[_recognition("A-0", owner="BTH-TUYPHONG"), _recognition("L-1", "Đề nghị")],
        outcomes=[_outcome({"model_code": "BTH-TUYPHONG:A-0"}, "Lò", "136")],
    )
    _run(ws, tmp_path, copied="whole", settled_built=True)
    assert _count(ws, "select count(*) from core.fct_recognitions where is_model_known") == [(2,)]
    assert _count(
        ws, "select count(distinct model_key), count(*) from marts.mart_model_outcomes"
    ) == [(2, 3)]

    # 2. New unit × periods: Tuy Phong's 2022 replicates La Gi's L-0; a province bloc
    # registers a codeless model.
    replica = registration(
        model_code="A-9",
        model_name="Nhân rộng L-0",
        status="Nhân rộng",
        replicated_from="BTH-LAGI:L-0",
    )
    _send(ws, "tp_2022", "BTH-TUYPHONG", period="2022", registrations=[replica])
    camera = registration(model_code=None, model_name="Camera an ninh số 1", level="Cấp tỉnh")
    _send(ws, "ca", "BTH-CA", registrations=[camera])
    _run(ws, tmp_path)
    assert _count(ws, "select replications from core.dim_models where model_code = 'L-0'") == [(1,)]

    # 3. A new version of Tuy Phong 2023, and a second bloc naming the same camera: a
    # duplicate group that includes a unit that sent nothing.
    v2 = [*_models("A", 2), registration(model_code="A-3", model_name="Mô hình mới")]
    _send(
        ws,
        "tp_v2",
        "BTH-TUYPHONG",
        version=2,
        registrations=v2,
        awards=[award()],
        outcomes=[_outcome({"model_code": "A-3"}, "Hộ", "12,5")],
        inspections=[{"kind": "Giám sát", "sessions": "2", "organisations": "1.112"}],
    )
    _send(ws, "qs", "BTH-QS", registrations=[camera])
    _run(ws, tmp_path)
    assert _count(ws, "select count(*) from marts.mart_duplicate_models") == [(2,)]

    # 4. Version 3 carries no registrations: La Gi's decision now names an unknown model.
    _send(ws, "tp_v3", "BTH-TUYPHONG", version=3, awards=[award(), award()])
    _run(ws, tmp_path)
    assert _count(ws, "select count(*) from core.fct_recognitions where is_model_known") == [(1,)]

    # 5. La Gi drops L-0, the origin Tuy Phong 2022 replicates; a rejected file.
    _send(ws, "lg_v2", "BTH-LAGI", version=2, registrations=_models("L", 2)[1:])
    (ws.inbox / "broken.json").write_text("{not json", encoding="utf-8")
    _run(ws, tmp_path)
    assert _count(ws, "select is_origin_known from core.dim_models where model_code = 'A-9'") == [
        (False,)
    ]

    # 6. The registry withdraws Tuy Phong after 2023 and renames La Gi; a new file arrives.
    registry = ws.units_dir / "60_binh_thuan.csv"
    with registry.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["unit_code"] == "BTH-TUYPHONG":
            row["valid_to"] = "2023-12-31"
        if row["unit_code"] == "BTH-LAGI":
            row["unit_name"] = "Thị ủy La Gi (đổi tên)"
    with registry.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _send(ws, "bb", "BTH-BACBINH", registrations=_models("B", 2))
    _run(ws, tmp_path, copied="whole", settled_built=True)  # the reference changed: a full build
    assert _count(
        ws, "select distinct unit_name from marts.mart_registrations where unit_code = 'BTH-LAGI'"
    ) == [("Thị ủy La Gi (đổi tên)",)]
    assert _count(
        ws,
        "select count(*) from marts.mart_submission_status "
        "where unit_code = 'BTH-TUYPHONG' and period_code like '2024%'",
    ) == [(0,)]


def test_an_upgrade_a_nightly_refresh_and_a_rollback_each_take_what_they_must(ws):
    _send(ws, "tp", "BTH-TUYPHONG", registrations=_models("A", 2), awards=[award()])
    _send(ws, "lg", "BTH-LAGI", registrations=_models("L", 2), awards=[award(), award()])
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure
    changed = "select count(*), bool_and(is_full) from intermediate.int_changed_units"

    def changed_units() -> tuple:
        with duckdb.connect(str(ws.warehouse), read_only=True) as con:
            return con.execute(changed).fetchone()

    # Nothing arrived: the next build recomputes no unit.
    _dbt("run", ws.home, {"macros_version": macros_version()})
    assert changed_units() == (0, None)
    # Another version of the macros (an upgrade): every unit, as a full build.
    _dbt("run", ws.home, {"macros_version": "another"})
    assert changed_units() == (2, True)
    _dbt("run", ws.home, {"macros_version": "another"})
    assert changed_units() == (0, None)

    # A full refresh with an empty inbox (the nightly run) checks every submission's rows.
    outcome = run_pipeline(ws, log_level="WARNING", full_refresh=True)
    assert outcome.success, outcome.failure
    suites = {result.suite: result for result in read_summary(ws.data_docs)}
    assert suites["awards_decision_dates_plausible"].rows == 3
    # dbt's unit tests (the models' SQL on fixed rows) run with it, and pass.
    results = json.loads((ws.dbt_target / "run_results.json").read_text())["results"]
    unit_tests = {
        r["unique_id"]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")
    }
    assert len(unit_tests) >= 5 and set(unit_tests.values()) == {"pass"}, unit_tests

    # After a rollback, the next publish starts from the version rolled back to (whose build the
    # full refresh has since dropped from the log: it copies every mart) and holds the
    # warehouse's marts exactly.
    rollback(ws)
    _send(ws, "bb", "BTH-BACBINH", registrations=_models("B", 2))
    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure
    assert _published_differences(ws) == {}
