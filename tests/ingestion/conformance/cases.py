"""The conformance cases of contract §2, generated from its declaration (`submission_format`,
`vocabulary`), not picked by hand: a sheet, column or code added to the format gets its cases.

- every optional sheet × every empty state of §2, and with rows;
- every coded column × every code × {code, label, each accepted variant, NFD label, upper case};
- every date form of §2, and forms that must be rejected;
- every number form of a claimed total and of a version.

Each case is one logical submission and the exact outcome and findings it must get, whatever
the format it is written in. A finding is (rule, sheet key, data row from 1, column key).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from ingestion.format.submission_format import (
    CLAIMED_TOTALS,
    INFO,
    OUTCOMES,
    TABLE_SHEETS,
    Column,
    Sheet,
)
from tests.ingestion.conformance.books import APPLIES, FORMATS, WORKBOOK_FORMATS, Empty, Rows

UNIT, PERIOD = "BTH-TUYPHONG", "2025"
"""A district committee, in the last year that still has districts: every level is valid."""
DAY = dt.date(2025, 3, 5)
SENT = "10/12/2025"
Finding = tuple[str, str | None, int | None, str | None]


@dataclass(frozen=True)
class Case:
    id: str
    info: dict[str, object]
    tables: dict[str, Rows | Empty]
    accepted: bool
    findings: frozenset[Finding] = frozenset()
    typed: dict[tuple[str, str], list[object]] = field(default_factory=dict)
    """(sheet key, column key) → what the column holds after validation, row by row."""
    formats: tuple[str, ...] = FORMATS


def base_info(**overrides: object) -> dict[str, object]:
    return {"unit_code": UNIT, "period": PERIOD, "submitted_on": SENT, **overrides}


def valid_row(sheet: Sheet, number: int) -> dict[str, object]:
    """A row every rule accepts, built from the column declarations: the first label of a list,
    the day for a date, 1 for a number, text otherwise; codes unique per row."""
    special = {
        "model_code": f"MH-{number:03d}",
        "replicated_from": "MH-001",  # a model of the same file: a known origin
        "owner_unit_code": UNIT,
    }
    if sheet is OUTCOMES:
        # By name: a code would name a model no registration of the file holds, a warning
        # (OUTCOME_MODEL_UNKNOWN) that `dvk validate` cannot settle without the warehouse.
        special["model_code"] = None
    row: dict[str, object] = {}
    for column in sheet.columns:
        if column.key in special:
            row[column.key] = special[column.key]
        elif column.vocabulary is not None:
            row[column.key] = column.vocabulary.labels()[0]
        elif column.is_date:
            row[column.key] = DAY.strftime("%d/%m/%Y")
        elif column.is_integer or column.is_decimal:
            row[column.key] = "1"
        else:
            row[column.key] = f"{column.header} {number}"
    return row


def rows(sheet: Sheet, count: int = 2) -> Rows:
    return [valid_row(sheet, number) for number in range(1, count + 1)]


def empty_cases() -> list[Case]:
    cases = []
    for spec in TABLE_SHEETS:
        # Another sheet holds rows, so that the file is not empty as a whole.
        other = next(s for s in TABLE_SHEETS if s is not spec)
        for state in Empty:
            tables = {spec.key: state, other.key: rows(other)}
            cases.append(
                Case(f"{spec.key}-{state.value}", base_info(), tables, True, formats=APPLIES[state])
            )
        cases.append(Case(f"{spec.key}-rows", base_info(), {spec.key: rows(spec)}, True))
    for state in Empty:
        nothing = {spec.key: state for spec in TABLE_SHEETS}
        cases.append(
            Case(
                f"all-{state.value}",
                base_info(),
                nothing,
                True,
                frozenset({("NO_ROWS", None, None, None)}),
                formats=APPLIES[state],
            )
        )
    return cases


def spellings(column: Column, code: str) -> list[str]:
    """The code itself, its label, every accepted variant, the label decomposed, in capitals."""
    label, *variants = column.vocabulary.entries[code]
    forms = [code, label, *variants, unicodedata.normalize("NFD", label), label.upper()]
    return list(dict.fromkeys(forms))


def coded_cases() -> list[Case]:
    cases = []
    for spec in TABLE_SHEETS:
        for column in spec.columns:
            if column.vocabulary is None:
                continue
            table, codes = [], []
            for code in column.vocabulary.codes:
                for spelling in spellings(column, code):
                    row = valid_row(spec, len(table) + 1)
                    row[column.key] = spelling
                    table.append(row)
                    codes.append(code)
            cases.append(
                Case(
                    f"{spec.key}.{column.key}",
                    base_info(),
                    {spec.key: table},
                    True,
                    typed={(spec.key, column.key): codes},
                )
            )
    return cases


SERIAL = (DAY - dt.date(1899, 12, 30)).days
ACCEPTED_DATES: dict[str, object] = {
    "date-cell": DAY,
    "dd/mm/yyyy": "05/03/2025",
    "d/m/yyyy": "5/3/2025",
    "dd-mm-yyyy": "05-03-2025",
    "iso": "2025-03-05",
    "excel-serial": SERIAL,
}
REJECTED_DATES = {
    "month-first": "03/31/2025",
    "slashed-iso": "2025/03/05",
    "words": "5 tháng 3 năm 2025",
    "no-such-day": "31/02/2025",
    "two-digit-year": "05/03/25",
    "implausible-year": "05/03/1900",
}


def _date_columns() -> list[tuple[Sheet, Column]]:
    return [(s, c) for s in TABLE_SHEETS for c in s.columns if c.is_date]


def date_cases() -> list[Case]:
    """One file per form: `Ngày gửi` and every date column of every sheet hold it."""
    cases = []
    for forms, accepted in ((ACCEPTED_DATES, True), (REJECTED_DATES, False)):
        for name, value in forms.items():
            tables: dict[str, Rows | Empty] = {}
            findings = set()
            for spec in TABLE_SHEETS:
                if any(c.is_date for c in spec.columns):
                    tables[spec.key] = [dict(valid_row(spec, 1))]
            for spec, column in _date_columns():
                tables[spec.key][0][column.key] = value
                findings.add(("DATE_INVALID", spec.key, 1, column.key))
            if not accepted:
                findings.add(("DATE_INVALID", INFO.key, None, "submitted_on"))
            formats = WORKBOOK_FORMATS if isinstance(value, dt.date) else FORMATS
            cases.append(
                Case(
                    f"date-{name}",
                    base_info(submitted_on=value),
                    tables,
                    accepted,
                    frozenset() if accepted else frozenset(findings),
                    formats=formats,
                )
            )
    return cases


ACCEPTED_NUMBERS: dict[str, object] = {
    "digits": "1635",
    "dot-thousands": "1.635",
    "comma-thousands": "1,635",
    "space-thousands": "1 635",
    "number-cell": 1635,
    "whole-float-cell": 1635.0,
}
REJECTED_NUMBERS = {
    "decimal": "1.5",
    "comma-decimal": "16,35",
    "words": "một nghìn",
    "odd": "1.63.5",
}
VERSIONS = {
    "2": True,
    "999": True,
    "number-cell-3": True,
    "1.635": False,
    "0": False,
    "1000": False,
}


def number_cases() -> list[Case]:
    """Claimed totals: each accepted form reads as 1635; a rejected one is left out with a
    warning (a claimed total never rejects a file). Versions: a whole number from 1 to 999."""
    forms = {**ACCEPTED_NUMBERS, **REJECTED_NUMBERS}
    table = []
    for number, value in enumerate(forms.values(), start=1):
        row = valid_row(CLAIMED_TOTALS, number)
        row["value"] = value
        table.append(row)
    ignored = {
        ("CLAIM_IGNORED", CLAIMED_TOTALS.key, number, "value")
        for number, name in enumerate(forms, start=1)
        if name in REJECTED_NUMBERS
    }
    cases = [
        Case(
            "claimed-total-values",
            base_info(),
            {CLAIMED_TOTALS.key: table},
            True,
            frozenset(ignored),
            typed={(CLAIMED_TOTALS.key, "value"): [1635] * len(ACCEPTED_NUMBERS)},
        )
    ]
    for text, accepted in VERSIONS.items():
        value: object = 3 if text == "number-cell-3" else text
        findings = set() if accepted else {("VERSION_INVALID", INFO.key, None, "version")}
        cases.append(
            Case(
                f"version-{text}",
                base_info(version=value),
                {TABLE_SHEETS[0].key: rows(TABLE_SHEETS[0], 1)},
                accepted,
                frozenset(findings),
            )
        )
    return cases


ACCEPTED_AMOUNTS: dict[str, tuple[object, float]] = {
    "dot-thousands": ("7.811", 7811.0),
    "comma-thousands": ("7,811", 7811.0),
    "number-cell": (7811, 7811.0),
    "comma-decimal": ("12,5", 12.5),
    "comma-decimal-two": ("12,25", 12.25),
    "thousands-and-decimal": ("1.234,5", 1234.5),
    "decimal-cell": (12.5, 12.5),
    "zero": ("0", 0.0),
}
REJECTED_AMOUNTS = {"words": "bảy nghìn", "negative": "-3", "mixed-points": "1.234.5"}


def amount_cases() -> list[Case]:
    """Outcomes (contract v3): each accepted form of a value and its whole reads as the number
    it means; a rejected one is AMOUNT_INVALID; a part greater than its whole is an error; a
    model with two rows of one indicator too."""
    table, findings = [], set()
    for number, (value, _) in enumerate(ACCEPTED_AMOUNTS.values(), start=1):
        table.append(valid_row(OUTCOMES, number) | {"value": value, "out_of": value})
    accepted = Case(
        "outcome-amounts",
        base_info(),
        {OUTCOMES.key: table},
        True,
        typed={
            (OUTCOMES.key, "value"): [amount for _, amount in ACCEPTED_AMOUNTS.values()],
            (OUTCOMES.key, "out_of"): [amount for _, amount in ACCEPTED_AMOUNTS.values()],
        },
    )
    table = []
    for number, value in enumerate(REJECTED_AMOUNTS.values(), start=1):
        table.append(valid_row(OUTCOMES, number) | {"value": value, "out_of": None})
        findings.add(("AMOUNT_INVALID", OUTCOMES.key, number, "value"))
    over = valid_row(OUTCOMES, len(table) + 1) | {"value": "2.728", "out_of": "2.000"}
    twice = [valid_row(OUTCOMES, len(table) + 2) for _ in range(2)]
    table += [over, *twice]
    findings.add(("OUT_OF_BELOW_VALUE", OUTCOMES.key, len(table) - 2, "out_of"))
    findings |= {
        ("OUTCOME_DUPLICATE", OUTCOMES.key, n, "indicator") for n in (len(table) - 1, len(table))
    }
    rejected = Case(
        "outcome-faults", base_info(), {OUTCOMES.key: table}, False, frozenset(findings)
    )
    return [accepted, rejected]


def all_cases() -> list[Case]:
    return [*empty_cases(), *coded_cases(), *date_cases(), *number_cases(), *amount_cases()]
