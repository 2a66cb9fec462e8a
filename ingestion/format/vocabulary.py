"""The coded values of the submission format: each code with its label and accepted variants.

A file may hold the code or any spelling of a label; `Vocabulary.code_of` folds the text (see
`vietnamese.fold`) and returns the code, or None for a value that is not in the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.format.suggestions import nearest
from ingestion.format.vietnamese import fold


@dataclass(frozen=True)
class Vocabulary:
    """A coded column: code → (label, variants...); the label is what the template shows."""

    name: str
    entries: dict[str, tuple[str, ...]]
    english: dict[str, str] = field(default_factory=dict)
    """code → English label, for `mart_codes` and bilingual dashboards."""
    _index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if set(self.english) != set(self.entries):
            raise ValueError(f"{self.name}: an English label for every code, and only those")
        index: dict[str, str] = {}
        for code, spellings in self.entries.items():
            for spelling in (code, *spellings):
                key = fold(spelling)
                if index.setdefault(key, code) != code:
                    raise ValueError(f"{self.name}: {spelling!r} names two codes")
        object.__setattr__(self, "_index", index)

    @property
    def codes(self) -> list[str]:
        return list(self.entries)

    def label(self, code: str) -> str:
        return self.entries[code][0]

    def label_en(self, code: str) -> str:
        return self.english[code]

    def labels(self) -> list[str]:
        return [spellings[0] for spellings in self.entries.values()]

    def code_of(self, text: str | None) -> str | None:
        return None if text is None else self._index.get(fold(text))

    def expected(self, near: str | None = None) -> str:
        """The accepted values as a receipt shows them: "Label (code) · ...", led by the nearest
        ones to `near` (what the file held) when some are close."""
        listed = " · ".join(f"{spellings[0]} ({code})" for code, spellings in self.entries.items())
        if near is None:
            return listed
        spellings = [(s, code) for code, names in self.entries.items() for s in (code, *names)]
        close = nearest(near, spellings)
        if not close:
            return listed
        guess = ", ".join(f"{self.label(code)} ({code})" for code in close)
        return f"Có phải / Did you mean: {guess}? — {listed}"


FIELD = Vocabulary(
    "field",
    {
        "KT": ("Kinh tế", "Phát triển kinh tế", "Lĩnh vực kinh tế"),
        "VHXH": (
            "Văn hóa - xã hội",
            "Văn hóa xã hội",
            "Văn hóa, xã hội",
            "Lĩnh vực văn hóa - xã hội",
        ),
        "QPAN": (
            "Quốc phòng - an ninh",
            "An ninh quốc phòng",
            "An ninh - quốc phòng",
            "Quốc phòng, an ninh",
            "Lĩnh vực quốc phòng - an ninh",
        ),
        "XDHTCT": (
            "Xây dựng hệ thống chính trị",
            "Xây dựng Đảng và hệ thống chính trị",
            "Xây dựng Đảng, chính quyền",
            "Hệ thống chính trị",
            "Lĩnh vực xây dựng hệ thống chính trị",
        ),
    },
    {
        "KT": "Economy",
        "VHXH": "Culture and society",
        "QPAN": "Defence and security",
        "XDHTCT": "Building the political system",
    },
)

LEVEL = Vocabulary(
    "level",
    {
        "xa": ("Cấp xã", "Xã", "Cấp cơ sở"),
        "huyen": ("Cấp huyện", "Huyện"),
        "tinh": ("Cấp tỉnh", "Tỉnh"),
    },
    {"xa": "Commune level", "huyen": "District level", "tinh": "Province level"},
)

RECOGNITION_LEVEL = Vocabulary(
    "recognition_level",
    {**LEVEL.entries, "trung_uong": ("Trung ương", "Cấp trung ương", "TW")},
    {**LEVEL.english, "trung_uong": "Central level"},
)

STATUS = Vocabulary(
    "status",
    {
        "moi": ("Mới", "Đăng ký mới", "Xây dựng mới"),
        "duy_tri": ("Duy trì", "Tiếp tục duy trì"),
        "nhan_rong": ("Nhân rộng", "Nhân rộng mô hình"),
    },
    {"moi": "New", "duy_tri": "Maintained", "nhan_rong": "Replicated"},
)

OWNER_TYPE = Vocabulary(
    "owner_type",
    {
        "tap_the": ("Tập thể",),
        "ca_nhan": ("Cá nhân",),
    },
    {"tap_the": "Collective", "ca_nhan": "Individual"},
)

OUTCOME = Vocabulary(
    "outcome",
    {
        "de_nghi": ("Đề nghị", "Đề nghị công nhận"),
        "cong_nhan": ("Công nhận", "Được công nhận", "Đã công nhận"),
        "khong_cong_nhan": ("Không công nhận", "Không được công nhận"),
    },
    {"de_nghi": "Proposed", "cong_nhan": "Recognised", "khong_cong_nhan": "Not recognised"},
)

# Forms outside this list are accepted with a warning: authorities invent new ones.
AWARD_FORM = Vocabulary(
    "award_form",
    {
        "bang_khen": ("Bằng khen",),
        "giay_khen": ("Giấy khen",),
        "co_thi_dua": ("Cờ thi đua",),
        "giay_chung_nhan": ("Giấy chứng nhận",),
    },
    {
        "bang_khen": "Certificate of merit",
        "giay_khen": "Letter of commendation",
        "co_thi_dua": "Emulation flag",
        "giay_chung_nhan": "Certificate",
    },
)

INDICATOR = Vocabulary(
    "indicator",
    {
        "registered": ("Số mô hình đăng ký", "Đăng ký"),
        "registered_new": ("Số mô hình đăng ký mới", "Đăng ký mới"),
        "registered_maintained": ("Số mô hình duy trì", "Duy trì"),
        "registered_replicated": ("Số mô hình nhân rộng", "Nhân rộng"),
        "proposed": ("Số mô hình đề nghị công nhận", "Đề nghị"),
        "recognized": ("Số mô hình được công nhận", "Công nhận"),
        "awards": ("Số khen thưởng", "Khen thưởng"),
    },
    {
        "registered": "Models registered",
        "registered_new": "New models registered",
        "registered_maintained": "Models maintained",
        "registered_replicated": "Models replicated",
        "proposed": "Models proposed for recognition",
        "recognized": "Models recognised",
        "awards": "Awards",
    },
)

# Contract v3, sheet `Kiểm tra, giám sát`: inspections and supervisions of mass-mobilisation work.
INSPECTION_KIND = Vocabulary(
    "kind",
    {
        "kiem_tra": ("Kiểm tra", "Cuộc kiểm tra"),
        "giam_sat": ("Giám sát", "Cuộc giám sát"),
    },
    {"kiem_tra": "Inspection", "giam_sat": "Supervision"},
)

# A claimed total's breakdown: any code of these lists (fields, levels, owner types).
BREAKDOWN = Vocabulary(
    "breakdown",
    {**FIELD.entries, **RECOGNITION_LEVEL.entries, **OWNER_TYPE.entries},
    {**FIELD.english, **RECOGNITION_LEVEL.english, **OWNER_TYPE.english},
)

# Codes the marts carry that no submission column holds: labelled in mart_codes all the same.
PERIOD_TYPE = Vocabulary(
    "period_type",
    {"year": ("Năm",), "half": ("6 tháng",), "quarter": ("Quý",)},
    {"year": "Year", "half": "Half-year", "quarter": "Quarter"},
)
RECONCILIATION_STATUS = Vocabulary(
    "reconciliation_status",
    {"match": ("Khớp",), "mismatch": ("Không khớp",)},
    {"match": "Matches the rows", "mismatch": "Differs from the rows"},
)
RECIPIENT_TYPE = Vocabulary("recipient_type", OWNER_TYPE.entries, OWNER_TYPE.english)
UNIT_TYPE = Vocabulary(
    "unit_type",
    {
        "huyen_uy": ("Huyện ủy, thị ủy, thành ủy",),
        "dang_uy_truc_thuoc": ("Đảng ủy trực thuộc",),
        "so_nganh": ("Sở, ban, ngành",),
        "doan_the": ("Mặt trận, đoàn thể",),
        "tinh_uy": ("Tỉnh ủy, thành ủy",),
        "xa": ("Xã, phường, đặc khu",),
        "other": ("Khác",),
    },
    {
        "huyen_uy": "District party committee",
        "dang_uy_truc_thuoc": "Party committee under the province",
        "so_nganh": "Department",
        "doan_the": "Front or mass organisation",
        "tinh_uy": "Province party committee",
        "xa": "Commune, ward or special zone",
        "other": "Other",
    },
)
"""A registry's `unit_type` (contract §3); district committees report until 30 June 2025,
communes and wards from 1 July 2025."""

AWARD_LEVEL = Vocabulary(
    "award_level",
    {
        "nha_nuoc": ("Cấp Nhà nước",),
        "bo_tinh": ("Cấp bộ, ngành, tỉnh",),
        "huyen": ("Cấp huyện",),
        "co_so": ("Cấp cơ sở",),
    },
    {
        "nha_nuoc": "State",
        "bo_tinh": "Ministry or province",
        "huyen": "District",
        "co_so": "Grassroots",
    },
)
"""The level of a form of award in the award catalogue (contract §4, mart_award_statistics)."""

CODE_SETS: tuple[Vocabulary, ...] = (
    FIELD,
    LEVEL,
    RECOGNITION_LEVEL,
    STATUS,
    OWNER_TYPE,
    RECIPIENT_TYPE,
    OUTCOME,
    AWARD_FORM,
    INDICATOR,
    INSPECTION_KIND,
    PERIOD_TYPE,
    RECONCILIATION_STATUS,
    UNIT_TYPE,
    AWARD_LEVEL,
)
"""Every coded column of the marts, by the column's name: what `mart_codes` publishes."""
