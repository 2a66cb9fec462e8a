"""After the reform: communes of today's Lâm Đồng (which Bình Thuận joined) and Ninh Bình (which
Hà Nam joined) report 2025-H2 and 2026-H1 under the registries `dvk registry init` writes.

The district committees are gone, so a model is registered at commune or province level; one
commune still writes "Cấp huyện" in its 2026-H1 file, which is rejected (`LEVEL_AFTER_REFORM`)
and sent again, corrected, as version 2. Phan Thiết's models continue the old city's: a ward
replicates a model the Thành ủy Phan Thiết registered in 2023 (`BTH-PHANTHIET:…`), so a trend
reads across the reform on today's map.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from demo.generator import LEVEL_LABELS, DemoFile, field_label, model_name, write

SEED = 2026
REPORTING = {
    # unit: (registrations in 2025-H2, in 2026-H1)
    "LAMDONG-PHANTHIET": (6, 4),
    "LAMDONG-MUINE": (3, 2),
    "LAMDONG-LAGI": (4, 3),
    "LAMDONG-PHUQUY": (2, 2),
    "NINHBINH-PHULY": (5, 4),
    "NINHBINH-DUYTIEN": (3, 3),
    "NINHBINH-HOALU": (4, 2),
}
WRONG_LEVEL = "LAMDONG-MUINE"
"""Its 2026-H1 file names a level that no longer exists."""
PHAN_THIET_ORIGIN = "BTH-PHANTHIET:PHA-2023-001"
"""A model of the old city, which its ward of today replicates."""
SENT = {"2025-H2": dt.date(2026, 1, 9), "2026-H1": dt.date(2026, 7, 10)}


def write_after_reform(inbox: Path) -> list[DemoFile]:
    rng = random.Random(SEED)
    files = []
    for index, (unit, counts) in enumerate(REPORTING.items()):
        for period, count in zip(SENT, counts, strict=True):
            rows = _registrations(rng, unit, period, count, index)
            info = {"unit_code": unit, "period": period, "submitted_on": SENT[period]}
            stem = f"{unit.split('-')[0].lower()}_{period}_{unit}"
            if unit == WRONG_LEVEL and period == "2026-H1":
                wrong = [dict(rows[0], level=LEVEL_LABELS["huyen"]), *rows[1:]]
                tables = {"registrations": wrong}
                files.append(write(inbox, stem, info, tables, as_json=False, accepted=False))
                info = info | {"version": 2, "submitted_on": SENT[period] + dt.timedelta(days=2)}
                stem += "-v2"
            tables = {"registrations": rows}
            files.append(write(inbox, stem, info, tables, as_json=index % 2 == 0))
    return files


def summary(con) -> list[str]:
    """The demo's closing lines on the reform, from the published marts: what today's provinces'
    communes registered each period, and how many of their units reported."""
    rows = con.execute(
        "select current_province_name, period_code, sum(registrations), "
        "count(distinct unit_code) from mart_registrations "
        "where period_start >= date '2025-07-01' group by all order by all"
    ).fetchall()
    return [
        f"  {province} {period}: {registrations} registrations from {units} communes and wards"
        for province, period, registrations, units in rows
    ]


def _registrations(
    rng: random.Random, unit: str, period: str, count: int, index: int
) -> list[dict]:
    """Numbered by unit (`index`) too: two communes with the same few models would be the
    repeated file `submissions_not_repeated` warns about, a case the demo does not plant."""
    prefix = unit.split("-")[1][:3]
    half = period.replace("-", "")
    rows = []
    for number in range(1, count + 1):
        field = rng.choice(("KT", "VHXH", "QPAN", "XDHTCT"))
        replicated = unit == "LAMDONG-PHANTHIET" and number == 1
        rows.append(
            {
                "model_code": f"{prefix}-{half}-{number:02d}",
                "model_name": model_name(rng, field, index * 10 + number),
                "field": field_label(rng, field),
                "owner_type": "Tập thể",
                "owner_name": f"Ban công tác Mặt trận khu phố {number}",
                "level": LEVEL_LABELS["tinh" if number == count and count > 3 else "xa"],
                "status": "Nhân rộng" if replicated else "Mới",
                "replicated_from": PHAN_THIET_ORIGIN if replicated else None,
            }
        )
    return rows
