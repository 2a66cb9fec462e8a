"""The deployment's folder (contract §1): every path the pipeline reads or writes, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = "dvk_home"
PRIVATE_UMASK = 0o077
"""What the pipeline creates is its OS user's alone: the warehouse, the archive, the receipts and
the reports hold names and contacts (Law 91/2025/QH15 on personal data). Only `published/` is
opened to others, explicitly (`warehouse.publish`)."""


@dataclass(frozen=True)
class Workspace:
    """Paths under `DVK_HOME`; `ensure()` creates the folders, nothing else writes the layout."""

    home: Path

    @classmethod
    def from_env(cls, home: str | os.PathLike[str] | None = None) -> Workspace:
        """The workspace named by `home`, else `$DVK_HOME`, else `./dvk_home`, made absolute."""
        chosen = home or os.environ.get("DVK_HOME") or DEFAULT_HOME
        return cls(Path(chosen).expanduser().resolve())

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def archive(self) -> Path:
        return self.home / "archive"

    @property
    def quarantine(self) -> Path:
        return self.home / "quarantine"

    @property
    def receipts(self) -> Path:
        return self.home / "receipts"

    @property
    def reference(self) -> Path:
        """Reference data the data team keeps: registries, deadlines, the statutory files."""
        return self.home / "reference"

    @property
    def units_dir(self) -> Path:
        return self.home / "reference" / "units"

    @property
    def deadlines_file(self) -> Path:
        return self.home / "reference" / "deadlines.csv"

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        return self.home / "published"

    @property
    def marts(self) -> Path:
        return self.published / "marts.duckdb"

    @property
    def current(self) -> Path:
        """A symbolic link to the current version's folder; `marts` and `parquet` go through it."""
        return self.published / "current"

    @property
    def parquet(self) -> Path:
        return self.published / "parquet"

    @property
    def versions(self) -> Path:
        """Published versions kept for rollback, one folder each."""
        return self.published / "versions"

    @property
    def lock(self) -> Path:
        """Held by the run that writes the workspace."""
        return self.home / "warehouse.lock"

    @property
    def reports(self) -> Path:
        return self.home / "reports"

    @property
    def dbt_log(self) -> Path:
        """dbt's whole output of the latest `dvk run` (the terminal gets a summary)."""
        return self.reports / "dbt-output.log"

    @property
    def dbt_target(self) -> Path:
        """dbt's target folder for this workspace's runs: kept from run to run, so that dbt
        parses only what changed (its partial parse needs the same `--vars` each time)."""
        return self.home / ".dbt-target"

    @property
    def deadline_reports(self) -> Path:
        return self.reports / "deadlines"

    @property
    def dbt_docs(self) -> Path:
        """dbt's documentation site, one HTML file that opens offline."""
        return self.reports / "dbt-docs" / "index.html"

    @property
    def data_docs(self) -> Path:
        """The Great Expectations Data Docs site of the latest run."""
        return self.reports / "data_docs"

    @property
    def audit_reports(self) -> Path:
        """One HTML audit report per run, and `index.html` listing them."""
        return self.reports / "audit"

    def ensure(self) -> Workspace:
        """Create the folders, private: the process's umask becomes `PRIVATE_UMASK` (files and
        folders the run creates are 0600 and 0700) and a new workspace folder is 0700."""
        os.umask(PRIVATE_UMASK)
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in (
            self.inbox,
            self.archive,
            self.quarantine,
            self.receipts,
            self.units_dir,
            self.published,
            self.reports,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        return self
