import datetime as dt

import pytest

from ingestion.format.periods import parse_period
from ingestion.reference.registry import Registry, RegistryError

HEADER = "unit_code,unit_name,unit_type,province_code,admin_code,valid_from,valid_to,reports\n"


def _registry(tmp_path, body: str, header: str = HEADER) -> Registry:
    (tmp_path / "units.csv").write_text(header + body, "utf-8")
    return Registry.load(tmp_path)


def test_a_unit_is_found_only_inside_its_validity(tmp_path):
    registry = _registry(
        tmp_path,
        "HU-A,Huyện ủy A,huyen_uy,60,593,2020-01-01,2025-06-30,year\n"
        "XA-B,Đảng ủy xã B,xa,68,,01/07/2025,,year;half\n",
    )
    assert registry.find("hu-a", parse_period("2023")).unit_name == "Huyện ủy A"
    assert registry.find("HU-A", parse_period("2025-H2")) is None
    unit = registry.find("XA-B", parse_period("2025-H2"))
    assert (unit.valid_from, unit.valid_to, unit.reports) == (
        dt.date(2025, 7, 1),
        None,
        ("year", "half"),
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "HU-A,Huyện ủy A,huyện,60,,2020-01-01,,year\n",
            r"units.csv, row 2, column unit_type: 'huyện'",
        ),
        (
            "HU-A,Huyện ủy A,huyen_uy,60,,2020-13-01,,year\n",
            r"row 2, column valid_from: '2020-13-01'",
        ),
        ("HU-A,,huyen_uy,60,,2020-01-01,,year\n", r"row 2, column unit_name: ''"),
        ("HU-A,Huyện ủy A,huyen_uy,60,,2020-01-01,mai,year\n", r"row 2, column valid_to: 'mai'"),
    ],
)
def test_a_bad_registry_row_is_named_by_file_row_and_column(tmp_path, body, message):
    with pytest.raises(RegistryError, match=message):
        _registry(tmp_path, body)


def test_a_registry_missing_a_column_is_refused(tmp_path):
    with pytest.raises(RegistryError, match=r"units\.csv: missing columns reports"):
        _registry(
            tmp_path, "HU-A,A,huyen_uy,60,,2020-01-01,\n", header=HEADER.replace(",reports", "")
        )
