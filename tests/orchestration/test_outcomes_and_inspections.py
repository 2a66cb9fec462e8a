"""Contract v3: a model's outcomes and the inspections of mass-mobilisation work, sent in a
workbook and as JSON with the figures written as offices write them, reach
`mart_model_outcomes` and `mart_inspections` and reproduce the seeds' figures; a bad file gets a
receipt naming sheet, row and column."""

import json

import pytest
from docx import Document

from ingestion.writing.writers import write_json, write_xlsx
from orchestration.pipeline import run_pipeline
from quality.gx_results import read_summary
from tests.conftest import info, published_rows, registration
from tests.processes import dvk

pytestmark = pytest.mark.slow

ONE_DOOR = "Bộ phận một cửa thân thiện"


def test_outcomes_and_inspections_reach_their_marts_with_the_seeds_figures(ws):
    # Seed 003: 7,811 dossiers received, 2,728 online (35 %), 7,574 resolved, 7,411 on time
    # (98 %). Seed 004: 1,554 inspections of 2,612 organisations, 1,503 supervisions of 2,522,
    # summed over the units that report them.
    models = [
        registration(model_code="TUY-001", model_name=ONE_DOOR, field="XDHTCT"),
        registration(model_code="TUY-002", model_name="Lò đốt rác hộ gia đình"),
    ]
    outcomes = [
        {"model_code": "TUY-001", "indicator": "Hồ sơ tiếp nhận", "value": "7.811",
         "unit_of_measure": "hồ sơ"},
        {"model_code": "TUY-001", "indicator": "Hồ sơ nộp trực tuyến", "value": "2.728",
         "out_of": "7.811", "unit_of_measure": "hồ sơ"},
        {"model_code": "TUY-001", "indicator": "Hồ sơ giải quyết", "value": "7.574",
         "unit_of_measure": "hồ sơ"},
        {"model_code": "TUY-001", "indicator": "Hồ sơ giải quyết đúng hạn", "value": "7.411",
         "out_of": "7.574", "unit_of_measure": "hồ sơ"},
        # Seed 002, named by its name only: 136 incinerators.
        {"model_name": "lò đốt rác  hộ gia đình", "indicator": "Lò đốt rác đã xây dựng",
         "value": 136, "unit_of_measure": "lò"},
        {"model_code": "TUY-002", "indicator": "Kinh phí", "value": "12,5",
         "unit_of_measure": "triệu đồng"},
        # A model nobody registered: a warning, the row kept as written.
        {"model_code": "TUY-404", "indicator": "Hộ tham gia", "value": "40"},
    ]  # fmt: skip
    inspections = [
        {"kind": "Kiểm tra", "sessions": "1.000", "organisations": "1.500"},
        {"kind": "Giám sát", "sessions": 903, "organisations": "1.522", "topic": "Dân chủ"},
    ]
    write_xlsx(
        ws.inbox / "tuyphong.xlsx",
        info(unit_code="BTH-TUYPHONG"),
        {"registrations": models, "outcomes": outcomes, "inspections": inspections},
    )
    write_json(
        ws.inbox / "lagi.json",
        info(unit_code="BTH-LAGI"),
        {
            "inspections": [
                {"kind": "kiem_tra", "sessions": 554, "organisations": "1.112"},
                {"kind": "giam_sat", "sessions": "600", "organisations": "1.000"},
            ]
        },
    )
    # The columns swapped (12 sessions covering 3 organisations): a warning, not a rejection.
    write_json(
        ws.inbox / "hamtan.json",
        info(unit_code="BTH-HAMTAN", period="2022", submitted_on="2022-10-10"),
        {"inspections": [{"kind": "kiem_tra", "sessions": 12, "organisations": 3}]},
    )
    bad = [
        {"model_code": "TUY-001", "indicator": "Hồ sơ", "value": "1.234.5"},
        {"model_code": "TUY-001", "indicator": "Trực tuyến", "value": "2.728", "out_of": "2.000"},
    ]
    write_xlsx(ws.inbox / "bad.xlsx", info(unit_code="BTH-BACBINH"), {"outcomes": bad})

    outcome = run_pipeline(ws, log_level="WARNING")
    assert outcome.success, outcome.failure

    shares = published_rows(
        ws,
        "select indicator, value, out_of, round(100 * share) from mart_model_outcomes "
        "where model_code = 'TUY-001' and out_of is not null order by indicator",
    )
    assert shares == [
        ("Hồ sơ giải quyết đúng hạn", 7411.0, 7574.0, 98.0),
        ("Hồ sơ nộp trực tuyến", 2728.0, 7811.0, 35.0),
    ]
    named = published_rows(
        ws,
        "select model_code, model_name, value from mart_model_outcomes "
        "where indicator = 'Lò đốt rác đã xây dựng'",
    )
    assert named == [("TUY-002", "Lò đốt rác hộ gia đình", 136.0)]  # placed by its name
    assert published_rows(
        ws, "select field, value from mart_model_outcomes where indicator = 'Kinh phí'"
    ) == [("VHXH", 12.5)]
    totals = published_rows(
        ws,
        "select kind, sum(sessions), sum(organisations) from mart_inspections "
        "where period_code = '2023' group by kind order by kind",
    )
    assert totals == [("giam_sat", 1503, 2522), ("kiem_tra", 1554, 2612)]
    assert published_rows(
        ws, "select label_vi from mart_codes where code_set = 'kind' order by code"
    ) == [("Giám sát",), ("Kiểm tra",)]

    # Through `dvk report`: the seeds' sentences, with the press's rounding.
    report = ws.home / "bao_cao.docx"
    result = dvk(ws.home, "report", "--province", "60", "--period", "2023", str(report))
    assert result.returncode == 0, result.stderr[-3000:]
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert "hồ sơ nộp trực tuyến 2.728/7.811 hồ sơ (35%)" in text
    assert "hồ sơ giải quyết đúng hạn 7.411/7.574 hồ sơ (98%)" in text
    assert "lò đốt rác đã xây dựng 136 lò" in text
    assert (
        "Tiến hành 1.554 cuộc kiểm tra đối với 2.612 tổ chức, đơn vị; 1.503 cuộc giám sát đối "
        "với 2.522 tổ chức, đơn vị."
    ) in text

    # `dvk explain` sums a v3 cell from the rows behind it, and names their files and rows.
    result = dvk(
        ws.home, "explain", "mart_inspections", "organisations",
        "period_code=2023", "kind=kiem_tra",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[-2:] == ["kind", "organisations"]
    assert {(line.split("\t")[0], line.split("\t")[-1]) for line in lines[1:3]} == {
        ("lagi.json", "1112"),
        ("tuyphong.xlsx", "1500"),
    }
    assert "2612; 2 rows in 2 files sum to 2612" in result.stdout
    result = dvk(
        ws.home, "explain", "mart_model_outcomes", "value", "indicator=Lò đốt rác đã xây dựng"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "tuyphong.xlsx" in result.stdout and "\tKết quả\t6\t" in result.stdout
    assert "136; 1 rows in 1 files sum to 136" in result.stdout

    tuy_phong = next(
        json.loads(p.read_text("utf-8"))
        for p in ws.receipts.glob("*.receipt.json")
        if json.loads(p.read_text("utf-8"))["file"] == "tuyphong.xlsx"
    )
    assert tuy_phong["outcome"] == "accepted"
    about_rows = [(f["rule"], f["row"], f["value"]) for f in tuy_phong["findings"] if f["row"]]
    assert about_rows == [("OUTCOME_MODEL_UNKNOWN", 8, "TUY-404")]
    assert published_rows(
        ws, "select model_code, model_name, value from mart_model_outcomes where field is null"
    ) == [("TUY-404", None, 40.0)]

    # Great Expectations warns about both, naming file, sheet and row; the marts hold them.
    warned = {r.suite: r for r in read_summary(ws.data_docs) if not r.success}
    assert {"inspections_cover_organisations", "outcomes_of_registered_models"} <= set(warned)
    [swapped] = warned["inspections_cover_organisations"].failures
    assert swapped.unexpected == 1 and "hamtan.json" in str(swapped.examples)
    [unknown] = warned["outcomes_of_registered_models"].failures
    assert unknown.unexpected == 1 and "TUY-404" in str(unknown.examples)

    [receipt] = [
        json.loads(p.read_text("utf-8"))
        for p in ws.receipts.glob("*.receipt.json")
        if json.loads(p.read_text("utf-8"))["file"] == "bad.xlsx"
    ]
    assert receipt["outcome"] == "rejected"
    found = {(f["rule"], f["sheet"], f["row"], f["column"]) for f in receipt["findings"]}
    assert ("AMOUNT_INVALID", "Kết quả", 2, "Giá trị (D)") in found
    assert ("OUT_OF_BELOW_VALUE", "Kết quả", 3, "Trên tổng số (F)") in found
