"""The search language: what it reads, and the plain messages for what it cannot."""

from __future__ import annotations

import pytest

from app.core.errors import SearchError
from app.core.notes.search import All, Any_, Moment, Not, Term, compile_search, parse


def test_parse_tree() -> None:
    assert parse("") is None and parse("   ") is None
    assert parse("a b") == All((Term("", "a"), Term("", "b")))
    assert parse("a and b") == parse("a b")
    assert parse('tag:x OR -"a b"') == Any_((Term("tag", "x"), Not(Term("", "a b"))))
    assert parse("Su-27 orange") == All((Term("", "Su-27"), Term("", "orange")))
    assert parse('article:"two words" -(x or y)') == All(
        (Term("article", "two words"), Not(Any_((Term("", "x"), Term("", "y"))))))
    assert parse(r'"say \"hi\""') == Term("", 'say "hi"')
    assert parse("IS:Due") == Term("is", "Due")


@pytest.mark.parametrize("text, message", [
    ("(a", "ends too early"),
    ("a)", "column 2"),
    ("-", "ends too early"),
    ("tga:x", "Unknown search field “tga:”"),
    ("tag:", "“tag:” needs a value"),
    ("is:later", "“is:later” is not a card state"),
    ("prop:size>3", "not a property test"),
    ("rated:x", "whole number of days"),
    ("rated:3:9", r"1 \(Again\)"),
    ("kind:essay", "not a kind of card"),
])
def test_mistakes_are_named(text: str, message: str) -> None:
    with pytest.raises(SearchError, match=message):
        compile_search(parse(text), Moment(0, 0))


def test_user_text_is_never_pasted_into_sql() -> None:
    hostile = ("\"x'); DROP TABLE notes\" x'; -- tag:\"a' OR 1=1\" article:'; "
               "section:\"1'\" prop:ivl>1 kind:basic")
    compiled = compile_search(parse(hostile), Moment(0, 0))
    assert "DROP" not in compiled.sql and "1=1" not in compiled.sql
    assert any("drop" in str(p) for p in compiled.params)


def test_control_characters_and_broken_text_are_searched_as_spaces() -> None:
    assert parse("a\x00bc") == All((Term("", "a"), Term("", "bc")))
    assert parse("\x00\x1f") is None
    assert parse("x\ud800y") == Term("", "x?y")
