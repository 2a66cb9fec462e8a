"""The benchmarks run, on a small history, and print their ratios. No time is asserted here:
figures come from `make bench` (bench/), each a ratio to a floor measured in the same run."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.history import SIZES, generate

ROOT = Path(__file__).resolve().parents[2]
RATIOS = (
    "1. backfill vs read + bulk insert",
    "2. one new file vs bare dbt build",
    "3. one file: full vs empty history",
    "4. backfill peak memory vs floor's",
    "5. intake vs read + bulk insert",
    "6. dvk validate one file vs bare read",
    "7. dvk validate: cell at last row vs none",
)


@pytest.mark.slow
@pytest.mark.bench
def test_small_benchmark_runs_and_prints_its_ratios(tmp_path):
    figures_file = tmp_path / "figures.json"
    command = [sys.executable, "-m", "bench", "--size", "small", "--work", str(tmp_path)]
    result = subprocess.run(
        [*command, "--json", str(figures_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    for label in RATIOS:
        line = next((line for line in lines if label in line), None)
        assert line is not None, f"no line for {label!r}:\n{result.stdout}"
        assert re.search(r"ratio +\d+\.\d\d×", line), line
    # Every file of the synthetic history is valid: the backfill measures the accepted path.
    files = SIZES["small"].files
    assert f"accepted {files}, rejected 0" in result.stdout
    # Which step dominates is printed with each run.
    assert re.search(r"step dbt_models +\d+\.\d s", result.stdout)
    assert re.search(r"intake read_and_validate +\d+\.\d s", result.stdout)
    assert re.search(r"dvk validate one file \d+\.\d\d s: goal ≤ 1.5 s (met|MISSED)", result.stdout)
    figures = json.loads(figures_file.read_text())
    assert [f["name"] for f in figures["figures"]] == list(RATIOS)
    assert all(f["value"] > 0 and f["floor"] > 0 for f in figures["figures"])


def test_history_is_in_the_contract_formats_and_reproducible(tmp_path):
    first = generate(SIZES["small"], tmp_path / "a")
    second = generate(SIZES["small"], tmp_path / "b")
    assert len(first) == SIZES["small"].files
    assert {p.suffix for p in first} == {".xlsx", ".json"}
    for a, b in zip(first, second, strict=True):
        if a.suffix == ".json":
            assert a.read_bytes() == b.read_bytes()
    units = [line for f in (tmp_path / "a" / "units").glob("*.csv") for line in f.open()][1:]
    assert len({line.split(",")[0] for line in units if not line.startswith("unit_code")}) == (
        SIZES["small"].provinces * SIZES["small"].units
    )
