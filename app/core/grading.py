"""Grading typed answers: forgiving about form, strict about facts.

Why these rules: a student who types "the Su27" or "in 1991" knows the answer,
so case, punctuation, accents, leading articles, thousands separators, small
typos and a few filler words must not cost the point. But a fuzzy ratio alone
would also accept "1992" for 1991 or "Su-25" for Su-27, so numbers have to
match exactly and the words around them may differ only by a typo or two.
Fuzzy distances come from rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

#: Articles dropped at the start of an answer.
LEADING_ARTICLES = frozenset({"the", "a", "an"})
#: Words a student may put around the answer ("in 1991", "about 3,600 km").
FILLER = frozenset({
    "a", "an", "the", "in", "on", "at", "of", "by", "about", "around", "approximately",
    "roughly", "some", "circa", "ca", "c", "year", "it", "was", "is", "were", "are",
    "during", "since", "exactly", "just", "over", "nearly", "almost",
})

_THOUSANDS_RE = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009'](?=\d{3}(?!\d))")
_SPACED_THOUSANDS_RE = re.compile(r"(?<![\d.])\d{1,3}(?: \d{3})+(?![\d.])")
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")


@dataclass(frozen=True)
class Grade:
    """The verdict on one typed answer; `matched` is the accepted form it matched."""

    correct: bool
    matched: str | None = None


def tokens(text: str) -> list[str]:
    """Normalised words and numbers: no case, accents, punctuation or separators.

    Letters and digits are split apart ("Su27" → "su", "27") so that "Su27",
    "Su-27" and "Su 27" all read the same.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _THOUSANDS_RE.sub("", text.casefold())
    text = _SPACED_THOUSANDS_RE.sub(lambda m: m.group(0).replace(" ", ""), text)
    words = [_canonical_number(t) for t in _TOKEN_RE.findall(text)]
    while len(words) > 1 and words[0] in LEADING_ARTICLES:
        words.pop(0)
    return words


def _canonical_number(token: str) -> str:
    """'3600.0' and '3600' are the same number; words pass through."""
    if token[0].isdigit() and "." in token:
        token = token.rstrip("0").rstrip(".")
    return token


def _numbers(words: Iterable[str]) -> list[str]:
    return sorted(w for w in words if w[0].isdigit())


def _allowed_typos(length: int) -> int:
    """How many edits a word sequence of `length` letters may differ by."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    return 2 if length <= 16 else 3


def _close(given: list[str], expected: list[str]) -> bool:
    """Same numbers, and the letters differ by no more than a small typo."""
    if _numbers(given) != _numbers(expected):
        return False
    a, b = "".join(given), "".join(expected)
    if a == b:
        return True
    if not any(w[0].isalpha() for w in expected):
        return False
    return Levenshtein.distance(a, b) <= _allowed_typos(len(b))


def _matches(given: list[str], expected: list[str]) -> bool:
    """The whole answer matches, or it sits among filler words ("in 1991")."""
    if not given or not expected:
        return False
    if _close(given, expected):
        return True
    for width in (len(expected) - 1, len(expected), len(expected) + 1):
        if width < 1 or width > len(given):
            continue
        for start in range(len(given) - width + 1):
            rest = given[:start] + given[start + width:]
            if rest and all(w in FILLER for w in rest) and _close(given[start:start + width],
                                                                  expected):
                return True
    return False


def grade_typed(given: str, answer: str, alternatives: Sequence[str] = ()) -> Grade:
    """Grade a typed answer against the answer and its accepted alternatives."""
    words = tokens(given)
    if not words:
        return Grade(False)
    for accepted in (answer, *alternatives):
        if accepted and _matches(words, tokens(accepted)):
            return Grade(True, accepted)
    return Grade(False)
