"""A workbook whose range runs to row 1,048,576 reads as the report it holds (its cost is
figure 7 of `make bench`, not asserted here)."""

from bench.bad_shapes import far_blank_cell
from ingestion.read_xlsx import read_workbook
from ingestion.writers import write_xlsx
from tests.conftest import info, registration


def test_a_blank_cell_at_the_last_row_changes_nothing_read(tmp_path):
    rows = [registration(model_code=f"M-{i}") for i in range(25)]
    normal = write_xlsx(tmp_path / "normal.xlsx", info(), {"registrations": rows})
    far = far_blank_cell(normal, tmp_path / "far.xlsx")
    as_sent, far_read = read_workbook(normal), read_workbook(far)
    assert far_read.findings == as_sent.findings
    assert far_read.tables["registrations"].rows == as_sent.tables["registrations"].rows
    assert len(far_read.tables["registrations"].rows) == 25
