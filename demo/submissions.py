"""The bundled demo: every scenario's submissions, written into an inbox."""

from __future__ import annotations

from pathlib import Path

from demo.binh_thuan import write_binh_thuan
from demo.generator import DemoFile
from demo.ha_nam import write_ha_nam
from demo.ninh_binh import write_ninh_binh


def write_demo_inbox(inbox: Path) -> list[DemoFile]:
    return [*write_binh_thuan(inbox), *write_ninh_binh(inbox), *write_ha_nam(inbox)]
