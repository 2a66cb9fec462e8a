"""Files into the raw tables, a batch per transaction, and the model codes the warehouse
already holds for a unit (what `ORIGIN_UNKNOWN` looks in)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import duckdb
import pyarrow as pa

from ingestion.check.receipts import Receipt
from ingestion.check.verdict import Verdict
from ingestion.format.raw_tables import every_model_code, insert_submissions, model_codes
from ingestion.format.vietnamese import fold
from ingestion.intake.timing import timed
from ingestion.read.inbox import unchanged
from warehouse import fault_points

log = logging.getLogger(__name__)
SUBMISSION_FIELDS = (
    "unit_code",
    "period_code",
    "submitted_on",
    "version",
    "prepared_by",
    "contact",
)
BATCH_ROWS = 50_000
"""Rows (a file counts one for its `raw.submissions` row) written in one transaction."""
LOADING_ERRORS = (
    pa.ArrowException,
    OverflowError,
    UnicodeError,
    duckdb.ConversionException,
    duckdb.ConstraintException,
    duckdb.InvalidInputException,
    duckdb.OutOfRangeException,
    duckdb.TypeMismatchException,
)
"""What a file's own values can make the load raise. Not a full disk, a damaged warehouse or a
kill: those stop the run as before, and nothing of the batch is loaded."""
Withdraw = Callable[[Receipt, str, BaseException], Receipt]
"""Quarantines an accepted file whose rows could not be loaded; returns its new receipt."""


class BatchLoader:
    """Files written to the warehouse about `BATCH_ROWS` rows at a time, a transaction a batch.

    A backfill pays DuckDB's commit once per batch rather than once per file, and a file is still
    in the warehouse whole or not at all. A file leaves the inbox only once its batch is
    committed: after a crash it is in the archive with its receipt, and the next run reloads it.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        seconds: dict[str, float],
        withdraw: Withdraw | None = None,
    ):
        """`withdraw`: where a batch fails on a file's values, the files are loaded one at a
        time and the failing one is quarantined by it (LOAD_FAILED); without it, the error
        stops the run."""
        self._con = con
        self.seconds = seconds
        self._withdraw = withdraw
        self._pending: list[tuple[dict, dict, tuple[Path, tuple] | None, Receipt, str]] = []
        self._stored: list[Future] = []
        self._rows = 0
        self.rows_loaded = 0
        """Rows of the row tables committed so far (not counting `raw.submissions`)."""
        self.withdrawn: list[Receipt] = []
        """The new receipts of the files quarantined because their rows could not be loaded."""

    def add(
        self,
        receipt: Receipt,
        suffix: str,
        verdict: Verdict,
        done: tuple[Path, tuple] | None = None,
        stored: Future | None = None,
    ) -> None:
        """Queue one file's rows; `done` (an inbox file and its signature when read) is removed
        from the inbox once they are committed, if it has not changed since.
        `stored`: the file's archive copy and receipts being written, finished before the
        batch commits (a file is archived before its rows are loaded)."""
        accepted = receipt.outcome == "accepted"
        submission = {
            "submission_id": receipt.submission_id,
            "original_name": receipt.original_name,
            "file_format": suffix.lstrip("."),
            "received_at": _utc(receipt.received_at),
            "arrival_seq": receipt.arrival_seq,
            "outcome": receipt.outcome,
            **{k: verdict.submission.get(k) for k in SUBMISSION_FIELDS},
            "error_count": receipt.errors,
            "warning_count": receipt.warnings,
            "uploaded_by": receipt.uploaded_by,
        }
        tables = verdict.tables if accepted else {}
        self._pending.append((submission, tables, done, receipt, suffix))
        if stored is not None:
            self._stored.append(stored)
        self._rows += 1 + sum(len(rows) for rows in tables.values())
        if self._rows >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with timed(self.seconds, "archive_and_receipt"):
            for stored in self._stored:
                stored.result()  # raises what writing raised: nothing of the batch is loaded
        self._stored = []
        with timed(self.seconds, "load"):
            fault_points.reached("intake.loading")
            try:
                insert_submissions(self._con, [(s, tables) for s, tables, *_ in self._pending])
            except LOADING_ERRORS:
                if self._withdraw is None:
                    raise
                self._load_one_at_a_time()
        fault_points.reached("intake.batch_committed")
        self.rows_loaded += self._rows - len(self._pending)
        for _, _, done, *_ in self._pending:
            if done is not None:
                _remove_if_unchanged(*done)
        self._pending = []
        self._rows = 0

    def _load_one_at_a_time(self) -> None:
        """The batch again, a transaction per file: a file whose values fail is quarantined
        and stored as rejected, and the others load as they would have."""
        for position, (submission, tables, done, receipt, suffix) in enumerate(self._pending):
            try:
                insert_submissions(self._con, [(submission, tables)])
            except LOADING_ERRORS as error:
                withdrawn = self._withdraw(receipt, suffix, error)
                rejected = {
                    **submission,
                    "outcome": withdrawn.outcome,
                    "error_count": withdrawn.errors,
                }
                insert_submissions(self._con, [(rejected, {})])
                self._rows -= sum(len(rows) for rows in tables.values())
                self._pending[position] = (rejected, {}, done, withdrawn, suffix)
                self.withdrawn.append(withdrawn)


def _utc(moment: str) -> dt.datetime:
    """An ISO 8601 time as the naive UTC time `raw.submissions.received_at` holds."""
    parsed = dt.datetime.fromisoformat(moment)
    return (parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed).replace(tzinfo=None)


def _remove_if_unchanged(path: Path, before: tuple) -> None:
    """The file leaves the inbox unless a writer changed it after it was read: then its new
    bytes stay, for the next run, and nothing a writer wrote is lost."""
    if unchanged(path, before):
        path.unlink()
        fault_points.reached("intake.inbox_emptied")
    elif path.exists():
        log.warning("%s: changed while being processed; left in inbox for the next run", path)


class KnownModels:
    """unit_code → folded model codes of the unit's accepted registrations.

    Read from the warehouse once per run: for a unit whose origins are looked up, or for every
    unit at once in a run of many files; then kept up to date as the run accepts files.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, every_unit: bool = False):
        """`every_unit`: read every unit's codes now, in one query — for a run of many files,
        where one query per unit would cost more."""
        self._con = con
        self._known: dict[str, set[str]] = {}
        """Units read from the warehouse, with what this run added since."""
        self._added: dict[str, set[str]] = {}
        """Units not read yet: what this run accepted of them."""
        self._read_all = every_unit
        if every_unit:
            for unit_code, code in every_model_code(con):
                self._known.setdefault(unit_code, set()).add(fold(code))

    def __call__(self, unit_code: str) -> set[str]:
        key = unit_code.casefold()
        if key not in self._known:
            stored = set() if self._read_all else {fold(c) for c in model_codes(self._con, key)}
            self._known[key] = stored | self._added.pop(key, set())
        return self._known[key]

    def add(self, verdict: Verdict) -> None:
        """The model codes of a file just accepted."""
        unit_code, rows = verdict.submission.get("unit_code"), verdict.registrations
        if not isinstance(unit_code, str) or rows is None or rows.empty:
            return
        key = unit_code.casefold()
        codes = self._known[key] if key in self._known else self._added.setdefault(key, set())
        codes.update(fold(code) for code in rows["model_code"] if isinstance(code, str))
