"""`python -m bench.event_log [--runs 5]`: does the project's event log
(`orchestration/event_storage.py`, configured by `dagster.yaml`) still pay for itself against
Dagster's stock SQLite event log? The same one-file `dvk run` on copies of the demo's workspace,
each a process of its own with its run recorded in an instance at `DAGSTER_HOME`, the two
instances alternating; the median of each and their ratio. Figures only, nothing asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench.measure import BIN, INSTANCE_CONFIG, measure
from ingestion.writing.writers import write_json

STOCK = "telemetry:\n  enabled: false\n"
"""Dagster's defaults: its own SQLite event log under `$DAGSTER_HOME/history/`."""


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.event_log", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of each instance (5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dvk-bench-events-") as folder:
        root = Path(folder)
        demo = root / "demo"
        subprocess.run(
            [str(BIN / "dvk"), "--home", str(demo), "demo"], check=True, capture_output=True
        )
        instances = {"project": root / "project", "stock": root / "stock"}
        instances["project"].mkdir()
        shutil.copy(INSTANCE_CONFIG, instances["project"] / "dagster.yaml")
        instances["stock"].mkdir()
        (instances["stock"] / "dagster.yaml").write_text(STOCK)
        times: dict[str, list[float]] = {name: [] for name in instances}
        for number in range(2 * args.runs):
            name = "stock" if number % 2 else "project"
            home = root / f"run-{number}"
            shutil.copytree(demo, home, symlinks=True)
            _one_file(home / "inbox", version=number + 1)
            done = measure(
                [str(BIN / "dvk"), "--home", str(home), "run"],
                env={"DAGSTER_HOME": str(instances[name])},
            )
            times[name].append(done.seconds)
            shutil.rmtree(home)
    project, stock = (statistics.median(times[name]) for name in ("project", "stock"))
    for name, seconds in times.items():
        each = ", ".join(f"{s:.1f}" for s in seconds)
        print(f"{name:8} median {statistics.median(seconds):5.1f} s  ({each})")
    print(f"the project's event log: {project / stock:.2f}× Dagster's stock SQLite one")
    return 0


def _one_file(inbox: Path, version: int) -> None:
    """A new version of a demo unit's 2024 report: three registrations."""
    rows = [
        {
            "model_code": f"LAGI-BENCH-{i}",
            "model_name": f"Mô hình đo thời gian số {i}",
            "field": "Kinh tế",
            "owner_type": "Tập thể",
            "owner_name": "Hội Nông dân",
            "level": "Cấp huyện",
            "status": "Mới",
            "started_on": "05/03/2024",
        }
        for i in range(3)
    ]
    info = {"unit_code": "BTH-LAGI", "period": "2024", "submitted_on": dt.date(2024, 12, 10)}
    write_json(
        inbox / f"BTH-LAGI_2024_v{version}.json",
        info | {"version": version},
        {"registrations": rows},
    )


if __name__ == "__main__":
    raise SystemExit(main())
