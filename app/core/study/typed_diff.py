"""Drawing a typed answer against the expected one, character by character, as Anki does.

The verdict is not decided here: it is `app.core.study.typed.grade_typed`'s, the
one typed-answer judge the quiz uses too, so the review screen and the quiz
never disagree ("in 1991" for 1991 is right in both). This module only marks
what to show. Why normalise first: a student who types "3600" for "3,600", "beijing" for
"Beijing" or leaves out a full stop knew the answer. Case, punctuation,
thousands separators and extra spaces are ignored; the comparison then marks
each remaining character as right, wrong or missing, and maps the marks back
onto the original text so the student sees what they actually typed.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.core.study.typed import grade_typed

Status = Literal["ok", "wrong", "missing", "ignored"]

# A separator between digit groups: "3,600", "1 000 000", "12.500" (followed by exactly 3 digits).
_THOUSANDS = re.compile(r"(?<=\d)[,.\u00a0\u202f' ](?=\d{3}(?!\d))")


@dataclass(frozen=True)
class TypedComparison:
    """The verdict and both sides marked up for display."""

    correct: bool
    misspelt: bool  # right, with a typo forgiven: show the spelling
    typed: tuple[Segment, ...]
    expected: tuple[Segment, ...]


@dataclass(frozen=True)
class Segment:
    text: str
    status: Status


def _normalized(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, the index in `text` it came from."""
    drop = {m.start() for m in _THOUSANDS.finditer(text)}
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if i in drop:
            continue
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(i)
            continue
        is_decimal = (ch in ".," and 0 < i < len(text) - 1
                      and text[i - 1].isdigit() and text[i + 1].isdigit())
        if is_decimal:
            chars.append(".")
            origin.append(i)
            continue
        if unicodedata.category(ch).startswith("P"):
            continue
        for folded in ch.casefold():
            chars.append(folded)
            origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


def normalize(text: str) -> str:
    """The form two answers are compared in."""
    return _normalized(text)[0]


def _segments(text: str, origin: list[int], marks: list[Status]) -> tuple[Segment, ...]:
    status: list[Status] = ["ignored"] * len(text)
    for pos, mark in zip(origin, marks):
        status[pos] = mark
    segments: list[Segment] = []
    for ch, st in zip(text, status):
        if segments and segments[-1].status == st:
            segments[-1] = Segment(segments[-1].text + ch, st)
        else:
            segments.append(Segment(ch, st))
    return tuple(segments)


def compare_typed(typed: str, expected: str, alternatives: Sequence[str] = ()) -> TypedComparison:
    """Judge `typed` (by `grade_typed`) and mark it against the form it matched."""
    grade = grade_typed(typed, expected, alternatives)
    norm_typed, typed_origin = _normalized(typed)
    target = grade.matched or expected
    if not grade.correct:
        for alt in (expected, *alternatives):
            if norm_typed and normalize(alt) == norm_typed:
                target = alt
                break
    norm_target, target_origin = _normalized(target)
    typed_marks: list[Status] = ["wrong"] * len(norm_typed)
    target_marks: list[Status] = ["missing"] * len(norm_target)
    matcher = difflib.SequenceMatcher(None, norm_typed, norm_target, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            typed_marks[block.a + k] = "ok"
            target_marks[block.b + k] = "ok"
    return TypedComparison(
        correct=grade.correct,
        misspelt=grade.misspelt,
        typed=_segments(typed, typed_origin, typed_marks),
        expected=_segments(target, target_origin, target_marks),
    )
