"""Hostile names from an office reach the reports and the marts as plain, visible text."""

import csv
import unicodedata

import pytest
from openpyxl import load_workbook

from ingestion.writing.writers import write_json
from orchestration.pipeline import run_pipeline
from tests.conftest import demo_workspace, info, published_rows, registration
from tests.libreoffice import convert
from tests.warehouse.test_exported_text import HOSTILE, runs_as_formula
from warehouse.reports import INFERRED_IDENTITIES

pytestmark = pytest.mark.slow

EVALUATING_FORMULAS = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
"""LibreOffice's CSV import options: comma, quote, UTF-8, …; the 13th evaluates formulas."""
FILE_NAME = unicodedata.normalize("NFD", "Tuy Phong \u202eslx.json")


def _formulas_seen_by_libreoffice(csv_path, out):
    """Open a CSV in LibreOffice Calc with formula evaluation on; the cells it made formulas."""
    converted = convert(
        csv_path, "xlsx", out, "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
    )
    sheet = load_workbook(converted).active
    return [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_formulas_and_hidden_characters_never_reach_a_report_live(tmp_path):
    ws = demo_workspace(tmp_path / "home")
    rows = [registration(model_code=None, model_name=name) for name in HOSTILE]
    write_json(ws.inbox / FILE_NAME, info(), {"registrations": rows})
    personal = "La Gi 2023 - Nguyen Van An 0912 345 678 an.nv@gmail.com.json"
    sent = info(unit_code="BTH-LAGI", prepared_by="Nguyễn Văn An")
    write_json(ws.inbox / personal, sent, {"registrations": [registration()]})
    outcome = run_pipeline(ws)
    assert outcome.success, outcome.failure

    report = ws.reports / INFERRED_IDENTITIES
    with report.open(encoding="utf-8", newline="") as handle:
        cells = [cell for line in csv.reader(handle) for cell in line]
    assert sum(cell.startswith("'") for cell in cells) >= len(set(n.strip() for n in HOSTILE))
    assert not any(runs_as_formula(cell) for cell in cells)
    assert _formulas_seen_by_libreoffice(report, tmp_path / "calc") == []

    # The same cells unescaped: LibreOffice does run them, so the check above means something.
    raw = tmp_path / "raw.csv"
    raw.write_text("model_name\n" + "\n".join(n.strip() for n in HOSTILE) + "\n", "utf-8")
    assert _formulas_seen_by_libreoffice(raw, tmp_path / "calc")

    published = "select distinct original_name from mart_registration_rows order by 1"
    (shown,), (stored,) = published_rows(ws, published)
    assert stored == "Tuy Phong ⟨U+202E⟩slx.json"
    assert unicodedata.is_normalized("NFC", stored)
    # A file named after its preparer: the marts show no name, phone or e-mail of theirs.
    assert shown == "La Gi 2023 - … … ….json"
