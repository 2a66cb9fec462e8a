"""`dvk publish`, `dvk deadlines`, `dvk explain`: the published versions and what
they say."""

from __future__ import annotations

import sys

from orchestration.commands.common import FULL_DISK, DvkError, full_disk
from warehouse.workspace import Workspace


def publish_versions(ws: Workspace, rollback_to: str | None) -> int:
    from warehouse.lock import warehouse_lock
    from warehouse.publish import rollback, versions
    from warehouse.served_marts import configured, serve

    if rollback_to is not None:
        with warehouse_lock(ws, "dvk publish --rollback", lambda m: print(m, file=sys.stderr)):
            version = rollback(ws, rollback_to or None)
            dsn = configured()
            if dsn is not None:
                serve(dsn, ws.marts)
        print(f"Published version is now {version}: {ws.marts}")
        if dsn is not None:
            print("Served from PostgreSQL too (DVK_POSTGRES)")
        return 0
    kept = versions(ws)
    if not kept:
        print(f"No published versions in {ws.published}")
    for record in kept:
        mark = "  <- current" if record["current"] else ""
        rows = sum(record["row_counts"].values())
        print(f"{record['version']}  run {record['run_id'] or '-'}  {rows} rows{mark}")
    return 0


def deadline_reports(ws: Workspace, selectors: list[str]) -> int:
    """Each period a run of the deadline job, as a backfill in the UI would start them."""
    from orchestration.partitions import periods_of
    from orchestration.pipeline import run_deadline_report

    periods = []
    for selector in selectors:
        found = periods_of(selector.strip().upper())
        if not found:
            raise DvkError(f"{selector}: not a year or a period code (2023, 2023-H1, 2023-Q3)")
        periods += [p for p in found if p not in periods]
    failed = 0
    for period in periods:
        outcome = run_deadline_report(ws, period)
        if not outcome.success:
            print(f"{period}: FAILED (run {outcome.run_id})\n{outcome.failure}", file=sys.stderr)
            if full_disk(outcome.failure):
                print(FULL_DISK.format(home=ws.home, command="dvk deadlines"), file=sys.stderr)
            failed += 1
            continue
        report = outcome.metadata["reports/deadline_status"]
        print(
            f"{period}: {report['expected']} expected, {report['on_time']} on time, "
            f"{report['missing']} missing ({report['missing_units']}), "
            f"{report['late']} late ({report['late_units']}){_rates(report)}"
        )
    print(f"Reports: {ws.deadline_reports}/")
    return 1 if failed else 0


def _rates(report: dict) -> str:
    """Completeness as rates, the way a province reads it: the share of the expected units
    that sent (on time or late), and on time."""
    expected = report["expected"]
    if not expected:
        return ""
    sent = expected - report["missing"]
    return (
        f"; sent {round(100 * sent / expected)} % ({sent} of {expected}), "
        f"on time {round(100 * report['on_time'] / expected)} %"
    )


def explain_cell(ws: Workspace, mart: str, measure: str, pairs: list[str], limit: int) -> int:
    """Print the rows that make up one cell; exit 1 if they do not count to the mart's value."""
    if not ws.marts.exists():
        raise DvkError(f"nothing published yet in {ws.marts}; run `dvk run` first")
    from warehouse.lineage import explain, parse_filters

    found = explain(ws.marts, mart, measure, parse_filters(pairs))
    shown = found.rows if limit <= 0 else found.rows[:limit]
    print("\t".join(found.columns))
    for row in shown:
        print("\t".join("" if row.get(c) is None else str(row.get(c)) for c in found.columns))
    if len(shown) < len(found.rows):
        print(f"… {len(found.rows) - len(shown)} more rows (--limit 0 prints all)")
    what = " ".join(pairs) or "all rows"
    print(
        f"\n{mart}.{measure} where {what}: {found.cell}; "
        f"{len(found.rows)} rows in {len({r['submission_id'] for r in found.rows})} files "
        f"{'sum' if found.summed else 'count'} to {found.counted}"
        + ("" if found.agrees else "  (DIFFERS)")
    )
    return 0 if found.agrees else 1


def grant_reader_role(name: str, provinces: list[str], every: bool, password: bool) -> int:
    """`dvk readers grant`: a login role reading the served marts of some provinces or all."""
    import getpass

    from warehouse.served_marts import EVERY_PROVINCE, configured, grant_reader

    dsn = configured()
    if dsn is None:
        raise DvkError("server mode is off: set DVK_POSTGRES to the database's connection string")
    secret = getpass.getpass(f"password for {name}: ") if password else None
    grant_reader(dsn, name, [EVERY_PROVINCE] if every else provinces, secret)
    print(f"{name} reads the served marts of {'every province' if every else ', '.join(provinces)}")
    return 0
