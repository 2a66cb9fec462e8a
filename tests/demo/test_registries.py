from demo.registries import (
    CURRENT_PROVINCES,
    PROVINCES,
    UNITS_DIR,
    current_registry_csv,
    registry_csv,
)
from ingestion.reference.current_registry import init
from ingestion.reference.registry import Registry


def test_the_shipped_registries_are_what_the_admin_tree_gives():
    for province in PROVINCES:
        assert (UNITS_DIR / province.file_name).read_text("utf-8") == registry_csv(province)


def test_the_shipped_registries_of_today_are_what_registry_init_writes(tmp_path):
    for code in CURRENT_PROVINCES:
        name, text = current_registry_csv(code)
        assert (UNITS_DIR / name).read_text("utf-8") == text
        merged = init(tmp_path / code, code)
        assert merged.path.name == name and merged.path.read_text("utf-8") == text


def test_binh_thuan_has_14_reporting_units_10_of_them_districts():
    units = [u for u in Registry.load(UNITS_DIR).units if u.province_code == "60" and u.reports]
    assert len(units) == 14
    assert sum(u.unit_type == "huyen_uy" for u in units) == 10
