"""Which units an account may send files for: its own unit codes, or every unit of its province
in the registries (`ingestion.reference.provinces`: a current province's account covers the
units of the old provinces it was made of)."""

from __future__ import annotations

from collections.abc import Callable

from ingestion.reference.provinces import covers
from ingestion.reference.registry import Registry
from portal.accounts import Account, AccountStore
from warehouse.workspace import Workspace


def covered_units(account: Account, registry: Registry) -> frozenset[str]:
    """Case-folded unit codes."""
    if not account.province:
        return frozenset(code.strip().casefold() for code in account.units)
    return frozenset(
        unit.unit_code.casefold()
        for unit in registry.units
        if covers(account.province, unit.province_code)
    )


def account_covers(ws: Workspace) -> Callable[[str, str], bool]:
    """(account name, unit code) → whether the account covers the unit now: the accounts and the
    registries as they are when the run asks, not as they were at the upload."""
    accounts = AccountStore.of(ws).all()
    registry = Registry.load(ws.units_dir)
    covered: dict[str, frozenset[str]] = {}

    def covers_unit(account: str, unit_code: str) -> bool:
        if account not in accounts:
            return False
        if account not in covered:
            covered[account] = covered_units(accounts[account], registry)
        return unit_code.strip().casefold() in covered[account]

    return covers_unit
