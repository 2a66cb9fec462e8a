"""AWARD_NOT_IN_CATALOGUE: an award whose form and authority match no category of the award
catalogue (reference/statutory/) on its decision date. A warning: the row is published and
counted in mart_awards, but in no cell of the Home Affairs forms, and the receipt names the
categories that read closest, for the office to correct the row or the data team to add a
pattern (docs/statutory.md)."""

from __future__ import annotations

import datetime as dt

from ingestion.check.verdict import Verdict, sheet_column
from ingestion.format.rules import Finding
from ingestion.format.submission_format import AWARDS
from ingestion.reference.award_catalogue import Catalogue

RULE = "AWARD_NOT_IN_CATALOGUE"


def check_award_categories(verdict: Verdict, catalogue: Catalogue) -> None:
    rows = verdict.tables.get(AWARDS.key)
    if rows is None or rows.empty:
        return
    column = (
        verdict.columns.get(AWARDS.key, {}).get("awarding_authority")
        or sheet_column(AWARDS, "awarding_authority").header
    )
    for form, authority, decided, sheet, number in zip(
        rows["award_form"],
        rows["awarding_authority"],
        rows["decision_date"],
        rows["sheet_name"],
        rows["row_number"],
        strict=True,
    ):
        if not isinstance(form, str) or not isinstance(authority, str):
            continue  # a required value missing: the row's own error says so
        on = decided if isinstance(decided, dt.date) else None
        if catalogue.category(form, authority, on) is not None:
            continue
        names = "; ".join(category.name_vi for category in catalogue.nearest(form, authority))
        verdict.findings.append(
            Finding(
                RULE,
                sheet,
                int(number),
                column,
                f"{form} · {authority}",
                f"Có phải / Did you mean: {names}? (danh mục khen thưởng / award catalogue)",
            )
        )
