"""`dvk`: the data team's commands (contract §5). Each runs the same Dagster job as the UI.

This module reads the command line and dispatches; the commands are in
`orchestration.commands`, one module per group."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingestion.reference.award_catalogue import CatalogueError
from ingestion.reference.registry import RegistryError
from orchestration.commands.accounts import manage_accounts
from orchestration.commands.common import DvkError
from orchestration.commands.decisions import approval_commands, record_followup
from orchestration.commands.files import template_file, validate_files
from orchestration.commands.published import (
    deadline_reports,
    explain_cell,
    grant_reader_role,
    publish_versions,
)
from orchestration.commands.registry import registry_check, registry_init
from orchestration.commands.reminders import remind, reminders_sent
from orchestration.commands.report import award_forms, movement_report
from orchestration.commands.run import demo, run
from warehouse.errors import LineageError, PublishError, ServingError
from warehouse.quiet_exit import silence_shutdown
from warehouse.workspace import Workspace


def entry() -> None:
    """The `dvk` command: `main`, then an exit without the interpreter's shutdown noise
    (warehouse/quiet_exit.py)."""
    code = main()
    silence_shutdown()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
        if args.command == "remind":
            return remind(ws, args.days, args.overdue, args.send)
        if args.command == "reminders":
            return reminders_sent(ws, args.limit)
        if args.command == "demo":
            return demo(ws)
        if args.command == "explain":
            return explain_cell(ws, args.mart, args.measure, args.filters, args.limit)
        if args.command == "template":
            return template_file(ws, args.out, args.unit, args.period)
        if args.command in ("approve", "reopen", "approvals"):
            return approval_commands(ws, args)
        if args.command == "registry" and args.action == "init":
            return registry_init(ws, args.province, args.all)
        if args.command == "registry":
            return registry_check(ws)
        if args.command == "report":
            return movement_report(ws, args.province, args.period, args.out)
        if args.command == "readers":
            return grant_reader_role(args.name, args.province or [], args.all, args.password)
        if args.command == "forms":
            return award_forms(ws, args.year, args.province, args.out)
        if args.command == "followup":
            return record_followup(ws, args)
        if args.command == "accounts":
            return manage_accounts(ws, args)
        if args.command == "portal":
            from portal.server import serve

            serve(ws, args.host, args.port, args.workers)
            return 0
        return validate_files(ws, args.files)
    except (
        DvkError,
        RegistryError,
        CatalogueError,
        PublishError,
        LineageError,
        ServingError,
    ) as error:
        print(f"dvk: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dvk", description=__doc__.split("\n\n")[0])
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
    remind_command = commands.add_parser(
        "remind",
        help="letters for the units whose report is due soon or missing, and the list to send",
    )
    remind_command.add_argument(
        "--days", type=int, default=14, help="remind of deadlines within this many days (14)"
    )
    remind_command.add_argument(
        "--overdue",
        type=int,
        default=180,
        help="and of missing reports whose deadline passed within this many days (180)",
    )
    remind_command.add_argument(
        "--send",
        action="store_true",
        help="e-mail each office what it has not been told yet (DVK_SMTP_HOST …)",
    )
    commands.add_parser(
        "reminders", help="the reminders sent by e-mail, newest first, and their page"
    ).add_argument("--limit", type=int, default=50, help="how many to print (50)")
    explain_command = commands.add_parser(
        "explain", help="the rows (file, sheet, row) that make up one cell of a published mart"
    )
    explain_command.add_argument(
        "mart",
        help="mart_registrations, mart_recognitions, mart_awards, mart_model_outcomes, "
        "mart_inspections",
    )
    explain_command.add_argument(
        "measure", help="registrations, models, proposed, awards, value, sessions, …"
    )
    explain_command.add_argument(
        "filters", nargs="*", metavar="COLUMN=VALUE", help="the cell: period_code=2023 …"
    )
    explain_command.add_argument(
        "--limit", type=int, default=50, help="rows printed (all are counted; 0: all)"
    )
    registry = commands.add_parser(
        "registry", help="the reporting-unit registries: write today's from the tree, check them"
    )
    registry_actions = registry.add_subparsers(dest="action", required=True)
    init = registry_actions.add_parser(
        "init", help="write or complete a province's registry of today from the official tree"
    )
    which = init.add_mutually_exclusive_group(required=True)
    which.add_argument("--province", help="a province code of today's tree: 68, 37, 01 …")
    which.add_argument("--all", action="store_true", help="every province of today's tree")
    registry_actions.add_parser(
        "check", help="overlaps, gaps, territories the tree lacks, units never named by a file"
    )
    report = commands.add_parser(
        "report", help="the movement's periodic report (Word) of a province or of the nation"
    )
    whose = report.add_mutually_exclusive_group(required=True)
    whose.add_argument("--province", help="a province code on the map of the period: 60, 68 …")
    whose.add_argument("--national", action="store_true", help="every province")
    report.add_argument("--period", required=True, help="2023, 2023-H1, 2022-H1 …")
    report.add_argument("out", type=Path, help="where to write it, e.g. bao_cao_2023.docx")
    readers = commands.add_parser(
        "readers", help="server mode: a BI or province reader of the marts served by PostgreSQL"
    )
    grant = readers.add_subparsers(dest="action", required=True).add_parser(
        "grant", help="create or update a login role and the provinces it reads"
    )
    grant.add_argument("name", help="the login role, e.g. binh_thuan")
    which = grant.add_mutually_exclusive_group(required=True)
    which.add_argument("--province", action="append", help="a province code; repeat for more")
    which.add_argument("--all", action="store_true", help="every province (the centre)")
    grant.add_argument("--password", action="store_true", help="ask for the role's password")
    forms = commands.add_parser(
        "forms", help="the Home Affairs award-statistics forms of a statistical year (xlsx)"
    )
    forms.add_argument(
        "--year", type=int, required=True, help="statistical year: 1 December before to 30 November"
    )
    forms.add_argument("--province", help="a province code as it reported (default: the nation)")
    forms.add_argument("out", type=Path, help="where to write them, e.g. thong_ke_2023.xlsx")
    accounts = commands.add_parser(
        "accounts", help="the portal's accounts: add, list, email, disable, reset"
    )
    account_actions = accounts.add_subparsers(dest="action", required=True)
    add = account_actions.add_parser(
        "add", help="a new account; prints its password and token once"
    )
    add.add_argument("name", help="the login name, e.g. bth-lagi")
    scope = add.add_mutually_exclusive_group(required=True)
    scope.add_argument("--unit", help="the unit codes it may send files for: BTH-LAGI[,BTH-…]")
    scope.add_argument("--province", help="a province code: every unit of it in the registries")
    add.add_argument("--email", default="", help="the office's address for `dvk remind --send`")
    account_actions.add_parser("list", help="every account, what it covers, enabled or not")
    email = account_actions.add_parser(
        "email", help="set the office's contact address (reminders); '' removes it"
    )
    email.add_argument("name")
    email.add_argument("address")
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
    for decision in (approve, reopen):
        decision.add_argument(
            "--by",
            default=None,
            help="who decides, as offices should read it on their receipts "
            "(e.g. 'Ban Dân vận Tỉnh ủy Bình Thuận'); default: the OS user",
        )
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
    portal.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes answering offices (1); they share the accounts, limits and inbox",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
