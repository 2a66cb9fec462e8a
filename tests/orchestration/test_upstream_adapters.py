"""The adapters of private APIs (`orchestration/dbt_internals.py`, `orchestration/event_storage.py`)
fail here, loudly and by name, when the packages they adapt change: an upgrade is then a
decision to read them again, never a silent slowdown or a wrong build."""

import importlib.metadata
import inspect

import pytest

from orchestration import dbt_internals, event_storage

ADAPTERS = {
    "orchestration/dbt_internals.py": dbt_internals.CHECKED_AGAINST,
    "orchestration/event_storage.py": event_storage.CHECKED_AGAINST,
}


@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
def test_the_installed_packages_are_those_the_adapter_was_checked_against(adapter):
    found = {package: importlib.metadata.version(package) for package in ADAPTERS[adapter]}
    changed = {
        package: version
        for package, version in found.items()
        if not version.startswith(ADAPTERS[adapter][package])
    }
    assert changed == {}, (
        f"{adapter} was checked against {ADAPTERS[adapter]}; installed now: {changed}. "
        "Read the adapter against the new release, then update CHECKED_AGAINST."
    )


def test_the_internals_dbt_internals_uses_are_there():
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.contracts.graph.manifest import Manifest
    from dbt.plugins.manager import PluginManager

    assert hasattr(DuckDBConnectionManager, "_LOCK") and hasattr(DuckDBConnectionManager, "_ENV")
    assert callable(PluginManager.get_prefixed_modules)
    # A manifest goes through its fields and back (the stored graph of dbt_in_process).
    empty = Manifest()
    again = dbt_internals.manifest_from_fields(dbt_internals.manifest_fields(empty))
    assert type(again) is Manifest and again.nodes == empty.nodes
    parameters = inspect.signature(dbt_internals.get_subset_selection_for_context).parameters
    assert {"context", "manifest", "select", "exclude", "selector"} <= set(parameters)


def test_the_event_log_method_the_pooled_storage_replaces_is_dagsters_own():
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    for name in ("_connect", "_initdb", "conn_string_for_shard", "wipe", "dispose"):
        assert callable(getattr(SqliteEventLogStorage, name, None)), name
    assert list(inspect.signature(SqliteEventLogStorage._connect).parameters) == ["self", "shard"]


def test_debug_events_no_logger_keeps_are_dropped_and_the_others_delivered():
    from dbt_common.events.base_types import EventLevel
    from dbt_common.events.event_manager import EventManager
    from dbt_common.events.logger import LoggerConfig
    from dbt_common.events.types import Note

    dbt_internals.drop_unlogged_debug_events()
    own = EventManager._dvk_fire_event
    assert list(inspect.signature(own).parameters) == [
        "self", "e", "level", "node", "force_warn_or_error_handling",
    ]  # fmt: skip
    seen: list[str] = []
    manager = EventManager()
    manager.add_callback(lambda msg: seen.append(msg.info.level))
    manager.add_logger(LoggerConfig(name="info-file", level=EventLevel.INFO))
    manager.fire_event(Note(msg="a"), level=EventLevel.DEBUG)
    manager.fire_event(Note(msg="b"), level=EventLevel.INFO)
    assert seen == ["info"]
    manager.add_logger(LoggerConfig(name="debug-file", level=EventLevel.DEBUG))
    manager.fire_event(Note(msg="c"), level=EventLevel.DEBUG)
    assert seen == ["info", "debug"]
