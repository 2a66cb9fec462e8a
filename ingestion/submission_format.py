"""The submission format of contract §2 as data: sheets, their headers, keys and value kinds.

Readers use it to find sheets and columns whatever the spelling; validation uses it to know what
each column must hold; the template and the docs are written from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.vietnamese import fold
from ingestion.vocabulary import FIELD, LEVEL, OWNER_TYPE, STATUS, Vocabulary


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    vocabulary: Vocabulary | None = None
    is_date: bool = False
    is_personal: bool = False
    aliases: tuple[str, ...] = ()
    description: str = ""

    def matches(self, text: str) -> bool:
        folded = fold(text)
        return folded in {fold(self.header), fold(self.key), *map(fold, self.aliases)}


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()

    def matches(self, name: str) -> bool:
        return fold(name) in {fold(self.name), fold(self.key), *map(fold, self.aliases)}

    def column_for(self, header: str) -> Column | None:
        return next((column for column in self.columns if column.matches(header)), None)

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

TABLE_SHEETS: tuple[Sheet, ...] = (REGISTRATIONS,)
SHEETS: tuple[Sheet, ...] = (INFO, *TABLE_SHEETS)
