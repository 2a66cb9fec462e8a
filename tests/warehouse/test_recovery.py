"""A warehouse file a kill left unreadable is moved aside, so the run can rebuild it."""

from warehouse.recovery import set_aside_if_unreadable


def test_an_unreadable_warehouse_is_moved_aside_with_a_warning(ws):
    ws.warehouse.write_bytes(b"not a duckdb file" * 1000)
    warnings = []
    set_aside_if_unreadable(ws, warnings.append)
    assert not ws.warehouse.exists()
    (aside,) = ws.home.glob("warehouse.duckdb.unreadable-*")
    assert aside.read_bytes().startswith(b"not a duckdb file")
    assert "rebuilds the warehouse from archive/ and reference/" in warnings[0]


def test_a_readable_warehouse_is_left_alone(ws, warehouse):
    warehouse.execute("create table t as select 1")
    warehouse.close()
    warnings = []
    set_aside_if_unreadable(ws, warnings.append)
    assert ws.warehouse.exists() and warnings == []
