"""ORIGIN_UNKNOWN, the one rule that depends on earlier files: a replicated model's origin must
be in the file or among the models registered before it, so it is checked after the batch, file
by file in arrival order."""

from __future__ import annotations

from collections.abc import Callable

from ingestion.check.verdict import EXPECTED, Origin, Verdict, sheet_column
from ingestion.format.rules import Finding
from ingestion.format.submission_format import (
    REGISTRATIONS,
)
from ingestion.format.vietnamese import fold


def check_origins(verdict: Verdict, known_models: Callable[[str], set[str]]) -> None:
    """ORIGIN_UNKNOWN: a replicated model's origin is in this file or the warehouse (`UNIT:CODE`
    looks in that unit). Only a warning, as the origin may predate the warehouse. The file's own
    codes are looked in with the batch (`Verdict.origins` holds what they do not settle); the
    warehouse's here, file by file in arrival order, because they include the files accepted
    before."""
    for origin in verdict.origins:
        if origin.code in known_models(origin.unit or verdict.submission.get("unit_code") or ""):
            continue
        expected = EXPECTED["ORIGIN_UNKNOWN"]
        verdict.findings.append(
            Finding(
                "ORIGIN_UNKNOWN", origin.sheet, origin.row, origin.column, origin.text, expected
            )
        )


def unsettled_origins(verdict: Verdict) -> list[Origin]:
    """The replicated models' origins that the file's own codes do not settle."""
    rows = verdict.registrations
    if rows is None or not any(isinstance(value, str) for value in rows["replicated_from"]):
        return []
    own = {fold(code) for code in rows["model_code"] if isinstance(code, str)}
    column = (
        verdict.columns[REGISTRATIONS.key].get("replicated_from")
        or sheet_column(REGISTRATIONS, "replicated_from").header
    )
    origins = []
    for reference, sheet, number in zip(
        rows["replicated_from"], rows["sheet_name"], rows["row_number"], strict=True
    ):
        if not isinstance(reference, str):
            continue
        unit, _, code = reference.rpartition(":")
        folded = fold(code)
        if not unit and folded in own:
            continue
        origins.append(Origin(sheet, int(number), column, reference, unit.strip(), folded))
    return origins
