"""The receipt an office gets for each file: outcome and every finding, for machines and people.

Written as `receipts/<hash>.receipt.json` (machines), `.receipt.md` and `.receipt.html` (people);
a rejected file's receipt also stands beside it in `quarantine/`. Errors come first, then
warnings, each in file order. A file name is the office's text, never markup: it is escaped, and
its control and bidirectional characters are shown as `⟨U+202E⟩`, so a name cannot hide what it is.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.check.verdict import Verdict
from ingestion.format.rules import Finding, Severity
from ingestion.read.inbox import write_atomic
from warehouse.exported_text import visible, visible_name

VIET_NAM = dt.timezone(dt.timedelta(hours=7))
"""The time a receipt shows: offices read Viet Nam's clock, not UTC."""

OUTCOME_LABELS = {
    "accepted": ("Được chấp nhận", "Accepted"),
    "rejected": ("Bị từ chối", "Rejected"),
    "held": ("Tạm giữ: kỳ đã được phê duyệt", "Held: the period is approved"),
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
    uploaded_by: str | None = None
    """The portal account that uploaded the file (`intake.uploads`); None for the
    inbox."""

    def __post_init__(self) -> None:
        self.findings = sorted(self.findings, key=finding_order)

    @classmethod
    def from_verdict(
        cls,
        verdict: Verdict,
        original_name: str,
        submission_id: str = "(not stored: dry run)",
        arrival_seq: int | None = None,
        received_at: str | None = None,
        outcome: str | None = None,
        uploaded_by: str | None = None,
    ) -> Receipt:
        """The receipt of a checked file; `outcome` only where an earlier receipt decided it."""
        return cls(
            submission_id=submission_id,
            # a name's undecodable bytes (surrogates) spelled out: the receipt is UTF-8
            original_name=visible_name(original_name),
            outcome=outcome or ("accepted" if verdict.accepted else "rejected"),
            received_at=received_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            findings=verdict.findings,
            submission=verdict.submission,
            arrival_seq=arrival_seq,
            uploaded_by=uploaded_by,
        )

    @classmethod
    def read(cls, folder: Path, submission_id: str) -> Receipt:
        """The receipt written for a file, as `write` wrote it (its `submission` as the receipt
        shows it: unit, period and version)."""
        stored = json.loads(receipt_path(folder, submission_id).read_text(encoding="utf-8"))
        findings = [
            Finding(
                f["rule"],
                f.get("sheet"),
                f.get("row"),
                f.get("column"),
                f.get("value"),
                f.get("expected"),
            )
            for f in stored["findings"]
        ]
        return cls(
            submission_id=stored["submission_id"],
            original_name=stored["file"],
            outcome=stored["outcome"],
            received_at=stored["received_at"],
            findings=findings,
            submission={k: stored.get(k) for k in ("unit_code", "period_code", "version")},
            arrival_seq=stored.get("arrival_seq"),
            uploaded_by=stored.get("uploaded_by"),
        )

    @property
    def number(self) -> str:
        """The receipt's number, as an office quotes it: the year received and the file's place
        in the order of arrival (`BN-2026-000123`); none for a dry run (`dvk validate`)."""
        if self.arrival_seq is None and self.uploaded_by:
            return "cấp khi tệp được xử lý / given when the file is processed"
        if self.arrival_seq is None:
            return "không cấp (chỉ kiểm tra) / none (checked only)"
        return f"BN-{self.received_at[:4]}-{self.arrival_seq:06d}"

    @property
    def received_local(self) -> str:
        """When it arrived, in Viet Nam's time: `05/12/2026 22:03 (UTC+7)`."""
        try:
            moment = dt.datetime.fromisoformat(self.received_at)
        except ValueError:
            return self.received_at
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return f"{moment.astimezone(VIET_NAM):%d/%m/%Y %H:%M} (UTC+7)"

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
            "receipt_number": self.number if self.arrival_seq is not None else None,
            "received_local": self.received_local,
            "arrival_seq": self.arrival_seq,
            "unit_code": self.submission.get("unit_code"),
            "period_code": self.submission.get("period_code"),
            "version": self.submission.get("version"),
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.as_dict() for f in self.findings],
            **({"uploaded_by": self.uploaded_by} if self.uploaded_by else {}),
        }

    def _summary(self) -> list[tuple[str, str]]:
        vi, en = OUTCOME_LABELS[self.outcome]
        return [
            ("Số biên nhận / Receipt no.", self.number),
            ("Nhận lúc / Received", self.received_local),
            ("Kết quả / Outcome", f"{vi} / {en}"),
            ("Đơn vị / Unit", str(self.submission.get("unit_code") or "?")),
            ("Kỳ báo cáo / Period", str(self.submission.get("period_code") or "?")),
            ("Lỗi / Errors", str(self.errors)),
            ("Cảnh báo / Warnings", str(self.warnings)),
            ("Mã tệp / File id", self.submission_id),
        ]

    def to_html(self) -> str:
        """A page that opens offline; every value escaped."""
        name = html.escape(visible(self.original_name))
        summary = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in self._summary()
        )
        if self.findings:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in COLUMNS)
            body = "".join(
                f'<tr class="{f.severity}">'
                + "".join(f"<td>{html.escape(_plain(c))}</td>" for c in _cells(f))
                + "</tr>"
                for f in self.findings
            )
            table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        else:
            table = "<p>Không có vấn đề nào. / No problems found.</p>"
        return (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f"<title>Biên nhận / Receipt: {name}</title><style>{_STYLE}</style></head><body>"
            f"<h1>Biên nhận / Receipt: {name}</h1><table class=summary>{summary}</table>"
            f"{table}</body></html>\n"
        )

    def to_markdown(self) -> str:
        vi, en = OUTCOME_LABELS[self.outcome]
        lines = [
            f"# Biên nhận / Receipt: {_escape(self.original_name)}",
            "",
            f"- Số biên nhận / Receipt no.: {self.number}",
            f"- Nhận lúc / Received: {self.received_local}",
            f"- Kết quả / Outcome: **{vi} / {en}**",
            f"- Đơn vị / Unit: {_escape(self.submission.get('unit_code') or '?')}",
            f"- Kỳ báo cáo / Period: {_escape(self.submission.get('period_code') or '?')}",
            f"- Lỗi / Errors: {self.errors} · Cảnh báo / Warnings: {self.warnings}",
            f"- Mã tệp / File id: `{self.submission_id}`",
            "",
        ]
        if self.findings:
            lines += ["| " + " | ".join(COLUMNS) + " |", "|---" * len(COLUMNS) + "|"]
            lines += [_row(f) for f in self.findings]
        else:
            lines.append("Không có vấn đề nào. / No problems found.")
        return "\n".join(lines) + "\n"

    def write(self, *folders: Path) -> None:
        text_json = json.dumps(self.as_dict(), ensure_ascii=False, indent=2, default=str)
        for folder in folders:
            write_atomic(receipt_path(folder, self.submission_id, "json"), text_json)
            write_atomic(receipt_path(folder, self.submission_id, "md"), self.to_markdown())
            write_atomic(receipt_path(folder, self.submission_id, "html"), self.to_html())


def receipt_path(folder: Path, submission_id: str, kind: str = "json") -> Path:
    """Where a file's receipt is: `<sha256>.receipt.json` (for machines), `.md` or `.html`."""
    return folder / f"{submission_id}.receipt.{kind}"


COLUMNS = (
    "Mức độ / Severity",
    "Quy tắc / Rule",
    "Trang tính / Sheet",
    "Dòng / Row",
    "Cột / Column",
    "Giá trị / Value",
    "Yêu cầu / Expected",
    "Nội dung / Message",
)
_STYLE = (
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
    "tr.error td:first-child{color:#b00020;font-weight:bold}"
    "tr.warning td:first-child{color:#8a6d00}"
    ".summary{margin-bottom:1em}"
)


def finding_order(finding: Finding) -> tuple:
    """Errors before warnings (what must be fixed first), then in file order."""
    return (
        finding.severity is not Severity.ERROR,
        finding.sheet or "",
        finding.row or 0,
        finding.column or "",
        finding.rule_id,
    )


def _cells(finding: Finding) -> list[object]:
    return [
        "Lỗi / error" if finding.severity is Severity.ERROR else "Cảnh báo / warning",
        finding.rule_id,
        finding.sheet,
        finding.row,
        finding.column,
        finding.value,
        finding.expected,
        f"{finding.rule.message_vi} / {finding.rule.message_en}",
    ]


def _row(finding: Finding) -> str:
    return "| " + " | ".join(_escape(c) for c in _cells(finding)) + " |"


def _plain(value: object) -> str:
    return "" if value is None else visible(str(value))


def _escape(value: object) -> str:
    """A Markdown table cell that renders as text: no markup, no line breaks, no pipes."""
    text = html.escape(_plain(value), quote=False)
    for char in "\\`[]|":
        text = text.replace(char, "\\" + char)
    return text
