"""Registries of the demo provinces, derived from the administrative tree, never typed by hand.

The CSV files under `demo/reference/units/` are this module's output, committed so the project
ships them; a test checks that they still equal what this module writes.
Run `python -m demo.registries` to rewrite them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from vietnamadminunits.database import query

from ingestion.reference import current_registry
from ingestion.reference.registry import COLUMNS

UNITS_DIR = Path(__file__).resolve().parent / "reference" / "units"
LEGACY_VALID = ("2018-01-01", "2025-06-30")
DISTRICT_COMMITTEE = {
    "Huyện": "Huyện ủy",
    "Thị xã": "Thị ủy",
    "Thành phố": "Thành ủy",
    "Quận": "Quận ủy",
}


@dataclass(frozen=True)
class DemoProvince:
    file_name: str
    prefix: str
    province_code: str
    # Units other than the district committees: (code suffix, name, unit_type, reports).
    # The Ban Dân vận Tỉnh ủy collects and decides; it reports no period of its own.
    others: tuple[tuple[str, str, str, str], ...]


BLOCS = (
    ("KCQ", "Đảng ủy Khối các cơ quan tỉnh", "dang_uy_truc_thuoc", "year"),
    ("KDN", "Đảng ủy Khối doanh nghiệp tỉnh", "dang_uy_truc_thuoc", "year"),
    ("QS", "Đảng ủy Quân sự tỉnh", "dang_uy_truc_thuoc", "year"),
    ("CA", "Đảng ủy Công an tỉnh", "dang_uy_truc_thuoc", "year"),
)
COMMISSION = ("BDV", "Ban Dân vận Tỉnh ủy", "tinh_uy", "")

BINH_THUAN = DemoProvince("60_binh_thuan.csv", "BTH", "60", (*BLOCS, COMMISSION))
NINH_BINH = DemoProvince("37_ninh_binh.csv", "NBH", "37", (*BLOCS, COMMISSION))
HA_NAM = DemoProvince(
    "35_ha_nam.csv",
    "HNM",
    "35",
    (
        *BLOCS,
        ("HND", "Hội Nông dân tỉnh", "doan_the", "year"),
        ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "doan_the", "year"),
        ("TDTN", "Tỉnh đoàn", "doan_the", "year"),
        ("SNN", "Sở Nông nghiệp và Phát triển nông thôn", "so_nganh", "year"),
        COMMISSION,
    ),
)
PROVINCES = (BINH_THUAN, NINH_BINH, HA_NAM)


def registry_rows(province: DemoProvince) -> list[dict[str, str]]:
    districts = query(
        "select distinct districtCode, districtShort, districtShortKey, districtType "
        f"from admin_units_legacy where provinceCode = '{province.province_code}' "
        "order by districtCode"
    )
    valid_from, valid_to = LEGACY_VALID
    common = {
        "province_code": province.province_code,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    rows = [
        {
            "unit_code": f"{province.prefix}-{d['districtShortKey'].upper()}",
            "unit_name": f"{DISTRICT_COMMITTEE[d['districtType']]} {d['districtShort']}",
            "unit_type": "huyen_uy",
            "admin_code": d["districtCode"],
            "reports": "year;half",
            **common,
        }
        for d in districts
    ]
    rows += [
        {
            "unit_code": f"{province.prefix}-{suffix}",
            "unit_name": name,
            "unit_type": unit_type,
            "admin_code": "",
            "reports": reports,
            **common,
        }
        for suffix, name, unit_type, reports in province.others
    ]
    return rows


CURRENT_PROVINCES = ("68", "37")
"""The provinces of today the demo's old ones merged into: Bình Thuận into Lâm Đồng, Ninh Bình
and Hà Nam into Ninh Bình. Their registries are what `dvk registry init` writes."""


def current_registry_csv(province_code: str) -> tuple[str, str]:
    """The file name and text of a province of today's registry."""
    name, rows = current_registry.registry_rows(province_code)
    return name, _csv(rows)


def registry_csv(province: DemoProvince) -> str:
    return _csv(registry_rows(province))


def _csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> None:
    for province in PROVINCES:
        (UNITS_DIR / province.file_name).write_text(registry_csv(province), encoding="utf-8")
    for code in CURRENT_PROVINCES:
        name, text = current_registry_csv(code)
        (UNITS_DIR / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
