"""The review log's source as a number: upgrading a collection that stored the word keeps
every review and every card's scheduling state, maps each source right, refuses
anything but 0 and 1 afterwards, and shrinks the file."""

from __future__ import annotations

import json
import random
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.storage import migrations
from app.core.storage.collection import Collection
from app.core.study.reviews import SOURCES
from app.core.study.scheduler import CardState, Scheduler
from tests.helpers.old_schema import schema_before

CARDS = 600
REVIEW_COLUMNS = "id, card_id, rating, reviewed_at, duration_ms, queue, interval, last_interval"


def _collection_with_source_words(path: Path) -> None:
    """A collection at the schema before the change, answered by the real scheduler,
    each answer from flashcards or (one in five) a quiz, as StudyDesk wrote them then."""
    conn = schema_before(path, migrations._review_source_as_number)
    scheduler, rng = Scheduler(), random.Random(15)
    conn.execute("BEGIN")
    for i in range(CARDS):
        conn.execute("INSERT INTO notes (id, kind, fields, position, created, modified) "
                     "VALUES (?, 'basic', ?, ?, 'x', 'x')",
                     [f"n{i}", json.dumps({"front": f"F{i}", "back": "B"}), i])
        conn.execute("INSERT INTO cards (id, note_id, ord) VALUES (?, ?, 0)", [i + 1, f"n{i}"])
        card, at = CardState(i + 1, 1, 0, None, None, None, None), 1.7e9 + i * 1000.5
        for _ in range(rng.randint(0, 25)):
            rating = rng.choice((1, 2, 3, 3, 3, 4))
            after = scheduler.review(card, rating, datetime.fromtimestamp(at, UTC))
            conn.execute(
                "INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, source, queue, "
                "interval, last_interval) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [i + 1, rating, at, rng.randint(500, 9000), rng.choice(SOURCES * 2 + SOURCES[:1] * 6),
                 card.queue, round(after.due - at),
                 None if card.is_new else round(card.due - card.last_review)])
            card, at = after, after.due + rng.uniform(0, 86400)
        conn.execute("UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, "
                     "due = ?, last_review = ?, reps = ?, lapses = ? WHERE id = ?",
                     [card.state, card.step, card.stability, card.difficulty, card.due,
                      card.last_review, card.reps, card.lapses, i + 1])
    conn.execute("COMMIT")
    conn.close()


def test_upgrade_keeps_every_review_and_card_maps_sources_and_shrinks(tmp_path: Path):
    path = tmp_path / "words.sqlite3"
    _collection_with_source_words(path)
    with closing(sqlite3.connect(path)) as conn:
        cards_before = conn.execute("SELECT * FROM cards ORDER BY id").fetchall()
        reviews_before = conn.execute(f"SELECT {REVIEW_COLUMNS}, source FROM revlog "
                                      "ORDER BY id").fetchall()
    size_before = path.stat().st_size
    assert {r[-1] for r in reviews_before} == {"flashcards", "quiz"}

    with Collection.open(path) as col:
        assert col.schema_version == migrations.LATEST_VERSION
        assert col.execute("SELECT * FROM cards ORDER BY id").fetchall() == cards_before
        after = col.execute(f"SELECT {REVIEW_COLUMNS}, source FROM revlog "
                            "ORDER BY id").fetchall()
        assert [(*r[:-1], SOURCES[r[-1]]) for r in after] == reviews_before
        assert col.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with pytest.raises(sqlite3.IntegrityError):  # only the numbers, never a word again
            col.execute("INSERT INTO revlog (card_id, rating, reviewed_at, source) "
                        "VALUES (1, 3, 1.0, 'quiz')")
        col.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # 'flashcards' was 11 bytes of each row, the number none: at least 6 a review given back
    assert size_before - path.stat().st_size >= 6 * len(reviews_before)


def test_a_quiz_answer_is_logged_as_one_and_shown_as_quiz(col_with_article: Collection):
    from app.core.notes.model import Note
    from app.core.notes.store import save_note
    from app.core.stats.cardinfo import card_info
    from app.core.study.reviews import record_review

    col = col_with_article
    save_note(col, Note("q1", "basic", {"front": "Q", "back": "A"},
                        "russia-china-military-cooperation", 0))
    card_id = col.execute("SELECT id FROM cards").fetchone()[0]
    record_review(col, card_id, 3, 1000, now=datetime(2026, 3, 2, 10, tzinfo=UTC))
    record_review(col, card_id, 1, 1000, source="quiz", now=datetime(2026, 3, 3, 10, tzinfo=UTC))
    assert [r[0] for r in col.execute("SELECT source FROM revlog ORDER BY id")] == [0, 1]
    assert [r.source for r in card_info(col, card_id).reviews] == ["flashcards", "quiz"]
