"""The dbt nodes a build can leave as they are: the models fed only by tables the data team
edits rarely (sources marked `dvk_settled` in dbt's `_sources.yml`: the registries, both
administrative trees, the code lists, the calendar, the award catalogue, the decisions) and the
tests that read only those models.

They are a fifth of the graph (45 of 212 nodes), and each node costs dbt and Dagster about
30 ms whatever its rows, so a run that brings one file spent about a tenth of its build
rebuilding and retesting, unchanged, what no file can change. A build leaves them out when the
warehouse says its last complete build had the same settled tables and the same code: a
signature of both, kept in `SIGNATURE_TABLE` by the build's on-run-end hook, and cleared by the
on-run-start hook of every build that does not leave them out
(dbt_project/macros/change_set/build_state.sql). A full refresh, a rebuilt warehouse, any edit
to those tables or any new code builds them all again.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from orchestration import dbt_internals
from warehouse import duckdb_settings

SIGNATURE_TABLE = "core.dvk_settled_state"


@dataclass(frozen=True)
class Graph:
    """The settled part of the project's graph."""

    sources: tuple[str, ...]
    """The settled source tables, by name."""
    models: tuple[str, ...]
    """The settled models' unique ids, each after the models it reads."""
    tests: tuple[str, ...]
    """The settled tests' unique ids."""
    names: tuple[str, ...]
    """The settled models' and tests' names, as `--exclude` takes them."""
    code: str
    """A hash of the settled nodes' definitions."""


@dataclass(frozen=True)
class Plan:
    """What one build leaves out (`excluded`, empty when it builds everything) and the vars its
    hooks read."""

    excluded: tuple[str, ...] = ()
    variables: dict[str, object] = field(default_factory=dict)
    graph: Graph | None = None
    """The settled part of the graph, when the build leaves it out."""


def plan(warehouse: Path, manifest_path: Path, macros_version: str, full_refresh: bool) -> Plan:
    """Leave the settled nodes out when the warehouse's last complete build had the signature
    they have now; always pass the signature, for the build to keep when it completes."""
    graph = settled_graph(manifest_path, macros_version)
    signature, stored = _signatures(warehouse, graph)
    if signature is None:
        return Plan()
    variables: dict[str, object] = {"dvk_settled_signature": signature}
    if full_refresh or stored != signature:
        return Plan(variables=variables)
    return Plan(graph.names, {**variables, "dvk_settled": list(graph.models)}, graph)


@functools.cache
def settled_graph(manifest_path: Path, macros_version: str) -> Graph:
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    sources = {
        unique_id: node["name"]
        for unique_id, node in manifest["sources"].items()
        if node.get("meta", {}).get("dvk_settled")
    }
    nodes = manifest["nodes"]
    settled: dict[str, bool] = {}

    def is_settled(unique_id: str) -> bool:
        if unique_id in sources:
            return True
        if unique_id not in nodes or nodes[unique_id]["resource_type"] not in ("model", "test"):
            return False
        if unique_id not in settled:
            parents = nodes[unique_id]["depends_on"]["nodes"]
            settled[unique_id] = bool(parents) and all(is_settled(p) for p in parents)
        return settled[unique_id]

    chosen = _upstream_first([u for u in nodes if is_settled(u)], nodes)
    code = hashlib.sha256(macros_version.encode())
    for unique_id in chosen:
        node = nodes[unique_id]
        definition = [unique_id, node["checksum"]["checksum"], node.get("test_metadata")]
        code.update(json.dumps(definition, sort_keys=True, default=str).encode())
    return Graph(
        sources=tuple(sorted(sources.values())),
        models=tuple(u for u in chosen if nodes[u]["resource_type"] == "model"),
        tests=tuple(u for u in chosen if nodes[u]["resource_type"] == "test"),
        names=tuple(nodes[u]["name"] for u in chosen),
        code=code.hexdigest(),
    )


def left_as_built(context: dg.AssetExecutionContext, plan: Plan) -> Iterator[object]:
    """Dagster's events for the nodes a build leaves out, yielded before the build's own: each
    settled model as an output (Dagster runs the steps downstream of an asset only when it was
    output), each settled test as a passed check. Both say why: the tables they read and
    their code are those of the last complete build, which built them and passed the tests
    (a signature is kept only then)."""
    if plan.graph is None:
        return
    assets = context.assets_def
    note = {"dvk/left_as_built": dg.MetadataValue.text(LEFT_AS_BUILT)}
    by_id = {dbt_internals.unique_id_of(assets.get_asset_spec(k)): k for k in assets.keys}
    for unique_id in plan.graph.models:  # upstream first, as Dagster requires
        key = by_id.get(unique_id)
        if key is not None and key in context.selected_asset_keys:
            yield dg.Output(
                None, output_name=assets.get_output_name_for_asset_key(key), metadata=note
            )
    left = set(plan.graph.tests)
    for check in context.selected_asset_check_keys:
        if dbt_internals.unique_id_of(assets.get_spec_for_check_key(check)) in left:
            yield dg.AssetCheckResult(
                asset_key=check.asset_key, check_name=check.name, passed=True, metadata=note
            )


LEFT_AS_BUILT = (
    "Left as built: the tables it reads (registries, trees, code lists, calendar, award "
    "catalogue, decisions) and its code are those of the last complete build, which built it "
    "and passed its tests."
)


def _upstream_first(chosen: list[str], nodes: dict) -> list[str]:
    ordered: list[str] = []

    def visit(unique_id: str) -> None:
        if unique_id in ordered or unique_id not in chosen:
            return
        for parent in sorted(nodes[unique_id]["depends_on"]["nodes"]):
            visit(parent)
        ordered.append(unique_id)

    for unique_id in sorted(chosen):
        visit(unique_id)
    return ordered


def _signatures(warehouse: Path, graph: Graph) -> tuple[str | None, str | None]:
    """The settled tables' content and the settled code as one hash, and the one the last
    complete build kept. (None, None) when the warehouse cannot tell (not built yet, a table
    missing): the build then builds everything."""
    digests = " union all ".join(
        f"select '{name}' as t, md5(coalesce(string_agg(cast(r as varchar), chr(10) "
        f"order by cast(r as varchar)), '')) as d from raw.{name} as r"
        for name in graph.sources
    )
    try:
        with duckdb_settings.connect(warehouse) as con:
            (data,) = con.execute(
                f"select md5(string_agg(t || ':' || d, '|' order by t)) from ({digests})"
            ).fetchone()
            try:
                (stored,) = con.execute(f"select max(signature) from {SIGNATURE_TABLE}").fetchone()
            except duckdb.CatalogException:  # never built by this code: no table yet
                stored = None
    except duckdb.Error:
        return None, None
    return hashlib.sha256(f"{graph.code}|{data}".encode()).hexdigest(), stored
