"""`dvk validate` and `dvk template`: a file checked as the run checks it, and the blank one."""

from __future__ import annotations

import sys
from pathlib import Path

from orchestration.commands.common import DvkError
from warehouse.workspace import Workspace


def validate_files(ws: Workspace, files: list[Path]) -> int:
    from ingestion.check.files import check_file
    from ingestion.check.receipts import Receipt
    from ingestion.reference.award_catalogue import Catalogue
    from ingestion.reference.registry import Registry

    registry = Registry.load(ws.units_dir)
    catalogue = Catalogue.load(ws.reference)
    if not registry.units:
        print(
            f"warning: no unit registry in {ws.units_dir}; every unit is unknown", file=sys.stderr
        )
    rejected = 0
    for path in files:
        if not path.is_file():
            raise DvkError(f"{path}: no such file")
        verdict = check_file(path, registry, catalogue=catalogue)
        receipt = Receipt.from_verdict(verdict, path.name)
        rejected += not verdict.accepted
        print(receipt.to_markdown())
    return 1 if rejected else 0


def template_file(ws: Workspace, out: Path, unit: str | None, period: str | None) -> int:
    from ingestion.reference.registry import Registry
    from ingestion.writing.template import TemplateError, write_template

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
