"""Reminders for the offices: each unit with a period due within a few days, or past its deadline
and not sent, gets a letter in Vietnamese and English naming those periods and their deadlines
(`reports/reminders/<date>/<unit>.txt`), and the province's data team a list of all of them
(`reminders.csv`). Read from the published `mart_submission_status`, as of the version the
letters name.

DHIS2 notifies data-set owners before and after a deadline; here `portal.reminder_mail` sends
these letters to the offices' addresses (`dvk remind --send`).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.exported_text import spreadsheet_row
from warehouse.publish import current_version
from warehouse.workspace import Workspace


class NothingPublished(Exception):
    """No published marts to read the periods from."""


@dataclass(frozen=True)
class Owed:
    unit_code: str
    unit_name: str
    period_code: str
    deadline: dt.date
    missing: bool
    """Past its deadline and not sent; else due within the days asked."""


def owed(ws: Workspace, today: dt.date, days: int, overdue: int) -> tuple[str, list[Owed]]:
    """The published version read, and every expected unit × period not accepted whose deadline
    is within `days` from `today`, or passed within `overdue` days (missing: an older gap is
    the audit report's, not a letter's)."""
    version = current_version(ws)
    if version is None:
        raise NothingPublished(f"nothing published to read in {ws.published}")
    try:
        with duckdb.connect(str(ws.marts), read_only=True) as con:
            rows = con.execute(
                "select unit_code, unit_name, period_code, deadline, is_missing "
                "from main.mart_submission_status "
                "where expected and not accepted and deadline is not null "
                "and deadline between ? and ? and (is_missing or deadline >= ?) "
                "order by unit_code, deadline, period_code",
                [today - dt.timedelta(days=overdue), today + dt.timedelta(days=days), today],
            ).fetchall()
    except duckdb.Error as error:
        raise NothingPublished(f"nothing published to read in {ws.marts}: {error}") from error
    return version, [Owed(u, n, p, d, bool(m)) for u, n, p, d, m in rows]


def write(ws: Workspace, today: dt.date, version: str, items: list[Owed]) -> Path:
    """One letter per unit and the list of all; the folder they are in."""
    folder = ws.reports / "reminders" / today.isoformat()
    shutil.rmtree(folder, ignore_errors=True)  # a second run the same day replaces the first's
    folder.mkdir(parents=True)
    by_unit: dict[str, list[Owed]] = {}
    for item in items:
        by_unit.setdefault(item.unit_code, []).append(item)
    for unit, owed_periods in by_unit.items():
        text = letter(owed_periods, today, version)
        (folder / f"{_safe(unit)}.txt").write_text(text, encoding="utf-8")
    with (folder / "reminders.csv").open("w", encoding="utf-8", newline="") as handle:
        fields = ["unit_code", "unit_name", "period_code", "deadline", "state"]
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for item in items:
            state = "missing" if item.missing else "due"
            row = {
                "unit_code": item.unit_code,
                "unit_name": item.unit_name,
                "period_code": item.period_code,
                "deadline": item.deadline.isoformat(),
                "state": state,
            }
            writer.writerow(spreadsheet_row(row))
    return folder


def letter(items: list[Owed], today: dt.date, version: str) -> str:
    first = items[0]
    vi = [f"Kính gửi {first.unit_name} ({first.unit_code}),", ""]
    vi.append(f"Theo số liệu đã công bố (phiên bản {version}), đơn vị còn các kỳ báo cáo sau:")
    en = [f"To {first.unit_name} ({first.unit_code}),", ""]
    en.append(f"As of the published figures (version {version}), these reports are owed:")
    for item in items:
        deadline = item.deadline.strftime("%d/%m/%Y")
        if item.missing:
            vi.append(f"- Kỳ {item.period_code}: đã quá hạn nộp {deadline}, chưa nhận được.")
            en.append(f"- {item.period_code}: its deadline, {deadline}, has passed; not received.")
        else:
            left = (item.deadline - today).days
            vi.append(f"- Kỳ {item.period_code}: hạn nộp {deadline} (còn {left} ngày).")
            en.append(f"- {item.period_code}: due by {deadline} ({left} days left).")
    vi += [
        "",
        "Đơn vị gửi báo cáo qua cổng nộp báo cáo (mục Nộp tệp, mẫu báo cáo tải tại đó), hoặc theo",
        "hướng dẫn của Ban Dân vận tỉnh. Nếu đã gửi sau ngày công bố, xin bỏ qua thư này.",
    ]
    en += [
        "",
        "Send it through the reporting portal (Nộp tệp; the template is there), or as the",
        "province's Ban Dân vận directs. If it was sent after the figures were published, ignore",
        "this letter.",
    ]
    return "\n".join([*vi, "", "---", "", *en, ""])


def _safe(unit_code: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in unit_code)
