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
import os
from dataclasses import dataclass
from pathlib import Path

from ingestion.check.receipts import receipt_path
from ingestion.decisions import approvals
from quality.expectation_suites import SUITES
from quality.gx_validation import read_summary
from quality.html_pages import esc, heading, page, table, tiles
from quality.mart_audits import AUDITS
from quality.raw_rows import CHECK_NAME as RAW_ROWS_CHECK
from quality.run_records import read_intake, receipts_of
from warehouse.publish import open_marts
from warehouse.workspace import Workspace

SHOWN = 200
"""Rows shown per table; the marts hold the rest."""


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
                _rejected(ws, path, intake),
                _held(ws, path, intake),
                _outliers(con),
                _mismatches(con),
                _late(con, intake),
                _checks(ws, path, checks),
                _changes(con, intake),
                _duplicates(con),
                _received(ws, path, intake),
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


def _link(from_page: Path, target: Path, text: str) -> str:
    return f'<a href="{esc(os.path.relpath(target, from_page.parent))}">{esc(text)}</a>'


def _received(ws: Workspace, path: Path, intake: dict) -> str:
    ids = [*intake.get("accepted", []), *intake.get("rejected", [])]
    receipts = list(receipts_of(ws, ids[:SHOWN]))
    rows = [
        [
            esc(r["file"]),
            esc(f"cổng / portal: {r['uploaded_by']}" if r.get("uploaded_by") else "inbox/"),
            esc(r.get("unit_code") or "?"),
            esc(r.get("period_code") or "?"),
            esc(r.get("version") or ""),
            '<span class="pass">chấp nhận / accepted</span>'
            if r["outcome"] == "accepted"
            else '<span class="fail">từ chối / rejected</span>',
            str(r["errors"]),
            str(r["warnings"]),
            _link(
                path, receipt_path(ws.receipts, r["submission_id"], "html"), "biên nhận / receipt"
            ),
        ]
        for r in receipts[:SHOWN]
    ]
    duplicates = intake.get("duplicates", [])
    note = (
        f"<p>Đã xử lý trước (cùng nội dung) / Already processed (same content): "
        f"{esc(', '.join(duplicates))}</p>"
        if duplicates
        else ""
    )
    if not rows:
        return heading("Hồ sơ nhận được", "Submissions received", "received") + (
            "<p>Lần chạy này không nhận tệp mới. / This run received no new file.</p>" + note
        )
    return (
        heading("Hồ sơ nhận được", "Submissions received", "received")
        + table(
            [
                "Tệp / File",
                "Gửi qua / Sent through",
                "Đơn vị / Unit",
                "Kỳ / Period",
                "Phiên bản / Version",
                "Kết quả / Outcome",
                "Lỗi / Errors",
                "Cảnh báo / Warnings",
                "Biên nhận / Receipt",
            ],
            rows,
            numeric={6, 7},
        )
        + note
    )


def _rejected(ws: Workspace, path: Path, intake: dict) -> str:
    section = heading("Hồ sơ bị từ chối và lý do", "Rejected submissions and reasons", "rejected")
    rejected = intake.get("rejected", [])
    if not rejected:
        return section + "<p>Không có. / None.</p>"
    rows = []
    for receipt in receipts_of(ws, rejected):
        if len(rows) >= SHOWN:
            break
        for finding in receipt["findings"]:
            if finding["severity"] != "error":
                continue
            rows.append(
                [
                    _link(
                        path,
                        receipt_path(ws.receipts, receipt["submission_id"], "html"),
                        receipt["file"],
                    ),
                    f"<code>{esc(finding['rule'])}</code>",
                    esc(finding["sheet"] or ""),
                    esc(finding["row"] or ""),
                    esc(finding["column"] or ""),
                    f"{esc(finding['message_vi'])}<br><i>{esc(finding['message_en'])}</i>",
                ]
            )
    return section + table(
        [
            "Tệp / File",
            "Quy tắc / Rule",
            "Trang tính / Sheet",
            "Dòng / Row",
            "Cột / Column",
            "Lý do / Reason",
        ],
        rows[:SHOWN],
    )


def _held(ws: Workspace, path: Path, intake: dict) -> str:
    """The files this run held, the files it took in after a reopening, and the approvals log."""
    section = heading("Hồ sơ tạm giữ và phê duyệt", "Held files and approvals", "held")
    held = list(receipts_of(ws, intake.get("held", [])[:SHOWN]))
    rows = [
        [
            _link(path, receipt_path(ws.receipts, r["submission_id"], "html"), r["file"]),
            esc(r.get("unit_code") or "?"),
            esc(r.get("period_code") or "?"),
            esc(next((f["value"] for f in r["findings"] if f["rule"] == "PERIOD_APPROVED"), "")),
        ]
        for r in held
    ]
    body = (
        table(["Tệp / File", "Đơn vị / Unit", "Kỳ / Period", "Phê duyệt / Approval"], rows)
        if rows
        else "<p>Lần chạy này không tạm giữ tệp nào. / This run held no file.</p>"
    )
    released = intake.get("released", [])
    if released:
        body += (
            f"<p>Tiếp nhận lại sau khi mở lại kỳ / Taken in after a reopening: {len(released)} "
            "tệp / file(s).</p>"
        )
    log = approvals.events(ws)
    if log:
        body += table(
            [
                "Thời gian / When",
                "Việc / Action",
                "Tỉnh / Province",
                "Kỳ / Period",
                "Người / By",
                "Ghi chú, lý do / Note, reason",
            ],
            [
                [
                    esc(e.at),
                    esc(
                        "phê duyệt / approve"
                        if e.action == approvals.APPROVE
                        else "mở lại / reopen"
                    ),
                    esc(e.province),
                    esc(e.period),
                    esc(e.by),
                    esc(e.note),
                ]
                for e in log[-SHOWN:]
            ],
        )
    return section + body


def _outliers(con) -> str:
    section = heading(
        "Số liệu bất thường so với các kỳ trước", "Outliers against earlier periods", "outliers"
    )
    rows = con.execute(
        """
        select period_code, unit_code, unit_name, measure, value, baseline_median, rule, score,
            follow_up, follow_up_note
        from mart_outliers
        order by follow_up = 'open' desc, period_code desc, unit_code, measure
        """
    ).fetchall()
    if not rows:
        return section + "<p>Không có. / None.</p>"
    intro = (
        "<p>Không chặn công bố; kiểm toán viên ghi kết luận bằng <code>dvk followup</code>. / "
        "Never blocks a publish; an auditor records a decision with <code>dvk followup</code>.</p>"
    )
    shown = [
        [
            esc(a),
            esc(b),
            esc(c),
            esc(d),
            esc(e),
            esc(f"{f:g}"),
            esc(g),
            esc(f"{h:.2f}"),
            esc(i),
            esc(j or ""),
        ]
        for a, b, c, d, e, f, g, h, i, j in rows[:SHOWN]
    ]
    return (
        section
        + intro
        + table(
            [
                "Kỳ / Period",
                "Mã đơn vị / Unit",
                "Đơn vị / Unit name",
                "Chỉ tiêu / Measure",
                "Giá trị / Value",
                "Trung vị trước / Earlier median",
                "Quy tắc / Rule",
                "Điểm / Score",
                "Theo dõi / Follow-up",
                "Giải trình / Explanation",
            ],
            shown,
            numeric={4, 5, 7},
        )
    )


def _late(con, intake: dict) -> str:
    section = heading("Đơn vị nộp muộn hoặc chưa nộp", "Late and missing units", "late")
    periods = intake.get("periods", [])
    if not periods:
        return section + "<p>Lần chạy này không có kỳ báo cáo mới. / No period this run.</p>"
    rows = con.execute(
        """
        select period_code, province_name, unit_code, unit_name,
            case
                when is_late then 'muộn / late'
                when received then 'chỉ có tệp bị từ chối / rejected files only'
                else 'chưa nộp / missing'
            end,
            deadline, submitted_on, arrived_on
        from mart_submission_status
        where period_code in (select unnest(?)) and (is_late or is_missing)
        order by period_code, province_name, unit_code
        """,
        [periods],
    ).fetchall()
    intro = f"<p>Các kỳ của lần chạy này / Periods of this run: {esc(', '.join(periods))}</p>"
    if not rows:
        return section + intro + "<p>Không có. / None.</p>"
    return (
        section
        + intro
        + table(
            [
                "Kỳ / Period",
                "Tỉnh / Province",
                "Mã đơn vị / Unit",
                "Đơn vị / Unit name",
                "Tình trạng / Status",
                "Hạn / Deadline",
                "Ngày gửi (khai) / Sent (declared)",
                "Ngày đến / Arrived",
            ],
            [[esc(value) for value in row] for row in rows[:SHOWN]],
        )
    )


def _mismatches(con) -> str:
    section = heading(
        "Tổng số tự khai không khớp với số dòng",
        "Claimed totals that the rows do not bear out",
        "reconciliation",
    )
    rows = con.execute(
        """
        select province_name, period_code, unit_code, unit_name, original_name, indicator,
            coalesce(breakdown, ''), claimed, computed, difference
        from mart_reconciliation
        where is_in_force and status = 'mismatch'
        order by province_name, period_code, unit_code, indicator, breakdown
        """
    ).fetchall()
    if not rows:
        return section + "<p>Mọi tổng số đều khớp. / Every claimed total matches.</p>"
    parts = [section, "<p>Nguồn / Source: <code>marts.mart_reconciliation</code></p>"]
    groups: dict[tuple[str, str], list] = {}
    for row in rows:
        groups.setdefault((row[0], row[1]), []).append(row[2:])
    for (province, period), members in groups.items():
        parts.append(f"<h3>{esc(province)} · {esc(period)}</h3>")
        parts.append(
            table(
                [
                    "Mã đơn vị / Unit",
                    "Đơn vị / Unit name",
                    "Tệp / File",
                    "Chỉ tiêu / Indicator",
                    "Phân tổ / Breakdown",
                    "Tự khai / Claimed",
                    "Tính từ dòng / Computed",
                    "Chênh lệch / Difference",
                ],
                [[esc(value) for value in member] for member in members],
                numeric={5, 6, 7},
            )
        )
    return "\n".join(parts)


def _duplicates(con) -> str:
    section = heading(
        "Mô hình do nhiều đơn vị cùng đăng ký", "Models registered by several units", "duplicates"
    )
    rows = con.execute(
        """
        select period_code, any_value(model_name), place_code,
            string_agg(distinct unit_code, ', ' order by unit_code), count(*)
        from mart_duplicate_models
        group by period_code, model_name_key, place_code
        order by period_code desc, 2
        """
    ).fetchall()
    rule = (
        "<p>Mỗi đơn vị được tính mô hình mình đăng ký; danh sách này để kiểm tra lại với đơn vị. "
        "/ Each unit's registration counts for that unit; this list is for checking with the "
        "units (<code>marts.mart_duplicate_models</code>, docs/audit.md).</p>"
    )
    if not rows:
        return section + "<p>Không có. / None.</p>"
    return (
        section
        + rule
        + f"<p>{len(rows)} mô hình / models.</p>"
        + table(
            [
                "Kỳ / Period",
                "Mô hình / Model",
                "Địa bàn / Place",
                "Đơn vị / Units",
                "Số dòng / Rows",
            ],
            [[esc(value) for value in row] for row in rows[:SHOWN]],
            numeric={4},
        )
    )


def _changes(con, intake: dict) -> str:
    section = heading(
        "Thay đổi so với phiên bản trước", "Changes against earlier versions", "changes"
    )
    ids = intake.get("accepted", [])
    rows = con.execute(
        """
        select period_code, unit_code, original_name, previous_original_name, sheet_name,
            count(*) filter (where change = 'added'),
            count(*) filter (where change = 'removed'),
            count(*) filter (where change = 'changed')
        from mart_submission_changes
        where submission_id in (select unnest(?))
        group by all
        order by all
        """,
        [ids],
    ).fetchall()
    if not rows:
        return section + "<p>Không có phiên bản mới thay thế. / No new version replaced one.</p>"
    return (
        section
        + "<p>Chi tiết từng dòng / Row by row: <code>marts.mart_submission_changes</code></p>"
        + table(
            [
                "Kỳ / Period",
                "Đơn vị / Unit",
                "Tệp mới / New file",
                "Tệp trước / Previous file",
                "Trang tính / Sheet",
                "Thêm / Added",
                "Bỏ / Removed",
                "Sửa / Changed",
            ],
            [[esc(value) for value in row] for row in rows[:SHOWN]],
            numeric={5, 6, 7},
        )
    )


def _checks(ws: Workspace, path: Path, checks: list[CheckOutcome]) -> str:
    section = heading("Kết quả kiểm tra", "Checks passed and failed", "checks")
    docs = _link(path, ws.data_docs / "index.html", "Data Docs (Great Expectations)")
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
