"""Server mode's errors a person can act on: an unreachable PostgreSQL is named (without its
password) and `dvk` exits 2; a broken statutory file names its file, row and column."""

from tests.processes import dvk, free_port


def test_an_unreachable_server_is_named_without_its_password(ws):
    url = f"postgresql+psycopg2://dvk_owner:s3cret@127.0.0.1:{free_port()}/dvk"
    result = dvk(ws.home, "readers", "grant", "binh_thuan", "--province", "60",
                 env={"DVK_POSTGRES": url})  # fmt: skip
    assert result.returncode == 2
    assert "cannot reach PostgreSQL at postgresql://…@127.0.0.1:" in result.stderr
    assert "s3cret" not in result.stderr


def test_server_mode_off_is_said_plainly(ws):
    result = dvk(ws.home, "readers", "grant", "binh_thuan", "--all", env={"DVK_POSTGRES": ""})
    assert result.returncode == 2 and "set DVK_POSTGRES" in result.stderr


def test_a_broken_catalogue_stops_validate_with_its_row(ws, tmp_path):
    folder = ws.home / "reference" / "statutory"
    folder.mkdir(parents=True)
    (folder / "categories.csv").write_text(
        "category_code,name_vi,name_en,award_level,granted_by,legal_basis,valid_from,valid_to\n"
        "bang_khen_tinh,Bằng khen,Certificate,tinh,,,,\n",
        encoding="utf-8",
    )
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    result = dvk(ws.home, "validate", str(tmp_path / "x.json"))
    assert result.returncode == 2
    assert "categories.csv, row 2, column award_level: 'tinh'" in result.stderr
