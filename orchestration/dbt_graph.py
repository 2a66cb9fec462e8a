"""dbt's project graph, parsed once per code version: in memory for the life of a process, and
stored in the workspace's dbt target (`GRAPH_FILE`) for the next process (a few hundredths of a
second to load, where a parse costs seconds even with dbt's partial parsing); and the flags
every invocation of dbt in this process takes."""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestration import dbt_internals
from orchestration.dbt_project import DBT_PROJECT_DIR, dbt_project


class DbtBuildError(Exception):
    """dbt failed: a node errored or a blocking test failed; the message names them."""


@dataclass(frozen=True)
class _Parsed:
    version: tuple[int, str]
    graph: Any  # dbt.contracts.graph.manifest.Manifest


_parsed: _Parsed | None = None


_parses = 0


def parses() -> int:
    """How many times this process has parsed the project: once per code version."""
    return _parses


def parsed_graph(args: list[str], target: Path) -> _Parsed:
    """The project's graph, parsed again only when the project changed (a newer manifest.json or
    other macros): a run's `--vars` are read at run time only (the profile, the macros).

    A new process takes the graph the last parse stored in the workspace's dbt target (a few
    hundredths of a second to load, where a parse costs seconds even with dbt's partial
    parsing)."""
    global _parsed
    from dbt.version import __version__ as dbt_version

    from orchestration.dbt_project import macros_version

    version = (dbt_project.manifest_path.stat().st_mtime_ns, macros_version(), dbt_version)
    if _parsed is None or _parsed.version != version:
        graph = _stored_graph(target, version)
        if graph is None:
            graph = _parse(args, target)
            _store_graph(target, version, graph)
        _parsed = _Parsed(version=version, graph=graph)
    return _parsed


GRAPH_FILE = "dvk_graph.pickle"
"""The parsed graph, in the workspace's dbt target (0700, the pipeline user's alone): a pickle
of the fields of dbt's `Manifest`. (Not of the `Manifest` itself: its `__reduce_ex__` lists the
fields in another order than its constructor takes them in dbt 1.11, and an unpickled one fails
every `ref`.) Its lookups are rebuilt as dbt builds them, on first use."""


def _parse(args: list[str], target: Path) -> Any:
    global _parses
    from dbt.cli.main import dbtRunner

    variables = args[args.index("--vars") + 1] if "--vars" in args else "{}"
    outcome = dbtRunner().invoke(["parse", "--vars", variables, *common_flags(target)])
    if not outcome.success:
        raise DbtBuildError(f"dbt could not parse the project: {outcome.exception}")
    _parses += 1
    return outcome.result


def _stored_graph(target: Path, version: tuple) -> Any | None:
    """The graph stored for this code version, or None (none stored, another version, or a file
    that cannot be read: parsing again is always right)."""
    try:
        with (target / GRAPH_FILE).open("rb") as handle:
            stored_version, fields = pickle.load(handle)
        if stored_version != version:
            return None
        return dbt_internals.manifest_from_fields(fields)
    except Exception:  # a stored graph is a cache: any failure means parse again
        return None


def _store_graph(target: Path, version: tuple, graph: Any) -> None:
    fields = dbt_internals.manifest_fields(graph)
    target.mkdir(parents=True, exist_ok=True)
    partial = target / f".{GRAPH_FILE}.{os.getpid()}"
    with partial.open("wb") as handle:
        pickle.dump((version, fields), handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(target / GRAPH_FILE)


def common_flags(target: Path) -> list[str]:
    # dbt's own console logger off (`build` prints its lines); its log in the target, at info:
    # the debug level wrote every query and cost a tenth of a one-file build.
    return [
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target),
        "--log-path",
        str(target),
        "--log-level",
        "none",
        "--log-level-file",
        "info",
        "--no-send-anonymous-usage-stats",
        "--no-version-check",
        "--no-use-colors-file",
    ]
