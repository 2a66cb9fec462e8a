"""Which province a unit belongs to, across the 2025 reform: a unit registered under an old
province belongs to that old province and to the current one it became. A current province's
code therefore covers the units of the old provinces it was made of; an old code, its own."""

from __future__ import annotations

import functools


def covers(province: str, unit_province: str) -> bool:
    wanted = province.strip().zfill(2)
    return wanted in {unit_province, current_province().get(unit_province)}


@functools.cache
def current_province() -> dict[str, str]:
    """Old province code → the current one it belongs to."""
    from ingestion.reference.admin_tree import provinces  # the tree costs 0.5 s: on first use only

    table = provinces()
    legacy = table[table["tree"] == "legacy"]
    return dict(zip(legacy["province_code"], legacy["current_province_code"], strict=True))
