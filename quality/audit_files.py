"""The audit report's sections on the run's files: received, rejected (by rule, sheet, row and
column, never the value), and held because their period is approved; each links to the files'
receipts."""

from __future__ import annotations

from pathlib import Path

from ingestion.check.receipts import receipt_path
from ingestion.decisions import approvals
from quality.html_pages import SHOWN, esc, heading, relative_link, table
from quality.run_records import receipts_of
from warehouse.workspace import Workspace


def received(ws: Workspace, path: Path, intake: dict) -> str:
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
            relative_link(
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


def rejected(ws: Workspace, path: Path, intake: dict) -> str:
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
                    relative_link(
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


def held(ws: Workspace, path: Path, intake: dict) -> str:
    """The files this run held, the files it took in after a reopening, and the approvals log."""
    section = heading("Hồ sơ tạm giữ và phê duyệt", "Held files and approvals", "held")
    held = list(receipts_of(ws, intake.get("held", [])[:SHOWN]))
    rows = [
        [
            relative_link(path, receipt_path(ws.receipts, r["submission_id"], "html"), r["file"]),
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
