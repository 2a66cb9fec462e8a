"""Hà Nam, year 2024 (seed 003), and its agencies' party bloc up to 2020 (seed 001).

In 2024 the province counted 1,597 models: 127 at provincial level, 1,470 at district and
commune level; among the new ones, political system 27, economy 40, culture–society 172.
Hà Nam merged into Ninh Bình in 2025, so its rows read Ninh Bình on today's map.

The agencies' bloc recognised 112 models by 2020: new rural areas 40, administrative reform
33, Front and mass organisations 5, contributions to building the Party and government 34.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from demo.generator import (
    LEVEL_LABELS,
    DemoFile,
    field_label,
    model_name,
    sent,
    write,
)
from demo.registries import HA_NAM, registry_rows

SEED = 2024
PROVINCE_LEVEL = 127
DISTRICT_AND_COMMUNE_LEVEL = 1470
NEW_BY_FIELD = {"XDHTCT": 27, "KT": 40, "VHXH": 172, "QPAN": 15}
BLOC = "HNM-KCQ"
BLOC_FIRST_MODEL = "KCQ-1-001"
"""The bloc's first model (2019, new rural areas), which district models replicate."""
BLOC_THEMES = {
    "Nông thôn mới": ("KT", 40),
    "Cải cách hành chính": ("XDHTCT", 33),
    "Mặt trận Tổ quốc và đoàn thể": ("XDHTCT", 5),
    "Xây dựng Đảng, chính quyền": ("XDHTCT", 34),
}


def write_ha_nam(inbox: Path) -> list[DemoFile]:
    rng = random.Random(SEED)
    registry = [u for u in registry_rows(HA_NAM) if u["reports"]]
    districts = [u["unit_code"] for u in registry if u["unit_type"] == "huyen_uy"]
    provincial = [u["unit_code"] for u in registry if u["unit_type"] != "huyen_uy"]
    rows: dict[str, list[dict]] = {u["unit_code"]: [] for u in registry}
    levels = ["tinh"] * PROVINCE_LEVEL + ["huyen", "xa", "xa"] * (DISTRICT_AND_COMMUNE_LEVEL // 3)
    new = [field for field, count in NEW_BY_FIELD.items() for _ in range(count)]
    rng.shuffle(new)
    for number, level in enumerate(levels, start=1):
        units = provincial if level == "tinh" else districts
        unit = units[number % len(units)]
        field = new[number - 1] if number <= len(new) else rng.choice(list(NEW_BY_FIELD))
        status = "Mới" if number <= len(new) else rng.choice(("Duy trì", "Duy trì", "Nhân rộng"))
        prefix = unit.split("-")[1][:3]
        rows[unit].append(
            {
                "model_code": f"{prefix}-{number:04d}",
                "model_name": model_name(rng, field, number),
                "field": field_label(rng, field),
                "owner_type": "Tập thể",
                "owner_name": f"Chi hội Phụ nữ thôn {number % 15 + 1}",
                "level": LEVEL_LABELS[level],
                "status": status,
                "replicated_from": _origin(rows[unit], number) if status == "Nhân rộng" else None,
            }
        )
    files = []
    for index, (unit, unit_rows) in enumerate(rows.items()):
        info = {"unit_code": unit, "period": "2024", "submitted_on": sent(2024, 12, 5)}
        files.append(
            write(
                inbox,
                f"35_2024_{index:02d}_{unit}",
                info,
                {"registrations": unit_rows},
                as_json=index % 2 == 1,
            )
        )
    return files + _agencies_bloc(rng, inbox)


def _origin(unit_rows: list[dict], number: int) -> str:
    """Replicated from the unit's first model of 2024, or (every fifth one) from the agencies'
    bloc's first model of 2019: a model that spread from one unit to the province's others."""
    if number % 5 == 0 or not unit_rows:
        return f"{BLOC}:{BLOC_FIRST_MODEL}"
    return unit_rows[0]["model_code"]


def _agencies_bloc(rng: random.Random, inbox: Path) -> list[DemoFile]:
    """2019 and 2020: the bloc registers its models and recognises them, year by year."""
    models = [
        (theme, field, f"KCQ-{theme_number}-{i + 1:03d}")
        for theme_number, (theme, (field, count)) in enumerate(BLOC_THEMES.items(), start=1)
        for i in range(count)
    ]
    first_year = {code: 2019 if i % 2 == 0 else 2020 for i, (_, _, code) in enumerate(models)}
    files = []
    for year in (2019, 2020):
        registrations, recognitions = [], []
        for theme, field, code in models:
            if first_year[code] > year:
                continue
            registrations.append(
                {
                    "model_code": code,
                    "model_name": model_name(rng, field, int(code[-3:])) + f" ({theme})",
                    "field": field_label(rng, field),
                    "theme": theme,
                    "owner_type": "Tập thể",
                    "owner_name": "Chi bộ cơ quan",
                    "level": "Cấp huyện",
                    "status": "Mới" if first_year[code] == year else "Duy trì",
                }
            )
            if first_year[code] == year:
                recognitions.append(
                    {
                        "model_code": code,
                        "recognition_level": "Cấp huyện",
                        "outcome": "Công nhận",
                        "owner_type": "Tập thể",
                        "recognizing_body": "Đảng ủy Khối các cơ quan tỉnh",
                        "decision_no": f"{year - 2000}-QĐ/ĐUK",
                        "decision_date": dt.date(year, 11, 30),
                    }
                )
        info = {"unit_code": BLOC, "period": str(year), "submitted_on": sent(year)}
        tables = {"registrations": registrations, "recognitions": recognitions}
        files.append(write(inbox, f"35_{year}_KCQ", info, tables, as_json=False))
    return files
