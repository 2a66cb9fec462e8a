"""Checking many files together gives each one the receipt and rows that checking it alone
gives: the whole bad-input corpus and every conformance case, one at a time and then all at
once on two worker processes, mixed so that every batch holds files of every kind."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest

from ingestion.check import check_pool
from ingestion.check.check_pool import POOL_MIN_FILES, checked
from ingestion.check.files import check_file
from ingestion.check.origins import check_origins
from ingestion.check.receipts import Receipt
from ingestion.check.verdict import Verdict
from ingestion.format.raw_tables import create_raw_tables
from ingestion.intake.loading import KnownModels
from ingestion.writing.writers import write_xlsx
from tests.conftest import info, registration
from tests.ingestion import test_corpus
from tests.ingestion.conformance import books
from tests.ingestion.conformance.test_conformance import CASES as CONFORMANCE

RECEIVED = "2026-01-01T00:00:00+00:00"


def _files(folder: Path) -> list[Path]:
    paths = []
    for number, (build, _, _) in enumerate(test_corpus.CASES.values()):
        place = folder / f"corpus-{number:03d}"
        place.mkdir()
        paths.append(build(place))
    for number, (case, fmt) in enumerate(CONFORMANCE):
        place = folder / f"case-{number:03d}"
        place.mkdir()
        paths.append(books.write(place / f"case.{fmt}", case.info, case.tables))
    random.Random(15).shuffle(paths)
    # A model registered by one file and replicated by a later one in the same batch.
    origin = write_xlsx(folder / "origin.xlsx", info(), {"registrations": [registration()]})
    copy = registration(model_code="TUY-002", status="Nhân rộng", replicated_from="TUY-001")
    replica = write_xlsx(folder / "replica.xlsx", info(), {"registrations": [copy]})
    return [*paths[:40], origin, *paths[40:90], replica, *paths[90:]]


def _models(tmp_path: Path, name: str) -> KnownModels:
    con = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
    create_raw_tables(con)
    return KnownModels(con)


def _learnt(verdict: Verdict, models: KnownModels) -> Verdict:
    if verdict.accepted:
        models.add(verdict)
    return verdict


def _receipt(path: Path, verdict: Verdict) -> dict:
    return Receipt.from_verdict(verdict, path.name, "id", 1, received_at=RECEIVED).as_dict()


def test_receipts_and_rows_are_the_same_checked_alone_or_together(
    tmp_path, corpus_registry, monkeypatch
):
    paths = _files(tmp_path)
    assert len(paths) > 5 * POOL_MIN_FILES
    alone_models, together_models = _models(tmp_path, "alone"), _models(tmp_path, "together")
    alone = [_learnt(check_file(p, corpus_registry, alone_models), alone_models) for p in paths]

    monkeypatch.setenv("DVK_WORKERS", "2")
    monkeypatch.setattr(check_pool, "CHUNK_FILES", 24)  # many batches, each of every kind
    together = []
    for _, verdict in checked(paths, corpus_registry):
        check_origins(verdict, together_models)
        together.append(_learnt(verdict, together_models))

    assert len(together) == len(alone)
    for path, one, many in zip(paths, alone, together, strict=True):
        assert _receipt(path, many) == _receipt(path, one), path
        assert many.submission == one.submission, path
        assert many.tables.keys() == one.tables.keys(), path
        for sheet, rows in one.tables.items():
            assert many.tables[sheet].columns == rows.columns, (path, sheet)
    replica = together[paths.index(tmp_path / "replica.xlsx")]
    assert "ORIGIN_UNKNOWN" not in {f.rule_id for f in replica.findings}
    rejected = sum(not verdict.accepted for verdict in together)
    assert 40 < rejected < len(paths) - 40  # both kinds, well mixed


@pytest.fixture
def corpus_registry(ws):
    (ws.units_dir / "68_communes.csv").write_text(test_corpus.COMMUNE_UNITS, "utf-8")
    from ingestion.reference.registry import Registry

    return Registry.load(ws.units_dir)
