"""Bình Thuận, year 2023 (seed 002).

The 14 reporting units registered 746 models at district level, 480 new in 2023 and 266
maintained or replicated from 2022. 13 of them (all but Đức Linh) recognised 155 models at
district level and proposed 39 for provincial recognition; the Ban Dân vận Tỉnh ủy recognised
22 of those (20 collective, 2 individual). One unit sends a corrected version 2, one a file
that is rejected, one claims a total its rows do not bear out.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from demo.generator import (
    THEMES,
    DemoFile,
    decomposed,
    field_label,
    model_name,
    person,
    split,
    write,
)
from demo.registries import BINH_THUAN, registry_rows

SEED = 2023
PERIOD = "2023"
FIRST_UNIT = "BTH-PHANTHIET"
"""The unit of the province's first file: the other units replicate its first model."""
REGISTERED_NEW = 480
REGISTERED_CARRIED = 266
DISTRICT_RECOGNITIONS = 155
RECOGNISED_BY_PROVINCE = 22
NOT_RECOGNISING = "BTH-DUCLINH"
FIELD_WEIGHTS = {"KT": 0.30, "VHXH": 0.42, "QPAN": 0.14, "XDHTCT": 0.14}
SENT = dt.date(2023, 10, 10)


def write_binh_thuan(inbox: Path) -> list[DemoFile]:
    rng = random.Random(SEED)
    units = [u for u in registry_rows(BINH_THUAN) if u["reports"]]
    weights = [rng.uniform(0.6, 1.4) for _ in units]
    new_counts = split(REGISTERED_NEW, weights)
    carried_counts = split(REGISTERED_CARRIED, weights)
    recognising = [u["unit_code"] for u in units if u["unit_code"] != NOT_RECOGNISING]
    recognised_counts = dict(
        zip(recognising, split(DISTRICT_RECOGNITIONS, [1.0] * 13), strict=True)
    )
    files, proposals = [], []
    for number, (unit, new, carried) in enumerate(
        zip(units, new_counts, carried_counts, strict=True)
    ):
        code = unit["unit_code"]
        rows = _registrations(rng, code, new, carried)
        tables: dict[str, list[dict]] = {"registrations": rows}
        if code in recognised_counts:
            # Every unit proposes one individual's model and two collectives'.
            coded = [r for r in rows if r["model_code"]]
            person = next(r for r in coded if r["owner_type"] == "Cá nhân")
            proposed = [person, *[r for r in coded if r["owner_type"] == "Tập thể"][:2]]
            rest = [r for r in coded if r not in proposed]
            decided = rest[: recognised_counts[code]]
            proposals += [(code, row) for row in proposed]
            tables["recognitions"] = [
                _recognition(row, "Cấp huyện", "Công nhận", unit["unit_name"]) for row in decided
            ] + [_recognition(row, "Cấp tỉnh", "Đề nghị", None) for row in proposed]
        tables["claimed_totals"] = [{"indicator": "registered", "value": len(rows)}]
        if code == "BTH-LAGI":
            # The unit's narrative states a total that its own rows do not bear out.
            tables["claimed_totals"] = [{"indicator": "Số mô hình đăng ký", "value": len(rows) + 2}]
        info = {"unit_code": code, "period": PERIOD, "submitted_on": SENT}
        stem = f"60_{number:02d}_{code}_{PERIOD}"
        if code == "BTH-TUYPHONG":
            # Version 1 lacked most carried-over models; version 2 supersedes it.
            early = {**info, "version": 1, "submitted_on": dt.date(2023, 10, 2)}
            first = {"registrations": rows[: new + 3]}
            files.append(write(inbox, f"{stem}_v1", early, first, as_json=False))
            info = {**info, "version": 2}
        if code == "BTH-PHUQUI":
            broken = [dict(row) for row in rows]
            broken[0]["field"] = "Môi trường"
            broken[1]["model_name"] = None
            files.append(
                write(
                    inbox,
                    f"{stem}_loi",
                    info,
                    {"registrations": broken},
                    as_json=True,
                    accepted=False,
                )
            )
            info = {**info, "submitted_on": dt.date(2023, 10, 12)}
        files.append(write(inbox, stem, info, tables, as_json=number % 3 == 2))
    files.append(_province_decisions(inbox, proposals))
    return files


def _province_decisions(inbox: Path, proposals: list[tuple[str, dict]]) -> DemoFile:
    """The Ban Dân vận Tỉnh ủy decides on the districts' proposals: 22 recognised."""
    individuals = [p for p in proposals if p[1]["owner_type"] == "Cá nhân"][:2]
    collectives = [p for p in proposals if p[1]["owner_type"] == "Tập thể"]
    recognised = individuals + collectives[: RECOGNISED_BY_PROVINCE - len(individuals)]
    rows = []
    for unit_code, row in proposals:
        outcome = "Công nhận" if (unit_code, row) in recognised else "Không công nhận"
        decision = _recognition(row, "Cấp tỉnh", outcome, "Ban Dân vận Tỉnh ủy")
        rows.append({"owner_unit_code": unit_code, **decision})
    info = {"unit_code": "BTH-BDV", "period": PERIOD, "submitted_on": dt.date(2023, 11, 20)}
    return write(inbox, "60_99_BTH-BDV_2023", info, {"recognitions": rows}, as_json=True)


def _recognition(row: dict, level: str, outcome: str, body: str | None) -> dict:
    decided = outcome != "Đề nghị"
    return {
        "model_code": row["model_code"],
        "recognition_level": level,
        "outcome": outcome,
        "owner_type": row["owner_type"],
        "recognizing_body": body if decided else None,
        "decision_no": "125-QĐ/BDVTU" if outcome == "Công nhận" else None,
        "decision_date": dt.date(2023, 9, 28) if outcome == "Công nhận" else None,
    }


def _origin(unit_code: str, prefix: str, index: int) -> str:
    """Replicated from the unit's own first model of the year, or (every other one) from
    Phan Thiết's, the province's first file: lineage inside the demo and across units."""
    if index % 2 == 0 or unit_code == FIRST_UNIT:
        return f"{prefix}-2023-001"
    return f"{FIRST_UNIT}:{FIRST_UNIT.split('-')[1][:3]}-2023-001"


def _registrations(rng: random.Random, unit_code: str, new: int, carried: int) -> list[dict]:
    fields = list(FIELD_WEIGHTS)
    prefix = unit_code.split("-")[1][:3]
    rows = []
    for index in range(new + carried):
        field = rng.choices(fields, weights=list(FIELD_WEIGHTS.values()))[0]
        status = "Mới" if index < new else rng.choice(("Duy trì", "Duy trì", "Nhân rộng"))
        is_person = index == 1 or rng.random() < 0.08
        code = f"{prefix}-{2023 if index < new else 2022}-{index + 1:03d}"
        name = model_name(rng, field, index + 1)
        rows.append(
            {
                "model_code": code if index < 2 or rng.random() < 0.85 else None,
                "model_name": decomposed(name) if index % 7 == 0 else name,
                "field": field_label(rng, field),
                "theme": rng.choice(THEMES),
                "owner_type": "Cá nhân" if is_person else "Tập thể",
                "owner_name": person(rng)
                if is_person
                else f"Chi hội Nông dân thôn {index % 9 + 1}",
                "level": "Cấp huyện",
                "status": status,
                "replicated_from": _origin(unit_code, prefix, index)
                if status == "Nhân rộng"
                else None,
                "started_on": f"{rng.randint(1, 28):02d}/{rng.randint(1, 9):02d}/2023"
                if index < new
                else dt.date(2022, rng.randint(1, 12), 1),
            }
        )
    return rows
