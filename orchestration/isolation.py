"""A failing build traced to the files that make it fail, which are quarantined, so that the
rest publishes: one file can never stop the publish for everyone.

The build before this one passed every test (the build state advances only then), so what
can make this one fail is a file accepted since: the candidates are the accepted files that
arrived after the last complete build. Holding all of them back (dbt macros/withheld.sql)
must make the build pass; if it does not, the failure is not the files' (a registry edit, the
models' code) and the publish stays blocked. Otherwise the culprits are found by halving the
suspects (adaptive group testing: about 2·log2(n) trial builds per culprit, with no guess
about which test reads which column), and they are withdrawn: stored as rejected without
their rows, quarantined, their receipts naming the failed checks (`CHECK_FAILED`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import duckdb

from ingestion.format.raw_tables import RAW_SCHEMA
from ingestion.intake import withdrawal
from warehouse.duckdb_settings import connect
from warehouse.workspace import Workspace

log = logging.getLogger(__name__)
BUILD_STATE = "core.dvk_build_state"
"""dbt's record of the last complete build (macros/build_state.sql)."""


def isolate(
    ws: Workspace, trial: Callable[[], bool], failed: list[str], say: Callable[[str], None]
) -> bool:
    """Find the files that make the build fail and withdraw them; whether any was. `trial`
    builds with the files of `raw.withheld` held back; `failed`: the nodes that failed."""
    with connect(ws.warehouse) as con:
        candidates = _candidates(con)
    if not candidates:
        say("the failing checks read no file accepted since the last complete build")
        return False

    outcomes: dict[frozenset[str], bool] = {frozenset(): False}

    def passes(withheld: Sequence[str]) -> bool:
        key = frozenset(withheld)
        if key not in outcomes:
            with connect(ws.warehouse) as con:
                _hold_back(con, key)
            outcomes[key] = trial()
        return outcomes[key]

    say(f"tracing the failed checks to the {len(candidates)} file(s) accepted since the last build")
    culprits = _culprits(candidates, passes) if passes(candidates) else []
    if not culprits:
        say("holding back every new file does not make the checks pass: not traced to files")
        return False
    checks = sorted({_name(node) for node in failed})
    with connect(ws.warehouse) as con:
        _hold_back(con, frozenset())
        withdrawn = withdrawal.withdraw_loaded(ws, con, culprits, withdrawal.check_failed(checks))
    for receipt in withdrawn:
        say(
            f"{receipt.original_name}: quarantined (CHECK_FAILED: {', '.join(checks)}); "
            f"its receipt: {ws.receipts / receipt.submission_id}.receipt.html"
        )
    say(f"{len(outcomes) - 1} trial build(s); building again without the quarantined file(s)")
    return True


def _culprits(candidates: list[str], passes: Callable[[Sequence[str]], bool]) -> list[str]:
    """The fewest files whose holding back makes the build pass, given that holding back all
    of `candidates` does and holding back none does not."""

    def search(suspects: list[str], withheld: list[str]) -> list[str]:
        # Known: the build passes with `withheld` and `suspects` held back.
        if passes(withheld):
            return []
        if len(suspects) == 1:
            return suspects
        half = len(suspects) // 2
        first, second = suspects[:half], suspects[half:]
        in_first = search(first, withheld + second)
        return in_first + search(second, withheld + in_first)

    return search(candidates, [])


def _name(unique_id: str) -> str:
    """A dbt node's name: `test.dvk.<name>.<hash>` or `model.dvk.<name>`."""
    return unique_id.split(".")[2] if unique_id.count(".") >= 2 else unique_id


def _candidates(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The accepted files that arrived after the last complete build, in arrival order."""
    built = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'core' and table_name = 'dvk_build_state'"
    ).fetchone()[0]
    since = f"(select coalesce(max(built_through_seq), -1) from {BUILD_STATE})" if built else "-1"
    rows = con.execute(
        f"select submission_id from {RAW_SCHEMA}.submissions "
        f"where outcome = 'accepted' and arrival_seq > {since} order by arrival_seq"
    ).fetchall()
    return [submission_id for (submission_id,) in rows]


def _hold_back(con: duckdb.DuckDBPyConnection, submission_ids: frozenset[str]) -> None:
    con.execute(f"create table if not exists {RAW_SCHEMA}.withheld (submission_id varchar)")
    con.execute(f"delete from {RAW_SCHEMA}.withheld")
    if submission_ids:
        con.execute(f"insert into {RAW_SCHEMA}.withheld select unnest(?)", [sorted(submission_ids)])
