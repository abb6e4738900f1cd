"""Typed-answer comparison: tolerant of case, punctuation and number formatting."""

from __future__ import annotations

import pytest

from app.core.study.typed_diff import compare_typed, normalize


@pytest.mark.parametrize("typed, expected", [
    ("3600", "3,600"),
    ("beijing", "Beijing."),
    ("  the  Border   agreement ", "The border agreement"),
    ("1 000 000", "1,000,000"),
    ("Shanghai Cooperation Organisation", "Shanghai cooperation organisation"),
])
def test_equivalent_answers_are_correct(typed, expected):
    assert compare_typed(typed, expected).correct


@pytest.mark.parametrize("typed, expected", [("35", "3.5"), ("1991", "1992"), ("", "x")])
def test_different_answers_are_not(typed, expected):
    assert not compare_typed(typed, expected).correct


def test_marks_each_character_on_the_original_text():
    cmp = compare_typed("Bejing!", "Beijing")
    assert [(s.text, s.status) for s in cmp.typed] == [("Bejing", "ok"), ("!", "ignored")]
    assert [(s.text, s.status) for s in cmp.expected] == [
        ("Be", "ok"), ("i", "missing"), ("jing", "ok")]
    wrong = compare_typed("Bxijing", "Beijing")
    assert ("x", "wrong") in [(s.text, s.status) for s in wrong.typed]


def test_alternatives_are_accepted():
    cmp = compare_typed("PRC", "China", alternatives=["People's Republic of China", "PRC"])
    assert cmp.correct and "".join(s.text for s in cmp.expected) == "PRC"


def test_normalize_keeps_decimals_and_drops_thousands():
    assert normalize("3,600.5 Km") == "3600.5 km"
    assert normalize("3,5") == "3.5"
