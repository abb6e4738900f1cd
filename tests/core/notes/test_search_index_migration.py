"""A collection from before the browser's search index gets every note indexed."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.notes.browse import BrowseQuery, find
from app.core.storage import migrations
from app.core.storage.collection import Collection
from tests.helpers.old_schema import schema_before


def test_upgrade_indexes_existing_notes(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = schema_before(path, migrations._browser_search_index)
    for note_id, kind, fields, tags, active in [
            ("c", "cloze", {"text": "Signed in {{c1::1991}} at Moscow"}, ["treaties"], 1),
            ("b", "basic", {"front": "Vostok", "back": "an exercise"}, [], 1),
            ("gone", "basic", {"front": "Zapad", "back": "west"}, [], 0)]:
        conn.execute("INSERT INTO notes (id, kind, fields, tags, position, created, modified, "
                     "active) VALUES (?, ?, ?, ?, 0, 'x', 'x', ?)",
                     [note_id, kind, json.dumps(fields), json.dumps(tags), active])
        conn.execute("INSERT INTO cards (note_id, ord) VALUES (?, 0)", [note_id])
    conn.close()
    with Collection.open(path) as col:
        assert col.schema_version == migrations.LATEST_VERSION
        assert col.execute("SELECT COUNT(*) FROM note_text").fetchone()[0] == 3

        def ids(search: str) -> list[str]:
            return find(col.conn, BrowseQuery(search)).ids

        assert ids('"in 1991 at"') == ["c"] and ids("tag:treaties") == ["c"]
        assert ids("exercise") == ["b"]
        assert ids("zapad") == []  # taken out of its deck: not listed
