"""The inbox loop on a real DuckDB file: archive, quarantine, receipts, duplicates, recovery."""

import json
import unicodedata

import duckdb
import pytest

from ingestion.format.raw_tables import create_raw_tables
from ingestion.intake import stored_files
from ingestion.intake.process import process_inbox
from ingestion.intake.reload import reload_archive
from ingestion.writing.writers import write_json, write_xlsx
from tests.conftest import info, registration
from warehouse.exported_text import visible_name


def _counts(con):
    return con.execute(
        "select (select count(*) from raw.submissions), (select count(*) from raw.registrations)"
    ).fetchone()


def test_accepted_files_are_archived_by_hash_and_loaded_with_lineage(ws, registry, warehouse):
    create_raw_tables(warehouse)
    name = "Báo cáo ..\\..\\Tuy Phong.xlsx"  # a name a sanitiser would mangle
    write_xlsx(ws.inbox / name, info(), {"registrations": [registration()]})
    report = process_inbox(ws, registry, warehouse)
    (receipt,) = report.accepted
    assert list(ws.inbox.iterdir()) == []
    assert [p.name for p in ws.archive.iterdir()] == [f"{receipt.submission_id}.xlsx"]
    stored = json.loads((ws.receipts / f"{receipt.submission_id}.receipt.json").read_text())
    assert stored["outcome"] == "accepted"
    assert stored["file"] == name
    row = warehouse.execute(
        "select s.original_name, r.sheet_name, r.row_number, r.field, r.model_name_key "
        "from raw.registrations r join raw.submissions s using (submission_id)"
    ).fetchall()
    assert row == [(name, "Đăng ký", 2, "VHXH", "lò đốt rác hộ gia đình")]


def test_rejected_files_go_to_quarantine_beside_their_receipt_and_load_no_rows(
    ws, registry, warehouse
):
    create_raw_tables(warehouse)
    write_json(ws.inbox / "bad.json", info(), {"registrations": [registration(field="?")]})
    (receipt,) = process_inbox(ws, registry, warehouse).rejected
    names = sorted(p.name for p in ws.quarantine.iterdir())
    sid = receipt.submission_id
    assert names == [f"{sid}.json", *(f"{sid}.receipt.{kind}" for kind in ("html", "json", "md"))]
    assert "CODE_UNKNOWN" in (ws.quarantine / f"{sid}.receipt.md").read_text()
    assert _counts(warehouse) == (1, 0)
    assert warehouse.execute("select outcome, error_count from raw.submissions").fetchall() == [
        ("rejected", 1)
    ]


def test_the_same_bytes_are_processed_once(ws, registry, warehouse):
    create_raw_tables(warehouse)
    first = write_xlsx(ws.inbox / "a.xlsx", info(), {"registrations": [registration()]})
    content = first.read_bytes()
    process_inbox(ws, registry, warehouse)
    (ws.inbox / "copy of a.xlsx").write_bytes(content)
    report = process_inbox(ws, registry, warehouse)
    assert report.duplicates == ["copy of a.xlsx"]
    assert report.accepted == []
    assert _counts(warehouse) == (1, 1)
    assert list(ws.inbox.iterdir()) == []


def test_one_broken_file_does_not_stop_the_others(ws, registry, warehouse):
    create_raw_tables(warehouse)
    (ws.inbox / "0_truncated.xlsx").write_bytes(b"PK\x03\x04 truncated")
    write_json(ws.inbox / "1_good.json", info(), {"registrations": [registration()]})
    report = process_inbox(ws, registry, warehouse)
    assert [r.original_name for r in report.rejected] == ["0_truncated.xlsx"]
    assert [r.original_name for r in report.accepted] == ["1_good.json"]


def test_a_warehouse_rebuilt_from_archive_and_receipts_has_the_same_rows(ws, registry, tmp_path):
    import duckdb

    write_json(ws.inbox / "a.json", info(), {"registrations": [registration()]})
    write_json(ws.inbox / "b.json", info(unit_code="BTH-LAGI"), {"registrations": [registration()]})
    write_json(ws.inbox / "c.json", info(), {"registrations": [registration(field="?")]})
    query = "select original_name, arrival_seq, outcome, unit_code from raw.submissions order by 2"
    with duckdb.connect(str(ws.warehouse)) as con:
        create_raw_tables(con)
        process_inbox(ws, registry, con)
        before, rows_before = con.execute(query).fetchall(), _counts(con)
    ws.warehouse.unlink()
    with duckdb.connect(str(ws.warehouse)) as con:
        create_raw_tables(con)
        reloaded = reload_archive(ws, registry, con)
        assert sorted(r.original_name for r in reloaded) == ["a.json", "b.json", "c.json"]
        assert con.execute(query).fetchall() == before
        assert _counts(con) == rows_before == (3, 2)


def test_a_stored_file_the_warehouse_lacks_is_found_without_listing_unchanged_folders(ws, registry):
    write_json(ws.inbox / "a.json", info(), {"registrations": [registration()]})
    write_json(ws.inbox / "b.json", info(unit_code="BTH-LAGI"), {"registrations": [registration()]})
    with duckdb.connect(str(ws.warehouse)) as con:
        create_raw_tables(con)
        process_inbox(ws, registry, con)
        assert stored_files.all_loaded(ws, con)
        # What a run killed after archiving b.json and before committing its rows leaves: the
        # rows gone, the archived copy and the receipt kept, the folder changed since.
        (lagi,) = con.execute(
            "select submission_id from raw.submissions where unit_code = 'BTH-LAGI'"
        ).fetchone()
        for table in ("registrations", "submissions"):
            con.execute(f"delete from raw.{table} where submission_id = ?", [lagi])
        stored = next(ws.archive.glob(f"{lagi}.*"))
        stored.rename(stored.with_name(stored.name + ".tmp"))
        stored.with_name(stored.name + ".tmp").rename(stored)
        assert not stored_files.all_loaded(ws, con)
        reloaded = reload_archive(ws, registry, con)
        assert [r.original_name for r in reloaded] == ["b.json"]
        assert _counts(con) == (2, 2)
        process_inbox(ws, registry, con)
        assert stored_files.all_loaded(ws, con)
        assert reload_archive(ws, registry, con) == []


@pytest.mark.parametrize(
    "name",
    [
        "..\\..\\Windows\\system32.xlsx",
        "CON.xlsx",
        "bao\u202ecao.xlsx",
        "Báo cáo (bản cuối) – Tuy Phong.xlsx",
        unicodedata.normalize("NFD", "Đăng ký mô hình.xlsx"),
        "a" * 200 + ".xlsx",
    ],
)
def test_any_file_name_is_stored_by_hash_and_kept_as_metadata(ws, registry, warehouse, name):
    create_raw_tables(warehouse)
    write_xlsx(ws.inbox / name, info(), {"registrations": [registration()]})
    (receipt,) = process_inbox(ws, registry, warehouse).accepted
    assert [p.name for p in ws.archive.iterdir()] == [f"{receipt.submission_id}.xlsx"]
    stored = warehouse.execute("select original_name from raw.submissions").fetchone()[0]
    assert stored == visible_name(name)  # composed, its hidden characters spelled out


def test_lock_and_partial_files_stay_in_the_inbox(ws, registry, warehouse):
    create_raw_tables(warehouse)
    names = ["~$bao_cao.xlsx", ".~lock.bao_cao.xlsx#", ".bao_cao.xlsx.Xa81Zq", "bao_cao.xlsx.part"]
    for name in names:
        (ws.inbox / name).write_bytes(b"partial")
    report = process_inbox(ws, registry, warehouse)
    assert report.accepted == report.rejected == []
    assert sorted(p.name for p in ws.inbox.iterdir()) == sorted(names)


def test_known_models_read_once_for_every_unit_or_unit_by_unit_are_the_same(
    ws, registry, warehouse
):
    from ingestion.intake.loading import KnownModels

    create_raw_tables(warehouse)
    rows = [registration(), registration(model_code="TUY-002", model_name="Tổ tự quản")]
    write_xlsx(ws.inbox / "a.xlsx", info(), {"registrations": rows})
    write_xlsx(ws.inbox / "b.xlsx", info(unit_code="BTH-BACBINH"), {"registrations": rows[:1]})
    process_inbox(ws, registry, warehouse)
    one_by_one, at_once = KnownModels(warehouse), KnownModels(warehouse, every_unit=True)
    for unit in ("BTH-TUYPHONG", "bth-bacbinh", "BTH-KHONGCO"):
        assert one_by_one(unit) == at_once(unit)
    assert at_once("BTH-TUYPHONG") == {"tuy 001", "tuy 002"}
