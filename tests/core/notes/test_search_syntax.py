"""The search language read into a tree: words, fields, quoting, nesting, negation."""

from __future__ import annotations

from app.core.notes.search_syntax import All, Any_, Not, Term, parse


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


def test_control_characters_and_broken_text_are_searched_as_spaces() -> None:
    assert parse("a\x00bc") == All((Term("", "a"), Term("", "bc")))
    assert parse("\x00\x1f") is None
    assert parse("x\ud800y") == Term("", "x?y")
