import subprocess
import sys

import duckdb

from ingestion.reference.admin_tree import CURRENT, LEGACY, provinces, source_version
from ingestion.reference.reference_tables import load_admin_units, load_provinces


def test_the_tree_has_63_old_and_34_new_provinces_each_mapped_to_a_new_one():
    frame = provinces()
    assert (frame["tree"] == LEGACY).sum() == 63
    assert (frame["tree"] == CURRENT).sum() == 34
    current_codes = set(frame.loc[frame["tree"] == CURRENT, "province_code"])
    assert set(frame["current_province_code"]) == current_codes


def test_merged_provinces_map_to_their_new_province():
    frame = provinces().query("tree == @LEGACY").set_index("province_name")
    new = provinces().query("tree == @CURRENT").set_index("province_code")["province_name"]
    assert new[frame.at["Tỉnh Hà Nam", "current_province_code"]] == "Tỉnh Ninh Bình"
    assert new[frame.at["Tỉnh Nam Định", "current_province_code"]] == "Tỉnh Ninh Bình"
    assert new[frame.at["Tỉnh Bình Thuận", "current_province_code"]] == "Tỉnh Lâm Đồng"
    assert new[frame.at["Tỉnh Nghệ An", "current_province_code"]] == "Tỉnh Nghệ An"


def test_a_run_rebuilds_the_trees_only_when_what_they_come_from_changed(tmp_path):
    database = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(database)) as con:
        assert load_provinces(con) == 97 and load_admin_units(con) > 10_000
        con.execute("update raw.admin_units set source_version = 'vietnamadminunits 0.0'")
        con.execute("delete from raw.admin_units where level = 'huyen'")
    # A new process: kept trees are counted, not rebuilt, and the package is never imported.
    kept = subprocess.run(
        [sys.executable, "-c", KEEP, str(database)], capture_output=True, text=True, check=True
    )
    assert kept.stdout.split() == ["97", "False"]
    with duckdb.connect(str(database)) as con:
        rebuilt = load_admin_units(con)  # built from another version: rebuilt whole
        versions = con.execute("select distinct source_version from raw.admin_units").fetchall()
        districts = con.execute("select count(*) from raw.admin_units where level = 'huyen'")
        assert districts.fetchone()[0] > 600
    assert rebuilt > 10_000 and versions == [(source_version(),)]


KEEP = """
import sys, duckdb
from ingestion.reference.reference_tables import load_provinces
with duckdb.connect(sys.argv[1]) as con:
    print(load_provinces(con), "vietnamadminunits" in sys.modules)
"""
