"""`dvk registry init` writes a province's registry of today from the official tree, merging
without touching what is there; `dvk registry check` finds what makes the pipeline answer
wrongly without failing."""

import csv
import json
import shutil

from demo.registries import UNITS_DIR
from ingestion.reference.admin_tree import query
from ingestion.reference.current_registry import BODIES, init
from ingestion.reference.registry import Registry
from ingestion.reference.registry_check import check
from tests.processes import dvk


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_init_writes_every_commune_of_the_new_lam_dong_with_its_official_code(tmp_path):
    units = tmp_path / "reference" / "units"
    first = dvk(tmp_path, "registry", "init", "--province", "68")
    assert first.returncode == 0, first.stderr
    [written] = units.glob("*.csv")
    assert written.name == "68_lam_dong_2025.csv"
    rows = _rows(written)
    tree = {r["wardCode"]: r["ward"] for r in query(
        "select wardCode, ward from admin_units where provinceCode = '68'"
    )}  # fmt: skip
    communes = [row for row in rows if row["unit_type"] == "xa"]
    assert len(tree) == 124 and {row["admin_code"]: row for row in communes}.keys() == tree.keys()
    mui_ne = next(row for row in communes if row["admin_code"] == "22918")
    assert mui_ne["unit_code"] == "LAMDONG-MUINE"
    assert mui_ne["unit_name"] == "Đảng ủy phường Mũi Né"
    assert (mui_ne["valid_from"], mui_ne["valid_to"], mui_ne["reports"]) == (
        "2025-07-01", "", "year;half"
    )  # fmt: skip
    assert {row["province_code"] for row in rows} == {"68"}
    assert len(rows) == len(tree) + len(BODIES)
    assert "added 124 communes and wards, 23 province-level bodies" in first.stdout
    # The registry it wrote is one the pipeline loads.
    assert len(Registry.load(units).units) == len(rows)

    before = written.read_bytes()
    again = dvk(tmp_path, "registry", "init", "--province", "68")
    assert again.returncode == 0 and "nothing to add" in again.stdout
    assert written.read_bytes() == before


def test_init_merges_without_touching_edited_rows_or_communes_registered_under_another_code(
    tmp_path,
):
    units = tmp_path / "units"
    units.mkdir()
    shutil.copy(UNITS_DIR / "60_binh_thuan.csv", units)  # the old province, before the reform
    mine = units / "68_lam_dong_2025.csv"
    mine.write_text(
        "unit_code,unit_name,unit_type,province_code,admin_code,valid_from,valid_to,reports\n"
        "MUINE,Đảng ủy phường Mũi Né (sửa),xa,68,22918,2025-07-01,,year\n"
        "LAMDONG-SYT,Sở Y tế tỉnh Lâm Đồng,so_nganh,68,,2025-07-01,,year",  # no last newline
        encoding="utf-8",
    )
    kept = mine.read_text(encoding="utf-8")
    merged = init(units, "68")
    assert merged.path == mine and merged.already == 2
    assert len(merged.added) == 124 - 1 + len(BODIES) - 1
    text = mine.read_text(encoding="utf-8")
    assert text.startswith(kept + "\n")  # the rows there, byte for byte, then the new ones
    codes = [row["unit_code"] for row in _rows(mine)]
    assert "LAMDONG-MUINE" not in codes and len(codes) == len(set(codes))
    assert init(units, "68").added == []


def test_an_unknown_province_is_refused_with_the_codes_of_today(tmp_path):
    result = dvk(tmp_path, "registry", "init", "--province", "60")  # Bình Thuận: merged
    assert result.returncode == 2
    assert "60: no such province in the current tree" in result.stderr and "68" in result.stderr
    assert not (tmp_path / "reference" / "units").exists()


HEADER = "unit_code,unit_name,unit_type,province_code,admin_code,valid_from,valid_to,reports\n"


def test_check_finds_overlaps_gaps_and_territories_the_tree_lacks(tmp_path):
    units = tmp_path / "reference" / "units"
    units.mkdir(parents=True)
    (units / "a.csv").write_text(
        HEADER
        + "U-OVER,Huyện ủy A,huyen_uy,60,593,2018-01-01,2025-06-30,year\n"
        + "U-GAP,Huyện ủy B,huyen_uy,60,594,2018-01-01,2020-12-31,year\n"
        + "U-GAP,Huyện ủy B,huyen_uy,60,594,2022-01-01,2025-06-30,year\n"
        + "U-BADCODE,Đảng ủy xã C,xa,68,99999,2025-07-01,,year\n"
        + "U-ENDED,Huyện ủy D,huyen_uy,60,595,2018-01-01,,year\n"
        + "U-FINE,Đảng ủy phường Mũi Né,xa,68,22918,2025-07-01,,year\n",
        encoding="utf-8",
    )
    (units / "b.csv").write_text(
        HEADER + "U-OVER,Huyện ủy A (mới),huyen_uy,60,593,2024-01-01,2025-06-30,year\n",
        encoding="utf-8",
    )
    findings = {(f.kind, f.unit_code): f.message for f in check(Registry.load(units), ["U-FINE"])}
    assert findings[("overlap", "U-OVER")] == (
        "U-OVER: a.csv row 2 and b.csv row 2 are both valid from 2024-01-01 to 2025-06-30; "
        "end the first (valid_to) the day before the second begins"
    )
    assert "no row valid from 2021-01-01 to 2021-12-31" in findings[("gap", "U-GAP")]
    assert "admin_code 99999 (a.csv row 5)" in findings[("unknown_code", "U-BADCODE")]
    assert "ceased on 2025-07-01; set valid_to to 2025-06-30" in findings[("ended_code", "U-ENDED")]
    assert ("never_named", "U-OVER") in findings and ("never_named", "U-FINE") not in findings
    assert not any(unit == "U-FINE" for _, unit in findings)

    # The command: the faults one per line, the units never named in one, and a failing exit.
    receipts = tmp_path / "receipts"
    receipts.mkdir()
    (receipts / "x.receipt.json").write_text(json.dumps({"unit_code": "U-GAP"}), "utf-8")
    result = dvk(tmp_path, "registry", "check")
    assert result.returncode == 1, result.stderr
    assert "overlap: U-OVER: a.csv row 2 and b.csv row 2" in result.stdout
    assert "never_named: 4 units no file has ever named: U-OVER, U-BADCODE, U-ENDED, U-FINE" in (
        result.stdout
    )
    assert "7 registry rows checked: 4 faults (1 overlap, 1 gap, 1 unknown_code, 1 ended_code)" in (
        result.stdout
    )


def test_check_passes_the_shipped_registries(tmp_path):
    units = tmp_path / "reference" / "units"
    shutil.copytree(UNITS_DIR, units)
    result = dvk(tmp_path, "registry", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 faults " in result.stdout
