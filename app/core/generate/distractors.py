"""Wrong options that look right: same type as the answer, taken from the same article.

Why from the article: a distractor the student has read is a real test of
memory, and one of the answer's type (a year for a year) cannot be ruled out
by its shape alone. Closest first — 1989 for 1991, $1.8 billion for
$3 billion — so the question tests the fact, not a guess.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from app.core.articles.model import Article
from app.core.generate.facts import (
    NUMERIC_TYPES,
    UNIT_TYPES,
    canonical_value,
    classify_value,
    number_value,
)
from app.core.generate.index import ArticleFacts, analyse

_DESIGNATION = re.compile(r"^[A-Z][A-Za-z]{0,4}-\d")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _overlaps(a: str, b: str, kind: str = "") -> bool:
    """Equal, one inside the other, or (for names) a shared last word or near-same spelling."""
    fa, fb = _fold(a), _fold(b)
    if not fa or not fb or fa in fb or fb in fa:
        return True
    if kind in NUMERIC_TYPES:
        return False
    if (kind in ("person", "") and fa.split()[-1] == fb.split()[-1]
            and len(fa.split()) > 1 and len(fb.split()) > 1):
        return True
    return fuzz.ratio(fa, fb) >= 85


def answer_type(facts: ArticleFacts, answer: str) -> str | None:
    """The type of an answer: as the article used it, else by its shape."""
    return facts.type_of(answer) or classify_value(answer)


def _shape(value: str) -> tuple[bool, int]:
    """A name's shape: a designation like 'Su-27' or not, and how many words."""
    return bool(_DESIGNATION.match(value)), len(value.split())


def _by_shape(facts: ArticleFacts, kind: str, fine: str) -> dict[tuple[bool, int], list[str]]:
    """The pool of a named type and fine type, grouped by shape: built once per article."""
    key = f"shape:{kind}:{fine}"
    if key not in facts.cache:
        groups: dict[tuple[bool, int], list[str]] = {}
        for value in facts.pools.get(kind, []):
            if facts.fine_type_of(kind, value) == fine:
                groups.setdefault(_shape(value), []).append(value)
        facts.cache[key] = groups
    return facts.cache[key]


def _numeric_key(kind: str, value: str) -> float | None:
    return number_value(value[-4:] if kind == "date" else value)


def _by_number(facts: ArticleFacts, kind: str, unit: str) -> list[tuple[float, int, str]]:
    """The pool of a numeric type (of one unit, for counts) sorted by value, built once per
    article, type and unit — so picking options never walks values it must skip."""
    key = f"sorted:{kind}:{unit}"
    if key not in facts.cache:
        rows = []
        for order, value in enumerate(facts.pools.get(kind, [])):
            if unit and unit not in facts.units.get(value, ()):
                continue
            number = _numeric_key(kind, value)
            if number is not None:
                rows.append((number, order, value))
        facts.cache[key] = sorted(rows)
    return facts.cache[key]


def _nearest_first(facts: ArticleFacts, kind: str, answer: str, fine: str,
                   unit: str) -> Iterator[str]:
    """The pool in order of plausibility, without sorting it per question.

    Numbers: walk outwards from the answer's place in the sorted pool (closest
    value first; for sums and counts, closest ratio). Names: same shape first,
    then article order.
    """
    if kind in NUMERIC_TYPES:
        rows = _by_number(facts, kind, unit if kind in UNIT_TYPES else "")
        target = _numeric_key(kind, answer)
        if target is None:
            yield from (r[2] for r in rows)
            return
        ratio = kind not in ("year", "date")

        def dist(row: tuple[float, int, str]) -> float:
            if ratio:
                return abs(math.log((abs(row[0]) + 1) / (abs(target) + 1)))
            return abs(row[0] - target)

        hi = bisect.bisect_left(rows, (target, -1, ""))
        lo = hi - 1
        while lo >= 0 or hi < len(rows):
            if hi >= len(rows) or (lo >= 0 and dist(rows[lo]) <= dist(rows[hi])):
                yield rows[lo][2]
                lo -= 1
            else:
                yield rows[hi][2]
                hi += 1
        return
    designation, words = _shape(answer)
    groups = _by_shape(facts, kind, fine)

    def level(shape: tuple[bool, int]) -> tuple[int, int, int]:
        return (shape[0] != designation, abs(shape[1] - words), shape[1])

    # rotate each group by the answer's hash so questions do not all share three options
    turn = int(hashlib.sha1(answer.encode()).hexdigest()[:8], 16)
    for shape in sorted(groups, key=level):
        group = groups[shape]
        start = turn % len(group)
        yield from group[start:]
        yield from group[:start]


def pick_distractors(facts: ArticleFacts, kind: str, answer: str, n: int = 3,
                     avoid: str = "", unit: str = "") -> list[str]:
    """Up to n distinct values of `kind` from the article, none overlapping the answer.

    Only values of the answer's fine type count (a city for a city, see subtypes.py);
    a count with a `unit` takes only values the article used for that unit (people
    for people).

    `avoid` is text the student will see (the question): an option already
    visible there is no distractor at all.
    """
    answer_value = canonical_value(answer, kind) if kind in NUMERIC_TYPES else answer
    folded_avoid = _fold(avoid)
    wanted = facts.fine_type_of(kind, answer_value)
    chosen: list[str] = []
    for option in _nearest_first(facts, kind, answer_value, wanted, unit):
        if facts.fine_type_of(kind, option) != wanted:
            continue
        if _overlaps(option, answer, kind) or _overlaps(option, answer_value, kind):
            continue
        if folded_avoid and _fold(option) in folded_avoid:
            continue
        if any(_overlaps(option, c, kind) for c in chosen):
            continue
        chosen.append(option)
        if len(chosen) == n:
            break
    return chosen


def distractors_for(article: Article, answer: str, n: int = 3, avoid: str = "") -> list[str]:
    """Same-type wrong options for any answer string, from the same article.

    Returns fewer than n (possibly none) when the article does not hold
    enough values of the answer's type, or the type cannot be told; callers
    should then not ask the question as multiple choice.
    """
    facts = analyse(article)
    kind = answer_type(facts, answer)
    if kind is None:
        return []
    return pick_distractors(facts, kind, answer, n, avoid)
