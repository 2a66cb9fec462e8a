"""`dvk registry init` and `dvk registry check`: the reporting-unit registries of today, written
from the official tree, and what is wrong in them."""

from __future__ import annotations

import json
from collections import Counter

from orchestration.commands.common import DvkError
from warehouse.workspace import Workspace


def registry_init(ws: Workspace, province: str | None, every: bool) -> int:
    from ingestion.reference.current_registry import UnknownProvince, init, province_codes

    codes = province_codes() if every else [province or ""]
    added = 0
    for code in codes:
        try:
            merged = init(ws.units_dir, code)
        except UnknownProvince as error:
            raise DvkError(str(error)) from error
        added += len(merged.added)
        if merged.added:
            bodies = len(merged.added) - merged.communes
            print(
                f"{merged.path}: added {merged.communes} communes and wards, {bodies} "
                f"province-level bodies ({merged.already} already registered)"
            )
        else:
            print(f"{merged.path.name}: nothing to add, all {merged.already} units registered")
    if added:
        print(
            "Complete the province-level bodies: set `reports` (year;half, year …) for the "
            "departments that take part, edit names, add the units the tree cannot know. "
            "Rows already in a registry are never changed by `registry init`."
        )
    return 0


def registry_check(ws: Workspace) -> int:
    from ingestion.reference.registry import Registry
    from ingestion.reference.registry_check import FAULTS, check

    registry = Registry.load(ws.units_dir)
    if not registry.units:
        raise DvkError(
            f"{ws.units_dir}: no registry rows; `dvk registry init --province CODE` writes one"
        )
    findings = check(registry, _named(ws))
    counts = Counter(finding.kind for finding in findings)
    for finding in findings:
        if finding.kind != "never_named":
            print(f"{finding.kind}: {finding.message}")
    never = [finding.unit_code for finding in findings if finding.kind == "never_named"]
    if never:
        shown = ", ".join(never)
        print(f"never_named: {len(never)} units no file has ever named: {_shortened(shown)}")
    faults = sum(counts[kind] for kind in FAULTS)
    print(
        f"{len(registry.units)} registry rows checked: {faults} faults "
        f"({', '.join(f'{counts[k]} {k}' for k in FAULTS)}), {len(never)} units never named"
    )
    return 1 if faults else 0


def _named(ws: Workspace) -> set[str]:
    """The unit of every file ever received, accepted or rejected, from its receipt."""
    named = set()
    for path in ws.receipts.glob("*.receipt.json"):
        unit = json.loads(path.read_text(encoding="utf-8")).get("unit_code")
        if unit:
            named.add(unit)
    return named


def _shortened(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(", ", 1)[0] + ", …"
