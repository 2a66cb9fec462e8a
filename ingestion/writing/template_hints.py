"""What the blank template tells the person filling it in, in Vietnamese: the message shown when a
header cell is selected, and the headings of the `Danh mục` sheet's lists.

The format's own descriptions (`Column.description`) are English, for the contract and the data
team; a clerk reads these. A column without a hint here shows its header.
"""

from __future__ import annotations

HINTS: dict[tuple[str, str], str] = {
    ("submission", "unit_code"): "mã đơn vị báo cáo, chọn trong danh sách",
    ("submission", "period"): "kỳ báo cáo: 2026 (cả năm), 2026-H1 (6 tháng), 2026-Q1 (quý)",
    ("submission", "submitted_on"): "ngày gửi báo cáo",
    ("submission", "version"): "số nguyên; gửi lại thì tăng số, phiên bản sau thay phiên bản trước",
    ("submission", "prepared_by"): "họ tên người lập biểu",
    ("submission", "contact"): "điện thoại hoặc thư điện tử của người lập biểu",
    ("registrations", "model_code"): "mã riêng của đơn vị cho mô hình, giữ nguyên qua các kỳ",
    ("registrations", "model_name"): "tên mô hình",
    ("registrations", "field"): "lĩnh vực của mô hình",
    ("registrations", "theme"): "chủ đề, ghi tự do hoặc theo danh mục",
    ("registrations", "owner_type"): "tập thể hay cá nhân",
    ("registrations", "owner_name"): "tổ chức hoặc người thực hiện mô hình",
    ("registrations", "level"): "cấp của mô hình (từ 1/7/2025 không còn cấp huyện)",
    ("registrations", "location_code"): "mã chính thức của xã, phường nơi thực hiện",
    ("registrations", "status"): "mới, duy trì hay nhân rộng",
    ("registrations", "replicated_from"): "mã mô hình gốc, hoặc MÃ ĐƠN VỊ:MÃ MÔ HÌNH",
    ("registrations", "started_on"): "ngày mô hình bắt đầu",
    ("recognitions", "owner_unit_code"): "đơn vị đã đăng ký mô hình, nếu là đơn vị khác",
    ("recognitions", "model_code"): "mã mô hình được đề nghị hoặc công nhận",
    ("recognitions", "model_name"): "tên mô hình, nếu không có mã",
    ("recognitions", "recognition_level"): "cấp đề nghị hoặc công nhận",
    ("recognitions", "outcome"): "đề nghị, công nhận hay không công nhận",
    ("recognitions", "owner_type"): "tập thể hay cá nhân",
    ("recognitions", "recognizing_body"): "cơ quan công nhận; bắt buộc khi đã quyết định",
    ("recognitions", "decision_no"): "số quyết định; bắt buộc khi đã công nhận",
    ("recognitions", "decision_date"): "ngày quyết định, không sau ngày gửi",
    ("awards", "recipient_type"): "tập thể hay cá nhân",
    ("awards", "recipient_name"): "tên tập thể hoặc cá nhân được khen",
    ("awards", "award_form"): "hình thức khen thưởng",
    ("awards", "awarding_authority"): "cấp hoặc cơ quan khen thưởng",
    ("awards", "decision_no"): "số quyết định khen thưởng",
    ("awards", "decision_date"): "ngày quyết định khen thưởng",
    ("awards", "model_code"): "mã mô hình được khen, nếu có",
    ("awards", "reason"): "thành tích",
    ("claimed_totals", "indicator"): "chỉ tiêu tổng hợp",
    ("claimed_totals", "breakdown"): "để trống (tổng số), hoặc phân loại trong danh sách",
    ("claimed_totals", "value"): "số nguyên",
    ("outcomes", "model_code"): "mã mô hình (cả MÃ ĐƠN VỊ:MÃ MÔ HÌNH)",
    ("outcomes", "model_name"): "tên mô hình, nếu không có mã",
    ("outcomes", "indicator"): "điều được đếm, ví dụ: hồ sơ tiếp nhận",
    ("outcomes", "value"): "số ≥ 0; 7.811 là bảy nghìn tám trăm mười một, 12,5 là mười hai rưỡi",
    ("outcomes", "unit_of_measure"): "lò, hồ sơ, hộ, người …",
    ("outcomes", "out_of"): "trên tổng số: một số không nhỏ hơn giá trị",
    ("outcomes", "note"): "ghi chú",
    ("inspections", "kind"): "kiểm tra hay giám sát",
    ("inspections", "sessions"): "số cuộc",
    ("inspections", "organisations"): "số tổ chức, đơn vị được kiểm tra, giám sát",
    ("inspections", "topic"): "nội dung",
}

LIST_HEADINGS: dict[str, str] = {
    "field": "Lĩnh vực",
    "owner_type": "Tập thể / cá nhân",
    "level": "Cấp",
    "recognition_level": "Cấp công nhận",
    "status": "Tình trạng",
    "outcome": "Kết quả",
    "award_form": "Hình thức khen thưởng",
    "indicator": "Chỉ tiêu",
    "breakdown": "Phân loại",
    "kind": "Hình thức kiểm tra, giám sát",
    "recipient_type": "Đối tượng",
    "period": "Kỳ báo cáo",
    "unit_code": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
}
"""Headings of the `Danh mục` sheet's lists, by the list's code-set name."""


def hint(sheet_key: str, column_key: str, header: str) -> str:
    return HINTS.get((sheet_key, column_key), header)
