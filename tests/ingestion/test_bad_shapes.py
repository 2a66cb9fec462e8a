"""A workbook whose range runs to row 1,048,576 reads as the report it holds (its cost is
figure 7 of `make bench`, not asserted here)."""

import zipfile

from bench.bad_shapes import FAR_CELL, LAST_ROW, far_blank_cell
from ingestion.read.read_xlsx import read_workbook
from ingestion.read.xlsx_extent import compacted
from ingestion.writing.writers import write_xlsx
from tests.conftest import info, registration


def test_a_blank_cell_at_the_last_row_changes_nothing_read(tmp_path):
    rows = [registration(model_code=f"M-{i}") for i in range(25)]
    normal = write_xlsx(tmp_path / "normal.xlsx", info(), {"registrations": rows})
    far = far_blank_cell(normal, tmp_path / "far.xlsx")
    as_sent, far_read = read_workbook(normal), read_workbook(far)
    assert far_read.findings == as_sent.findings
    assert far_read.tables["registrations"].rows == as_sent.tables["registrations"].rows
    assert len(far_read.tables["registrations"].rows) == 25


def test_only_blank_cells_are_dropped_from_a_far_reaching_sheet(tmp_path):
    rows = [registration(model_code=f"M-{i}") for i in range(3)]
    normal = write_xlsx(tmp_path / "normal.xlsx", info(), {"registrations": rows})
    assert compacted(normal) is None  # a usual workbook is read as it is, never copied
    far = far_blank_cell(normal, tmp_path / "far.xlsx")
    with zipfile.ZipFile(compacted(far)) as copy:
        sheets = [copy.read(n) for n in copy.namelist() if n.startswith("xl/worksheets/")]
    assert not any(f'r="{LAST_ROW}"'.encode() in sheet for sheet in sheets)

    # Regression: a value far below is a value, kept where it stands.
    valued = tmp_path / "valued.xlsx"
    with zipfile.ZipFile(far) as source, zipfile.ZipFile(valued, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            valued_cell = FAR_CELL.replace("<t> </t>", "<t>x</t>")
            target.writestr(member, data.replace(FAR_CELL.encode(), valued_cell.encode()))
    with zipfile.ZipFile(compacted(valued)) as copy:
        sheets = [copy.read(n) for n in copy.namelist() if n.startswith("xl/worksheets/")]
    assert sum(f'r="AD{LAST_ROW}"'.encode() in sheet for sheet in sheets) == len(sheets) - 1
