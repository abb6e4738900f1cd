"""Card info: every answer in order, flashcards and quiz, with what each one scheduled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.errors import StatsError
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.stats.cardinfo import card_info
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review

ARTICLE = "russia-china-military-cooperation"
T0 = datetime(2026, 5, 4, 10, tzinfo=UTC)


def test_card_info_lists_every_review_in_order(col_with_article: Collection) -> None:
    col = col_with_article
    save_note(col, Note(id="info", kind="basic", fields={"front": "Capital?", "back": "Paris"},
                        article_id=ARTICLE, section_idx=1, source="Paris is the capital."))
    card_id = col.execute("SELECT id FROM cards WHERE note_id = 'info'").fetchone()[0]
    record_review(col, card_id, 3, 4000, now=T0)
    record_review(col, card_id, 3, 3000, now=T0 + timedelta(minutes=10))
    record_review(col, card_id, 1, 0, source="quiz", now=T0 + timedelta(days=3))
    record_review(col, card_id, 4, 2000, now=T0 + timedelta(days=3, minutes=10))

    info = card_info(col, card_id, now=T0 + timedelta(days=4))
    assert [r.rating_name for r in info.reviews] == ["Good", "Good", "Again", "Easy"]
    assert [r.source for r in info.reviews] == ["flashcards", "flashcards", "quiz", "flashcards"]
    assert [r.kind for r in info.reviews] == ["New", "Learning", "Review", "Relearning"]
    assert [r.at for r in info.reviews] == sorted(r.at for r in info.reviews)
    assert info.reviews[0].interval == "10m" and info.reviews[0].retrievability is None
    assert 0 < info.reviews[2].retrievability < 1
    last = info.reviews[-1]
    assert last.stability == info.state.stability and last.difficulty == info.state.difficulty
    assert last.interval_seconds == pytest.approx(info.state.due - last.at.timestamp())
    assert info.status == "Review" and info.due is not None
    assert info.face.front == "Capital?" and info.source == "Paris is the capital."
    assert info.section_title and info.article_title


def test_a_new_card_has_no_answers(col_with_article: Collection) -> None:
    save_note(col_with_article, Note(id="new", kind="basic", fields={"front": "F", "back": "B"},
                                     article_id=ARTICLE, section_idx=0))
    card_id = col_with_article.execute("SELECT id FROM cards").fetchone()[0]
    info = card_info(col_with_article, card_id)
    assert info.reviews == () and info.status == "New" and info.due is None


def test_unknown_card_is_named(col: Collection) -> None:
    with pytest.raises(StatsError, match="no card 12345"):
        card_info(col, 12345)
