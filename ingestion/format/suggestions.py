""" "Did you mean …": the nearest valid values to what an office wrote, by edit distance on folded
text, so a receipt says `BTH-TANHLINH` where the file said `BTH-TANLINH`."""

from __future__ import annotations

from collections.abc import Iterable

from ingestion.format.vietnamese import fold

MAX_SUGGESTIONS = 3


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions, each costing one."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def nearest(text: str, candidates: Iterable[tuple[str, str]]) -> list[str]:
    """The values of `candidates` (spelling, value) whose spelling is closest to `text`.

    Only close ones: at most a third of the longer text may differ, so a value far from every
    candidate gets no suggestion rather than a random one.
    """
    wanted = fold(text)
    scored: dict[str, int] = {}
    for spelling, value in candidates:
        folded = fold(spelling)
        distance = edit_distance(wanted, folded)
        if distance <= max(1, max(len(wanted), len(folded)) // 3):
            scored[value] = min(distance, scored.get(value, distance))
    if not scored:
        return []
    best = min(scored.values())
    ranked = sorted((v for v in scored if scored[v] <= best + 1), key=lambda v: (scored[v], v))
    return ranked[:MAX_SUGGESTIONS]
