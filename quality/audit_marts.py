"""The audit report's sections read from the published marts: outliers and their follow-ups,
claimed totals the rows do not bear out, late and missing units, what new versions changed, and
models several units registered."""

from __future__ import annotations

from quality.html_pages import SHOWN, esc, heading, table


def outliers(con) -> str:
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


def late(con, intake: dict) -> str:
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


def mismatches(con) -> str:
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


def duplicates(con) -> str:
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


def changes(con, intake: dict) -> str:
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
