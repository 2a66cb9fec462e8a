"""ORIGIN_UNKNOWN and OUTCOME_MODEL_UNKNOWN, the rules that depend on earlier files: a replicated
model's origin, and the model an outcome names by code, must be in the file or among the models
registered before it, so they are checked after the batch, file by file in arrival order."""

from __future__ import annotations

from collections.abc import Callable

from ingestion.check.verdict import EXPECTED, Origin, Verdict, sheet_column
from ingestion.format.rules import Finding
from ingestion.format.submission_format import OUTCOMES, REGISTRATIONS
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
        expected = EXPECTED[origin.rule]
        verdict.findings.append(
            Finding(origin.rule, origin.sheet, origin.row, origin.column, origin.text, expected)
        )


def unsettled_origins(verdict: Verdict) -> list[Origin]:
    """The replicated models' origins, and the models outcomes name by code, that the file's
    own codes do not settle."""
    rows = verdict.registrations
    own = set() if rows is None else {fold(c) for c in rows["model_code"] if isinstance(c, str)}
    return [*_origins(verdict, own), *_outcome_models(verdict, own)]


def _outcome_models(verdict: Verdict, own: set[str]) -> list[Origin]:
    rows = verdict.tables.get(OUTCOMES.key)
    if rows is None or rows.empty:
        return []
    column = (
        verdict.columns.get(OUTCOMES.key, {}).get("model_code")
        or sheet_column(OUTCOMES, "model_code").header
    )
    found = []
    for reference, sheet, number in zip(
        rows["model_code"], rows["sheet_name"], rows["row_number"], strict=True
    ):
        if not isinstance(reference, str):
            continue  # by name: placed by dbt among the unit's models
        unit, _, code = reference.rpartition(":")
        if not unit and fold(code) in own:
            continue
        rule = "OUTCOME_MODEL_UNKNOWN"
        found.append(Origin(sheet, int(number), column, reference, unit.strip(), fold(code), rule))
    return found


def _origins(verdict: Verdict, own: set[str]) -> list[Origin]:
    rows = verdict.registrations
    if rows is None or not any(isinstance(value, str) for value in rows["replicated_from"]):
        return []
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
