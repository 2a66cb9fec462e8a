"""The award catalogue and the statutory forms as data: the keys patterns are compared on are
the same in Python and in the dbt macro, a workspace's copy of a file overrides the packaged
one, a bad file is refused naming its row and column, and a form is in force by date."""

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from ingestion.reference.award_catalogue import (
    PACKAGED,
    Catalogue,
    CatalogueError,
    install_defaults,
    match_key,
)
from ingestion.reference.statutory_forms import in_force, load_forms

MACRO = Path(__file__).resolve().parents[2] / "dbt_project" / "macros" / "match_key.sql"
WRITTEN = [
    "Ủy ban Nhân dân TỈNH  Lâm-Đồng",
    "ĐẢNG ỦY xã Phước—Thể",
    "UBND\u00a0tỉnh",
    "Hòa hoà Thuỷ thủy ưởng ợ",
    "bang_khen",
    " Chủ tịch   UBND huyện ",
]


def test_python_and_the_dbt_macro_compute_the_same_keys():
    body = MACRO.read_text("utf-8").split("-%}", 1)[1].split("{%-", 1)[0]
    with duckdb.connect() as con:
        for text in WRITTEN:
            sql = con.execute(f"select {body.replace('{{ expression }}', '?')}", [text])
            assert sql.fetchone()[0] == match_key(text), text


def test_the_packaged_catalogue_places_what_offices_write():
    catalogue = Catalogue.load()
    on = dt.date(2023, 9, 20)
    assert catalogue.category("bang_khen", "UBND tỉnh", on).code == "bang_khen_bo_tinh"
    assert catalogue.category("Bằng khen", "Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình", on).level == (
        "bo_tinh"
    )
    assert catalogue.category("Huân chương Lao động hạng Ba", "Chủ tịch nước", on).code == (
        "huan_chuong"
    )
    # A district's Giấy khen until the districts were dissolved, not after.
    assert catalogue.category("giay_khen", "UBND huyện Tuy Phong", on).code == "giay_khen_huyen"
    assert catalogue.category("giay_khen", "UBND huyện Tuy Phong", dt.date(2025, 8, 1)) is None
    assert catalogue.category("giay_chung_nhan", "UBND tỉnh", on) is None
    nearest = [c.code for c in catalogue.nearest("giay_khen", "UBND tỉnh")]
    assert "bang_khen_bo_tinh" in nearest


def test_the_benchmark_historys_awards_each_map_or_are_warned():
    from bench.history import AUTHORITIES
    from ingestion.format.vocabulary import AWARD_FORM

    catalogue = Catalogue.load()
    placed = {
        (form, authority): catalogue.category(form, authority, dt.date(2023, 6, 1))
        for form in AWARD_FORM.codes
        for authority in AUTHORITIES
    }
    mapped = [pair for pair, category in placed.items() if category is not None]
    warned = [pair for pair, category in placed.items() if category is None]
    assert len(mapped) == 11 and len(warned) == 9  # each warned pair gets nearest categories
    assert all(catalogue.nearest(*pair) for pair in warned)


def test_a_workspace_copy_changes_the_mapping_without_code(tmp_path):
    install_defaults(tmp_path)
    patterns = tmp_path / "statutory" / "patterns.csv"
    assert patterns.read_bytes() == (PACKAGED / "patterns.csv").read_bytes()
    with patterns.open("a", encoding="utf-8") as handle:
        handle.write("Giấy chứng nhận,UBND tỉnh*,bang_khen_bo_tinh,,\n")
    catalogue = Catalogue.load(tmp_path)
    assert catalogue.category("giay_chung_nhan", "UBND tỉnh", None).code == "bang_khen_bo_tinh"
    assert install_defaults(tmp_path) == []  # edited files are never overwritten


def test_a_bad_row_is_refused_naming_the_file_row_and_column(tmp_path):
    install_defaults(tmp_path)
    patterns = tmp_path / "statutory" / "patterns.csv"
    with patterns.open("a", encoding="utf-8") as handle:
        handle.write("Bằng khen,Bộ Nội vụ,bang_khen_bo_nv,,\n")
    lines = len(patterns.read_text("utf-8").splitlines())
    with pytest.raises(CatalogueError, match=rf"patterns.csv, row {lines}, column category_code"):
        Catalogue.load(tmp_path)
    categories = tmp_path / "statutory" / "categories.csv"
    text = categories.read_text("utf-8").replace(",bo_tinh,", ",tinh,", 1)
    categories.write_text(text, "utf-8")
    patterns.write_text((PACKAGED / "patterns.csv").read_text("utf-8"), "utf-8")
    with pytest.raises(CatalogueError, match=re.escape("column award_level: 'tinh'")):
        Catalogue.load(tmp_path)


def test_the_forms_in_force_follow_their_circular():
    forms = load_forms(None, Catalogue.load())
    assert [f.code for f in in_force(forms, 2023)] == ["0602.N/BNV-TĐKT", "0603.N/BNV-TĐKT"]
    assert in_force(forms, 2022) == []  # Thông tư 02/2023 is in force from 10 May 2023
    form = next(f for f in forms if f.code.startswith("0603"))
    total = next(c for c in form.columns if c.code == "1")
    assert set(form.categories(total)) == {
        "bang_khen_bo_tinh", "chien_si_thi_dua_bo_tinh", "co_thi_dua_bo_tinh",
        "ky_niem_chuong_bo_tinh",
    }  # fmt: skip
