"""Which units an account may send files for: its own unit codes, or every unit of its province
in the registries. After the 2025 reform a current province's account covers the units of the
old provinces it was made of; an old province's account covers that old province's units."""

from __future__ import annotations

import functools

from ingestion.registry import Registry
from portal.accounts import Account


def covered_units(account: Account, registry: Registry) -> frozenset[str]:
    """Case-folded unit codes."""
    if not account.province:
        return frozenset(code.strip().casefold() for code in account.units)
    wanted = account.province.strip().zfill(2)
    current = _current_province()
    return frozenset(
        unit.unit_code.casefold()
        for unit in registry.units
        if wanted in {unit.province_code, current.get(unit.province_code)}
    )


@functools.cache
def _current_province() -> dict[str, str]:
    """Old province code → the current one it belongs to (current codes map to themselves)."""
    from ingestion.admin_tree import provinces  # the tree costs 0.5 s: on first use only

    table = provinces()
    legacy = table[table["tree"] == "legacy"]
    return dict(zip(legacy["province_code"], legacy["current_province_code"], strict=True))
