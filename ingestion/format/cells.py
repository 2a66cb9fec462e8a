"""Cell values to text, dates, whole numbers and amounts, the Vietnamese way.

Every cell is read as text first: "1.635" is one thousand six hundred thirty-five, never 1.635,
and a date is day-first. Readers hand over the cell as the file holds it (a string, a number, a
date); these functions decide what it means and return None for what they cannot read.
"""

from __future__ import annotations

import datetime as dt
import re

from ingestion.format.vietnamese import clean_text

_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers of Excel dates between 1950 and 2100: a bare number outside is not a date.
_SERIAL_RANGE = range(18264, 73051)
# ASCII digits only (re.ASCII): `\d` would also match "٣" or "３", and `str.isdigit()` is true of
# "²" and "①", which `int()` refuses. A value the validator reads must be one the loader can store.
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_SERIAL = re.compile(r"\d{1,6}", re.ASCII)
_WHOLE = re.compile(r"[+-]?\d{1,30}", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}([.,\s])\d{3}(\1\d{3}){0,9}", re.ASCII)
MAX_COUNT = 1_000_000_000
"""The largest count a submission may state: far above any real one (Viet Nam has about 100
million people), far below the warehouse's 64-bit integers."""


def cell_text(value: object) -> str | None:
    """The cell as clean text; None for an empty cell. Whole floats lose their ".0"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = clean_text(str(value))
    return text or None


def parse_date(text: str | None) -> dt.date | None:
    """A date from `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, ISO `yyyy-mm-dd`, or an Excel serial.

    Years outside 1950–2100 are not plausible here: an Excel date cell holding a small serial
    (such as Excel's fictitious 29 February 1900) is reported, not read as 1900.
    """
    if text is None:
        return None
    text = text.strip()
    try:
        if match := _ISO.fullmatch(text):
            year, month, day = map(int, match.groups())
            return _plausible(dt.date(year, month, day))
        if match := _DAY_FIRST.fullmatch(text):
            day, month, year = map(int, match.groups())
            return _plausible(dt.date(year, month, day))
    except ValueError:
        return None
    if _SERIAL.fullmatch(text) and int(text) in _SERIAL_RANGE:
        return _EXCEL_EPOCH + dt.timedelta(days=int(text))
    return None


def _plausible(date: dt.date) -> dt.date | None:
    return date if 1950 <= date.year <= 2100 else None


def parse_int(text: str | None) -> int | None:
    """A whole number; "1.635", "1,635" and "1 635" are 1635. Decimals are not whole: None."""
    if text is None:
        return None
    text = text.strip()
    if _WHOLE.fullmatch(text):
        return int(text)
    if _THOUSANDS.fullmatch(text):
        return int(re.sub(r"[.,\s]", "", text))
    return None


def parse_count(text: str | None) -> int | None:
    """A count: a whole number from 0 to `MAX_COUNT`, or None."""
    number = parse_int(text)
    return number if number is not None and 0 <= number <= MAX_COUNT else None


_DECIMAL = re.compile(r"(\d{1,30}|\d{1,3}(\.\d{3}){1,9})[,.](\d{1,2})", re.ASCII)


def parse_amount(text: str | None) -> float | None:
    """A number ≥ 0 that may have a decimal part (an outcome's value): counts as `parse_count`
    reads them ("7.811" is 7811), and a decimal part of one or two digits after a comma
    ("12,5"; "1.234,5") or after the point a numeric cell's text has ("12.5"). Three digits
    after the separator are thousands, never decimals."""
    count = parse_count(text)
    if count is not None:
        return float(count)
    if text is None or (match := _DECIMAL.fullmatch(text.strip())) is None:
        return None
    whole, _, decimals = match.groups()
    if "." in whole and text.strip()[len(whole)] == ".":
        return None  # "1.234.5": points as thousands and as the decimal mark at once
    amount = float(f"{whole.replace('.', '')}.{decimals}")
    return amount if amount <= MAX_COUNT else None


def unstorable(text: str) -> bool:
    """Text no column can hold: a NUL, or half of a UTF-16 surrogate pair (a lone surrogate,
    which a JSON escape like "\\ud800" makes), which cannot be written as UTF-8."""
    return _UNSTORABLE.search(text) is not None


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def shown(text: str) -> str:
    """`text` with what `unstorable` finds spelled out as `⟨U+XXXX⟩`: a receipt can quote it."""
    if _UNSTORABLE.search(text) is None:
        return text
    return _UNSTORABLE.sub(lambda match: f"⟨U+{ord(match.group()):04X}⟩", text)
