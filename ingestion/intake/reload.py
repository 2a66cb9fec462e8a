"""The stored files the warehouse lacks, loaded again from `archive/` and `quarantine/`: after a
run killed between archiving and loading, or into a warehouse rebuilt from scratch. Each keeps
the verdict its receipt records, in the order the files first arrived."""

from __future__ import annotations

import contextlib
import json
import logging

import duckdb

from ingestion.check.award_categories import check_award_categories
from ingestion.check.check_pool import checked
from ingestion.check.origins import check_origins
from ingestion.check.receipts import Receipt, receipt_path
from ingestion.format.raw_tables import known_submissions
from ingestion.intake import stored_files, withdrawal
from ingestion.intake.loading import BatchLoader, KnownModels, Withdraw
from ingestion.reference.award_catalogue import Catalogue
from ingestion.reference.registry import Registry
from warehouse import fault_points
from warehouse.workspace import Workspace

log = logging.getLogger(__name__)


def on_load_failure(ws: Workspace) -> Withdraw:
    def withdraw(receipt: Receipt, suffix: str, error: BaseException) -> Receipt:
        log.error(
            "%s: its rows could not be loaded (%s); quarantined", receipt.original_name, error
        )
        return withdrawal.withdraw(ws, receipt, suffix, withdrawal.load_failed(error))

    return withdraw


def reload_archive(
    ws: Workspace, registry: Registry, con: duckdb.DuckDBPyConnection
) -> list[Receipt]:
    """Load the stored files the warehouse lacks: after a crash between archiving and loading,
    or into a warehouse rebuilt from scratch. Each keeps the verdict its receipt records, and
    files load in the order they first arrived. The folders are listed only when they changed
    since the last complete intake (`stored_files`)."""
    if stored_files.all_loaded(ws, con):
        return []
    known = known_submissions(con)
    pending = []
    for path in [*ws.archive.iterdir(), *ws.quarantine.iterdir()]:
        submission_id, _, rest = path.name.partition(".")
        stored_receipt = receipt_path(ws.receipts, submission_id)
        if rest.startswith("receipt") or submission_id in known or not stored_receipt.exists():
            continue
        stored = json.loads(stored_receipt.read_text(encoding="utf-8"))
        pending.append((stored["arrival_seq"], path, stored))
    reloaded = []
    loader = BatchLoader(con, {}, withdraw=on_load_failure(ws))
    models = KnownModels(con)
    catalogue = Catalogue.load(ws.reference)
    pending.sort(key=lambda item: item[0])
    with contextlib.closing(checked([path for _, path, _ in pending], registry)) as verdicts:
        for (_, path, stored), (_, verdict) in zip(pending, verdicts, strict=True):
            check_origins(verdict, models)
            check_award_categories(verdict, catalogue)
            receipt = Receipt.from_verdict(
                verdict,
                stored["file"],
                stored["submission_id"],
                stored["arrival_seq"],
                received_at=stored["received_at"],
                outcome=stored["outcome"],
                uploaded_by=stored.get("uploaded_by"),
            )
            loader.add(receipt, path.suffix, verdict)
            if receipt.outcome == "accepted":
                models.add(verdict)
            log.info("%s: reloaded from %s", receipt.original_name, path.parent.name)
            reloaded.append(receipt)
            fault_points.reached("intake.reloaded")
    loader.flush()
    failed = {receipt.submission_id for receipt in loader.withdrawn}
    return [receipt for receipt in reloaded if receipt.submission_id not in failed]
