"""A synthetic national history in the contract's formats: registries and submission files.

The 34 current provinces with the old provinces they were made of (from `vietnamadminunits`),
`units` reporting units per current province (district party committees, the provincial blocs,
mass organisations and departments, then commune party committees), and for each unit and
year a year report and two half-year reports of about `rows` rows, as xlsx or JSON. Text is
Vietnamese as offices write it: spelling variants of the fields, decomposed (NFD) names, dates
as text and as date cells. Every file is valid, so the benchmark measures the accepted path.

The same size and seed always give the same rows; a generated history is kept and reused.
"""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import random
from dataclasses import dataclass
from pathlib import Path

from vietnamadminunits.database import query

from demo.generator import MODEL_TOPICS, THEMES, TITLE_ROWS, decomposed, field_label, person
from ingestion.reference.admin_tree import provinces
from ingestion.reference.registry import COLUMNS
from ingestion.writing.writers import write_json, write_xlsx

LAST_YEAR = 2024
"""The last complete year before the 2025 reform: every unit below is a pre-reform unit."""
VALID = ("2018-01-01", "2025-06-30")
PROVINCIAL_BODIES = (
    ("KCQ", "Đảng ủy Khối các cơ quan tỉnh", "dang_uy_truc_thuoc"),
    ("KDN", "Đảng ủy Khối doanh nghiệp tỉnh", "dang_uy_truc_thuoc"),
    ("QS", "Đảng ủy Quân sự tỉnh", "dang_uy_truc_thuoc"),
    ("CA", "Đảng ủy Công an tỉnh", "dang_uy_truc_thuoc"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "doan_the"),
    ("HND", "Hội Nông dân tỉnh", "doan_the"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "doan_the"),
    ("TDTN", "Tỉnh đoàn", "doan_the"),
    ("HCCB", "Hội Cựu chiến binh tỉnh", "doan_the"),
    ("LDLD", "Liên đoàn Lao động tỉnh", "doan_the"),
    ("SNN", "Sở Nông nghiệp và Phát triển nông thôn", "so_nganh"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "so_nganh"),
    ("SYT", "Sở Y tế", "so_nganh"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "so_nganh"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "so_nganh"),
    ("SNV", "Sở Nội vụ", "so_nganh"),
)
COMMITTEE = {"Huyện": "Huyện ủy", "Thị xã": "Thị ủy", "Thành phố": "Thành ủy", "Quận": "Quận ủy"}
UNIT_LEVEL = {"huyen_uy": "Cấp huyện", "xa": "Cấp xã"}
AUTHORITIES = ("Huyện ủy", "UBND huyện", "UBND tỉnh", "Chủ tịch UBND tỉnh", "Ban Dân vận Tỉnh ủy")
AWARD_FORMS = ("Giấy khen", "Bằng khen", "Giấy khen", "Giấy chứng nhận")
PERIODS = ("H1", "H2", "")


@dataclass(frozen=True)
class Size:
    provinces: int
    """current provinces (at most 34)"""
    units: int
    """reporting units per current province"""
    years: int
    """years of history, ending with LAST_YEAR; three reports a year (year, H1, H2)"""
    rows: int = 25
    """rows per file, about"""

    @property
    def files(self) -> int:
        return self.provinces * self.units * self.years * len(PERIODS)


SIZES = {
    "small": Size(provinces=2, units=3, years=1),
    "medium": Size(provinces=34, units=12, years=5),
    "full": Size(provinces=34, units=120, years=5),
}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    unit_type: str
    province_code: str
    admin_code: str

    @property
    def level(self) -> str:
        return UNIT_LEVEL.get(self.unit_type, "Cấp tỉnh")


def national_units(size: Size) -> dict[str, list[Unit]]:
    """Old province code → its units, `size.units` for each of the first `size.provinces`
    current provinces, taken in turn from the old provinces they were made of."""
    tree = provinces()
    legacy = tree[tree["tree"] == "legacy"]
    current = sorted(legacy["current_province_code"].unique())[: size.provinces]
    chosen: dict[str, list[Unit]] = {}
    for code in current:
        olds = sorted(legacy.loc[legacy["current_province_code"] == code, "province_code"])
        candidates = [_province_units(old) for old in olds]
        for index in range(size.units):
            pool = candidates[index % len(candidates)]
            unit = pool.pop(0) if pool else next(p.pop(0) for p in candidates if p)
            chosen.setdefault(unit.province_code, []).append(unit)
    return chosen


def _province_units(province_code: str) -> list[Unit]:
    """District committees, then provincial bodies, then commune and ward party committees."""
    districts = query(
        "select distinct districtCode, districtShort, districtShortKey, districtType "
        f"from admin_units_legacy where provinceCode = '{province_code}' order by districtCode"
    )
    communes = query(
        "select distinct wardCode, wardShort, wardType from admin_units_legacy "
        f"where provinceCode = '{province_code}' and wardCode is not null order by wardCode"
    )
    units = [
        Unit(
            f"{province_code}-{d['districtShortKey'].upper()}",
            f"{COMMITTEE[d['districtType']]} {d['districtShort']}",
            "huyen_uy",
            province_code,
            d["districtCode"],
        )
        for d in districts
    ]
    units += [
        Unit(f"{province_code}-{suffix}", name, unit_type, province_code, "")
        for suffix, name, unit_type in PROVINCIAL_BODIES
    ]
    units += [
        Unit(
            f"{province_code}-X{c['wardCode']}",
            f"Đảng ủy {c['wardType'].lower()} {c['wardShort']}",
            "xa",
            province_code,
            c["wardCode"],
        )
        for c in communes
    ]
    return units


def write_registries(units: dict[str, list[Unit]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for province_code, rows in units.items():
        with (folder / f"{province_code}_bench.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            for unit in rows:
                writer.writerow(
                    {
                        "unit_code": unit.code,
                        "unit_name": unit.name,
                        "unit_type": unit.unit_type,
                        "province_code": unit.province_code,
                        "admin_code": unit.admin_code,
                        "valid_from": VALID[0],
                        "valid_to": VALID[1],
                        "reports": "year;half",
                    }
                )


def years(size: Size) -> range:
    return range(LAST_YEAR - size.years + 1, LAST_YEAR + 1)


def write_unit_history(unit: Unit, size: Size, folder: Path, seed: int = 0) -> list[Path]:
    """Every report of one unit over the history; returns the files written."""
    rng = random.Random(f"{seed}:{unit.code}")
    written = []
    for year in years(size):
        for half in PERIODS:
            period = f"{year}-{half}" if half else str(year)
            info, tables = submission(rng, unit, year, half, size.rows)
            stem = f"{unit.code}_{period}"
            if rng.random() < 0.4:
                written.append(write_json(folder / f"{stem}.json", info, tables))
            else:
                path = folder / f"{stem}.xlsx"
                written.append(write_xlsx(path, info, tables, title_rows=TITLE_ROWS))
    return written


def submission(
    rng: random.Random, unit: Unit, year: int, half: str, rows: int
) -> tuple[dict, dict[str, list[dict]]]:
    """One report: about `rows` rows (registrations, 3 recognitions, 2 awards, 1 claim)."""
    sent = {"H1": dt.date(year, 7, 8), "H2": dt.date(year + 1, 1, 8), "": dt.date(year, 12, 10)}
    submitted_on = sent[half] + dt.timedelta(days=rng.randint(0, 5))
    registrations = _registrations(rng, unit, year, half, max(1, rows - 6))
    coded = [r for r in registrations if r["model_code"]]
    decided_on = submitted_on - dt.timedelta(days=rng.randint(10, 40))
    recognitions = [
        {
            "model_code": row["model_code"],
            "recognition_level": unit.level,
            "outcome": "Công nhận",
            "owner_type": row["owner_type"],
            "recognizing_body": unit.name,
            "decision_no": f"{rng.randint(10, 999)}-QĐ/DV",
            "decision_date": decided_on.strftime("%d/%m/%Y"),
        }
        for row in coded[:2]
    ] + [
        {
            "model_code": row["model_code"],
            "recognition_level": "Cấp tỉnh",
            "outcome": "Đề nghị",
            "owner_type": row["owner_type"],
        }
        for row in coded[2:3]
    ]
    awards = [
        {
            "recipient_type": "Cá nhân" if index else "Tập thể",
            "recipient_name": person(rng) if index else f"Ban Dân vận {unit.name}",
            "award_form": rng.choice(AWARD_FORMS),
            "awarding_authority": rng.choice(AUTHORITIES),
            "decision_no": f"{rng.randint(100, 9999)}/QĐ-UBND",
            "decision_date": decided_on,
            "reason": "Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo”",
        }
        for index in range(2)
    ]
    info = {
        "unit_code": unit.code,
        "period": f"{year}-{half}" if half else str(year),
        "submitted_on": submitted_on,
        "prepared_by": person(rng),
        "contact": f"09{rng.randint(10_000_000, 99_999_999)}",
    }
    tables = {
        "registrations": registrations,
        "recognitions": recognitions,
        "awards": awards,
        "claimed_totals": [{"indicator": "registered", "value": len(registrations)}],
    }
    return info, tables


def _registrations(rng: random.Random, unit: Unit, year: int, half: str, count: int) -> list[dict]:
    suffix = unit.code.split("-", 1)[1]
    rows = []
    for index in range(count):
        field = rng.choice(list(MODEL_TOPICS))
        status = rng.choice(("Mới", "Mới", "Duy trì", "Nhân rộng"))
        is_person = rng.random() < 0.1
        name = f"{rng.choice(MODEL_TOPICS[field])} {unit.name.split(' ', 2)[-1]} số {index + 1}"
        started = dt.date(year, 1 if half != "H2" else 7, 1) + dt.timedelta(rng.randint(0, 150))
        rows.append(
            {
                "model_code": f"{suffix}-{year}{half}-{index + 1:03d}"
                if rng.random() < 0.9
                else None,
                "model_name": decomposed(name) if index % 7 == 0 else name,
                "field": field_label(rng, field),
                "theme": rng.choice(THEMES),
                "owner_type": "Cá nhân" if is_person else "Tập thể",
                "owner_name": person(rng)
                if is_person
                else f"Chi hội Nông dân thôn {rng.randint(1, 12)}",
                "level": unit.level,
                "status": status,
                "replicated_from": f"{suffix}-{year - 1}-001" if status == "Nhân rộng" else None,
                "started_on": started.strftime("%d/%m/%Y") if index % 2 else started,
            }
        )
    return rows


def generate(size: Size, folder: Path, workers: int = 2) -> list[Path]:
    """Registries in `folder/units`, files in `folder/files`; reused when already complete."""
    done = folder / "complete"
    files_dir = folder / "files"
    if done.exists() and done.read_text() == repr(size):
        return sorted(files_dir.iterdir())
    units = national_units(size)
    write_registries(units, folder / "units")
    files_dir.mkdir(parents=True, exist_ok=True)
    everyone = [unit for rows in units.values() for unit in rows]
    jobs = [(unit, size, files_dir) for unit in everyone]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for done_units, _ in enumerate(pool.imap_unordered(_write_job, jobs, chunksize=8), 1):
            if done_units % 200 == 0 or done_units == len(jobs):
                print(f"  generated the history of {done_units}/{len(jobs)} units", flush=True)
        # Finished and awaited: leaving the block sends SIGTERM, which a worker started with it
        # ignored never gets, and the join behind it then waits forever.
        pool.close()
        pool.join()
    done.write_text(repr(size))
    return sorted(files_dir.iterdir())


def _write_job(job: tuple[Unit, Size, Path]) -> list[Path]:
    return write_unit_history(*job)
