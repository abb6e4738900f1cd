"""The collection: one SQLite database (via sqlite-utils) holding everything.

Why this shape: every user action that changes data runs inside
`Collection.transaction()`, so a crash can never keep half an import or lose an
answered review (WAL journal; a committed transaction survives a killed
process). The schema only changes through the numbered migrations in
`app.core.storage.migrations`, tracked in SQLite's `user_version`. A lock file keeps a
second StudyDesk from writing to the same collection at the same time.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from app.core.changes import Change, ChangeHub
from app.core.errors import CollectionError, CollectionLockedError
from app.core.storage import migrations

if TYPE_CHECKING:
    import sqlite_utils


class _LockFile:
    """An OS-level exclusive lock, released automatically if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if os.name == "nt":  # pragma: no cover - exercised on Windows only
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None


class Collection:
    """An open collection. Use `Collection.open(path)`; close it when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: _LockFile) -> None:
        self.path = path
        self.conn = conn
        self._lock = lock
        self._depth = 0
        self._closed = False
        self._pending = Change.NONE
        self.changes = ChangeHub()
        """Subscribers told what each committed action changed (see `app.core.changes`)."""

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, for table-level writes.

        Created on first use: reading what the start-up screen shows needs only
        the raw connection, and importing sqlite-utils (with its plugins) would
        add a noticeable share to the app's cold start.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # -- opening and closing -------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Collection:
        path = Path(path).expanduser().resolve()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CollectionError(f"Cannot create the folder for {path}: {exc}") from exc
        lock = _LockFile(path.with_name(path.name + ".lock"))
        if not lock.acquire():
            raise CollectionLockedError(
                f"The collection {path} is already open in another StudyDesk window. "
                "Close that window first, or open another collection with --collection."
            )
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            migrations.ensure_ours(conn, path)
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed transaction survives a crash of the
            # process (the test kills one with SIGKILL); only an OS crash or
            # power loss could roll back the very last commits.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            collection = cls(path, conn, lock)
            _upgrade(collection)
        except Exception as exc:
            if conn is not None:
                conn.close()
            lock.release()
            if isinstance(exc, sqlite3.DatabaseError):
                raise CollectionError(f"{path} is not a StudyDesk collection: {exc}") from exc
            raise
        return collection

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.conn.close()
            self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------
    @contextmanager
    def transaction(self, changes: Change) -> Iterator[None]:
        """One user action = one transaction; nested calls join it as savepoints.

        `changes` says what the action touches; once the outermost transaction has
        committed, the hub tells every subscriber what all of it changed. Inside,
        reach the database as everywhere else: `execute`, `query`, `table`.
        """
        conn = self.conn
        if self._depth:
            # A nested block is a savepoint: if it fails, its own writes are undone
            # even when the caller catches the error and the outer block commits.
            name = f"nested_{self._depth}"
            conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            before = self._pending
            self._pending |= changes
            try:
                yield
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                self._pending = before
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        self._pending = changes
        try:
            yield
        except BaseException:
            self._pending = Change.NONE
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            self._depth = 0
        committed, self._pending = self._pending, Change.NONE
        self.changes.emit(committed)

    # -- reading -----------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts, straight from sqlite3 (no sqlite-utils needed for reads)."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def table(self, name: str) -> sqlite_utils.db.Table:
        """A table for sqlite-utils' row-level writes (insert, upsert, insert_all)."""
        return self.db[name]  # type: ignore[return-value]

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- settings (small JSON values) -----------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any, changes: Change = Change.SETTINGS) -> None:
        with self.transaction(changes):
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)))


def _upgrade(collection: Collection) -> None:
    """Bring the collection's schema up to the latest version, all in one transaction.

    Here rather than in `migrations`, which only lists the steps: running them needs
    the collection's transaction, and `migrations` must not import the collection.
    """
    conn = collection.conn
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > migrations.LATEST_VERSION:
        raise CollectionError(
            f"{collection.path} was written by a newer StudyDesk "
            f"(schema {current}, this one knows {migrations.LATEST_VERSION})."
        )
    if current == migrations.LATEST_VERSION:
        return
    # Rebuilding a table (SQLite's documented way to change a column) needs
    # foreign keys off, or dropping the old table would cascade into its
    # children; the pragma only takes effect outside a transaction. Integrity
    # is checked before the commit instead.
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        with collection.transaction(Change.NONE):
            conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
            for version in range(current, migrations.LATEST_VERSION):
                migrations.MIGRATIONS[version](collection.db)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise CollectionError(f"{collection.path}: the schema upgrade would break "
                                      f"{len(broken)} references; nothing was changed.")
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
