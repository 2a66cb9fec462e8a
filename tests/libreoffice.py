"""LibreOffice Calc, headless, as the tests use it to open files as a person would."""

import re
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


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF holds."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def a4_portrait(pdf: bytes) -> bool:
    """Whether every page of a PDF is A4 portrait (595 × 842 points)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return bool(boxes) and all((round(float(w)), round(float(h))) == (595, 842) for w, h in boxes)
