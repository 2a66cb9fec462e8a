"""The published marts described, in Vietnamese and English: what each mart holds (its grain),
and what each column means. One source for three readers: the comments of every published table
and column (DuckDB's `COMMENT ON`, which BI tools show beside a column; Postgres's too when the
marts are served from it), and docs/data-dictionary.md (`python -m warehouse.data_dictionary`
writes it; a test keeps it and the marts in step: a new column is described or fails the suite).

A column name means the same in every mart that has it; where a mart gives it a narrower sense
its table's description says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

TABLES: dict[str, tuple[str, str]] = {
    "mart_approvals": (
        "Một dòng cho mỗi tỉnh × kỳ đã được phê duyệt hoặc mở lại",
        "One row per province × period approved or reopened",
    ),
    "mart_award_form_cells": (
        "Từng ô của biểu thống kê khen thưởng của Bộ Nội vụ, theo năm thống kê và tỉnh",
        "Every cell of the Home Affairs award-statistics forms, by statistical year and province",
    ),
    "mart_award_rows": (
        "Một dòng cho mỗi khen thưởng đã báo cáo, với tệp, trang và dòng của nó",
        "One row per award reported, with its file, sheet and row",
    ),
    "mart_award_statistics": (
        "Số khen thưởng theo năm thống kê × tỉnh × loại khen thưởng × đối tượng",
        "Awards by statistical year × province × award category × recipient type",
    ),
    "mart_awards": (
        "Số khen thưởng theo kỳ × tỉnh × cấp khen × hình thức × đối tượng, như đơn vị ghi",
        "Awards by period × province × authority × form × recipient type, as offices wrote them",
    ),
    "mart_codes": (
        "Nhãn tiếng Việt và tiếng Anh của mọi mã trong các bảng",
        "The Vietnamese and English labels of every code the marts hold",
    ),
    "mart_duplicate_models": (
        "Mô hình cùng tên, cùng kỳ và địa bàn được nhiều đơn vị đăng ký",
        "Models of the same name, period and place registered by more than one unit",
    ),
    "mart_inspection_rows": (
        "Một dòng cho mỗi dòng kiểm tra, giám sát đã báo cáo, với tệp, trang và dòng",
        "One row per inspection or supervision line reported, with its file, sheet and row",
    ),
    "mart_inspections": (
        "Số cuộc kiểm tra, giám sát và số tổ chức theo kỳ × đơn vị × hình thức",
        "Inspection and supervision sessions and organisations by period × unit × kind",
    ),
    "mart_model_outcomes": (
        "Kết quả của mô hình theo kỳ × đơn vị × mô hình × chỉ tiêu",
        "Outcomes of models by period × unit × model × indicator",
    ),
    "mart_provinces": (
        "Một dòng cho mỗi tỉnh trước sắp xếp 2025 (63), với tỉnh hiện nay mà nó thuộc về",
        "One row per province before the 2025 reform (63), with the province of today it joined",
    ),
    "mart_models": (
        "Một dòng cho mỗi mô hình, qua các năm",
        "One row per model, its identity across the years",
    ),
    "mart_outcome_rows": (
        "Một dòng cho mỗi dòng kết quả đã báo cáo, với tệp, trang và dòng",
        "One row per outcome line reported, with its file, sheet and row",
    ),
    "mart_outliers": (
        "Số liệu của đơn vị khác xa các kỳ trước, và việc theo dõi",
        "Figures far out of line with the unit's earlier periods, and their follow-up",
    ),
    "mart_phase_models": (
        "Số mô hình theo giai đoạn × tỉnh × lĩnh vực × cấp",
        "Models by phase × province × field × level",
    ),
    "mart_recognition_rows": (
        "Một dòng cho mỗi dòng đề nghị, công nhận đã báo cáo, với tệp, trang và dòng",
        "One row per proposal or recognition reported, with its file, sheet and row",
    ),
    "mart_recognitions": (
        "Số đề nghị, công nhận theo kỳ × đơn vị × cấp × loại chủ thể × lĩnh vực × chủ đề",
        "Proposals and recognitions by period × unit × level × owner type × field × theme",
    ),
    "mart_reconciliation": (
        "Số tổng hợp đơn vị tự ghi, đối chiếu với số tính từ các dòng",
        "The totals an office claimed, set against what its rows give",
    ),
    "mart_registration_rows": (
        "Một dòng cho mỗi mô hình đăng ký, với tệp, trang và dòng",
        "One row per registration, with its file, sheet and row",
    ),
    "mart_registrations": (
        "Số mô hình đăng ký theo kỳ × đơn vị × lĩnh vực × chủ đề × cấp × tình trạng × chủ thể",
        "Registrations by period × unit × field × theme × level × status × owner type",
    ),
    "mart_submission_changes": (
        "Những gì một phiên bản báo cáo thay đổi so với phiên bản trước",
        "What each version of a report changed from the one before",
    ),
    "mart_submission_status": (
        "Tình hình nộp báo cáo: mỗi đơn vị × kỳ phải báo cáo",
        "Reporting status: one row per unit × period it must report",
    ),
}

COLUMNS: dict[str, tuple[str, str]] = {
    "accepted": ("Có tệp được chấp nhận", "A file was accepted"),
    "approval_note": ("Ghi chú khi phê duyệt", "The note given with the approval"),
    "approved_by": ("Người phê duyệt", "Who approved"),
    "approved_on": ("Thời điểm phê duyệt", "When it was approved"),
    "arrived_on": ("Ngày tệp đến", "The day the file arrived"),
    "award_categories": ("Các loại khen thưởng ô này cộng", "The award categories the cell sums"),
    "award_category": ("Loại khen thưởng theo danh mục", "The award category of the catalogue"),
    "award_form": ("Hình thức khen thưởng như đơn vị ghi", "Form of award, as written"),
    "award_level": ("Cấp của loại khen thưởng", "Level of the award category"),
    "awarding_authority": ("Cấp hoặc cơ quan khen thưởng", "Who gave the award"),
    "awards": ("Số khen thưởng", "Number of awards"),
    "baseline_median": ("Trung vị của các kỳ trước", "Median of the earlier periods"),
    "breakdown": ("Phân loại của chỉ tiêu tổng hợp (trống: tổng số)", "Breakdown (empty: total)"),
    "change": ("Loại thay đổi: thêm, bớt, sửa", "Kind of change: added, removed, changed"),
    "changed_at": ("Thời điểm thay đổi trạng thái", "When the state last changed"),
    "changed_columns": ("Các cột thay đổi", "The columns that changed"),
    "circular": ("Văn bản quy định biểu", "The circular that sets the form"),
    "claimed": ("Số đơn vị tự ghi", "The figure the office claimed"),
    "code": ("Mã", "Code"),
    "code_set": ("Bộ mã", "Code set"),
    "column_code": ("Mã cột của biểu", "The form's column code"),
    "column_label": ("Tên cột của biểu", "The form's column label"),
    "column_order": ("Thứ tự cột", "Column order"),
    "computed": ("Số tính từ các dòng", "The figure the rows give"),
    "current_province_code": ("Mã tỉnh hiện nay (sau sắp xếp 2025)", "Province code today"),
    "current_province_name": ("Tên tỉnh hiện nay (sau sắp xếp 2025)", "Province name today"),
    "deadline": ("Hạn nộp", "Deadline"),
    "decision_date": ("Ngày quyết định", "Date of the decision"),
    "decision_no": ("Số quyết định", "Decision number"),
    "difference": ("Chênh lệch: số tự ghi trừ số tính", "Claimed minus computed"),
    "due": ("Hạn gửi biểu", "When the form is due"),
    "earlier_periods": ("Số kỳ trước được so sánh", "Earlier periods compared"),
    "expected": ("Đơn vị phải báo cáo kỳ này", "The unit must report this period"),
    "field": ("Lĩnh vực (mã, xem mart_codes)", "Field (code, see mart_codes)"),
    "first_period": ("Kỳ đầu tiên mô hình xuất hiện", "First period the model appears in"),
    "follow_up": ("Việc theo dõi: mở, xác nhận, đã giải trình", "Follow-up state"),
    "follow_up_note": ("Ghi chú theo dõi", "Follow-up note"),
    "followed_up_at": ("Thời điểm theo dõi", "When it was followed up"),
    "followed_up_by": ("Người theo dõi", "Who followed it up"),
    "form_code": ("Mã biểu", "Form code"),
    "form_title": ("Tên biểu", "Form title"),
    "held_files": ("Số tệp đang tạm giữ", "Files held now"),
    "highest_recognition_level": ("Cấp công nhận cao nhất", "Highest level recognised"),
    "in_force_submission_id": ("Tệp có hiệu lực (mã nội dung)", "The file in force (content id)"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "is_approved": ("Kỳ đã được tỉnh phê duyệt", "The period is approved by its province"),
    "is_held": ("Ô có khen thưởng của kỳ đang tạm giữ", "The cell counts held periods"),
    "is_identity_inferred": ("Nhận diện mô hình theo tên (không có mã)", "Identified by name"),
    "is_in_force": ("Tệp đang có hiệu lực", "The file is in force"),
    "is_late": ("Nộp muộn", "Sent late"),
    "is_missing": ("Chưa nộp khi đã quá hạn", "Missing after the deadline"),
    "item_label": ("Dòng bị thay đổi", "The item changed"),
    "kind": ("Hình thức: kiểm tra hay giám sát", "Kind: inspection or supervision"),
    "label_en": ("Nhãn tiếng Anh", "English label"),
    "label_vi": ("Nhãn tiếng Việt", "Vietnamese label"),
    "last_period": ("Kỳ gần nhất mô hình xuất hiện", "Last period the model appears in"),
    "last_reopen_reason": ("Lý do mở lại gần nhất", "Reason of the last reopening"),
    "latest_status": ("Tình trạng gần nhất", "Latest status"),
    "latest_version": ("Phiên bản mới nhất đã nhận", "Latest version received"),
    "level": ("Cấp (mã, xem mart_codes)", "Level (code, see mart_codes)"),
    "measure": ("Số liệu được so sánh", "The figure compared"),
    "model_code": ("Mã mô hình của đơn vị", "The unit's model code"),
    "model_key": ("Khóa mô hình: đơn vị và mã, hoặc tên", "Model key: unit and code, or name"),
    "model_name": ("Tên mô hình", "Model name"),
    "model_name_key": ("Tên mô hình đã chuẩn hóa để so khớp", "Model name folded for matching"),
    "models": ("Số mô hình khác nhau", "Distinct models"),
    "not_recognized": ("Số không được công nhận", "Not recognised"),
    "on_time": ("Nộp đúng hạn", "Sent on time"),
    "organisations": ("Số tổ chức, đơn vị được kiểm tra, giám sát", "Organisations covered"),
    "original_name": ("Tên tệp như đơn vị gửi", "File name as sent"),
    "out_of": ("Trên tổng số", "Out of"),
    "outcome": ("Kết quả: đề nghị, công nhận, không công nhận", "Outcome of the proposal"),
    "owner_name": ("Tập thể thực hiện (không ghi tên cá nhân)", "Collective owner (no persons)"),
    "owner_type": ("Tập thể hay cá nhân", "Collective or individual"),
    "period_code": ("Kỳ báo cáo: 2023, 2023-H1, 2023-Q1", "Reporting period"),
    "period_end": ("Ngày cuối kỳ", "Last day of the period"),
    "period_start": ("Ngày đầu kỳ", "First day of the period"),
    "period_type": ("Loại kỳ: năm, 6 tháng, quý", "Period type: year, half, quarter"),
    "phase_code": ("Giai đoạn", "Phase"),
    "phase_end": ("Ngày cuối giai đoạn", "Last day of the phase"),
    "phase_start": ("Ngày đầu giai đoạn", "First day of the phase"),
    "place_code": ("Mã địa bàn", "Place code"),
    "previous_original_name": ("Tên tệp của phiên bản trước", "Previous version's file name"),
    "previous_row_number": ("Dòng ở phiên bản trước", "Row in the previous version"),
    "previous_submission_id": ("Mã nội dung của phiên bản trước", "Previous version's content id"),
    "previous_version": ("Phiên bản trước", "Previous version"),
    "proposed": ("Số đề nghị", "Proposed"),
    "province_code": ("Mã tỉnh như khi báo cáo", "Province code as reported"),
    "province_name": ("Tên tỉnh như khi báo cáo", "Province name as reported"),
    "received": ("Đã nhận tệp", "A file was received"),
    "receiving_body": ("Nơi nhận biểu", "Who receives the form"),
    "recipient_type": ("Đối tượng: tập thể hay cá nhân", "Recipient: collective or individual"),
    "recognition_level": ("Cấp đề nghị, công nhận", "Level of the proposal or recognition"),
    "recognized": ("Số được công nhận", "Recognised"),
    "registrations": ("Số lượt đăng ký", "Registrations"),
    "rejected_files": ("Số tệp bị từ chối", "Files rejected"),
    "reopen_count": ("Số lần mở lại", "Times reopened"),
    "replicated_from": ("Mô hình gốc được nhân rộng", "The model it replicates"),
    "replicated_from_code": ("Mã mô hình gốc như đơn vị ghi", "Origin code as written"),
    "replications": ("Số mô hình nhân rộng từ mô hình này", "Models replicated from it"),
    "row_code": ("Mã dòng của biểu", "The form's row code"),
    "row_group": ("Nhóm dòng của biểu", "The form's row group"),
    "row_label": ("Tên dòng của biểu", "The form's row label"),
    "row_number": ("Số dòng trong trang tính", "Row number in the sheet"),
    "row_order": ("Thứ tự dòng", "Row order"),
    "row_unit_label": ("Đơn vị tính của dòng", "The row's unit of count"),
    "rule": ("Quy tắc phát hiện", "Detection rule"),
    "score": ("Mức chênh so với các kỳ trước", "Score against the earlier periods"),
    "sessions": ("Số cuộc", "Sessions"),
    "share": ("Tỷ lệ: giá trị chia tổng số", "Share: value over out_of"),
    "sheet_name": ("Tên trang tính", "Sheet name"),
    "sort_order": ("Thứ tự hiển thị", "Display order"),
    "state": ("Trạng thái: đã duyệt hay mở lại", "State: approved or reopened"),
    "statistical_year": ("Năm thống kê thi đua (1/12 năm trước đến 30/11)", "Statistical year"),
    "status": ("Tình trạng (mã, xem mart_codes)", "Status (code, see mart_codes)"),
    "submission_id": ("Mã nội dung của tệp (SHA-256)", "The file's content id (SHA-256)"),
    "submitted_on": ("Ngày gửi ghi trong tệp", "Date sent, as the file says"),
    "theme": ("Chủ đề", "Theme"),
    "unit_code": ("Mã đơn vị báo cáo", "Reporting unit code"),
    "unit_name": ("Tên đơn vị báo cáo", "Reporting unit name"),
    "unit_of_measure": ("Đơn vị tính", "Unit of measure"),
    "unit_type": ("Loại đơn vị: huyện, xã, khối …", "Unit type"),
    "units_registering": ("Số đơn vị đăng ký cùng mô hình", "Units registering it"),
    "value": ("Giá trị", "Value"),
    "version": ("Phiên bản", "Version"),
}


def comment(vi: str, en: str) -> str:
    return f"{vi} / {en}"


def comment_statements(catalog: str, schema: str, tables: dict[str, list[str]]) -> list[str]:
    """`COMMENT ON` for each described table and column of `tables` (name → its columns)."""
    statements = []
    for table, columns in tables.items():
        relation = f"{catalog}.{schema}.{table}" if catalog else f"{schema}.{table}"
        if table in TABLES:
            statements.append(f"comment on table {relation} is {_quoted(comment(*TABLES[table]))}")
        for column in columns:
            if column in COLUMNS:
                text = _quoted(comment(*COLUMNS[column]))
                statements.append(f"comment on column {relation}.{column} is {text}")
    return statements


def undescribed(tables: dict[str, list[str]]) -> list[str]:
    """Tables and columns the dictionary does not describe: a new one must be."""
    missing = [table for table in tables if table not in TABLES]
    missing += sorted({c for columns in tables.values() for c in columns} - set(COLUMNS))
    return missing


def markdown(tables: dict[str, list[str]]) -> str:
    lines = [
        "# Data dictionary",
        "",
        "What each published mart holds and what its columns mean, in Vietnamese and English.",
        "Written by `python -m warehouse.data_dictionary` from `warehouse/data_dictionary.py`,",
        "which also comments every published table and column (DuckDB's and Postgres's",
        "`COMMENT ON`: BI tools show them beside the column). Coded columns hold codes whose",
        "labels are in `mart_codes`.",
        "",
    ]
    for table, columns in sorted(tables.items()):
        vi, en = TABLES[table]
        lines += [f"## `{table}`", "", f"{vi}. *{en}.*", "", "| column | nghĩa | meaning |"]
        lines.append("| --- | --- | --- |")
        lines += [f"| `{c}` | {COLUMNS[c][0]} | {COLUMNS[c][1]} |" for c in columns]
        lines.append("")
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


if __name__ == "__main__":  # python -m warehouse.data_dictionary MARTS_FILE [OUT]
    import duckdb

    with duckdb.connect(sys.argv[1], read_only=True) as con:
        rows = con.execute(
            "select table_name, list(column_name order by column_index) from duckdb_columns() "
            "where database_name = current_database() and schema_name = 'main' group by 1"
        ).fetchall()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/data-dictionary.md")
    out.write_text(markdown(dict(rows)), encoding="utf-8")
