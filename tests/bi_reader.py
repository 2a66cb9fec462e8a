"""A BI tool in miniature, run as its own process: it opens the published marts read-only, as the
README tells BI users to, and queries them in a loop until `stop` appears, then prints what it saw.

`hold` keeps one connection for the whole loop; `reconnect` opens a new one for every query, as
a dashboard refresh does.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb

SAFE = {"enable_external_access": False, "lock_configuration": True}


def main(marts: str, query: str, stop: str, mode: str = "hold") -> None:
    con = duckdb.connect(marts, read_only=True, config=SAFE)
    print("open", flush=True)
    seen, queries, errors = set(), 0, []
    deadline = time.time() + 300
    while not Path(stop).exists() and time.time() < deadline:
        try:
            if mode == "reconnect":
                con.close()
                con = duckdb.connect(marts, read_only=True, config=SAFE)
            seen.add(con.execute(query).fetchone())
            queries += 1
        except duckdb.Error as error:
            errors.append(str(error))
        time.sleep(0.01)
    print(f"queries={queries} errors={errors} seen={sorted(seen)}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])


def start_reader(marts: Path, query: str, stop: Path, mode: str = "hold") -> subprocess.Popen:
    reader = subprocess.Popen(
        [sys.executable, __file__, str(marts), query, str(stop), mode],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "open"
    return reader


def stop_reader(reader: subprocess.Popen, stop: Path) -> str:
    """What the reader saw, with the number of queries shown only as `>0` when there were some."""
    stop.touch()
    out, _ = reader.communicate(timeout=60)
    assert reader.returncode == 0, out
    return re.sub(r"queries=[1-9]\d*", "queries>0", out.strip())
