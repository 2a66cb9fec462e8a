"""Every use of dbt's, dbt-duckdb's and dagster-dbt's internals, in one place: what
`dbt_in_process` needs that their public APIs do not give. Checked against the versions in
`CHECKED_AGAINST`; `tests/orchestration/test_upstream_adapters.py` fails, naming this module,
when an installed version differs or one of these names is gone, so that an upgrade is a
decision and never a silent slowdown or a wrong build.

- dagster-dbt's `asset_utils`: the manifest and translator of the dbt assets, the `--select`
  of the subset a step runs, as its own CLI resource computes them, and the metadata key that
  names the dbt node of an asset or check.
- dagster-dbt's `DbtCoreCliEventMessage`: dbt's result events as the CLI's JSON stream carries
  them, for dagster-dbt's own translation into materialisations and check results.
- dbt's `Manifest`, stored field by field (its pickle does not load in dbt 1.11).
- dbt's `PluginManager.get_prefixed_modules`, which lists every installed package at every
  invocation (about 1 s): listed once per process.
- dbt-common's `EventManager.fire_event`, which turns every event into a protobuf message and a
  formatted log line before the loggers' levels drop it: debug events no logger keeps (about a
  dozen per node, 7 % of a one-file build) are dropped before that.
- dbt-duckdb's `DuckDBConnectionManager._LOCK` and `_ENV`: the database it keeps open between
  invocations, closed after each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt.asset_utils import (
    DAGSTER_DBT_EXCLUDE_METADATA_KEY,
    DAGSTER_DBT_SELECT_METADATA_KEY,
    DAGSTER_DBT_SELECTOR_METADATA_KEY,
    DAGSTER_DBT_UNIQUE_ID_METADATA_KEY,
    get_manifest_and_translator_from_dbt_assets,
    get_subset_selection_for_context,
)
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

CHECKED_AGAINST = {
    "dbt-core": "1.11.",
    "dbt-duckdb": "1.11.",
    "dbt-common": "1.39.",
    "dagster-dbt": "0.29.",
}
"""The releases (by prefix) these uses were read and tested against."""


def assets_graph(context: dg.AssetExecutionContext) -> tuple[Mapping[str, Any], Any]:
    """The dbt manifest (as a mapping) and the translator of the step's dbt assets."""
    nodes, translator, _ = get_manifest_and_translator_from_dbt_assets([context.assets_def])
    return nodes, translator


def selection(
    context: dg.AssetExecutionContext, nodes: Mapping[str, Any], translator: Any
) -> tuple[list[str], str | None]:
    """The `--select` of the assets and checks this step runs, as dagster-dbt's CLI would pass,
    and the `--indirect-selection` it asks for, if any."""
    tags = context.op.tags
    return get_subset_selection_for_context(
        context=context,
        manifest=nodes,
        select=tags.get(DAGSTER_DBT_SELECT_METADATA_KEY),
        exclude=tags.get(DAGSTER_DBT_EXCLUDE_METADATA_KEY),
        selector=tags.get(DAGSTER_DBT_SELECTOR_METADATA_KEY),
        dagster_dbt_translator=translator,
        current_dbt_indirect_selection_env=None,
    )


def unique_id_of(spec: dg.AssetSpec | dg.AssetCheckSpec) -> str | None:
    """The dbt node a dbt asset or check stands for."""
    return (spec.metadata or {}).get(DAGSTER_DBT_UNIQUE_ID_METADATA_KEY)


def result_event(msg: Any) -> DbtCoreCliEventMessage:
    """A dbt event as the CLI's JSON log line would carry it, the shape dagster-dbt translates."""
    from dbt_common.events.functions import msg_to_dict

    return DbtCoreCliEventMessage(raw_event=msg_to_dict(msg), event_history_metadata={})


def manifest_fields(graph: Any) -> dict[str, Any]:
    """A parsed `Manifest` as the fields its constructor takes, for pickling."""
    fields = {f.name: getattr(graph, f.name) for f in dataclasses.fields(graph) if f.init}
    return {name: value for name, value in fields.items() if not name.startswith("_")}


def manifest_from_fields(fields: dict[str, Any]) -> Any:
    """The `Manifest` again; its lookups are rebuilt as dbt builds them, on first use."""
    from dbt.contracts.graph.manifest import Manifest

    return Manifest(**fields)


def discover_plugins_once() -> None:
    """dbt looks for `dbt_*` plugin modules at every invocation by listing every package
    installed; the installed packages do not change while a process runs."""
    from dbt.plugins.manager import PluginManager

    if not getattr(PluginManager, "_dvk_discovered_once", False):
        found = PluginManager.get_prefixed_modules()
        PluginManager.get_prefixed_modules = classmethod(lambda cls: dict(found))
        PluginManager._dvk_discovered_once = True


def drop_unlogged_debug_events() -> None:
    """Debug events go nowhere here (the console is off, dbt.log keeps info and up, and the
    callbacks take info-level results and lines): drop them before dbt-common formats them."""
    from dbt_common.events.base_types import EventLevel
    from dbt_common.events.event_manager import EventManager

    if getattr(EventManager, "_dvk_debug_dropped", False):
        return
    fire = EventManager.fire_event

    def fire_event(self, e, level=None, node=None, force_warn_or_error_handling=False) -> None:
        if (
            not force_warn_or_error_handling
            and (level or e.level_tag()) == EventLevel.DEBUG
            and all(logger.level != EventLevel.DEBUG for logger in self.loggers)
        ):
            return
        fire(self, e, level, node, force_warn_or_error_handling)

    EventManager.fire_event = fire_event
    EventManager._dvk_debug_dropped = True
    EventManager._dvk_fire_event = fire  # dbt-common's own, for the adapters' test


def close_duckdb() -> None:
    """Close the database dbt-duckdb keeps open between invocations."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        if environment is not None:
            environment.close()
        DuckDBConnectionManager.close_all_connections()
