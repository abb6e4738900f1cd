"""Siblings and same-sentence cards are buried for the day once one of them is studied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.study import settings as study_settings
from app.core.study.session import Scope, StudySession

ARTICLE = "russia-china-military-cooperation"
SENTENCE = "In 1991 the border agreement was signed in Moscow."


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 10, 10, 0).astimezone().astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now


def _related_notes(col) -> None:
    """A two-card cloze, a basic card on the same sentence, and an unrelated card."""
    save_note(col, Note(id="cz", kind="cloze", article_id=ARTICLE, section_idx=0, position=0,
                        fields={"text": "In {{c1::1991}} the border agreement was signed in "
                                        "{{c2::Moscow}}."}, source=SENTENCE))
    save_note(col, Note(id="same", kind="basic", article_id=ARTICLE, section_idx=0, position=1,
                        fields={"front": "Where was the 1991 border agreement signed?",
                                "back": "Moscow"}, source=SENTENCE))
    save_note(col, Note(id="other", kind="basic", article_id=ARTICLE, section_idx=0,
                        position=2, fields={"front": "Other question", "back": "Other"},
                        source="A different sentence."))


def _study_all(session: StudySession) -> list[str]:
    shown = []
    while (card := session.next_card()) is not None:
        shown.append(f"{card.note_id}/{card.ord}")
        session.answer(card, 4, 500)  # Easy: out of today's queue
    return shown


def _buried(col) -> set[str]:
    rows = col.db.execute("SELECT n.id, c.ord FROM cards c JOIN notes n ON n.id = c.note_id "
                          "WHERE c.buried_until IS NOT NULL").fetchall()
    return {f"{note}/{ord_}" for note, ord_ in rows}


def test_answering_a_card_buries_its_siblings_and_same_sentence_cards(col_with_article):
    col = col_with_article
    _related_notes(col)
    clock = Clock()
    session = StudySession(col, Scope(ARTICLE), clock)
    assert session.counts().new == 4
    assert _study_all(session) == ["cz/0", "other/0"]
    assert _buried(col) == {"cz/1", "same/0"}
    # a study session opened again the same day does not show them either
    assert StudySession(col, Scope(ARTICLE), clock).counts().new == 0
    # the next study day they are back
    clock.now += timedelta(days=1)
    assert StudySession(col, Scope(ARTICLE), clock).counts().new == 2


def test_undoing_the_answer_unburies_what_it_buried(col_with_article):
    col = col_with_article
    _related_notes(col)
    session = StudySession(col, Scope(ARTICLE), Clock())
    card = session.next_card()
    assert card is not None and card.note_id == "cz"
    session.answer(card, 3, 500)
    assert _buried(col) == {"cz/1", "same/0"}
    assert session.counts().new == 1  # only the unrelated card is left
    assert session.undo() == "answer"
    assert _buried(col) == set()
    assert session.counts().new == 4


def test_a_card_buried_by_hand_stays_buried_after_undoing_another_answer(col_with_article):
    col = col_with_article
    _related_notes(col)
    session = StudySession(col, Scope(ARTICLE), Clock())
    first = session.next_card()
    assert first is not None
    session.bury(first)  # cz/0 buried by the student, which buries nothing else
    assert _buried(col) == {"cz/0"}
    second = session.next_card()
    assert second is not None and second.note_id == "cz" and second.ord == 1
    session.answer(second, 3, 500)
    assert _buried(col) == {"cz/0", "same/0"}
    session.undo()
    assert _buried(col) == {"cz/0"}


def test_the_study_option_turns_burying_off(col_with_article):
    col = col_with_article
    _related_notes(col)
    study_settings.save_settings(col, study_settings.StudySettings(bury_related=False))
    session = StudySession(col, Scope(ARTICLE), Clock())
    assert _study_all(session) == ["cz/0", "cz/1", "same/0", "other/0"]
    assert _buried(col) == set()


def test_cards_in_learning_are_not_buried(col_with_article):
    col = col_with_article
    _related_notes(col)
    sibling = col.db.execute("SELECT id FROM cards WHERE note_id = 'cz' AND ord = 1").fetchone()[0]
    clock = Clock()
    study_settings.save_settings(col, study_settings.StudySettings(bury_related=False))
    alone = StudySession(col, Scope(card_ids=(sibling,)), clock)
    card = alone.next_card()
    assert card is not None
    alone.answer(card, 1, 500)  # Again: the sibling is in learning, due in a minute
    study_settings.save_settings(col, study_settings.StudySettings())
    session = StudySession(col, Scope(ARTICLE), clock)
    card = session.next_card()
    assert card is not None and (card.note_id, card.ord) == ("cz", 0)
    session.answer(card, 3, 500)
    assert _buried(col) == {"same/0"}
    assert session.counts().learning == 2  # the sibling and the card just answered Good


def test_the_setting_must_be_true_or_false(col):
    with pytest.raises(study_settings.StudyError, match="bury_related"):
        study_settings.save_settings(col, study_settings.StudySettings(bury_related=1))  # type: ignore[arg-type]
