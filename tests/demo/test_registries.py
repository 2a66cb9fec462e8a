from demo.registries import PROVINCES, UNITS_DIR, registry_csv
from ingestion.reference.registry import Registry


def test_the_shipped_registries_are_what_the_admin_tree_gives():
    for province in PROVINCES:
        assert (UNITS_DIR / province.file_name).read_text("utf-8") == registry_csv(province)


def test_binh_thuan_has_14_reporting_units_10_of_them_districts():
    units = [u for u in Registry.load(UNITS_DIR).units if u.province_code == "60" and u.reports]
    assert len(units) == 14
    assert sum(u.unit_type == "huyen_uy" for u in units) == 10
