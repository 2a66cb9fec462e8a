"""Vietnam's provinces before and after the 2025 merger, from the `vietnamadminunits` package.

63 old provinces, 34 new ones, and for each old province the new one it became. Never typed by
hand: the package's own dataset is the source. The package costs 0.4 s to import: it is
imported when a tree is built, which a run does only when `source_version` changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import pandas as pd

LEGACY, CURRENT = "legacy", "2025"
MERGER_DATE = dt.date(2025, 7, 1)


def package_version() -> str:
    return version("vietnamadminunits")


@functools.cache
def source_version() -> str:
    """What the trees are built from: the package's version and this module's code."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return f"{package_version()}; {Path(__file__).name} {code}"


def query(sql: str) -> list[dict]:
    from vietnamadminunits.database import query as package_query

    return package_query(sql)


def provinces() -> pd.DataFrame:
    """One row per province of each tree, with the current province it belongs to."""
    legacy = pd.DataFrame(
        query("select distinct provinceCode, province, provinceKey from admin_units_legacy")
    )
    current = pd.DataFrame(
        query("select distinct provinceCode, province, provinceKey from admin_units")
    )
    code_of_new_key = dict(zip(current["provinceKey"], current["provinceCode"], strict=True))
    new_key_of_old = {old: new for new, olds in _merger().items() for old in olds}
    legacy["current_province_code"] = legacy["provinceKey"].map(
        lambda key: code_of_new_key[new_key_of_old[key]]
    )
    current["current_province_code"] = current["provinceCode"]
    frames = [legacy.assign(tree=LEGACY), current.assign(tree=CURRENT)]
    return (
        pd.concat(frames, ignore_index=True)
        .rename(columns={"provinceCode": "province_code", "province": "province_name"})
        .loc[:, ["tree", "province_code", "province_name", "current_province_code"]]
        .sort_values(["tree", "province_code"], ignore_index=True)
    )


@functools.cache
def _province_names(tree: str) -> dict[str, str]:
    table = "admin_units_legacy" if tree == LEGACY else "admin_units"
    rows = query(f"select distinct provinceCode, province from {table}")
    return {row["provinceCode"]: row["province"] for row in rows}


def province_name(code: str, on: dt.date) -> str | None:
    """The name of the province with `code` in the tree in force on `on` (old codes before the
    2025 merger, new ones after), without building the whole tree."""
    return _province_names(CURRENT if on >= MERGER_DATE else LEGACY).get(code)


def _merger() -> dict[str, list[str]]:
    """New province key → the old province keys it was made of."""
    data = (
        resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text("utf-8")
    )
    return json.loads(data)["DICT_PROVINCE"]


def units() -> pd.DataFrame:
    """Districts and communes of both trees: tree, level, code, name, province_code,
    district_code (legacy communes only)."""
    legacy_districts = query(
        "select distinct 'legacy' as tree, 'huyen' as level, districtCode as code, "
        "district as name, provinceCode as province_code, null as district_code "
        "from admin_units_legacy"
    )
    legacy_communes = query(
        "select distinct 'legacy' as tree, 'xa' as level, wardCode as code, ward as name, "
        "provinceCode as province_code, districtCode as district_code "
        "from admin_units_legacy where wardCode is not null"
    )
    communes = query(
        "select distinct '2025' as tree, 'xa' as level, wardCode as code, ward as name, "
        "provinceCode as province_code, null as district_code from admin_units"
    )
    frame = pd.DataFrame(legacy_districts + legacy_communes + communes)
    return frame.sort_values(["tree", "level", "code"], ignore_index=True)
