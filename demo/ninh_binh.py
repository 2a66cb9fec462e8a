"""Ninh Bình, phase 2021–2023 (seed 000).

1,635 distinct models registered over the phase: economy 451, culture–society 878,
defence–security 166, political system 140; most are maintained year after year under the
same code, some without a code and under spellings that differ only by Unicode form, tone-mark
placement or spaces. At the 2023 conference the provincial People's Committee gave Bằng khen to
20 collectives and 10 individuals.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from demo.generator import (
    LEVEL_LABELS,
    THEMES,
    DemoFile,
    decomposed,
    field_label,
    model_name,
    person,
    sent,
    split,
    write,
)
from demo.registries import NINH_BINH, registry_rows

SEED = 2021
YEARS = (2021, 2022, 2023)
MODELS_BY_FIELD = {"KT": 451, "VHXH": 878, "QPAN": 166, "XDHTCT": 140}
FIRST_YEAR_SHARE = (0.55, 0.25, 0.20)
KEEP_GOING = 0.7  # chance that a model is maintained into the next year
# Names as offices type them with the old tone placement; later years respell them.
OLD_STYLE_NAMES = ("Khu dân cư hoà thuận", "Thuỷ lợi nội đồng tự quản", "Tổ hoà giải ở cơ sở")
AWARDS = {"tap_the": 20, "ca_nhan": 10}


@dataclass
class Model:
    unit_code: str
    code: str | None
    name: str
    field: str
    level: str
    theme: str | None
    first_year: int
    last_year: int
    owner: str


def write_ninh_binh(inbox: Path) -> list[DemoFile]:
    rng = random.Random(SEED)
    units = [u["unit_code"] for u in registry_rows(NINH_BINH) if u["reports"]]
    models = _models(rng, units)
    files = []
    for year in YEARS:
        for number, unit in enumerate(units):
            rows = [
                _row(rng, m, year)
                for m in models
                if m.unit_code == unit and m.first_year <= year <= m.last_year
            ]
            info = {"unit_code": unit, "period": str(year), "submitted_on": sent(year)}
            stem = f"37_{year}_{number:02d}_{unit}"
            files.append(
                write(inbox, stem, info, {"registrations": rows}, as_json=(number + year) % 4 == 0)
            )
    files.append(_awards(rng, inbox))
    return files


def _models(rng: random.Random, units: list[str]) -> list[Model]:
    models: list[Model] = []
    for field, count in MODELS_BY_FIELD.items():
        firsts = split(count, list(FIRST_YEAR_SHARE))
        number = 0
        for year, how_many in zip(YEARS, firsts, strict=True):
            for _ in range(how_many):
                number += 1
                unit = units[number % len(units)]
                last = year
                while last < YEARS[-1] and rng.random() < KEEP_GOING:
                    last += 1
                codeless = number % 10 == 0
                serial = len(models) + 1  # names are unique within the province
                name = (
                    f"{OLD_STYLE_NAMES[serial % 3]} số {serial}"
                    if codeless
                    else model_name(rng, field, serial)
                )
                models.append(
                    Model(
                        unit_code=unit,
                        code=None if codeless else f"{unit.split('-')[1][:3]}-{field}-{number:04d}",
                        name=name,
                        field=field,
                        level=rng.choice(("xa", "xa", "huyen")),
                        theme=rng.choice(THEMES),
                        first_year=year,
                        last_year=last,
                        owner=f"Chi bộ thôn {number % 12 + 1}",
                    )
                )
    return models


def _row(rng: random.Random, model: Model, year: int) -> dict:
    return {
        "model_code": model.code,
        "model_name": _spelling(model.name, year - model.first_year),
        "field": field_label(rng, model.field),
        "theme": model.theme,
        "owner_type": "Tập thể",
        "owner_name": model.owner,
        "level": LEVEL_LABELS[model.level],
        "status": "Mới" if year == model.first_year else "Duy trì",
        "started_on": dt.date(model.first_year, 3, 1),
    }


def _spelling(name: str, years_on: int) -> str:
    """The same name as typed in later years: decomposed, then new tone marks and two spaces."""
    if years_on == 1:
        return decomposed(name)
    if years_on == 2:
        respelled = name.replace("hoà", "hòa").replace("Thuỷ", "Thủy")
        return respelled.replace(" ", "  ", 1)
    return name


def _awards(rng: random.Random, inbox: Path) -> DemoFile:
    rows = []
    for recipient_type, count in AWARDS.items():
        for index in range(count):
            collective = recipient_type == "tap_the"
            rows.append(
                {
                    "recipient_type": "Tập thể" if collective else "Cá nhân",
                    "recipient_name": f"Hội Nông dân xã {index + 1}" if collective else person(rng),
                    "award_form": "Bằng khen",
                    "awarding_authority": "UBND tỉnh",
                    "decision_no": "2150/QĐ-UBND",
                    "decision_date": dt.date(2023, 9, 20),
                    "reason": "Có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo”",
                }
            )
    info = {"unit_code": "NBH-BDV", "period": "2023", "submitted_on": dt.date(2023, 9, 25)}
    return write(inbox, "37_2023_99_NBH-BDV", info, {"awards": rows}, as_json=False)
