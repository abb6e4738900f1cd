"""Grading typed answers: forgiving about form, strict about facts.

Why these rules: a student who types "the Su27" or "in 1991" knows the answer,
so case, punctuation, accents, leading articles, thousands separators, small
typos and a few filler words must not cost the point. But a fuzzy ratio alone
would also accept "1992" for 1991 or "Su-25" for Su-27, so numbers have to
match exactly and the words around them may differ only by a typo or two.
Fuzzy distances come from rapidfuzz (OSA: a swapped pair of letters is one typo),
number words from text2num ("three billion" reads as "3 billion"). A typo is
forgiven only in a longer word that starts with the right letter, so a
different real word ("Austria" for Australia) is not taken for a typo.
Units are optional but never contradicted: "16 billion" answers "$16 billion",
"12 percent" answers "12%", but "12 dollars" does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rapidfuzz.distance import OSA
from text_to_num import alpha2digit

from app.core.numbers import SCALES

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
_DOT_THOUSANDS_RE = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")
#: Unit words, one spelling each: a unit may be left out but not replaced by another.
_UNITS = (
    (re.compile(r"\bus\s*\$|\$|\busd\b|\b(?:us\s+)?dollars?\b"), " usd "),
    (re.compile(r"%|\bper\s*cent\b|\bpercent\b"), " percent "),
)
UNIT_WORDS = frozenset({"usd", "percent"})
_SCALE_RE = re.compile(rf"\b(\d+(?:\.\d+)?) ({'|'.join(SCALES)})\b")


@dataclass(frozen=True)
class Grade:
    """The verdict on one typed answer; `matched` is the accepted form it matched.

    `misspelt`: right, but only with a typo forgiven — the student is shown the spelling.
    """

    correct: bool
    matched: str | None = None
    misspelt: bool = False


def tokens(text: str, dot_thousands: bool = False) -> list[str]:
    """Normalised words and numbers: no case, accents, punctuation or separators.

    Letters and digits are split apart ("Su27" → "su", "27") so that "Su27",
    "Su-27" and "Su 27" all read the same. Number words become digits and
    "16 billion" becomes 16000000000, so every way of writing a number reads
    the same; `dot_thousands` reads "3.600" as 3600 (European style).
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _THOUSANDS_RE.sub("", text.casefold())
    if dot_thousands:
        text = _DOT_THOUSANDS_RE.sub("", text)
    text = _SPACED_THOUSANDS_RE.sub(lambda m: m.group(0).replace(" ", ""), text)
    for pattern, unit in _UNITS:
        text = pattern.sub(unit, text)
    text = alpha2digit(_SCALE_RE.sub(_scaled, " ".join(text.split())), "en")
    words = [_canonical_number(t) for t in _TOKEN_RE.findall(text)]
    while len(words) > 1 and words[0] in LEADING_ARTICLES:
        words.pop(0)
    return words


def _scaled(m: re.Match[str]) -> str:
    try:
        return str(int(Decimal(m.group(1)) * SCALES[m.group(2)]))
    except (InvalidOperation, ValueError):
        return m.group(0)


def _canonical_number(token: str) -> str:
    """'3600.0' and '3600' are the same number; words pass through."""
    if token[0].isdigit() and "." in token:
        token = token.rstrip("0").rstrip(".")
    return token


def _numbers(words: Iterable[str]) -> list[str]:
    return sorted(w for w in words if w[0].isdigit())


def _allowed_typos(length: int) -> int:
    """How many typos (OSA edits) a word sequence of `length` letters may have."""
    if length < 6:
        return 0
    return 1 if length <= 11 else 2


def _close(given: list[str], expected: list[str], typos: bool = True) -> bool:
    """Same numbers, and the letters differ by no more than a small typo (if `typos`)."""
    if _numbers(given) != _numbers(expected):
        return False
    a, b = "".join(given), "".join(expected)
    if a == b:
        return True
    if not typos or not any(w[0].isalpha() for w in expected) or a[:1] != b[:1]:
        return False
    return OSA.distance(a, b) <= _allowed_typos(len(b))


def _without_units(given: list[str], expected: list[str]) -> tuple[list[str], list[str]]:
    """Drop the units the expected answer has; a unit it lacks stays, and fails."""
    units = UNIT_WORDS.intersection(expected)
    return ([w for w in given if w not in units], [w for w in expected if w not in units])


def _matches(given: list[str], expected: list[str], typos: bool = True) -> bool:
    """The whole answer matches, or it sits among filler words ("in 1991")."""
    given, expected = _without_units(given, expected)
    if not given or not expected:
        return False
    if _close(given, expected, typos):
        return True
    for width in (len(expected) - 1, len(expected), len(expected) + 1):
        if width < 1 or width > len(given):
            continue
        for start in range(len(given) - width + 1):
            rest = given[:start] + given[start + width:]
            if rest and all(w in FILLER for w in rest) and _close(given[start:start + width],
                                                                  expected, typos):
                return True
    return False


def grade_typed(given: str, answer: str, alternatives: Sequence[str] = ()) -> Grade:
    """Grade a typed answer against the answer and its accepted alternatives."""
    readings = [tokens(given)]
    if not readings[0]:
        return Grade(False)
    european = tokens(given, dot_thousands=True)
    if european != readings[0]:
        readings.append(european)
    for accepted in (answer, *alternatives):
        expected = tokens(accepted) if accepted else []
        if expected and any(_matches(words, expected) for words in readings):
            exact = any(_matches(words, expected, typos=False) for words in readings)
            return Grade(True, accepted, misspelt=not exact)
    return Grade(False)
