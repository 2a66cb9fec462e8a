"""Every generated case of contract §2, in every format that can express it: the exact outcome,
the exact findings, and the codes and numbers the rows hold after validation."""

from __future__ import annotations

import json
import re

import pytest

from ingestion.check.files import check_file
from ingestion.format.rules import Finding
from ingestion.format.submission_format import INFO, TABLE_SHEETS
from tests.ingestion.conformance import books
from tests.ingestion.conformance.cases import Case, all_cases, base_info, valid_row

CASES = [(case, fmt) for case in all_cases() for fmt in case.formats]


def _key(finding: Finding, workbook: bool) -> tuple:
    """(rule, sheet key, data row from 1, column key), whatever the format's names."""
    spec = next(
        (s for s in (INFO, *TABLE_SHEETS) if finding.sheet and s.matches(finding.sheet)), None
    )
    column = None
    if finding.column is not None and spec is not None:
        header = re.sub(r" \([A-Z]+\)$", "", finding.column)
        found = spec.column_for(header)
        column = found.key if found else finding.column
    row = finding.row
    if spec is INFO or row is None:
        row = None
    elif workbook:
        row -= 1  # the header is row 1
    return (finding.rule_id, spec.key if spec else None, row, column)


@pytest.mark.parametrize(("case", "fmt"), CASES, ids=[f"{case.id}-{fmt}" for case, fmt in CASES])
def test_conformance(case: Case, fmt: str, tmp_path, registry):
    path = books.write(tmp_path / f"case.{fmt}", case.info, case.tables)
    verdict = check_file(path, registry)
    found = {_key(f, fmt != "json") for f in verdict.findings}
    assert found == set(case.findings), [f.as_dict() for f in verdict.findings]
    assert verdict.accepted is case.accepted
    for (sheet, column), expected in case.typed.items():
        assert list(verdict.tables[sheet][column]) == expected


def test_the_suite_covers_every_sheet_state_coded_column_and_format():
    ids = {case.id for case, _ in CASES}
    for spec in TABLE_SHEETS:
        for state in books.Empty:
            assert f"{spec.key}-{state.value}" in ids
        for column in spec.columns:
            if column.vocabulary is not None:
                assert f"{spec.key}.{column.key}" in ids
    assert {fmt for _, fmt in CASES} == {"xlsx", "ods", "xls", "json"}
    assert len(CASES) > 150


@pytest.mark.parametrize(
    ("where", "document", "expected"),
    [
        (
            "top",
            '{"submission": %(info)s, "registrations": %(rows)s, "submission": %(info)s}',
            (None, None, "submission"),
        ),
        (
            "info",
            '{"submission": {"unit_code": "X", %(info_body)s}, "registrations": %(rows)s}',
            ("submission", None, "unit_code"),
        ),
        (
            "row",
            '{"submission": %(info)s, "registrations": [%(row_twice)s]}',
            ("registrations", 1, "field"),
        ),
    ],
)
def test_a_repeated_json_key_is_an_error_naming_it_and_where(
    where, document, expected, tmp_path, registry
):
    info = json.dumps(base_info())
    row = json.dumps(valid_row(TABLE_SHEETS[0], 1), ensure_ascii=False)
    text = document % {
        "info": info,
        "info_body": info[1:-1],
        "rows": f"[{row}]",
        "row_twice": row[:-1] + ', "field": "KT"}',
    }
    path = tmp_path / f"{where}.json"
    path.write_text(text, encoding="utf-8")
    verdict = check_file(path, registry)
    assert not verdict.accepted
    (finding,) = [f for f in verdict.findings if f.rule_id == "KEY_DUPLICATE"]
    assert (finding.sheet, finding.row, finding.value) == expected
