"""The compact review log: upgrading an existing collection keeps every review and
every card's scheduling state, drops the per-answer undo copy, and shrinks the file."""

from __future__ import annotations

import json
import random
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.storage import migrations
from app.core.storage.collection import Collection
from app.core.study.scheduler import CardState, Scheduler

CARDS = 400
REVIEWS_PER_CARD = 12


def _collection_before_compaction(path: Path) -> dict[int, tuple]:
    """A collection as StudyDesk wrote it before: a JSON `before` state on every review,
    histories answered by the real scheduler. Returns, per review id, the numbers the
    compact log must hold: (interval, last interval)."""
    import sqlite_utils

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    db = sqlite_utils.Database(conn)
    upto = migrations.MIGRATIONS.index(migrations._compact_review_log)
    for version, migrate in enumerate(migrations.MIGRATIONS[:upto], 1):
        migrate(db)
        conn.execute(f"PRAGMA user_version = {version}")
    scheduler = Scheduler()
    rng = random.Random(4)
    expected: dict[int, tuple] = {}
    conn.execute("BEGIN")
    for i in range(CARDS):
        card_id = i + 1
        conn.execute("INSERT INTO notes (id, kind, fields, position, created, modified) "
                     "VALUES (?, 'basic', ?, ?, 'x', 'x')",
                     [f"n{i}", json.dumps({"front": f"F{i}", "back": "B"}), i])
        conn.execute("INSERT INTO cards (id, note_id, ord, suspended, buried_until) "
                     "VALUES (?, ?, 0, ?, ?)",
                     [card_id, f"n{i}", int(i % 7 == 0), 1.9e9 if i % 11 == 0 else None])
        if i % 5 == 0:
            continue  # a new card, never answered
        card = CardState(card_id, 1, 0, None, None, None, None)
        at = 1.7e9 + i * 1000
        for _ in range(rng.randint(1, REVIEWS_PER_CARD)):
            after = scheduler.review(card, rng.choice((1, 2, 3, 3, 3, 4)),
                                     datetime.fromtimestamp(at, UTC))
            cur = conn.execute(
                "INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, source, before, "
                "queue) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [card_id, 3, at, 1000, "flashcards", json.dumps(card.to_json_dict()),
                 card.queue])
            last = None if card.is_new else round(card.due - card.last_review)
            expected[cur.lastrowid] = (round(after.due - at), last)
            card = after
            at = after.due + rng.uniform(0, 3 * 86400)
        conn.execute("UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, "
                     "due = ?, last_review = ?, reps = ?, lapses = ? WHERE id = ?",
                     [card.state, card.step, card.stability, card.difficulty, card.due,
                      card.last_review, card.reps, card.lapses, card_id])
    # a row another program wrote without a usable state (an import): kept, numbers unknown
    cur = conn.execute("INSERT INTO revlog (card_id, rating, reviewed_at, before) "
                       "VALUES (1, 3, 1.0, '{}')")
    expected[cur.lastrowid] = (None, None)
    conn.execute("COMMIT")
    conn.close()
    return expected


def test_compacting_keeps_every_review_and_card_state_and_shrinks_the_file(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    expected = _collection_before_compaction(path)
    with closing(sqlite3.connect(path)) as conn:
        cursor = conn.execute("SELECT * FROM cards ORDER BY id")
        cards_before = cursor.fetchall()
        # the columns cards had then (later migrations may add others)
        card_columns = ", ".join(d[0] for d in cursor.description)
        reviews_before = conn.execute(
            "SELECT id, card_id, rating, reviewed_at, duration_ms, source, queue "
            "FROM revlog ORDER BY id").fetchall()
    size_before = path.stat().st_size
    assert len(reviews_before) > CARDS * 2

    with Collection.open(path) as col:
        assert col.schema_version == migrations.LATEST_VERSION
        columns = [r[1] for r in col.execute("PRAGMA table_info(revlog)")]
        assert "before" not in columns
        assert col.execute(f"SELECT {card_columns} FROM cards ORDER BY id").fetchall() \
            == cards_before
        # the source as a number since (`_review_source_as_number`): 0 flashcards
        assert col.execute(
            "SELECT id, card_id, rating, reviewed_at, duration_ms, "
            "CASE source WHEN 0 THEN 'flashcards' END, queue "
            "FROM revlog ORDER BY id").fetchall() == reviews_before
        compact = {r[0]: tuple(r[1:]) for r in col.execute(
            "SELECT id, interval, last_interval FROM revlog")}
        assert compact == expected
        assert col.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        col.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size < size_before * 0.75


def test_a_new_answer_logs_the_intervals_and_the_states_replay(col_with_article: Collection
                                                                ) -> None:
    from app.core.notes.model import Note
    from app.core.notes.store import save_note
    from app.core.study.reviews import record_review, replayed_reviews

    col = col_with_article
    save_note(col, Note("c1", "basic", {"front": "Q", "back": "A"},
                        "russia-china-military-cooperation", 0))
    card_id = col.execute("SELECT id FROM cards").fetchone()[0]
    t0 = datetime(2026, 3, 2, 10, tzinfo=UTC)
    for k, rating in enumerate((3, 3, 1, 3)):
        record_review(col, card_id, rating, 1000, now=t0 + timedelta(days=k * 2, minutes=k))
    rows = col.execute("SELECT id, reviewed_at, interval, last_interval FROM revlog "
                       "ORDER BY id").fetchall()
    card = col.execute("SELECT due, stability, difficulty, reps, lapses FROM cards "
                       "WHERE id = ?", [card_id]).fetchone()
    assert rows[0][3] is None  # a new card had no interval before
    assert [r[3] for r in rows[1:]] == [r[2] for r in rows[:-1]]  # before = previous result
    assert rows[-1][2] == round(card[0] - rows[-1][1])
    replayed = replayed_reviews(col, card_id)
    assert [r.revlog_id for r in replayed] == [r[0] for r in rows]
    assert replayed[0].before.is_new and replayed[1].before == replayed[0].after
    last = replayed[-1].after
    assert (last.due, last.stability, last.difficulty, last.reps, last.lapses) == card
