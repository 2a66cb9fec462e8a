"""`dvk demo` runs `python -m demo`, a package product code never imports: the dependency is
declared (the wheel ships `demo`), and the package it runs is the project's own."""

import importlib.util
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_the_demo_that_dvk_demo_runs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "demo" in project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    spec = importlib.util.find_spec("demo.__main__")
    assert spec is not None and Path(spec.origin) == ROOT / "demo" / "__main__.py"
