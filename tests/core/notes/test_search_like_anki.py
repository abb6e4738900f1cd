"""The browser's search finds what Anki's own `find_cards` finds, for the same notes:
the real Anki backend is the reference for words, phrases, negation, field searches
and regular expressions."""

from __future__ import annotations

import pytest
from anki.collection import Collection as AnkiCollection

from app.core.notes.browse import BrowseQuery, find
from app.core.notes.model import Note
from app.core.notes.rows import fetch
from app.core.notes.store import save_note
from app.core.storage.collection import Collection
from tests.helpers.quizdata import ARTICLE

#: (front, back) of basic notes, made in both collections
NOTES = [("Dog", "a loyal animal"), ("Hot dog", "a sausage in a bun"),
         ("Cat", "an animal that purrs"), ("Catalogue", "a list of things"),
         ("Bobcat", "a wild cat"), ("Straße", "a street"), ("dogma", "a belief")]

SEARCHES = ["dog", "cat", '"a wild"', "-cat", "dog -hot", "dog or cat", "front:dog",
            "front:dog*", "back:*cat*", "front:*cat", "back:*animal*", 're:"^do"',
            "re:og", "-re:a", '"front:hot dog"', "front:*a*e*"]


@pytest.fixture
def both(col_with_article: Collection, anki: AnkiCollection) -> tuple[Collection, AnkiCollection]:
    model = anki.models.by_name("Basic")
    for i, (front, back) in enumerate(NOTES):
        save_note(col_with_article, Note(f"n{i}", "basic", {"front": front, "back": back},
                                         ARTICLE, 0))
        note = anki.new_note(model)
        note["Front"], note["Back"] = front, back
        anki.add_note(note, anki.decks.id("Default"))
    return col_with_article, anki


@pytest.mark.parametrize("search", SEARCHES)
def test_the_same_notes_as_anki(both: tuple[Collection, AnkiCollection], search: str) -> None:
    col, anki = both
    ours = {r.prompt for r in fetch(col.conn, find(col.conn, BrowseQuery(search)).ids, False)}
    theirs = {anki.get_note(n)["Front"] for n in anki.find_notes(search)}
    assert ours == theirs and (ours or search.startswith("-")), search


def test_anchors_of_a_regular_expression_match_at_each_field(
        both: tuple[Collection, AnkiCollection]) -> None:
    """Unlike Anki, where `^` and `$` anchor the note's fields joined into one text (so
    `re:^dog$` finds nothing and a field needs `front:re:`), they anchor each field."""
    col, _anki = both
    found = fetch(col.conn, find(col.conn, BrowseQuery('re:"^(dog|cat)$"')).ids, False)
    assert {r.prompt for r in found} == {"Dog", "Cat"}
