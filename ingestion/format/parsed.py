"""What a reader makes of one file, before any rule is checked: text cells keyed by column."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.format.rules import Finding
from ingestion.format.submission_format import Sheet

ROW = "_row"


@dataclass
class Table:
    """The data rows of one table sheet. Each row maps column keys to text, and `_row` to the
    row's place in the file (the spreadsheet row, or the position in the JSON list)."""

    spec: Sheet
    name: str
    rows: list[dict[str, str | None]]
    columns: dict[str, str]
    """key → how receipts name the column: the header as found, with its letter in a workbook."""


@dataclass
class ParsedSubmission:
    info: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    """key → (value as text, row) from the `Thông tin` sheet."""
    info_sheet: str | None = None
    tables: dict[str, Table] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def info_value(self, key: str) -> str | None:
        return self.info.get(key, (None, 0))[0]
