"""dbt's documentation site for the project, as one HTML file that opens offline
(`Workspace.dbt_docs`: `reports/dbt-docs/index.html`): dbt's own page, as `dbt docs generate
--static` writes it, with the manifest and a catalog of the published marts inlined.

The marts' words are the data dictionary's (`warehouse.data_dictionary`, the same that comments
every published table and column): a mart, or a column of one, that dbt's YAML leaves without a
description gets the dictionary's, so every mart column is described in the site. The catalog is
read from the published file (its tables, column types and comments), not by dbt's catalog
queries, which would need the warehouse while the run still holds it and cost a dbt invocation.
The site is rewritten only when the manifest or the published tables' columns change.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
from dbt.task.docs import DOCS_INDEX_FILE_PATH

from warehouse.data_dictionary import COLUMNS, TABLES, comment


def write_site(manifest_path: Path, marts: Path, path: Path) -> bool:
    """Whether the site at `path` was written (False: already up to date)."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    published = _published_columns(marts)
    signature = hashlib.sha256(
        manifest_path.read_bytes()
        + json.dumps(published, sort_keys=True).encode()
        + json.dumps([TABLES, COLUMNS]).encode()
    ).hexdigest()
    stamp = path.with_name(".signature")
    if path.exists() and stamp.exists() and stamp.read_text() == signature:
        return False
    catalog = _catalog(manifest, published)
    _describe(manifest, published)
    page = Path(DOCS_INDEX_FILE_PATH).read_text(encoding="utf-8")
    page = page.replace('"MANIFEST.JSON INLINE DATA"', _inline(manifest))
    page = page.replace('"CATALOG.JSON INLINE DATA"', _inline(catalog))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(".index.html.tmp")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(path)
    stamp.write_text(signature)
    return True


def _inline(document: dict) -> str:
    """JSON for a script: readable Vietnamese, and no `</` that would end the script early."""
    return json.dumps(document, ensure_ascii=False).replace("</", "<\\/")


def undescribed_columns(site: Path) -> list[str]:
    """`mart.column` for every column of a mart the site's manifest leaves undescribed."""
    manifest = _inlined_manifest(site)
    return [
        f"{node['name']}.{name}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"].startswith("mart_")
        for name, column in node["columns"].items()
        if not (column.get("description") or "").strip()
    ]


def _inlined_manifest(site: Path) -> dict:
    page = site.read_text(encoding="utf-8")
    start = page.index("manifest:") + len("manifest:")
    manifest, _ = json.JSONDecoder().raw_decode(page, start)
    return manifest


def _published_columns(marts: Path) -> dict[str, list[tuple[str, str]]]:
    """Each published mart's columns and their types, in order."""
    with duckdb.connect(str(marts), read_only=True) as con:
        rows = con.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where schema_name = 'main' and not internal order by table_name, column_index"
        ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    return tables


def _mart_nodes(manifest: dict, published: dict) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["alias"] in published
    ]


def _describe(manifest: dict, published: dict) -> None:
    for node in _mart_nodes(manifest, published):
        if not node["description"].strip() and node["alias"] in TABLES:
            node["description"] = comment(*TABLES[node["alias"]])
        for name, kind in published[node["alias"]]:
            column = node["columns"].setdefault(name, _column(name))
            column["data_type"] = column.get("data_type") or kind
            if not (column.get("description") or "").strip() and name in COLUMNS:
                column["description"] = comment(*COLUMNS[name])


def _column(name: str) -> dict:
    return {
        "name": name,
        "description": "",
        "meta": {},
        "data_type": None,
        "constraints": [],
        "quote": None,
        "config": {"meta": {}, "tags": []},
        "tags": [],
        "granularity": None,
        "doc_blocks": [],
    }


def _catalog(manifest: dict, published: dict) -> dict:
    nodes = {}
    for node in _mart_nodes(manifest, published):
        table = node["alias"]
        nodes[node["unique_id"]] = {
            "metadata": {
                "type": "BASE TABLE",
                "schema": node["schema"],
                "name": table,
                "database": node["database"],
                "comment": comment(*TABLES[table]) if table in TABLES else None,
                "owner": None,
            },
            "columns": {
                name: {"type": kind, "index": index, "name": name, "comment": None}
                for index, (name, kind) in enumerate(published[table], start=1)
            },
            "stats": {
                "has_stats": {
                    "id": "has_stats",
                    "label": "Has Stats?",
                    "value": False,
                    "include": False,
                    "description": "Indicates whether there are statistics for this table",
                }
            },
            "unique_id": node["unique_id"],
        }
    return {
        "metadata": {
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/catalog/v1.json",
            "dbt_version": manifest["metadata"]["dbt_version"],
            "generated_at": manifest["metadata"]["generated_at"],
            "invocation_id": manifest["metadata"]["invocation_id"],
            "env": {},
        },
        "nodes": nodes,
        "sources": {},
        "errors": None,
    }
