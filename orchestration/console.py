"""What `dvk run` shows a person while it works: one line per file as the intake decides it, a
progress bar with the rate (files and rows a second) and time left when there are more than a
few files, and dbt's output as one summary line (every line with `--verbose`; always kept in a
log file).

The intake reports each file through a log record carrying `FILE_EVENT`, so the pipeline knows
nothing of terminals; this module listens for those records and for what dagster-dbt writes to
standard output.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ingestion.intake.intake_report import FILE_EVENT
from orchestration import interruption
from warehouse.exported_text import visible

FEW_FILES = 5
"""Above this many files in the inbox, a progress bar."""
FLUSH_SECONDS = 0.2
"""File lines are printed together at most this often: printing costs about a millisecond a call,
which a backfill of 60,000 files would pay in its critical path."""
_INTAKE_LOGGER = "ingestion.intake.process"
_MARKS = {
    "accepted": "[green]✓[/]",
    "rejected": "[red]✗[/]",
    "held": "[yellow]‖[/]",
    "duplicate": "[dim]=[/]",
    "left": "[yellow]…[/]",
}
# dbt's lines worth a person's attention when the rest is summarised.
_DBT_SHOWN = re.compile(r"^Done\. PASS=|\b(ERROR|FAIL|WARN)\b(?!=)|Error in |Failure in ")


class FileLines(logging.Handler):
    """Prints each file's outcome as it is decided, and moves the progress bar."""

    def __init__(self, console: Console, total: int):
        super().__init__(logging.INFO)
        self.console = console
        self.counts: dict[str, int] = {}
        self.rows = 0
        self._lines: list[str] = []
        self._flushed = time.monotonic()
        self._total = total
        self.progress: Progress | None = None
        if total > FEW_FILES:
            self.progress = Progress(
                TextColumn("  intake"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=console,
            )
            self._task = self.progress.add_task("intake", total=total, rate="")
            self._started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, FILE_EVENT, None)
        if event is None:
            return
        outcome = event["outcome"]
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        self.rows += event.get("rows", 0)
        detail = {
            "accepted": f"accepted ({event['warnings']} warnings)",
            "rejected": f"rejected: {event['errors']} errors, {event['warnings']} warnings"
            + (f"; first: {event['first']}" if event.get("first") else ""),
            "held": "held: its period is approved (receipt in quarantine/held/)",
            "duplicate": "already processed (same bytes)",
            "left": event.get("why") or "left in inbox for the next run",
        }[outcome]
        name = escape(visible(event["name"]))
        self._lines.append(f"  {_MARKS[outcome]} {name}: {detail}")
        last = sum(self.counts.values()) >= self._total
        if last or time.monotonic() - self._flushed >= FLUSH_SECONDS:
            self._flush()

    def _flush(self) -> None:
        self._flushed = time.monotonic()
        if self._lines:
            self.console.print("\n".join(self._lines), highlight=False, soft_wrap=True)
            self._lines = []
        if self.progress is not None:
            done = sum(self.counts.values())
            elapsed = max(time.monotonic() - self._started, 1e-6)
            rate = f"{done / elapsed:.1f} files/s, {self.rows / elapsed:,.0f} rows/s"
            self.progress.update(self._task, completed=done, rate=rate)

    def __enter__(self) -> FileLines:
        logger = logging.getLogger(_INTAKE_LOGGER)
        self._level, self._propagate = logger.level, logger.propagate
        logger.setLevel(logging.INFO)
        logger.propagate = False
        logger.addHandler(self)
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._flush()
        logger = logging.getLogger(_INTAKE_LOGGER)
        logger.removeHandler(self)
        logger.setLevel(self._level)
        logger.propagate = self._propagate
        if self.progress is not None:
            self.progress.stop()


class DbtOutput(io.TextIOBase):
    """Stands in for standard output during a run: every line goes to `log`; the terminal gets
    all of them with `verbose`, else dbt's summary, failures and warnings only."""

    def __init__(self, terminal: TextIO, log: TextIO, verbose: bool):
        self.terminal, self.log, self.verbose = terminal, log, verbose
        self._partial = ""
        self.summary: str | None = None

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.log.write(text)
        if interruption.requested():
            return len(text)  # the stop's unwinding, not dbt's results (the log keeps it)
        if self.verbose:
            self.terminal.write(text)
            return len(text)
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        for line in lines:
            plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
            if plain.startswith("Done. PASS="):
                self.summary = plain
            elif _DBT_SHOWN.search(plain):
                self.terminal.write(f"  dbt: {plain.strip()}\n")
        return len(text)

    def flush(self) -> None:
        self.log.flush()
        self.terminal.flush()


class _Log(io.TextIOBase):
    """dbt's output log, which a full disk must not turn into the run's failure: the first
    write the disk refuses ends the log with a line saying so (`lost` holds the error); the run
    goes on, and says why it failed if it does."""

    def __init__(self, path: Path):
        self.path, self.lost = path, None
        try:
            self._file: TextIO | None = path.open("w", encoding="utf-8")
        except OSError as error:
            self._file, self.lost = None, error

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._do(lambda file: file.write(text))
        return len(text)

    def flush(self) -> None:
        self._do(lambda file: file.flush())

    def close(self) -> None:
        self._do(lambda file: file.close())
        self._file = None
        super().close()

    def _do(self, action) -> None:
        if self._file is None:
            return
        try:
            action(self._file)
        except OSError as error:
            self.lost, file, self._file = error, self._file, None
            with contextlib.suppress(OSError):
                file.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def run_display(total: int, log_path: Path, verbose: bool) -> Iterator[DbtOutput]:
    """File lines and progress on the terminal; dbt's output summarised and logged to `log_path`."""
    terminal = sys.stdout
    # Asked once: rich would otherwise ask the terminal for every line it prints.
    console = Console(file=terminal, highlight=False, force_terminal=_is_terminal(terminal))
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(_Log(log_path)) as log,
        FileLines(console, total),
        contextlib.redirect_stdout(DbtOutput(terminal, log, verbose)) as output,
    ):
        yield output
