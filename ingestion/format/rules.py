"""Every check a submission goes through, as data: id, severity, and a message in two languages.

Receipts cite these ids; docs/rules.md lists them all (a test keeps the two in step).

Over 300 lines, and one module on purpose: most of it is the catalogue itself, a rule a few
lines; one table, read whole by receipts, the docs and the tests, is easier to keep complete
than several.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from ingestion.format.cells import shown


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    message_vi: str
    message_en: str


_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "PERIOD_APPROVED",
            _W,
            "Kỳ báo cáo đã được tỉnh phê duyệt: tệp được tạm giữ, chưa tính vào số liệu",
            "The province has approved this period: the file is held, not counted yet",
        ),
        Rule("FILE_UNREADABLE", _E, "Không đọc được tệp", "The file cannot be read"),
        Rule(
            "FILE_TYPE",
            _E,
            "Định dạng tệp không được hỗ trợ",
            "This file type is not accepted",
        ),
        Rule(
            "SHEET_MISSING",
            _E,
            "Thiếu trang tính bắt buộc",
            "A required sheet is missing",
        ),
        Rule(
            "SHEET_IGNORED",
            _W,
            "Trang tính không được xử lý",
            "This sheet is not processed",
        ),
        Rule("HEADER_MISSING", _E, "Thiếu cột bắt buộc", "A required column is missing"),
        Rule("COLUMN_IGNORED", _W, "Cột không được xử lý", "This column is not processed"),
        Rule(
            "VALUE_REQUIRED",
            _E,
            "Thiếu giá trị bắt buộc",
            "A required value is missing",
        ),
        Rule(
            "CODE_UNKNOWN",
            _E,
            "Giá trị không có trong danh mục",
            "The value is not in the list",
        ),
        Rule("DATE_INVALID", _E, "Ngày không hợp lệ", "The date cannot be read"),
        Rule(
            "DATE_FUTURE",
            _E,
            "Ngày sau ngày gửi báo cáo",
            "The date is after the submission date",
        ),
        Rule(
            "VERSION_INVALID",
            _E,
            "Phiên bản phải là số nguyên từ 1 đến 999",
            "The version must be a whole number from 1 to 999",
        ),
        Rule(
            "SUBMITTED_FUTURE",
            _W,
            "Ngày gửi sau ngày hôm nay",
            "The submission date is after today",
        ),
        Rule(
            "ROW_REPEATED",
            _W,
            "Dòng không có mã mô hình trùng hệt một dòng khác",
            "A row without a model code repeats another row exactly",
        ),
        Rule(
            "PERIOD_INVALID",
            _E,
            "Kỳ báo cáo không hợp lệ",
            "The reporting period is not valid",
        ),
        Rule(
            "UNIT_UNKNOWN",
            _E,
            "Mã đơn vị không có trong danh mục",
            "The unit is not registered",
        ),
        Rule(
            "UNIT_INACTIVE",
            _E,
            "Đơn vị không còn hiệu lực trong kỳ báo cáo",
            "The unit is not valid for this reporting period",
        ),
        Rule(
            "ORIGIN_REQUIRED",
            _E,
            "Mô hình nhân rộng phải ghi mô hình gốc",
            "A replicated model must name its origin",
        ),
        Rule(
            "LEVEL_AFTER_REFORM",
            _E,
            "Không còn cấp huyện từ ngày 01/7/2025",
            "There is no district level from 1 July 2025",
        ),
        Rule(
            "MODEL_CODE_DUPLICATE",
            _E,
            "Mã mô hình bị trùng trong tệp",
            "The model code appears twice in the file",
        ),
        Rule(
            "NO_ROWS",
            _W,
            "Tệp không có dòng dữ liệu nào",
            "The file has no data rows in any sheet",
        ),
        Rule("NUMBER_INVALID", _E, "Giá trị phải là số nguyên", "The value must be a whole number"),
        Rule(
            "MODEL_REFERENCE_REQUIRED",
            _E,
            "Phải ghi mã hoặc tên mô hình",
            "Give the model's code or its name",
        ),
        Rule(
            "AMOUNT_INVALID",
            _E,
            "Giá trị phải là số không âm; phần thập phân sau dấu phẩy, ví dụ 12,5",
            "The value must be a number of at least 0; decimals after a comma, e.g. 12,5",
        ),
        Rule(
            "OUT_OF_BELOW_VALUE",
            _E,
            "Tổng số nhỏ hơn giá trị: phần không thể lớn hơn tổng",
            "The whole is smaller than the value: a part cannot exceed its whole",
        ),
        Rule(
            "OUTCOME_DUPLICATE",
            _E,
            "Một mô hình có hai dòng cùng chỉ tiêu trong tệp",
            "The same model has two rows for one indicator in the file",
        ),
        Rule(
            "DECISION_REQUIRED",
            _E,
            "Mô hình đã xét phải ghi cơ quan, số và ngày quyết định",
            "A decided recognition needs its body, decision number and date",
        ),
        Rule(
            "ORIGIN_UNKNOWN",
            _W,
            "Không tìm thấy mô hình gốc được nhân rộng",
            "The origin of this replicated model is not known",
        ),
        Rule(
            "OUTCOME_MODEL_UNKNOWN",
            _W,
            "Không tìm thấy mô hình của kết quả này",
            "The model this outcome names is not known",
        ),
        Rule(
            "RECOGNITION_OTHER_UNIT",
            _W,
            "Quyết định về mô hình của một đơn vị khác, không phải Tỉnh ủy cấp trên của đơn vị đó",
            "A decision on another unit's model, by a unit other than the province committee "
            "above it",
        ),
        Rule(
            "OWNER_UNIT_UNKNOWN",
            _W,
            "Đơn vị đăng ký không có trong danh mục",
            "The registering unit is not in a registry",
        ),
        Rule(
            "AWARD_FORM_OTHER",
            _W,
            "Hình thức khen thưởng ngoài danh mục",
            "The award form is not in the list",
        ),
        Rule(
            "AWARD_NOT_IN_CATALOGUE",
            _W,
            "Hình thức và cấp khen không khớp danh mục khen thưởng; không tính vào biểu thống kê",
            "The award form and authority match no category of the award catalogue; left out "
            "of the statistical forms",
        ),
        Rule(
            "CLAIM_IGNORED",
            _W,
            "Số liệu tổng hợp không đọc được, bỏ qua dòng này",
            "This claimed total cannot be read and is left out",
        ),
        Rule(
            "ENCODING_LEGACY",
            _E,
            "Văn bản dùng bảng mã cũ (TCVN3/VNI); hãy chuyển sang Unicode",
            "The text uses a legacy encoding (TCVN3/VNI); convert it to Unicode",
        ),
        Rule(
            "FILE_ENCRYPTED",
            _E,
            "Tệp được đặt mật khẩu; hãy lưu lại không mật khẩu",
            "The workbook is password-protected; save it without a password",
        ),
        Rule(
            "FORMULA_NO_VALUE",
            _E,
            "Ô công thức chưa có giá trị; hãy mở và lưu lại bằng Excel",
            "A formula cell has no computed value; open and save the file in Excel",
        ),
        Rule(
            "KEY_DUPLICATE",
            _E,
            "Khóa JSON bị lặp lại trong cùng một đối tượng",
            "A JSON key appears twice in the same object",
        ),
        Rule("SHEET_HIDDEN", _W, "Trang tính đang bị ẩn", "The sheet is hidden"),
        Rule(
            "PERIOD_OUT_OF_RANGE",
            _E,
            "Kỳ báo cáo nằm ngoài lịch của kho dữ liệu hoặc chưa bắt đầu",
            "The reporting period is outside the warehouse's calendar or has not begun",
        ),
        Rule(
            "NUMBER_OUT_OF_RANGE",
            _E,
            "Số nằm ngoài khoảng cho phép",
            "The number is outside the allowed range",
        ),
        Rule(
            "SHEET_COPY",
            _E,
            "Trang tính mang tên một bản sao; hãy đổi lại đúng tên và xóa bản thừa",
            "The sheet is named like a copy; give it its own name and delete the extra one",
        ),
        Rule(
            "SHEET_DUPLICATE",
            _E,
            "Hai trang tính cùng một tên sau khi chuẩn hóa",
            "Two sheets have the same name once normalised",
        ),
        Rule(
            "HEADER_DUPLICATE",
            _E,
            "Hai cột cùng một tiêu đề",
            "Two columns have the same header",
        ),
        Rule(
            "ROWS_HIDDEN",
            _W,
            "Trang tính có dòng bị ẩn; các dòng này vẫn được tính",
            "The sheet has hidden rows; they are counted all the same",
        ),
        Rule(
            "SUBMITTED_GAP",
            _W,
            "Ngày gửi cách ngày nhận tệp hơn 30 ngày; đúng hạn được tính theo ngày nhận",
            "Ngày gửi is over 30 days before the file arrived; on time is judged by the arrival",
        ),
        Rule(
            "UPLOAD_SCOPE",
            _E,
            "Tài khoản đã tải tệp lên không (còn) được gửi báo cáo cho đơn vị này",
            "The account that uploaded the file does not (or no longer) cover this unit",
        ),
        Rule(
            "KEY_AMBIGUOUS",
            _E,
            "Hai khóa JSON cùng chỉ một mục (một khóa và tên tiếng Việt của nó)",
            "Two JSON keys name the same item (a key and its Vietnamese name)",
        ),
        Rule(
            "LOAD_FAILED",
            _E,
            "Không nạp được tệp vào kho dữ liệu; tệp được cách ly, các tệp khác vẫn được xử lý",
            "The file could not be loaded into the warehouse; it is quarantined, the others go on",
        ),
        Rule(
            "CHECK_FAILED",
            _E,
            "Số liệu của tệp làm một kiểm tra bắt buộc của kho không đạt; tệp được cách ly",
            "The file's rows fail a blocking check of the warehouse; the file is quarantined",
        ),
        Rule(
            "TEXT_UNSTORABLE",
            _E,
            "Ô chứa ký tự không lưu được (NUL hoặc nửa cặp UTF-16)",
            "The cell holds a character that cannot be stored (NUL or half a UTF-16 pair)",
        ),
    )
}


@dataclass(frozen=True)
class Finding:
    """One problem in one place of one file; `row` is the spreadsheet row or the JSON position."""

    rule_id: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None

    def __post_init__(self) -> None:
        # A receipt quotes what it found; a NUL or a lone surrogate would make it unwritable.
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, str) and spec.name != "rule_id":
                object.__setattr__(self, spec.name, shown(value))

    @property
    def rule(self) -> Rule:
        return RULES[self.rule_id]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule_id,
            "severity": str(self.severity),
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "expected": self.expected,
            "message_vi": self.rule.message_vi,
            "message_en": self.rule.message_en,
        }
