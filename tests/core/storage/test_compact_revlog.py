"""The compact review log: upgrading an existing collection keeps every review and
every card's scheduling state, drops the per-answer undo copy, and shrinks the file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.core.storage import migrations
from app.core.storage.collection import Collection

CARDS = 400
REVIEWS_PER_CARD = 12


def _collection_before_compaction(path: Path) -> None:
    """A collection as StudyDesk wrote it before: a JSON `before` state on every review."""
    import sqlite_utils

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    db = sqlite_utils.Database(conn)
    upto = migrations.MIGRATIONS.index(migrations._compact_review_log)
    for version, migrate in enumerate(migrations.MIGRATIONS[:upto], 1):
        migrate(db)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("BEGIN")
    for i in range(CARDS):
        conn.execute("INSERT INTO notes (id, kind, fields, position, created, modified) "
                     "VALUES (?, 'basic', ?, ?, 'x', 'x')",
                     [f"n{i}", json.dumps({"front": f"F{i}", "back": "B"}), i])
        new = i % 5 == 0
        conn.execute("INSERT INTO cards (note_id, ord, state, step, stability, difficulty, due, "
                     "last_review, reps, lapses, suspended, buried_until) "
                     "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [f"n{i}", 1 if new else 2, None if new else 0, None if new else 3.5 + i,
                      None if new else 4.25, None if new else 1.8e9 + i,
                      None if new else 1.7e9 + i, 0 if new else REVIEWS_PER_CARD, i % 3,
                      int(i % 7 == 0), 1.9e9 if i % 11 == 0 else None])
        if not new:
            for k in range(REVIEWS_PER_CARD):
                before = {"state": 2, "step": None, "stability": 1.0 + k, "difficulty": 5.0,
                          "due": 1.6e9 + k, "last_review": 1.5e9 + k, "reps": k, "lapses": 0}
                conn.execute("INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, "
                             "source, before, queue) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [i + 1, 1 + (i + k) % 4, 1.5e9 + i * 100 + k, 1000 + k,
                              "quiz" if k == 3 else "flashcards", json.dumps(before),
                              0 if k == 0 else 2])
    conn.execute("COMMIT")
    conn.close()


def test_compacting_keeps_every_review_and_card_state_and_shrinks_the_file(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    _collection_before_compaction(path)
    with sqlite3.connect(path) as conn:
        cards_before = conn.execute("SELECT * FROM cards ORDER BY id").fetchall()
        reviews_before = conn.execute(
            "SELECT id, card_id, rating, reviewed_at, duration_ms, source, queue "
            "FROM revlog ORDER BY id").fetchall()
    conn.close()
    size_before = path.stat().st_size
    assert len(reviews_before) == CARDS * 4 // 5 * REVIEWS_PER_CARD

    with Collection.open(path) as col:
        assert col.schema_version == migrations.LATEST_VERSION
        columns = [r[1] for r in col.execute("PRAGMA table_info(revlog)")]
        assert "before" not in columns
        assert col.execute("SELECT * FROM cards ORDER BY id").fetchall() == cards_before
        assert col.execute(
            "SELECT id, card_id, rating, reviewed_at, duration_ms, source, queue "
            "FROM revlog ORDER BY id").fetchall() == reviews_before
        assert col.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        col.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size < size_before * 0.6
