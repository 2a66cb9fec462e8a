from ingestion.admin_tree import CURRENT, LEGACY, provinces


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
