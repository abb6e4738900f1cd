"""A card whose front is a bare term says what the student is to give."""

from __future__ import annotations

import pytest

from app.core.notes.model import answer_instruction, cloze_parts, render


@pytest.mark.parametrize("front, answer, typed, expected", [
    ("Shanghai Cooperation Organization", "SCO", True, "Give the abbreviation"),
    ("People's Liberation Army", "PLA", False, "Give the abbreviation"),
    ("Collective Security Treaty Organization", "CSTO", True, "Give the abbreviation"),
    ("SCO", "Shanghai Cooperation Organization", False, "Give the full name"),
    ("Which river?", "Ussuri", True, ""),
    ("Name the river on the border", "Ussuri", True, ""),
    ("Capital:", "Beijing", True, ""),
    ("Damansky Island", "Ussuri", True, "Type the answer"),
    ("Damansky Island", "Ussuri", False, ""),
    ("Moscow", "MOSCOW", True, "Type the answer"),  # shouting is no abbreviation
])
def test_answer_instruction(front: str, answer: str, typed: bool, expected: str) -> None:
    assert answer_instruction(front, answer, typed=typed) == expected


def test_render_gives_typed_and_reversed_cards_their_instruction() -> None:
    fields = {"front": "SCO", "back": "Shanghai Cooperation Organization"}
    assert render("reversed", fields, 0).instruction == "Give the full name"
    assert render("reversed", fields, 1).instruction == "Give the abbreviation"
    assert render("typed", {"front": "Shanghai Cooperation Organization", "back": "SCO"},
                  0).instruction == "Give the abbreviation"
    assert render("cloze", {"text": "The {{c1::SCO}} met."}, 0).instruction == ""


def test_cloze_parts_mark_only_the_asked_deletion() -> None:
    assert cloze_parts("In {{c1::1991}} in {{c2::Moscow}}; {{c1::1991}}.", 1) == [
        ("In ", False), ("1991", True), (" in Moscow; ", False), ("1991", True), (".", False)]


def test_a_typed_quiz_question_on_a_bare_term_says_what_to_give(col_with_article) -> None:  # type: ignore[no-untyped-def]
    import random

    from app.core.notes.model import Note
    from app.core.notes.store import save_note
    from app.core.quiz.questions import build_question, card_for_note

    save_note(col_with_article, Note("sco", "typed", {"front": "Shanghai Cooperation Organization",
                                                      "back": "SCO"},
                                     "russia-china-military-cooperation", 2))
    question = build_question(card_for_note(col_with_article, "sco"), "typed", random.Random(1))
    assert question.prompt == "Give the abbreviation: Shanghai Cooperation Organization"
