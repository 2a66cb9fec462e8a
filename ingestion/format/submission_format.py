"""The submission format of contract §2 as data: sheets, their headers, keys and value kinds.

Readers use it to find sheets and columns whatever the spelling; validation uses it to know what
each column must hold; the template and the docs are written from it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ingestion.format.vietnamese import fold, unmarked
from ingestion.format.vocabulary import (
    AWARD_FORM,
    BREAKDOWN,
    FIELD,
    INDICATOR,
    INSPECTION_KIND,
    LEVEL,
    OUTCOME,
    OWNER_TYPE,
    RECOGNITION_LEVEL,
    STATUS,
    Vocabulary,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    vocabulary: Vocabulary | None = None
    is_date: bool = False
    is_integer: bool = False
    is_decimal: bool = False
    """A number ≥ 0 that may have a decimal part (`cells.parse_amount`)."""
    is_personal: bool = False
    open_list: bool = False
    """With a vocabulary: a value outside it is a warning, not an error."""
    aliases: tuple[str, ...] = ()
    description: str = ""

    def matches(self, text: str) -> bool:
        return label_key(text) in self.names

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The folded header, key and aliases: what a header cell may say."""
        return frozenset({fold(self.header), fold(self.key), *map(fold, self.aliases)})


@functools.lru_cache(maxsize=1 << 12)
def label_key(text: str) -> str:
    """A header or label as compared: folded, without the colon a label often ends with
    ("Mã đơn vị:"), which is punctuation, not a word."""
    return fold(text.strip().rstrip(":：").rstrip())


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()

    def matches(self, name: str) -> bool:
        """By the folded name, key or an alias, or by the name without its diacritics
        ("Thong tin", "Dang ky": the sheets' names stay distinct without them)."""
        names = (self.name, self.key, *self.aliases)
        return fold(name) in {fold(n) for n in names} or unmarked(name) in {
            unmarked(n) for n in names
        }

    def column_for(self, header: str) -> Column | None:
        return self._columns_by_name.get(label_key(header))

    @functools.cached_property
    def _columns_by_name(self) -> dict[str, Column]:
        by_name: dict[str, Column] = {}
        for column in self.columns:
            for name in column.names:
                by_name.setdefault(name, column)
        return by_name

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


INFO = Sheet(
    key="submission",
    name="Thông tin",
    aliases=("Thông tin chung", "Thông tin báo cáo"),
    columns=(
        Column("unit_code", "Mã đơn vị", required=True, description="the reporting unit"),
        Column("period", "Kỳ báo cáo", required=True, description="2023, 2023-H1, 2023-Q1"),
        Column(
            "submitted_on",
            "Ngày gửi",
            required=True,
            is_date=True,
            description="date sent",
        ),
        Column("version", "Phiên bản", description="integer; a later version supersedes"),
        Column("prepared_by", "Người lập", is_personal=True, description="who prepared it"),
        Column("contact", "Liên hệ", is_personal=True, description="phone or email"),
    ),
)

REGISTRATIONS = Sheet(
    key="registrations",
    name="Đăng ký",
    aliases=("Đăng ký mô hình", "Danh sách đăng ký"),
    columns=(
        Column(
            "model_code",
            "Mã mô hình",
            description="the unit's stable code for the model",
        ),
        Column("model_name", "Tên mô hình", required=True, description="the model's name"),
        Column("field", "Lĩnh vực", required=True, vocabulary=FIELD, description="field"),
        Column(
            "theme",
            "Chủ đề",
            description="free text or a theme from the reference list",
        ),
        Column("owner_type", "Loại chủ thể", required=True, vocabulary=OWNER_TYPE),
        Column(
            "owner_name",
            "Chủ thể thực hiện",
            required=True,
            is_personal=True,
            description="organisation, or person (personal data)",
        ),
        Column("level", "Cấp", required=True, vocabulary=LEVEL, aliases=("Cấp mô hình",)),
        Column(
            "location_code",
            "Địa bàn",
            description="official code of the commune or district",
        ),
        Column("status", "Tình trạng", required=True, vocabulary=STATUS),
        Column(
            "replicated_from",
            "Nhân rộng từ",
            description="origin model_code, or UNIT:CODE",
        ),
        Column(
            "started_on",
            "Ngày bắt đầu",
            is_date=True,
            description="date the model started",
        ),
    ),
)

RECOGNITIONS = Sheet(
    key="recognitions",
    name="Công nhận",
    aliases=("Công nhận mô hình", "Đề nghị công nhận"),
    columns=(
        Column("owner_unit_code", "Đơn vị đăng ký", description="unit that registered the model"),
        Column("model_code", "Mã mô hình", description="the model, by code"),
        Column("model_name", "Tên mô hình", description="the model, by name"),
        Column(
            "recognition_level",
            "Cấp công nhận",
            required=True,
            vocabulary=RECOGNITION_LEVEL,
            description="level of the recognition",
        ),
        Column("outcome", "Kết quả", required=True, vocabulary=OUTCOME, description="outcome"),
        Column("owner_type", "Loại chủ thể", required=True, vocabulary=OWNER_TYPE),
        Column("recognizing_body", "Cơ quan công nhận", description="required when decided"),
        Column("decision_no", "Số quyết định", description="required when recognised"),
        Column("decision_date", "Ngày quyết định", is_date=True, description="not after sending"),
    ),
)

AWARDS = Sheet(
    key="awards",
    name="Khen thưởng",
    aliases=("Danh sách khen thưởng",),
    columns=(
        Column("recipient_type", "Đối tượng", required=True, vocabulary=OWNER_TYPE),
        Column(
            "recipient_name",
            "Tên đối tượng",
            required=True,
            is_personal=True,
            description="collective or person (personal data)",
        ),
        Column(
            "award_form",
            "Hình thức",
            required=True,
            vocabulary=AWARD_FORM,
            open_list=True,
            description="form of the award",
        ),
        Column("awarding_authority", "Cấp khen", required=True, description="who gave it"),
        Column("decision_no", "Số quyết định", required=True, description="decision number"),
        Column("decision_date", "Ngày quyết định", required=True, is_date=True),
        Column("model_code", "Mã mô hình", description="links the award to a model"),
        Column("reason", "Thành tích", description="achievement"),
    ),
)

CLAIMED_TOTALS = Sheet(
    key="claimed_totals",
    name="Tổng hợp",
    aliases=("Số liệu tổng hợp",),
    columns=(
        Column("indicator", "Chỉ tiêu", required=True, vocabulary=INDICATOR),
        Column("breakdown", "Phân loại", vocabulary=BREAKDOWN, description="empty, or a code"),
        Column("value", "Giá trị", required=True, is_integer=True, description="whole number"),
    ),
)

OUTCOMES = Sheet(
    key="outcomes",
    name="Kết quả",
    aliases=("Kết quả mô hình", "Hiệu quả mô hình"),
    columns=(
        Column("model_code", "Mã mô hình", description="the model, by code (UNIT:CODE too)"),
        Column("model_name", "Tên mô hình", description="the model, by name"),
        Column("indicator", "Chỉ tiêu", required=True, description="what was counted"),
        Column(
            "value",
            "Giá trị",
            required=True,
            is_decimal=True,
            description="a number ≥ 0; 7.811 = 7811, 12,5 = twelve and a half",
        ),
        Column("unit_of_measure", "Đơn vị tính", description="lò, hồ sơ, hộ, người …"),
        Column(
            "out_of",
            "Trên tổng số",
            is_decimal=True,
            description="the whole the value is part of: a number ≥ the value",
        ),
        Column("note", "Ghi chú", description="text"),
    ),
)

INSPECTIONS = Sheet(
    key="inspections",
    name="Kiểm tra, giám sát",
    aliases=("Kiểm tra giám sát", "Kiểm tra - giám sát", "Kiểm tra và giám sát"),
    columns=(
        Column("kind", "Hình thức", required=True, vocabulary=INSPECTION_KIND, description="kind"),
        Column("sessions", "Số cuộc", required=True, is_integer=True, description="sessions held"),
        Column(
            "organisations",
            "Số tổ chức, đơn vị",
            required=True,
            is_integer=True,
            aliases=("Số tổ chức", "Số đơn vị"),
            description="organisations and units covered",
        ),
        Column("topic", "Nội dung", description="text"),
    ),
)

# Sheets the template adds for people; a file may keep them, and they are not data.
TEMPLATE_ONLY_SHEETS = ("Hướng dẫn", "Danh mục")
EXAMPLE_MARK = "DÒNG VÍ DỤ"
"""Beside the template's example row: a workbook row holding this text in any cell is skipped."""
EXAMPLE_MARKS = (EXAMPLE_MARK, "DÒNG VÍ DỤ / EXAMPLE")
"""Every mark a template has written: templates made before it spoke only Vietnamese are still
read the same."""

TABLE_SHEETS: tuple[Sheet, ...] = (
    REGISTRATIONS,
    RECOGNITIONS,
    AWARDS,
    CLAIMED_TOTALS,
    OUTCOMES,
    INSPECTIONS,
)
