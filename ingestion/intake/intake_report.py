"""What one intake did: the files accepted, rejected, already seen, recovered or left, with the
time of each phase; and the summaries the Dagster UI and the audit report show of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingestion.check.receipts import Receipt, receipt_path
from ingestion.check.verdict import Verdict
from ingestion.format.rules import Severity
from warehouse.exported_text import visible, visible_name
from warehouse.workspace import Workspace

SHOWN_FILES = 200
"""Files listed in the run's table; the rest are counted."""


@dataclass
class IntakeReport:
    accepted: list[Receipt] = field(default_factory=list)
    rejected: list[Receipt] = field(default_factory=list)
    held: list[Receipt] = field(default_factory=list)
    """Files of approved periods, kept in `quarantine/held/` until a reopening."""
    released: list[str] = field(default_factory=list)
    """Held files taken in again by this intake, their period reopened."""
    duplicates: list[str] = field(default_factory=list)
    reloaded: list[Receipt] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    """Files left in inbox for a later run: temporary, or still being written."""
    rows_loaded: int = 0
    """Rows the accepted files added to the row tables."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each phase (read_and_validate, archive_and_receipt, load, …)."""

    @property
    def loaded_ids(self) -> list[str]:
        """The files whose rows this intake wrote to the warehouse."""
        return [r.submission_id for r in [*self.reloaded, *self.accepted]]


def files_table(ws: Workspace, report: IntakeReport) -> str:
    """The run's files as a Markdown table, each with its receipt."""
    lines = ["| file | outcome | errors | warnings | receipt |", "| --- | --- | --- | --- | --- |"]
    receipts = [*report.accepted, *report.rejected]
    for receipt in receipts[:SHOWN_FILES]:
        path = receipt_path(ws.receipts, receipt.submission_id, "html")
        name = visible(receipt.original_name).replace("|", "\\|")
        lines.append(
            f"| {name} | {receipt.outcome} | {receipt.errors} | {receipt.warnings} | `{path}` |"
        )
    if len(receipts) > SHOWN_FILES:
        lines.append(f"| … {len(receipts) - SHOWN_FILES} more in {ws.receipts} | | | | |")
    return "\n".join(lines)


def rejection_rules(rejected: list[Receipt]) -> list[str]:
    """`RULE ×n` for every error rule among the rejected files, by rule."""
    counts: dict[str, int] = {}
    for receipt in rejected:
        for finding in receipt.findings:
            if finding.severity is Severity.ERROR:
                counts[finding.rule_id] = counts.get(finding.rule_id, 0) + 1
    return [f"{rule} ×{n}" for rule, n in sorted(counts.items())]


FILE_EVENT = "dvk_file"
"""The `extra` key of the log record each file of the inbox gets: what `dvk run` prints."""


def first_finding(finding) -> str:
    """One finding in a line: where, and what is wrong ("Đăng ký row 5, Lĩnh vực (C): …")."""
    where = ", ".join(
        part
        for part in (
            finding.sheet,
            f"row {finding.row}" if finding.row else None,
            finding.column,
        )
        if part
    )
    return f"{where + ': ' if where else ''}{finding.rule.message_en} ({finding.rule_id})"


def file_event(
    path: Path, outcome: str, receipt: Receipt | None = None, verdict: Verdict | None = None
) -> dict[str, dict]:
    """The log record's `extra` for one file of the inbox: its name as the office knows it, the
    outcome, its findings and receipt, and the rows it adds (none unless accepted)."""
    event = {
        "name": path.name,
        "outcome": outcome,
        "errors": 0,
        "warnings": 0,
        "receipt": None,
        "rows": 0,
    }
    if receipt is not None:
        event.update(
            errors=receipt.errors, warnings=receipt.warnings, receipt=receipt.submission_id
        )
        if receipt.findings:  # errors first, in file order: what to fix first
            event["first"] = first_finding(receipt.findings[0])
        if receipt.original_name != visible_name(path.name):  # a portal upload, a held file
            event["name"] = receipt.original_name
        if receipt.uploaded_by:
            event["name"] = f"{receipt.original_name} (portal: {receipt.uploaded_by})"
    if verdict is not None and outcome == "accepted":
        event["rows"] = sum(len(rows) for rows in verdict.tables.values())
    return {FILE_EVENT: event}
