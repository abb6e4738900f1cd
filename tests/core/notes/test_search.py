"""The search compiled to SQL: the plain messages for what it cannot read, and user
text only ever as parameters."""

from __future__ import annotations

import pytest

from app.core.errors import SearchError
from app.core.notes.search import Moment, compile_search
from app.core.notes.search_syntax import parse


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
