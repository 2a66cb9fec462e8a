"""The receipt an office gets for each file: outcome and every finding, for machines and people.

Written as `receipts/<hash>.receipt.json` and `.receipt.md`; a rejected file's receipt also stands
beside it in `quarantine/`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.rules import Finding, Severity

OUTCOME_LABELS = {
    "accepted": ("Được chấp nhận", "Accepted"),
    "rejected": ("Bị từ chối", "Rejected"),
}


@dataclass
class Receipt:
    submission_id: str
    original_name: str
    outcome: str
    received_at: str
    findings: list[Finding] = field(default_factory=list)
    submission: dict[str, object] = field(default_factory=dict)
    arrival_seq: int | None = None
    """The file's place in the order of arrival; a rebuilt warehouse keeps it."""

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "submission_id": self.submission_id,
            "file": self.original_name,
            "outcome": self.outcome,
            "received_at": self.received_at,
            "arrival_seq": self.arrival_seq,
            "unit_code": self.submission.get("unit_code"),
            "period_code": self.submission.get("period_code"),
            "version": self.submission.get("version"),
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.as_dict() for f in self.findings],
        }

    def to_markdown(self) -> str:
        vi, en = OUTCOME_LABELS[self.outcome]
        lines = [
            f"# Biên nhận / Receipt: {_escape(self.original_name)}",
            "",
            f"- Kết quả / Outcome: **{vi} / {en}**",
            f"- Đơn vị / Unit: {self.submission.get('unit_code') or '?'}",
            f"- Kỳ báo cáo / Period: {self.submission.get('period_code') or '?'}",
            f"- Lỗi / Errors: {self.errors} · Cảnh báo / Warnings: {self.warnings}",
            f"- Mã tệp / File id: `{self.submission_id}`",
            "",
        ]
        if self.findings:
            lines += [
                "| Mức độ / Severity | Quy tắc / Rule | Trang tính / Sheet | Dòng / Row "
                "| Cột / Column | Giá trị / Value | Yêu cầu / Expected | Nội dung / Message |",
                "|---|---|---|---|---|---|---|---|",
            ]
            lines += [_row(f) for f in self.findings]
        else:
            lines.append("Không có vấn đề nào. / No problems found.")
        return "\n".join(lines) + "\n"

    def write(self, *folders: Path) -> None:
        text_json = json.dumps(self.as_dict(), ensure_ascii=False, indent=2, default=str)
        for folder in folders:
            _write_atomic(receipt_path(folder, self.submission_id, "json"), text_json)
            _write_atomic(receipt_path(folder, self.submission_id, "md"), self.to_markdown())


def receipt_path(folder: Path, submission_id: str, kind: str = "json") -> Path:
    """Where a file's receipt is: `<sha256>.receipt.json` (for machines) or `.md` (for people)."""
    return folder / f"{submission_id}.receipt.{kind}"


def _row(finding: Finding) -> str:
    cells = [
        "Lỗi / error" if finding.severity is Severity.ERROR else "Cảnh báo / warning",
        finding.rule_id,
        finding.sheet,
        finding.row,
        finding.column,
        finding.value,
        finding.expected,
        f"{finding.rule.message_vi} / {finding.rule.message_en}",
    ]
    return "| " + " | ".join(_escape(c) for c in cells) + " |"


def _escape(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
