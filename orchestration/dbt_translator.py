"""How dbt's nodes appear in Dagster: models grouped by the layer their folder names (staging,
intermediate, core, marts), each with its own description and no raw-SQL tail, and every dbt
test as a check that says what it tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster_dbt import DagsterDbtTranslator

LAYERS = ("staging", "intermediate", "core", "marts")


class LayeredTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return layer_of(dbt_resource_props)

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        description = (dbt_resource_props.get("description") or "").strip()
        kind, name = dbt_resource_props["resource_type"], dbt_resource_props["name"]
        return description or f"dbt {kind} {name}"

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return spec._replace(description=test_description(manifest["nodes"][unique_id]))


def layer_of(dbt_resource_props: Mapping[str, Any]) -> str | None:
    """The first folder of a model's path under models/, when it is one of the layers."""
    fqn = dbt_resource_props.get("fqn") or []
    is_model = dbt_resource_props.get("resource_type") == "model"
    return fqn[1] if is_model and len(fqn) > 2 and fqn[1] in LAYERS else None


def test_description(test: Mapping[str, Any]) -> str:
    """The test's own description, else what it checks in words: `not_null` of `unit_code`."""
    if (test.get("description") or "").strip():
        return test["description"].strip()
    metadata = test.get("test_metadata") or {}
    name = metadata.get("name")
    if name is None:
        return f"Singular test {test['name']}: its query returns the rows that break the rule."
    kwargs = metadata.get("kwargs") or {}
    column = kwargs.get("column_name")
    details = {k: v for k, v in kwargs.items() if k not in ("column_name", "model")}
    where = f" of `{column}`" if column else ""
    shown = ", ".join(f"{k}={v}" for k, v in details.items())
    return f"dbt test `{name}`{where}" + (f" ({shown})" if shown else "") + "."
