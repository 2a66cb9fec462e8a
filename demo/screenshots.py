"""Headless Chromium (Debian's package) on the reports auditors open from disk: the tests read
the rendered page, and `make screenshots` writes the README's pictures of the demo's Data Docs
and audit report to docs/img/."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from warehouse.workspace import Workspace

DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
# No background traffic: the machines this runs on have no internet, and the pages need none.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("Debian's chromium is not installed: `make browser` installs it")
    return found


def _run(page: Path, *options: str) -> str:
    with tempfile.TemporaryDirectory(prefix="dvk-chromium-") as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *options, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout


def rendered_text(page: Path) -> str:
    """The page's DOM after Chromium loaded it, as HTML."""
    return _run(page, "--dump-dom")


def screenshot(page: Path, out: Path, width: int = 1280, height: int = 900) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    _run(page, f"--window-size={width},{height}", f"--screenshot={out.resolve()}")
    return out


def main() -> int:
    ws = Workspace.from_env()
    reports = sorted(p for p in ws.audit_reports.glob("*.html") if p.name != "index.html")
    if not reports or not (ws.data_docs / "index.html").exists():
        print(f"no reports in {ws.reports}: run `make demo` first", file=sys.stderr)
        return 2
    print(screenshot(ws.data_docs / "index.html", DOCS_IMG / "data-docs.png"))
    print(screenshot(reports[-1], DOCS_IMG / "audit-report.png", height=1100))
    return 0


if __name__ == "__main__":
    sys.exit(main())
