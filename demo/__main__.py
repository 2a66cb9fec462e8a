"""`python -m demo` (what `dvk demo` runs): a fresh workspace from the bundled demo, the whole
pipeline, then the headline figures of the seeds beside the published marts' values."""

from __future__ import annotations

import argparse
import shutil
import sys

from demo import after_reform
from demo.cases import planted_cases
from demo.figures import compute, most_replicated
from demo.registries import UNITS_DIR
from demo.submissions import deliver_as_sent, write_demo_inbox
from orchestration.commands.common import DvkError
from orchestration.commands.run import run
from warehouse.publish import open_marts
from warehouse.quiet_exit import silence_shutdown
from warehouse.workspace import Workspace

DEMO_MARKER = ".dvk-demo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dvk demo", description=__doc__)
    parser.add_argument("--home", help="the workspace folder (default: $DVK_HOME or ./dvk_home)")
    args = parser.parse_args(argv)
    try:
        return demo(Workspace.from_env(args.home))
    except DvkError as error:
        print(f"dvk: {error}", file=sys.stderr)
        return 2


def demo(ws: Workspace) -> int:
    _fresh_demo_home(ws)
    for registry in UNITS_DIR.glob("*.csv"):
        shutil.copy(registry, ws.units_dir / registry.name)
    files = write_demo_inbox(ws.inbox)
    deliver_as_sent(ws)
    print(f"dvk demo: {len(files)} demo submissions written to {ws.inbox}")
    print("  (each delivered as arriving on its Ngày gửi: on time is judged by arrival)")
    status = run(ws)
    if status:
        return status
    with open_marts(ws.marts) as con:
        figures = compute(con)
        spread = most_replicated(con)
        reform = after_reform.summary(con)
        cases = planted_cases(con)
    print("\nHeadline figures (computed from the published marts | as the reports state them):")
    for figure, value in figures:
        mark = "ok" if value == figure.published else "DIFFERS"
        print(f"  {figure.label}: {value} | {figure.published}  {mark}")
    print("\nMost replicated models (mart_models.replications: models replicated from it):")
    for model in spread:
        print(
            f"  {model.replications:4d} replications in {model.units} unit(s): "
            f"{model.model_code} {model.model_name} ({model.unit_code})"
        )
    print("\nAfter the 2025 reform (communes and wards of today's provinces):")
    print("\n".join(reform))
    print("\nThe cases the demo plants (for the audit report, Data Docs and the dashboard):")
    print("\n".join(cases))
    print(f"\nMarts:    {ws.marts}  (DuckDB: mart_registrations, mart_codes, …)")
    print(f"Parquet:  {ws.parquet}/")
    print(f"Receipts: {ws.receipts}/\nReports:  {ws.reports}/")
    audits = sorted(p for p in ws.audit_reports.glob("*.html") if p.name != "index.html")
    if audits:
        print(f"Audit:    {audits[-1]}\nData Docs: {ws.data_docs / 'index.html'}")
        print(f"dbt docs: {ws.dbt_docs}")
    return 0 if all(value == f.published for f, value in figures) else 1


def _fresh_demo_home(ws: Workspace) -> None:
    """Wipe the folder only if an earlier demo made it: never a real workspace."""
    home = ws.home
    if home.exists() and any(home.iterdir()):
        if not (home / DEMO_MARKER).exists():
            raise DvkError(
                f"{home} exists and is not a demo workspace; the demo will not overwrite it. "
                "Choose another folder with --home or DVK_HOME."
            )
        shutil.rmtree(home)
    ws.ensure()
    (home / DEMO_MARKER).write_text("made by `dvk demo`; the next demo may replace it\n")


if __name__ == "__main__":
    code = main()
    silence_shutdown()
    sys.exit(code)
