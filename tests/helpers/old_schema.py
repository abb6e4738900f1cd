"""A collection file at the schema just before a given migration, for upgrade tests.

Why one helper: each upgrade test fills an old schema with rows, then opens it with
`Collection.open` to run the rest of the migrations; the old schema is built the
same way every time (our application id, each earlier step and its version).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.storage import migrations


def schema_before(path: Path, migration: Callable[[Any], None]) -> sqlite3.Connection:
    """A connection (autocommit) to a new collection at `path` that has every migration
    before `migration` and none after; the caller closes it."""
    import sqlite_utils

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    db = sqlite_utils.Database(conn)
    for version, migrate in enumerate(
            migrations.MIGRATIONS[:migrations.MIGRATIONS.index(migration)], 1):
        migrate(db)
        conn.execute(f"PRAGMA user_version = {version}")
    return conn
