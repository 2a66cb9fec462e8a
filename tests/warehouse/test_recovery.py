"""A damaged warehouse is moved aside so the run can rebuild it; a busy one is never touched."""

import os
import subprocess
import sys
import time

import duckdb
import pytest

from warehouse.errors import WarehouseBusy
from warehouse.recovery import heal, is_damage, is_lock, pending_notes, truncated

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _filled(ws) -> None:
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("create table t as select range i, md5(range::varchar) s from range(400000)")


def _aside(ws):
    return sorted(p.name for p in ws.home.glob("warehouse.duckdb.damaged-*"))


def test_a_file_that_is_no_database_is_moved_aside_and_noted(ws):
    ws.warehouse.write_bytes(b"not a duckdb file" * 1000)
    warnings = []
    heal(ws, warnings.append)
    assert not ws.warehouse.exists()
    (aside,) = ws.home.glob("warehouse.duckdb.damaged-*")
    assert aside.read_bytes().startswith(b"not a duckdb file")
    assert "rebuilds the warehouse from archive/ and reference/" in warnings[0]
    assert [note["set_aside"] for note in pending_notes(ws)] == [aside.name]


def test_a_truncated_file_is_found_from_its_header_and_moved_aside(ws):
    _filled(ws)
    assert truncated(ws.warehouse) is None
    os.truncate(ws.warehouse, 300_000)
    assert "truncated" in truncated(ws.warehouse)
    warnings = []
    heal(ws, warnings.append)
    assert not ws.warehouse.exists() and len(_aside(ws)) == 1
    assert "truncated: 300000 bytes" in warnings[0]


def test_a_wal_that_fails_to_replay_is_moved_aside_with_its_file(ws):
    script = (
        "import duckdb, os, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute('create table a as select range i from range(10)')\n"
        "con.execute('checkpoint')\n"
        "con.execute(\"set checkpoint_threshold = '1TB'\")\n"
        "con.execute('insert into a select range from range(100000)')\n"
        "os._exit(0)\n"  # a kill: the WAL is left to replay
    )
    subprocess.run([sys.executable, "-c", script, str(ws.warehouse)], check=True)
    wal = ws.warehouse.with_name("warehouse.duckdb.wal")
    damaged = bytearray(wal.read_bytes())
    damaged[200:400] = bytes(b ^ 0xFF for b in damaged[200:400])
    wal.write_bytes(bytes(damaged))
    warnings = []
    heal(ws, warnings.append)
    assert not ws.warehouse.exists() and not wal.exists()
    assert len(_aside(ws)) == 2  # the file and its WAL, side by side
    assert "WAL" in warnings[0]


def test_a_readable_warehouse_is_left_alone(ws, warehouse):
    warehouse.execute("create table t as select 1")
    warehouse.close()
    warnings = []
    heal(ws, warnings.append)
    assert ws.warehouse.exists() and warnings == [] and pending_notes(ws) == []


def test_a_warehouse_another_process_holds_is_waited_for_then_refused_never_moved(ws):
    _filled(ws)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(ws.warehouse), "60"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        warnings = []
        started = time.monotonic()
        with pytest.raises(WarehouseBusy) as refused:
            heal(ws, warnings.append, wait=1.5)
        assert time.monotonic() - started >= 1.5
        assert f"PID {holder.pid}" in str(refused.value)
        assert "published/marts.duckdb" in str(refused.value)
        assert "waiting up to 2 s" in warnings[0]
        assert ws.warehouse.exists() and _aside(ws) == [] and pending_notes(ws) == []
    finally:
        holder.kill()
        holder.wait()


def test_the_wait_ends_when_the_other_process_lets_go(ws):
    _filled(ws)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(ws.warehouse), "1"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "open"
    warnings = []
    heal(ws, warnings.append, wait=60)
    holder.wait()
    assert len(warnings) == 1 and ws.warehouse.exists() and _aside(ws) == []


@pytest.mark.parametrize(
    ("message", "damage", "lock"),
    [
        ("Corrupt database file: computed checksum 1 does not match stored checksum 2", 1, 0),
        ('Failure while replaying WAL file "w.wal": Corrupt WAL file', 1, 0),
        ('Could not read enough bytes from file "w.duckdb"', 1, 0),
        ('Could not set lock on file "w.duckdb": Conflicting lock is held in python (PID 7)', 0, 1),
        ("Catalog Error: Table with name x does not exist!", 0, 0),
    ],
)
def test_damage_and_locks_are_told_apart(message, damage, lock):
    assert (is_damage(message), is_lock(message)) == (bool(damage), bool(lock))
