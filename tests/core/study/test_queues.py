"""Study queues with many cards in (re)learning: the session shows what the collection says.

The learning queue is kept in memory (sorted by due time, indexed by card) so
that an answer does not scan it; these tests check it against the collection
after every answer.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from app.core import clock as studyday
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.storage.collection import Collection
from app.core.study import queues as study
from app.core.study import settings as study_settings
from app.core.study.session import Scope, StudySession

ARTICLE = "russia-china-military-cooperation"


class Clock:
    def __init__(self, when: datetime) -> None:
        self.now = when.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now


def _add_cards(col: Collection, n: int) -> None:
    for i in range(n):
        save_note(col, Note(id=f"q{i:03}", kind="basic", fields={"front": f"Q{i}", "back": f"A{i}"},
                            article_id=ARTICLE, section_idx=i % 3, position=i))
    study_settings.save_settings(col, study_settings.StudySettings(new_per_day=n, reviews_per_day=1000))


def _learning_in_db(col: Collection, day_end: float) -> list[tuple[float, int]]:
    """(due, id) of the article's (re)learning cards due this study day, in order."""
    return [tuple(r) for r in col.execute(
        "SELECT c.due, c.id FROM cards c JOIN notes n ON n.id = c.note_id "
        "WHERE n.article_id = ? AND c.last_review IS NOT NULL AND c.state IN (1, 3) "
        "AND c.due < ? ORDER BY c.due, c.id", [ARTICLE, day_end])]


def test_learning_cards_come_in_due_order_after_every_answer(col_with_article):
    col = col_with_article
    _add_cards(col, 40)
    clock = Clock(datetime(2026, 3, 2, 10).astimezone())
    session = StudySession(col, Scope(ARTICLE), clock)
    day_end = studyday.next_day_start(clock()).timestamp()
    rng = random.Random(3)
    # Every new card answered at once (none is due yet): most go to learning,
    # one, six or ten minutes on; due-time ties are broken by card id.
    for _ in range(40):
        card = session.next_card()
        assert card is not None and card.queue == study.NEW
        session.answer(card, rng.choice((1, 1, 2, 3, 4)), 3000)
    assert session.counts().learning == len(_learning_in_db(col, day_end)) > 20

    shown = 0
    while (card := session.next_card()) is not None:
        expected = _learning_in_db(col, day_end)
        assert (card.state.due, card.card_id) == expected[0]
        assert expected[0][0] <= clock().timestamp() + study.LEARN_AHEAD.total_seconds()
        session.answer(card, rng.choice((1, 2, 3, 3, 3)), 3000)
        assert session.counts().learning == len(_learning_in_db(col, day_end))
        clock.now += timedelta(seconds=rng.randint(5, 90))
        shown += 1
        assert shown < 500, "learning never finished"
    left = _learning_in_db(col, day_end)
    assert not left or left[0][0] > clock().timestamp() + study.LEARN_AHEAD.total_seconds()
    assert shown > 40


def test_undo_puts_a_learning_card_back_in_its_place(col_with_article):
    col = col_with_article
    _add_cards(col, 5)
    clock = Clock(datetime(2026, 3, 2, 10).astimezone())
    session = StudySession(col, Scope(ARTICLE), clock)
    day_end = studyday.next_day_start(clock()).timestamp()
    for _ in range(5):
        session.answer(session.next_card(), 1, 1000)  # all into learning, due in a minute
    clock.now += timedelta(minutes=2)
    first = session.next_card()
    session.answer(first, 3, 1000)  # to the next learning step, 10 minutes on
    assert session.next_card().card_id != first.card_id
    assert session.undo() == "answer"
    assert session.next_card().card_id == first.card_id  # the undone card comes back first
    session.answer(first, 1, 1000)
    assert session.counts().learning == len(_learning_in_db(col, day_end)) == 5
