"""Vietnamese typed in the pre-Unicode font encodings, TCVN3 (ABC) and VNI, read as if it were
Unicode: "D©n vËn khÐo" (TCVN3) or "Daân vaän kheùo" (VNI) for "Dân vận khéo". Such text cannot
be matched or shown; the office must convert it (Unikey's converter does it in one step)."""

from __future__ import annotations

import re

# Characters that the legacy encodings put where Vietnamese letters belong and that Unicode
# Vietnamese never uses.
_TCVN3 = frozenset("¸µ¶·¹¨©ª«¬®§¦¤¢¡£¥½¾¼ÐÖËÌÎÏÑÒÓÔ×ØÜÝÞßæçëîïðñ÷øûþ")
_VNI = frozenset("øûïñöäëåæçÿîÛØÏÑÖÄËÅÆÇ")
# VNI writes a mark as a second character after its vowel: "aâ" for "â", "eù" for "é".
_VNI_PAIRS = re.compile("[aeoAEO][ùâÙÂ]")
# Any one of them: the test most cells (plain Unicode) stop at.
_ANY_TELLTALE = re.compile(f"[{re.escape(''.join(sorted(_TCVN3 | _VNI)))}]|{_VNI_PAIRS.pattern}")


def legacy_encoding(text: str) -> str | None:
    """ "TCVN3", "VNI" or None. Two telltale characters are needed, so a stray "ö" in a foreign
    name is not enough."""
    if not _ANY_TELLTALE.search(text):
        return None
    if sum(char in _TCVN3 for char in text) >= 2 and any(c in "¸µ¶·¹¨©ª«¬®§" for c in text):
        return "TCVN3"
    if sum(char in _VNI for char in text) + len(_VNI_PAIRS.findall(text)) >= 2:
        return "VNI"
    return None
