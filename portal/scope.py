"""Which units an account may send files for: its own unit codes, or every unit of its province
in the registries (`ingestion.provinces`: a current province's account covers the units of the
old provinces it was made of)."""

from __future__ import annotations

from ingestion.provinces import covers
from ingestion.registry import Registry
from portal.accounts import Account


def covered_units(account: Account, registry: Registry) -> frozenset[str]:
    """Case-folded unit codes."""
    if not account.province:
        return frozenset(code.strip().casefold() for code in account.units)
    return frozenset(
        unit.unit_code.casefold()
        for unit in registry.units
        if covers(account.province, unit.province_code)
    )
