"""Text the project writes for people to open: never a live formula in a spreadsheet, never a
hidden character in a name.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula, and strips a
leading tab or carriage return first (OWASP's CSV injection; ASVS 5.3): every CSV and workbook
cell of text the project writes goes through `spreadsheet_safe`, which makes such a cell plain
text with a leading `'`. Names that reach reports and the marts go through `visible_name`: NFC,
and control, bidirectional and line characters spelled out.
"""

from __future__ import annotations

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@")
STRIPPED_FIRST = ("\t", "\r")
_HIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")


def spreadsheet_safe(value: object) -> object:
    """`value`, or, for text a spreadsheet would run as a formula, that text after a `'`."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(STRIPPED_FIRST) or value.lstrip().startswith(FORMULA_STARTS):
        return "'" + value
    return value


# The same rule in DuckDB's regular expressions (RE2), for reports written by `COPY … TO`:
# Python's `str.lstrip()` strips what `str.isspace()` calls space, which is these characters.
_SPACE = r"[\t\n\v\f\r\x{1c}-\x{1f}\x{85}\p{Z}]"
_RUNS_SQL = rf"^([\t\r]|{_SPACE}*[=+\-@])"


def spreadsheet_safe_sql(expression: str) -> str:
    """`spreadsheet_safe` as a DuckDB expression over the text `expression`."""
    return (
        f"case when regexp_matches({expression}, '{_RUNS_SQL}') "
        f"then '''' || {expression} else {expression} end"
    )


def spreadsheet_row(row: dict[str, object]) -> dict[str, object]:
    return {key: spreadsheet_safe(value) for key, value in row.items()}


def visible(text: str) -> str:
    """Control, format (bidirectional, zero-width) and line characters shown as `⟨U+XXXX⟩`."""
    if text.isprintable():  # none of those: most text
        return text
    return "".join(f"⟨U+{ord(c):04X}⟩" if unicodedata.category(c) in _HIDDEN else c for c in text)


def visible_name(name: str) -> str:
    """A file or model name as stored and shown: NFC, its hidden characters spelled out."""
    return visible(unicodedata.normalize("NFC", name))
