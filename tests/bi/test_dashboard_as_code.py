"""The starter dashboard as code: every chart of `bi/dashboards/` is a dbt exposure that depends
on exactly the marts its dataset's SQL reads, and the connection it ships is read-only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

DASHBOARDS = Path(__file__).resolve().parents[2] / "bi" / "dashboards"


def test_each_chart_is_an_exposure_on_the_marts_its_dataset_reads(dbt_manifest):
    manifest = json.loads(Path(dbt_manifest).read_text())
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    datasets = {
        d["uuid"]: d
        for d in map(yaml.safe_load, map(Path.read_text, DASHBOARDS.glob("datasets/*/*.yaml")))
    }
    charts = sorted(DASHBOARDS.glob("charts/*.yaml"))
    assert len(charts) == 11
    for path in charts:
        chart = yaml.safe_load(path.read_text())
        exposure = exposures[f"superset_{path.stem}"]
        read = set(re.findall(r"\bmart_\w+", datasets[chart["dataset_uuid"]]["sql"]))
        depends = {node.split(".")[-1] for node in exposure["depends_on"]["nodes"]}
        assert depends == read, path.name


def test_the_shipped_connection_is_read_only_with_external_access_off():
    database = yaml.safe_load((DASHBOARDS / "databases" / "dvk_marts.yaml").read_text())
    assert database["sqlalchemy_uri"].endswith("?access_mode=read_only")
    config = database["extra"]["engine_params"]["connect_args"]["config"]
    assert config == {"enable_external_access": False, "lock_configuration": True}
    assert not any(
        database[key] for key in ("allow_dml", "allow_ctas", "allow_cvas", "allow_file_upload")
    )


def test_the_dashboards_filters_reach_every_chart_whose_dataset_has_their_column():
    dashboard = yaml.safe_load((DASHBOARDS / "dashboards" / "dan_van_kheo.yaml").read_text())
    datasets = {
        d["uuid"]: {c["column_name"] for c in d["columns"]}
        for d in map(yaml.safe_load, map(Path.read_text, DASHBOARDS.glob("datasets/*/*.yaml")))
    }
    charts = {
        c["uuid"]: c["dataset_uuid"]
        for c in map(yaml.safe_load, map(Path.read_text, DASHBOARDS.glob("charts/*.yaml")))
    }
    placed = {
        item["meta"]["chartId"]: item["meta"]["uuid"]
        for item in dashboard["position"].values()
        if isinstance(item, dict) and item.get("type") == "CHART"
    }
    filters = dashboard["metadata"]["native_filter_configuration"]
    assert [f["targets"][0]["column"]["name"] for f in filters] == [
        "current_province_name", "year", "period_code", "field_label",
    ]  # fmt: skip
    for native in filters:
        column = native["targets"][0]["column"]["name"]
        assert column in datasets[native["targets"][0]["datasetUuid"]]
        excluded = set(native["scope"]["excluded"])
        for chart_id, uuid in placed.items():
            # In scope exactly where the chart's dataset has the column: a filter on a column a
            # dataset lacks would fail the chart's query.
            assert (chart_id not in excluded) == (column in datasets[charts[uuid]]), (
                native["name"],
                chart_id,
            )
