"""A province's reporting-unit registry as it stands since the 2025 reform (`dvk registry init`):
every commune, ward and special zone of the official tree, and the province-level bodies that
report to its party committee, merged into `reference/units/` without touching a row already
there.

The communes come from `vietnamadminunits` (never typed by hand): type `xa`, the official code
as `admin_code`, valid from 2025-07-01, due each year and half-year as the district committees
they replace were. The province-level bodies are the ones every province has since the reform
(its party committee's commission for propaganda and mass mobilisation, the party committees
directly under it, the Fatherland Front and the mass organisations within it, and the
departments Nghị định 45/2025/NĐ-CP names for every province); the data team completes them:
the departments are written with no period due (`reports` empty) until it sets which take part.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.reference.admin_tree import MERGER_DATE, query
from ingestion.reference.registry import COLUMNS, Registry

VALID_FROM = MERGER_DATE.isoformat()
COMMUNE_REPORTS = "year;half"

# (code suffix, name with {p} for "tỉnh" or "thành phố", unit_type, reports)
BODIES = (
    ("BTGDV", "Ban Tuyên giáo và Dân vận {P}ủy", "tinh_uy", ""),
    ("DUCQD", "Đảng ủy các cơ quan Đảng {p}", "dang_uy_truc_thuoc", "year"),
    ("DUUBND", "Đảng ủy Ủy ban nhân dân {p}", "dang_uy_truc_thuoc", "year"),
    ("DUQS", "Đảng ủy Quân sự {p}", "dang_uy_truc_thuoc", "year"),
    ("DUCA", "Đảng ủy Công an {p}", "dang_uy_truc_thuoc", "year"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam {p}", "doan_the", "year"),
    ("HND", "Hội Nông dân {p}", "doan_the", "year"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ {p}", "doan_the", "year"),
    ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh {p}", "doan_the", "year"),
    ("HCCB", "Hội Cựu chiến binh {p}", "doan_the", "year"),
    ("LDLD", "Liên đoàn Lao động {p}", "doan_the", "year"),
    ("SNV", "Sở Nội vụ", "so_nganh", ""),
    ("STP", "Sở Tư pháp", "so_nganh", ""),
    ("STC", "Sở Tài chính", "so_nganh", ""),
    ("SCT", "Sở Công Thương", "so_nganh", ""),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "so_nganh", ""),
    ("SXD", "Sở Xây dựng", "so_nganh", ""),
    ("SKHCN", "Sở Khoa học và Công nghệ", "so_nganh", ""),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "so_nganh", ""),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "so_nganh", ""),
    ("SYT", "Sở Y tế", "so_nganh", ""),
    ("TTR", "Thanh tra {p}", "so_nganh", ""),
    ("VPUBND", "Văn phòng Ủy ban nhân dân {p}", "so_nganh", ""),
)


class UnknownProvince(ValueError):
    """A province code the current tree does not list; the message lists the codes it does."""


@dataclass
class Merged:
    """What `init` did to one province's registry file."""

    path: Path
    added: list[dict[str, str]] = field(default_factory=list)
    already: int = 0
    """Units of the tree or the bodies already in a registry (by code or territory)."""

    @property
    def communes(self) -> int:
        return sum(row["unit_type"] == "xa" for row in self.added)


def province_codes() -> list[str]:
    return sorted({row["provinceCode"] for row in query("select provinceCode from admin_units")})


def registry_rows(province_code: str) -> tuple[str, list[dict[str, str]]]:
    """The registry file's name and rows of the province of today with `province_code`."""
    code = province_code.strip().zfill(2)
    wards = query(
        "select wardCode, wardShort, wardType, wardShortKey, wardKey, province, provinceShort, "
        f"provinceShortKey from admin_units where provinceCode = '{code}' order by wardCode"
    )
    if not wards:
        raise UnknownProvince(
            f"{province_code}: no such province in the current tree (since 2025-07-01); "
            f"the codes are {', '.join(province_codes())}"
        )
    province = wards[0]
    return f"{code}_{_slug(province['provinceShort'])}_2025.csv", _rows(code, province, wards)


def init(units_dir: Path, province_code: str) -> Merged:
    """Add to the province's registry file the units of the current tree and the bodies that
    no registry in `units_dir` holds yet; rows already there are left byte for byte."""
    name, rows = registry_rows(province_code)
    registry = Registry.load(units_dir) if units_dir.is_dir() else Registry([])
    merged = Merged(units_dir / name)
    for row in rows:
        if _present(registry, row):
            merged.already += 1
        else:
            merged.added.append(row)
    if merged.added:
        _append(merged.path, merged.added)
    return merged


def _rows(code: str, province: dict, wards: list[dict]) -> list[dict[str, str]]:
    prefix = province["provinceShortKey"].upper()
    short_keys = [ward["wardShortKey"] for ward in wards]
    common = {"province_code": code, "valid_from": VALID_FROM, "valid_to": ""}
    # The short name where it is unique in the province ("Mũi Né"), else with its type.
    keys = [
        key if short_keys.count(key) == 1 else ward["wardKey"]
        for ward, key in zip(wards, short_keys, strict=True)
    ]
    rows = [
        {
            "unit_code": f"{prefix}-{key}".upper(),
            "unit_name": f"Đảng ủy {ward['wardType'].lower()} {ward['wardShort']}",
            "unit_type": "xa",
            "admin_code": ward["wardCode"],
            "reports": COMMUNE_REPORTS,
            **common,
        }
        for ward, key in zip(wards, keys, strict=True)
    ]
    city = province["province"].startswith("Thành phố")
    kind = "thành phố" if city else "tỉnh"
    rows += [
        {
            "unit_code": f"{prefix}-{suffix}",
            "unit_name": name.format(p=kind, P="Thành " if city else "Tỉnh "),
            "unit_type": unit_type,
            "admin_code": "",
            "reports": reports,
            **common,
        }
        for suffix, name, unit_type, reports in BODIES
    ]
    return rows


def _present(registry: Registry, row: dict[str, str]) -> bool:
    """Already registered: its code, or (a commune the data team gave another code) its
    territory in the same province, valid on the day of the reform."""
    if registry.versions(row["unit_code"]):
        return True
    return bool(row["admin_code"]) and any(
        unit.admin_code == row["admin_code"]
        and unit.province_code == row["province_code"]
        and (unit.valid_to is None or unit.valid_to >= MERGER_DATE)
        for unit in registry.units
    )


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_bytes() if path.exists() else b""
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        if not text.strip():
            writer.writeheader()
        elif not text.endswith(b"\n"):
            handle.write("\n")  # a file saved without its last line's end
        writer.writerows(rows)


def _slug(name: str) -> str:
    """ "Lâm Đồng" → "lam_dong": the file name's part, in ASCII."""
    letters = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in letters if not unicodedata.combining(c))
    return "_".join(plain.lower().split())
