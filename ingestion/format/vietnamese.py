"""One normalisation of Vietnamese text for the whole project.

Offices send the same words in many shapes: composed or decomposed Unicode, the old tone-mark
placement on either vowel of "oa", "oe", "uy" ("hòa"/"hoà", "thủy"/"thuỷ"), stray non-breaking or
zero-width spaces,
en dashes for hyphens. `clean_text` tidies a value for storage without changing its spelling;
`fold` gives the key under which two spellings of the same words compare equal.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# The five tone marks as combining characters (NFD); every other mark changes the vowel itself.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_MODIFIED_VOWELS = frozenset("ăâêôơư")
# Open two-vowel syllables whose tone sits on the second vowel in the modern placement.
_SECOND_VOWEL_PAIRS = frozenset({"oa", "oe", "uy"})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_DASHES = re.compile(r"[\u2010-\u2015\u2212\-_]+")
_SPACES = re.compile(r"\s+")
# Look-alike hyphens and minus signs (U+2011, typed by word processors, looks like "-").
_HYPHENS = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def clean_text(value: str) -> str:
    """NFC, invisible characters removed, runs of any white space made one space, trimmed."""
    # str.split() splits on exactly what `\s` matches, and drops the ends: faster than a regex.
    return " ".join(unicodedata.normalize("NFC", value).translate(_INVISIBLE).split())


@functools.lru_cache(maxsize=1 << 16)
def fold(value: str, *, dashes: bool = True) -> str:
    """The comparison key: lower case, tone on the main vowel ("hoà", "uỷ"), single spaces.

    With `dashes`, hyphens, dashes and underscores count as spaces, so "Văn hoá – xã hội",
    "văn hóa-xã hội" and "VAN_HOA" compare as their words do. Folding twice changes nothing.
    Cached: headers, labels and coded values repeat in every file and every row.
    """
    text = clean_text(value).lower()
    if dashes:
        text = _DASHES.sub(" ", text)
    words = (_place_tone(word) for word in _SPACES.split(text))
    return " ".join(word for word in words if word)


def code_key(value: str) -> str:
    """The comparison key of a code ("BTH‑LAGI" with U+2011, " bth-lagi "): case, spacing and
    look-alike hyphens do not make a code another one."""
    return _HYPHENS.sub("-", clean_text(value)).casefold()


def _place_tone(word: str) -> str:
    """One syllable with its tone mark on its main vowel; a mark with no vowel is dropped."""
    letters = unicodedata.normalize("NFD", word)
    tones = [char for char in letters if char in _TONES]
    if not tones:
        return unicodedata.normalize("NFC", word)
    base = unicodedata.normalize("NFC", "".join(c for c in letters if c not in _TONES))
    target = _tone_position(base)
    if target is None:
        return base
    marked = base[: target + 1] + tones[0] + base[target + 1 :]
    return unicodedata.normalize("NFC", marked)


def _tone_position(base: str) -> int | None:
    cluster = _vowel_cluster(base)
    if not cluster:
        return None
    modified = [i for i in cluster if base[i] in _MODIFIED_VOWELS]
    if modified:
        return modified[-1] if base[modified[0] : modified[0] + 2] == "ươ" else modified[0]
    has_final_consonant = cluster[-1] < len(base) - 1
    if has_final_consonant or len(cluster) == 1:
        return cluster[-1]
    if len(cluster) == 2:
        pair = base[cluster[0]] + base[cluster[1]]
        return cluster[1] if pair in _SECOND_VOWEL_PAIRS else cluster[0]
    return cluster[1]


def _vowel_cluster(base: str) -> list[int]:
    """Positions of the syllable's vowels, leaving out the u of "qu" and the i of "gi"."""
    positions = [i for i, char in enumerate(base) if char in _VOWELS]
    if len(positions) > 1 and positions[0] == 1 and base[:2] in ("qu", "gi"):
        positions = positions[1:]
    run: list[int] = []
    for position in positions:
        if run and position != run[-1] + 1:
            break
        run.append(position)
    return run


@functools.lru_cache(maxsize=1 << 12)
def unmarked(value: str) -> str:
    """`fold` without any diacritic ("thong tin" for "Thông tin"): how a name typed on a
    keyboard without Vietnamese input compares. For names from a short list, never for data."""
    letters = unicodedata.normalize("NFD", fold(value).replace("đ", "d"))
    return "".join(char for char in letters if not unicodedata.combining(char))
