"""The award catalogue: the forms of award of the Law on Emulation and Commendation 2022 and
Nghị định 98/2023/NĐ-CP (and the Party's own, which the Home Affairs forms leave out), each with
its level and who grants it, and how offices write them — award form × authority patterns — each
mapped to one category. Dated reference data, so a new circular changes data, not code: the
packaged files in `statutory/` are the defaults, and a workspace's `reference/statutory/` holds
the copies the data team edits (docs/statutory.md).

Patterns compare `match_key`s: lower case, no diacritics, "đ" as "d", dashes, underscores and
runs of spaces as one space; `*` stands for any text. The same key is computed in SQL by the
dbt macro `match_key` (macros/match_key.sql), which maps the warehouse's awards.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.format.cells import parse_date
from ingestion.format.suggestions import edit_distance
from ingestion.format.vocabulary import AWARD_LEVEL

PACKAGED = Path(__file__).with_name("statutory")
"""The defaults shipped with dvk."""
FILES = ("categories.csv", "patterns.csv", "forms.csv", "form_rows.csv", "form_columns.csv")
"""The statutory reference files, each overridden by a workspace's copy of the same name."""

LEVELS = tuple(AWARD_LEVEL.codes)
"""`award_level` (contract §4): state, ministry or province, district, grassroots."""
CATEGORY_COLUMNS = (
    "category_code",
    "name_vi",
    "name_en",
    "award_level",
    "granted_by",
    "legal_basis",
    "valid_from",
    "valid_to",
)
PATTERN_COLUMNS = ("award_form", "authority", "category_code", "valid_from", "valid_to")
NEAREST = 3

_SEPARATORS = re.compile(r"[\s_\-‐‑‒–—]+")


class CatalogueError(ValueError):
    """A statutory file dvk cannot use; the message names the file, row and column."""


def match_key(text: str | None) -> str:
    """What a pattern and a written value are compared on (macros/match_key.sql in SQL)."""
    if not text:
        return ""
    letters = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    plain = "".join(c for c in letters if unicodedata.category(c) != "Mn")
    return _SEPARATORS.sub(" ", plain).strip()


def like_pattern(pattern: str) -> str:
    """A pattern's key as SQL LIKE text: `*` is `%`."""
    return "*".join(match_key(part) for part in pattern.split("*")).replace("*", "%")


@dataclass(frozen=True)
class Category:
    code: str
    name_vi: str
    name_en: str
    level: str
    granted_by: str
    legal_basis: str
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(frozen=True)
class Pattern:
    award_form: str
    authority: str
    category: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    priority: int
    """Its row in patterns.csv: the first pattern that matches an award wins."""

    def matches(self, form_key: str, authority_key: str, on: dt.date | None) -> bool:
        return (
            _glob(like_pattern(self.award_form)).fullmatch(form_key) is not None
            and _glob(like_pattern(self.authority)).fullmatch(authority_key) is not None
            and _within(on, self.valid_from, self.valid_to)
        )


@dataclass(frozen=True)
class Catalogue:
    categories: dict[str, Category]
    patterns: tuple[Pattern, ...]
    _placed: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    """(form key, authority key, date) → category: awards repeat the same few pairs."""
    _near: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    """(form key, authority key) → nearest categories: an edit distance to every pattern is
    too dear to pay for each row of a backfill (6,100 unplaced awards at medium size)."""

    @classmethod
    def load(cls, reference: Path | None = None) -> Catalogue:
        """The workspace's statutory files (`reference/statutory/`), the packaged ones where it
        has none."""
        categories = {
            row["category_code"]: _category(row, where)
            for row, where in read_rows(
                statutory_file(reference, "categories.csv"), CATEGORY_COLUMNS
            )
        }
        patterns = []
        for row, where in read_rows(statutory_file(reference, "patterns.csv"), PATTERN_COLUMNS):
            if row["category_code"] not in categories:
                raise CatalogueError(
                    f"{where}, column category_code: {row['category_code']!r} is not in "
                    "categories.csv"
                )
            patterns.append(_pattern(row, where, len(patterns) + 1))
        return cls(categories, tuple(patterns))

    def category(self, award_form: str, authority: str, on: dt.date | None) -> Category | None:
        """The category of an award as written, on its decision date; None if none matches."""
        key = (match_key(award_form), match_key(authority), on)
        if key not in self._placed:
            self._placed[key] = self._first(*key)
        return self._placed[key]

    def _first(self, form_key: str, authority_key: str, on: dt.date | None) -> Category | None:
        for pattern in self.patterns:
            if pattern.matches(form_key, authority_key, on):
                category = self.categories[pattern.category]
                if _within(on, category.valid_from, category.valid_to):
                    return category
        return None

    def nearest(self, award_form: str, authority: str) -> list[Category]:
        """The categories whose patterns read closest to an award no pattern matches."""
        key = (match_key(award_form), match_key(authority))
        if key not in self._near:
            self._near[key] = self._nearest(*key)
        return self._near[key]

    def _nearest(self, form_key: str, authority_key: str) -> list[Category]:
        written = f"{form_key} | {authority_key}"
        scored: dict[str, int] = {}
        for pattern in self.patterns:
            spelled = f"{like_pattern(pattern.award_form)} | {like_pattern(pattern.authority)}"
            distance = edit_distance(written, spelled.replace("%", ""))
            scored[pattern.category] = min(distance, scored.get(pattern.category, distance))
        ranked = sorted(scored, key=lambda code: (scored[code], code))[:NEAREST]
        return [self.categories[code] for code in ranked]


def statutory_file(reference: Path | None, name: str) -> Path:
    """The workspace's copy of a statutory file if it keeps one, else the packaged default."""
    own = reference / "statutory" / name if reference is not None else None
    return own if own is not None and own.exists() else PACKAGED / name


def install_defaults(reference: Path) -> list[Path]:
    """Copy the packaged statutory files the workspace lacks into `reference/statutory/`, for
    the data team to edit; files already there are kept as they are."""
    folder = reference / "statutory"
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in FILES:
        if not (folder / name).exists():
            partial = folder / f".{name}.part"
            shutil.copyfile(PACKAGED / name, partial)
            partial.replace(folder / name)
            copied.append(folder / name)
    return copied


def read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[dict[str, str], str]]:
    """A statutory CSV's non-empty rows, each with where it is ("categories.csv, row 4")."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise CatalogueError(f"{path.name}: missing column(s) {', '.join(missing)}")
        return [
            ({k: (row[k] or "").strip() for k in columns}, f"{path.name}, row {number}")
            for number, row in enumerate(reader, start=2)
            if any((value or "").strip() for value in row.values())
        ]


def _category(row: dict[str, str], where: str) -> Category:
    if row["award_level"] not in LEVELS:
        raise CatalogueError(
            f"{where}, column award_level: {row['award_level']!r}; expected one of "
            + " · ".join(LEVELS)
        )
    if not row["category_code"] or not row["name_vi"]:
        raise CatalogueError(f"{where}: category_code and name_vi are required")
    valid_from, valid_to = _dates(row, where)
    return Category(
        row["category_code"],
        row["name_vi"],
        row["name_en"],
        row["award_level"],
        row["granted_by"],
        row["legal_basis"],
        valid_from,
        valid_to,
    )


def _pattern(row: dict[str, str], where: str, priority: int) -> Pattern:
    if not row["award_form"] or not row["authority"]:
        raise CatalogueError(f"{where}: award_form and authority are required (`*` for any)")
    valid_from, valid_to = _dates(row, where)
    return Pattern(
        row["award_form"], row["authority"], row["category_code"], valid_from, valid_to, priority
    )


def _dates(row: dict[str, str], where: str) -> tuple[dt.date | None, dt.date | None]:
    dates = []
    for column in ("valid_from", "valid_to"):
        value = row[column]
        date = parse_date(value) if value else None
        if value and date is None:
            raise CatalogueError(f"{where}, column {column}: {value!r} is not a date")
        dates.append(date)
    return dates[0], dates[1]


def _within(on: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    return on is None or ((start is None or start <= on) and (end is None or on <= end))


@functools.lru_cache(maxsize=1024)
def _glob(like: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in like.split("%")))
