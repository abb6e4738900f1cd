"""Note kinds: validation and the cards each produces."""

from __future__ import annotations

import pytest

from app.core.notes.model import NoteError, card_ords, render, validate_fields


def test_cloze_with_several_numbers_gives_one_card_each() -> None:
    text = "{{c1::Moscow}} and {{c2::Beijing}} signed in {{c3::1991::year}}; {{c1::Moscow}} again."
    assert card_ords("cloze", {"text": text}) == [0, 1, 2]
    third = render("cloze", {"text": text}, 2)
    assert third.front == "Moscow and Beijing signed in [year]; Moscow again."
    assert third.answer == "1991"


@pytest.mark.parametrize("kind,fields,message", [
    ("basic", {"front": " ", "back": "x"}, "front"),
    ("cloze", {"text": "No deletion here."}, "deletion"),
    ("cloze", {"text": "Zero {{c0::is not}} a number."}, "start at 1"),
    ("mcq", {"question": "Q?", "options": ["a", "b"], "answer": "c"}, "not among"),
    ("truefalse", {"statement": "S.", "answer": "yes"}, "true or false"),
])
def test_bad_notes_are_refused(kind: str, fields: dict[str, object], message: str) -> None:
    with pytest.raises(NoteError, match=message):
        validate_fields(kind, fields, label="card-1")
