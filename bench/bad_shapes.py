"""Workbooks of a bad shape, for figure 7: the same report with one cell of blank text at the
sheet's last row (1,048,576), as a sheet formatted or cleared whole leaves it. Its range is then
a million rows; the reader must still cost about what the report itself costs."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

LAST_ROW = 1_048_576
DIMENSION = f'<dimension ref="A1:AD{LAST_ROW}"/>'
FAR_CELL = f'<row r="{LAST_ROW}"><c r="AD{LAST_ROW}" t="inlineStr"><is><t> </t></is></c></row>'


def far_blank_cell(source: Path, target: Path) -> Path:
    """`source` with a blank cell at AD1048576 of every sheet but the first."""
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as changed,
    ):
        sheets = sorted(n for n in original.namelist() if n.startswith("xl/worksheets/sheet"))
        for name in original.namelist():
            data = original.read(name)
            if name in sheets[1:]:
                text = data.decode("utf-8").replace("</sheetData>", FAR_CELL + "</sheetData>")
                text = re.sub(
                    r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:AD{LAST_ROW}"/>', text
                )
                data = text.encode("utf-8")
            changed.writestr(name, data)
    return target
