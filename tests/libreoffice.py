"""LibreOffice Calc, headless, as the tests use it to open files as a person would."""

import shutil
import subprocess
from pathlib import Path

import pytest


def convert(path: Path, to: str, out: Path, infilter: str | None = None) -> Path:
    """`path` converted by LibreOffice to format `to` in `out`; the converted file's path."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is needed: `make test` installs Debian's libreoffice-calc")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{path.stem}.{to}"
