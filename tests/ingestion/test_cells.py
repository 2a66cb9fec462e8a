import datetime as dt

import pytest

from ingestion.format.cells import cell_text, parse_date, parse_int


@pytest.mark.parametrize(
    ("text", "number"),
    [("1.635", 1635), ("1,635", 1635), ("1 635", 1635), ("12.345.678", 12345678), ("7", 7)],
)
def test_thousands_separators_mean_thousands(text, number):
    assert parse_int(text) == number


@pytest.mark.parametrize("text", ["1.5", "1.63", "1,6350", "abc", "", "1.635,5"])
def test_what_is_not_a_whole_number_is_none(text):
    assert parse_int(text) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("05/03/2023", dt.date(2023, 3, 5)),
        ("5/3/2023", dt.date(2023, 3, 5)),
        ("05-03-2023", dt.date(2023, 3, 5)),
        ("2023-03-05", dt.date(2023, 3, 5)),
        ("44990", dt.date(2023, 3, 5)),
    ],
)
def test_dates_are_day_first_iso_or_excel_serials(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["03/25/2023", "31/02/2023", "2023/03/05", "tháng 3", "12"])
def test_month_first_and_impossible_dates_are_not_read(text):
    assert parse_date(text) is None


def test_cell_text_reads_numbers_without_float_noise():
    assert cell_text(1635.0) == "1635"
    assert cell_text(dt.datetime(2023, 3, 5)) == "2023-03-05"
    assert cell_text("   ") is None
