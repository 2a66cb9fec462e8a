"""`dvk`: the data team's commands (contract §5). Each runs the same Dagster job as the UI."""

from __future__ import annotations

import argparse
import logging
import re
import subprocess
import sys
from pathlib import Path

from ingestion.registry import RegistryError
from warehouse.errors import LineageError, PublishError
from warehouse.workspace import Workspace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dvk", description=__doc__)
    parser.add_argument("--home", help="the workspace folder (default: $DVK_HOME or ./dvk_home)")
    commands = parser.add_subparsers(dest="command", required=True)
    run_command = commands.add_parser(
        "run", help="process inbox/: validate, load, transform, check, publish"
    )
    run_command.add_argument(
        "--full-refresh", action="store_true", help="rebuild every dbt model from the raw tables"
    )
    run_command.add_argument(
        "--verbose", action="store_true", help="every line of dbt's and Dagster's output"
    )
    commands.add_parser("demo", help="build a fresh demo workspace and run the whole pipeline")
    validate = commands.add_parser("validate", help="check files and print receipts; no changes")
    validate.add_argument("files", nargs="+", type=Path)
    template = commands.add_parser("template", help="write the blank submission workbook")
    template.add_argument("out", type=Path, help="where to write it, e.g. mau_bao_cao.xlsx")
    template.add_argument("--unit", help="pre-fill Mã đơn vị (a unit code of the registries)")
    template.add_argument("--period", help="pre-fill Kỳ báo cáo: 2023, 2023-H1, 2023-Q1 …")
    publish = commands.add_parser("publish", help="list the published versions, or roll back")
    action = publish.add_mutually_exclusive_group(required=True)
    action.add_argument("--list", action="store_true", help="the kept versions, newest last")
    action.add_argument(
        "--rollback",
        nargs="?",
        const="",
        metavar="VERSION",
        help="make the version before the current one (or VERSION) current again",
    )
    deadlines = commands.add_parser(
        "deadlines", help="the deadline report of a period, or of every period of a year"
    )
    deadlines.add_argument("periods", nargs="+", help="2023 (the year and its parts), 2023-H1, …")
    explain_command = commands.add_parser(
        "explain", help="the rows (file, sheet, row) that make up one cell of a published mart"
    )
    explain_command.add_argument("mart", help="mart_registrations, mart_recognitions, mart_awards")
    explain_command.add_argument("measure", help="registrations, models, proposed, awards, …")
    explain_command.add_argument(
        "filters", nargs="*", metavar="COLUMN=VALUE", help="the cell: period_code=2023 …"
    )
    explain_command.add_argument(
        "--limit", type=int, default=50, help="rows printed (all are counted; 0: all)"
    )
    accounts = commands.add_parser(
        "accounts", help="the portal's accounts: add, list, disable, reset"
    )
    account_actions = accounts.add_subparsers(dest="action", required=True)
    add = account_actions.add_parser(
        "add", help="a new account; prints its password and token once"
    )
    add.add_argument("name", help="the login name, e.g. bth-lagi")
    scope = add.add_mutually_exclusive_group(required=True)
    scope.add_argument("--unit", help="the unit codes it may send files for: BTH-LAGI[,BTH-…]")
    scope.add_argument("--province", help="a province code: every unit of it in the registries")
    account_actions.add_parser("list", help="every account, what it covers, enabled or not")
    for action, what in (
        ("disable", "refuse its logins and token from now on"),
        ("reset", "a new password and token, printed once; enables it again"),
    ):
        account_actions.add_parser(action, help=what).add_argument("name")
    approve = commands.add_parser(
        "approve", help="approve a province's period: later files for it are held, not counted"
    )
    approve.add_argument("province", help="a current or old province code: 60, 68, 37 …")
    approve.add_argument("period", help="2023 (the year and every part of it), 2023-H1, …")
    approve.add_argument("--note", default="", help="why, or what was reported upward")
    reopen = commands.add_parser(
        "reopen", help="reopen an approved period: the next run takes its held files in"
    )
    reopen.add_argument("province")
    reopen.add_argument("period")
    reopen.add_argument("--reason", required=True, help="why it is reopened (kept in the log)")
    approvals_command = commands.add_parser(
        "approvals", help="every approval and reopening, and the files held now"
    )
    approvals_command.add_argument("--province", help="only this province")
    followup = commands.add_parser(
        "followup", help="record an auditor's decision on an outlier of mart_outliers"
    )
    followup.add_argument("unit")
    followup.add_argument("period")
    followup.add_argument("measure", help="registrations, new, recognized, awards")
    decision = followup.add_mutually_exclusive_group(required=True)
    decision.add_argument("--confirm", action="store_true", help="the figure is wrong: follow up")
    decision.add_argument("--explain", metavar="TEXT", help="the figure is right, because TEXT")
    portal = commands.add_parser("portal", help="serve the offices' portal (pages and API)")
    portal.add_argument("--host", default="127.0.0.1", help="the address to listen on (127.0.0.1)")
    portal.add_argument("--port", type=int, default=8750, help="the port (8750)")
    args = parser.parse_args(argv)
    ws = Workspace.from_env(args.home)
    try:
        if args.command != "demo" and not ws.home.is_dir():
            raise DvkError(
                f"{ws.home}: no such workspace folder. Name an existing one with --home or "
                "DVK_HOME, or create it (mkdir, then copy the unit registries into "
                "reference/units/); `dvk demo` makes a demo workspace."
            )
        if args.command == "run":
            return run(ws, full_refresh=args.full_refresh, verbose=args.verbose)
        if args.command == "publish":
            return publish_versions(ws, args.rollback)
        if args.command == "deadlines":
            return deadline_reports(ws, args.periods)
        if args.command == "demo":
            return demo(ws)
        if args.command == "explain":
            return explain_cell(ws, args.mart, args.measure, args.filters, args.limit)
        if args.command == "template":
            return template_file(ws, args.out, args.unit, args.period)
        if args.command in ("approve", "reopen", "approvals"):
            return approval_commands(ws, args)
        if args.command == "followup":
            return record_followup(ws, args)
        if args.command == "accounts":
            return manage_accounts(ws, args)
        if args.command == "portal":
            from portal.server import serve

            serve(ws, args.host, args.port)
            return 0
        return validate_files(ws, args.files)
    except (DvkError, RegistryError, PublishError, LineageError) as error:
        print(f"dvk: {error}", file=sys.stderr)
        return 2


class DvkError(Exception):
    """A failure a person can act on; the message says what to do."""


def run(ws: Workspace, full_refresh: bool = False, verbose: bool = False) -> int:
    from orchestration import interruption
    from warehouse.publish import current_version

    # A log the disk refuses (dbt's, in its target folder) would print a traceback per record;
    # the run's failure says what happened, once.
    logging.raiseExceptions = False
    with interruption.watched() as stop:
        outcome, display, published, in_inbox = _run_watched(ws, full_refresh, verbose)
    if stop.signal:
        print(_stopped(ws, stop.name, outcome, published, in_inbox), file=sys.stderr)
        return 128 + stop.signal
    assert outcome is not None and display is not None
    if display.summary:
        print(f"  dbt build: {display.summary.removeprefix('Done. ')} (output: {ws.dbt_log})")
    if outcome.recovered_from:
        print(
            "  the warehouse was damaged; it was set aside and rebuilt from archive/ and "
            "reference/ (the audit report says what was found)"
        )
    intake = outcome.metadata.get("raw/submissions", {})
    if intake:
        print(
            f"  accepted {intake['accepted']}, rejected {intake['rejected']}, "
            f"already processed {intake['duplicates']}, "
            f"recovered from archive/ {intake['reloaded_from_archive']}"
        )
        if intake["rejected"]:
            print(f"  rejected: {intake['rejected_files']} (receipts in {ws.receipts})")
    if not outcome.success:
        print(f"dvk run FAILED (run {outcome.run_id}):\n{outcome.failure}", file=sys.stderr)
        lost = display.log.lost
        if lost is not None:
            print(f"  dbt's output log stopped at: {lost}", file=sys.stderr)
        if _full_disk(outcome.failure) or _full_disk(str(lost or "")):
            print(_FULL_DISK.format(home=ws.home, command="dvk run"), file=sys.stderr)
        for check in outcome.failed_checks:
            print(f"  blocking check failed: {check}", file=sys.stderr)
        now = current_version(ws)
        if now != published:
            print(
                f"This run's marts were published whole before the failure (version {now}): "
                f"{ws.marts}; run `dvk run` again for the steps after it.",
                file=sys.stderr,
            )
        else:
            print(f"The published marts were left as they were: {ws.marts}", file=sys.stderr)
        return 1
    published = outcome.metadata.get("published/marts", {})
    if "kept_rollback_from" in published:
        print(
            f"Version {published['version']} stays published: it was rolled back to from "
            f"{published['kept_rollback_from']} and no file arrived since. New files end the "
            f"rollback; so does `dvk publish --rollback {published['kept_rollback_from']}`."
        )
        return 0
    for key, value in published.items():
        if key.startswith("rows/"):
            print(f"  {key.removeprefix('rows/')}: {value} rows")
    print(f"Published version {published.get('version')}: {ws.marts}\n           {ws.parquet}/")
    return 0


def _run_watched(ws: Workspace, full_refresh: bool, verbose: bool):
    import dagster as dg

    from orchestration.console import run_display
    from orchestration.pipeline import run_pipeline
    from warehouse.publish import current_version

    waiting = sorted(p.name for p in ws.inbox.glob("*") if p.is_file()) if ws.inbox.exists() else []
    released = _released_held_files(ws)
    reopened = f" and {released} held file(s) of reopened periods" if released else ""
    print(f"dvk run: {len(waiting)} file(s) in {ws.inbox}{reopened}", flush=True)
    published, in_inbox = current_version(ws), _inbox_files(ws)
    outcome = display = None
    try:
        with run_display(len(waiting) + released, ws.dbt_log, verbose) as display:
            outcome = run_pipeline(
                ws,
                log_level="INFO" if verbose else "WARNING",
                full_refresh=full_refresh,
                failures_logged=verbose,
            )
    except (KeyboardInterrupt, dg.DagsterExecutionInterruptedError):
        pass  # stopped outside Dagster's own handling: before or after the steps
    return outcome, display, published, in_inbox


_FULL_DISK = (
    "The disk holding {home} is full. Free space there and run `{command}` again: files not "
    "yet taken in are still in inbox/, and nothing half-written was published."
)
"""What every command says when the disk is full (docs/operations.md)."""


def _full_disk(failure: str | None) -> bool:
    """A failure of a full disk, as Python, DuckDB (`"errno":"28"`) or a library words it."""
    text = failure or ""
    return "No space left on device" in text or re.search(r"errno\W+28\b", text, re.I) is not None


def _inbox_files(ws: Workspace) -> int:
    """Files waiting in the inbox and its subfolders (the portal's hidden `.uploads` aside)."""
    if not ws.inbox.is_dir():
        return 0
    return sum(
        1
        for path in ws.inbox.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(ws.inbox).parts)
    )


def _stopped(
    ws: Workspace, signal_name: str, outcome: object, published: str | None, in_inbox: int
) -> str:
    """The one line a stopped run leaves: where it stopped, what it kept, what to do."""
    from warehouse.publish import current_version

    failure = getattr(outcome, "failure", None) or ""
    step = failure.split(":", 1)[0] if ":" in failure else "between steps"
    taken = max(in_inbox - _inbox_files(ws), 0)
    now = current_version(ws)
    shown = (
        f"version {now}, unchanged"
        if now == published
        else f"version {now}, this run's (published before the stop)"
    )
    return (
        f"dvk run: stopped by {signal_name} in {step}. Kept: {taken} file(s) taken in "
        f"(archive/ or quarantine/, with receipts), {_inbox_files(ws)} still in inbox/; "
        f"published marts {shown if now else 'none yet'}. `dvk run` again finishes the work."
    )


def _released_held_files(ws: Workspace) -> int:
    """Held files whose period was reopened: the run takes them in first."""
    from ingestion import held_files

    if not held_files.waiting(ws):
        return 0
    from ingestion.approvals import Locks
    from ingestion.registry import Registry

    return len(held_files.released(ws, Registry.load(ws.units_dir), Locks.of(ws)))


def demo(ws: Workspace) -> int:
    """The demo lives in `demo/`, which product code does not import: run it as its own
    program (`python -m demo`), in this same environment."""
    command = [sys.executable, "-m", "demo", "--home", str(ws.home)]
    return subprocess.call(command, cwd=Path(__file__).resolve().parents[1])


def validate_files(ws: Workspace, files: list[Path]) -> int:
    from ingestion.check import check_file
    from ingestion.receipts import Receipt
    from ingestion.registry import Registry

    registry = Registry.load(ws.units_dir)
    if not registry.units:
        print(
            f"warning: no unit registry in {ws.units_dir}; every unit is unknown", file=sys.stderr
        )
    rejected = 0
    for path in files:
        if not path.is_file():
            raise DvkError(f"{path}: no such file")
        verdict = check_file(path, registry)
        receipt = Receipt.from_verdict(verdict, path.name)
        rejected += not verdict.accepted
        print(receipt.to_markdown())
    return 1 if rejected else 0


def publish_versions(ws: Workspace, rollback_to: str | None) -> int:
    from warehouse.lock import warehouse_lock
    from warehouse.publish import rollback, versions

    if rollback_to is not None:
        with warehouse_lock(ws, "dvk publish --rollback", lambda m: print(m, file=sys.stderr)):
            version = rollback(ws, rollback_to or None)
        print(f"Published version is now {version}: {ws.marts}")
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
            if _full_disk(outcome.failure):
                print(_FULL_DISK.format(home=ws.home, command="dvk deadlines"), file=sys.stderr)
            failed += 1
            continue
        report = outcome.metadata["reports/deadline_status"]
        print(
            f"{period}: {report['expected']} expected, {report['on_time']} on time, "
            f"{report['missing']} missing ({report['missing_units']}), "
            f"{report['late']} late ({report['late_units']})"
        )
    print(f"Reports: {ws.deadline_reports}/")
    return 1 if failed else 0


def explain_cell(ws: Workspace, mart: str, measure: str, pairs: list[str], limit: int) -> int:
    """Print the rows that make up one cell; exit 1 if they do not count to the mart's value."""
    if not ws.marts.exists():
        raise DvkError(f"nothing published yet in {ws.marts}; run `dvk run` first")
    from warehouse.lineage import SHOWN_COLUMNS, explain, parse_filters

    found = explain(ws.marts, mart, measure, parse_filters(pairs))
    shown = found.rows if limit <= 0 else found.rows[:limit]
    print("\t".join(SHOWN_COLUMNS))
    for row in shown:
        print("\t".join("" if row.get(c) is None else str(row.get(c)) for c in SHOWN_COLUMNS))
    if len(shown) < len(found.rows):
        print(f"… {len(found.rows) - len(shown)} more rows (--limit 0 prints all)")
    what = " ".join(pairs) or "all rows"
    print(
        f"\n{mart}.{measure} where {what}: {found.cell}; "
        f"{len(found.rows)} rows in {len({r['submission_id'] for r in found.rows})} files "
        f"count to {found.counted}" + ("" if found.agrees else "  (DIFFERS)")
    )
    return 0 if found.agrees else 1


def template_file(ws: Workspace, out: Path, unit: str | None, period: str | None) -> int:
    from ingestion.registry import Registry
    from ingestion.template import TemplateError, write_template

    if out.suffix.lower() != ".xlsx":
        raise DvkError(f"{out}: the template is a workbook; name it .xlsx")
    if not out.parent.exists():
        raise DvkError(f"{out.parent}: no such folder")
    try:
        write_template(out, Registry.load(ws.units_dir), unit=unit, period=period)
    except TemplateError as error:
        raise DvkError(str(error)) from error
    print(f"Template written: {out}")
    return 0


def approval_commands(ws: Workspace, args: argparse.Namespace) -> int:
    from ingestion import approvals, held_files

    try:
        if args.command == "approve":
            event = approvals.record(ws, approvals.APPROVE, args.province, args.period, args.note)
        elif args.command == "reopen":
            event = approvals.record(ws, approvals.REOPEN, args.province, args.period, args.reason)
        else:
            return list_approvals(ws, args.province)
    except approvals.ApprovalError as error:
        raise DvkError(str(error)) from error
    done = "approved" if event.action == approvals.APPROVE else "reopened"
    print(f"{event.province} {event.period} {done} by {event.by} at {event.at}")
    if event.action == approvals.APPROVE:
        print("  Later files of its units for it (and, for a year, its halves and quarters) are")
        print("  held in quarantine/held/ until `dvk reopen`; the published marts do not change.")
    else:
        waiting = [
            h
            for h in held_files.waiting(ws)
            if (h.record["approved_province"], h.record["approved_period"])
            == (event.province, event.period)
        ]
        print(f"  {len(waiting)} held file(s) will be taken in by the next run, in arrival order.")
    return 0


def list_approvals(ws: Workspace, province: str | None) -> int:
    from ingestion import approvals, held_files

    wanted = province.strip().zfill(2) if province else None
    log = [e for e in approvals.events(ws) if wanted in (None, e.province)]
    if not log:
        print(f"No approvals in {approvals.log_path(ws)}")
    for event in log:
        where = f"{event.province} {event.period}"
        print(f"{event.at}  {event.action:<7} {where}  {event.by}  {event.note}")
    for item in held_files.waiting(ws):
        if wanted not in (None, item.record["approved_province"]):
            continue
        record = item.record
        print(
            f"held: {record['file']} ({record['unit_code']} {record['period_code']}), "
            f"by the approval of {record['approved_province']} {record['approved_period']}"
        )
    return 0


def record_followup(ws: Workspace, args: argparse.Namespace) -> int:
    from ingestion.followups import FollowupError, record

    try:
        event = record(ws, args.unit, args.period, args.measure, args.explain)
    except FollowupError as error:
        raise DvkError(str(error)) from error
    print(
        f"{event.unit_code} {event.period_code} {event.measure}: {event.decision} by {event.by}"
        " (shown in mart_outliers after the next run)"
    )
    return 0


def manage_accounts(ws: Workspace, args: argparse.Namespace) -> int:
    from ingestion.registry import Registry
    from portal.accounts import AccountError, AccountStore
    from portal.scope import covered_units

    store = AccountStore.of(ws)
    try:
        if args.action == "list":
            for account in store.all().values():
                state = "disabled" if account.disabled else "enabled"
                print(f"{account.name}\t{state}\t{account.covers}\tsince {account.created_at}")
            return 0
        if args.action == "disable":
            store.disable(args.name)
            print(f"{args.name}: disabled; its logins and its token are refused from now on")
            return 0
        if args.action == "add":
            units = [u.strip() for u in (args.unit or "").split(",") if u.strip()]
            issued = store.add(args.name, units, args.province)
        else:
            issued = store.reset(args.name)
    except AccountError as error:
        raise DvkError(str(error)) from error
    account, registry = store.all()[args.name], Registry.load(ws.units_dir)
    covered = [code for code in covered_units(account, registry) if registry.versions(code)]
    print(f"Account {account.name}: {len(covered)} unit(s) of the registries ({account.covers})")
    unknown = [code for code in account.units if not registry.versions(code)]
    if unknown or not covered:
        what = ", ".join(unknown) or f"province {account.province}"
        print(
            f"warning: no unit of {ws.units_dir} matches {what}; check the codes", file=sys.stderr
        )
    print(f"  password: {issued.password}\n  API token: {issued.token}")
    print("  Shown once: give them to the office now (only their hashes are kept).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
