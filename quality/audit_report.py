"""The audit report of one run, in Vietnamese and English: what arrived and what became of it,
who is late, which claimed totals the rows do not bear out, which models several units
registered, what new versions changed, and every check with its result.

Written to `reports/audit/<time>-<run>.html` from the run's intake record, the published marts
and the run's check results; `reports/audit/index.html` lists every report. Static HTML with
relative links to the receipts and Data Docs, so the folder can be copied or opened offline.
No person's name appears: rejection reasons show rule, sheet, row and column, not the value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from quality.audit_files import held, received, rejected
from quality.audit_marts import changes, duplicates, late, mismatches, outliers
from quality.expectation_suites import SUITES
from quality.gx_results import read_summary
from quality.html_pages import esc, heading, page, relative_link, table, tiles
from quality.mart_audits import AUDITS
from quality.raw_rows import CHECK_NAME as RAW_ROWS_CHECK
from quality.run_records import read_intake
from warehouse.publish import open_marts
from warehouse.workspace import Workspace


@dataclass(frozen=True)
class CheckOutcome:
    asset: str
    check: str
    passed: bool
    blocking: bool


def write_audit_report(
    ws: Workspace,
    run_id: str,
    checks: list[CheckOutcome],
    version: str | None = None,
    recoveries: list[dict] | None = None,
) -> Path:
    """Write this run's report and refresh the index; return the report's path. `recoveries`:
    what the run found damaged and set aside before rebuilding (`warehouse.recovery`)."""
    now = dt.datetime.now(dt.UTC)
    folder = ws.audit_reports
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now:%Y%m%dT%H%M%SZ}-{run_id[:8]}.html"
    intake = read_intake(ws, run_id) or {}
    with open_marts(ws.marts) as con:
        body = "\n".join(
            [
                _summary(con, intake, checks),
                _recoveries(recoveries or [], intake),
                _contents(),
                rejected(ws, path, intake),
                held(ws, path, intake),
                outliers(con),
                mismatches(con),
                late(con, intake),
                _checks(ws, path, checks),
                changes(con, intake),
                duplicates(con),
                received(ws, path, intake),
            ]
        )
    subtitle = f"Lần chạy / Run {run_id} · {now:%Y-%m-%d %H:%M} UTC" + (
        f" · phiên bản công bố / published version {version}" if version else ""
    )
    path.write_text(page("Báo cáo kiểm toán / Audit report", subtitle, body), encoding="utf-8")
    _write_index(folder)
    return path


def _summary(con, intake: dict, checks: list[CheckOutcome]) -> str:
    mismatches = con.execute(
        "select count(*) from mart_reconciliation where is_in_force and status = 'mismatch'"
    ).fetchone()[0]
    accepted, rejected = len(intake.get("accepted", [])), len(intake.get("rejected", []))
    return tiles(
        [
            ("tệp nhận / files received", accepted + rejected + len(intake.get("duplicates", []))),
            ("chấp nhận / accepted", accepted),
            ("từ chối / rejected", rejected),
            ("đã xử lý trước / already processed", len(intake.get("duplicates", []))),
            ("tổng không khớp / totals not matching", mismatches),
            ("kiểm tra đạt / checks passed", sum(c.passed for c in checks)),
            ("kiểm tra không đạt / checks failed", sum(not c.passed for c in checks)),
        ]
    )


def _recoveries(notes: list[dict], intake: dict) -> str:
    """Shown only when the run repaired something: a damaged warehouse it rebuilt, or files an
    interrupted run had stored but not loaded."""
    reloaded = len(intake.get("reloaded", []))
    if not notes and not reloaded:
        return ""
    section = heading("Khôi phục", "Recovered", "recovered")
    rows = [[esc(note["at"]), esc(note["message"])] for note in notes]
    if reloaded:
        rows.append(
            [
                "",
                esc(
                    f"Nạp lại từ archive/ {reloaded} tệp đã lưu nhưng chưa nạp. / "
                    f"{reloaded} file(s) stored but not loaded by an interrupted run, "
                    "reloaded from archive/."
                ),
            ]
        )
    return section + table(["Lúc / At", "Việc đã làm / What was done"], rows)


def _contents() -> str:
    sections = [
        ("rejected", "Từ chối / Rejected"),
        ("held", "Tạm giữ, phê duyệt / Held, approvals"),
        ("outliers", "Số liệu bất thường / Outliers"),
        ("reconciliation", "Tổng số không khớp / Totals not matching"),
        ("late", "Muộn, chưa nộp / Late, missing"),
        ("checks", "Kiểm tra / Checks"),
        ("changes", "Thay đổi / Changes"),
        ("duplicates", "Trùng giữa đơn vị / Across units"),
        ("received", "Hồ sơ nhận / Received"),
    ]
    return "<p>" + " · ".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in sections) + "</p>"


def _checks(ws: Workspace, path: Path, checks: list[CheckOutcome]) -> str:
    section = heading("Kết quả kiểm tra", "Checks passed and failed", "checks")
    docs = relative_link(path, ws.data_docs / "index.html", "Data Docs (Great Expectations)")
    docs += " · " + relative_link(path, ws.dbt_docs, "Tài liệu mô hình dbt / dbt docs")
    failed = [c for c in checks if not c.passed]
    kinds: dict[str, list[int]] = {}
    for check in checks:
        counts = kinds.setdefault(_family(check.check), [0, 0])
        counts[0 if check.passed else 1] += 1
    parts = [
        section,
        f"<p>{docs}</p>",
        table(
            ["Loại / Kind", "Đạt / Passed", "Không đạt / Failed"],
            [[esc(kind), str(p), str(f)] for kind, (p, f) in sorted(kinds.items())],
            numeric={1, 2},
        ),
    ]
    if failed:
        parts.append(
            table(
                ["Tài sản / Asset", "Kiểm tra / Check", "Mức / Severity"],
                [
                    [
                        esc(c.asset),
                        f"<code>{esc(c.check)}</code>",
                        '<span class="fail">chặn / blocking</span>'
                        if c.blocking
                        else '<span class="warn">cảnh báo / warning</span>',
                    ]
                    for c in failed
                ],
            )
        )
    suites = read_summary(ws.data_docs)
    examples = [
        [f"<code>{esc(s.suite)}</code>", esc(f.columns), str(f.unexpected), esc(f.examples[:5])]
        for s in suites
        for f in s.failures
    ]
    if examples:
        parts.append(
            table(
                ["Bộ kiểm tra / Suite", "Cột / Columns", "Số dòng / Rows", "Ví dụ / Examples"],
                examples,
                numeric={2},
            )
        )
    return "\n".join(parts)


def _family(name: str) -> str:
    if name in {suite.name for suite in SUITES}:
        return "Great Expectations"
    if name in {audit.name for audit in AUDITS}:
        return "audit (marts add up)"
    if name in {RAW_ROWS_CHECK, "files_accepted"}:
        return "pandera"
    return "dbt test"


def _write_index(folder: Path) -> None:
    reports = sorted((p for p in folder.glob("*.html") if p.name != "index.html"), reverse=True)
    rows = [[f'<a href="{esc(p.name)}">{esc(p.stem)}</a>'] for p in reports]
    body = table(["Báo cáo / Report (mới nhất trước / newest first)"], rows)
    (folder / "index.html").write_text(
        page("Báo cáo kiểm toán / Audit reports", "Mỗi lần chạy một báo cáo / one per run", body),
        encoding="utf-8",
    )
