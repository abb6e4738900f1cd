"""The collection: one SQLite database (via sqlite-utils) holding everything.

Why this shape: every user action that changes data runs inside
`Collection.transaction()`, so a crash can never keep half an import or lose an
answered review (WAL journal; a committed transaction survives a killed
process). The schema only changes through the numbered migrations in
`app.core.storage.migrations`, tracked in SQLite's `user_version`. A lock on the
file itself keeps a second StudyDesk from writing to the same collection at the
same time, whatever path it uses.
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
from app.core.errors import (
    CollectionDamagedError,
    CollectionError,
    CollectionLockedError,
    CollectionReadOnlyError,
    CollectionTooNewError,
    NotACollectionError,
)
from app.core.storage import faults, migrations

if TYPE_CHECKING:
    import sqlite_utils


_OPEN_HERE: set[tuple[int, int]] = set()
"""(device, inode) of every collection open in this process."""


class _FileLock:
    """One StudyDesk per collection file, whatever the path that names it.

    On POSIX the lock is an `flock` on the collection file itself, so it follows
    the file (its device and inode): a hard link, a symlink or another path to the
    same file meets the same lock, and the OS drops it when the process dies (a
    crash leaves no stale lock). SQLite's own locks are `fcntl` locks, which
    `flock` does not touch. `fcntl` locks are dropped when *any* descriptor of the
    file closes, so a file this process already has open is refused from a
    registry, without opening (and closing) a second descriptor. On Windows a
    sidecar lock file is used (a byte lock on the database would block SQLite).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._key: tuple[int, int] | None = None

    def acquire(self) -> bool:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            return self._acquire_sidecar()
        import fcntl

        if not self.path.exists():
            try:
                os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644))
            except FileExistsError:
                pass
            except OSError as exc:
                raise CollectionReadOnlyError(
                    f"Cannot create the collection {self.path}: "
                    f"{faults.read_only_reason(self.path)}") from exc
        st = os.stat(self.path)
        key = (st.st_dev, st.st_ino)
        if key in _OPEN_HERE:
            return False
        try:
            fd = os.open(self.path, os.O_RDWR)
        except OSError:
            fd = os.open(self.path, os.O_RDONLY)  # a read-only file can still be locked
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd, self._key = fd, key
        _OPEN_HERE.add(key)
        return True

    def _acquire_sidecar(self) -> bool:  # pragma: no cover - Windows only
        import msvcrt

        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Call only after the SQLite connection is closed (see the class docstring)."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None
        if self._key is not None:
            _OPEN_HERE.discard(self._key)
            self._key = None


class Collection:
    """An open collection. Use `Collection.open(path)`; close it when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: _FileLock) -> None:
        self.path = path
        self.conn = conn
        self._lock = lock
        self._depth = 0
        self._closed = False
        self._pending = Change.NONE
        self.changes = ChangeHub()
        """Subscribers told what each committed action changed (see `app.core.changes`)."""
        self.changed_since_backup = False
        """True once something was committed after the newest backup (see `backups`)."""
        self.backup_on_close = True
        """Make a backup when the collection is closed after a change."""
        from app.core.storage.undo import UndoStack

        self.undo = UndoStack()
        """The destructive actions of this session that Edit → Undo can take back."""

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
        """Open (or create) the collection at `path`.

        Nothing is written to a file before it is known to be ours, at a version
        this StudyDesk knows, and undamaged: a refused file stays byte-identical.
        """
        path = Path(path).expanduser().resolve()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CollectionError(f"Cannot create the folder for {path}: {exc}") from exc
        if path.is_dir():
            raise NotACollectionError(f"{path} is a folder, not a collection file; choose the "
                                      "collection file inside it (collection.sqlite3).")
        lock = _FileLock(path)
        if not lock.acquire():
            raise CollectionLockedError(
                f"The collection {path} is already open in another StudyDesk window "
                "(perhaps under another name or through a link). Close that window first, "
                "or open another collection with --collection."
            )
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            _refuse_unusable(conn, path)
            if not (faults.can_write_file(path) and faults.can_write_folder(path.parent)):
                # Every screen saves as the student goes; refuse now, in plain words,
                # rather than fail on the first answer.
                raise CollectionReadOnlyError(faults.read_only_reason(path))
            conn.execute("PRAGMA journal_mode=WAL")
            # FULL: every commit is synced to the disk before the app says it is saved,
            # so an answer survives a power cut or an OS crash too (docs/DURABILITY.md).
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            collection = cls(path, conn, lock)
            upgrade_schema(collection)
        except Exception as exc:
            if conn is not None:
                conn.close()
            lock.release()
            if isinstance(exc, sqlite3.Error):
                raise (faults.translate(exc, path, saving=False) or NotACollectionError(
                    f"{path} is not a StudyDesk collection: {exc}")) from exc
            raise
        return collection

    def worker_view(self) -> Collection:
        """The same collection on a second connection, for one long job on a worker thread.

        With WAL the GUI keeps reading on its own connection while the job writes, and
        sees the job's work only once it has committed. The view has the same
        durability and foreign keys, waits for the other connection's locks, and its
        own change hub: whoever started the job tells this collection's subscribers on
        their own thread. It does not hold the collection's lock; this one does.
        """
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        for pragma in ("synchronous", "foreign_keys"):
            value = int(self.conn.execute(f"PRAGMA {pragma}").fetchone()[0])
            conn.execute(f"PRAGMA {pragma}={value}")
        conn.execute("PRAGMA busy_timeout=10000")
        view = Collection(self.path, conn, _FileLock(self.path))  # never acquired: ours holds it
        view.backup_on_close = False  # this collection backs up what the job wrote
        # so that the job's own `backup_before` (a deletion's, an import's) is made, on the
        # worker, when this collection has changed since its last backup
        view.changed_since_backup = self.changed_since_backup
        return view

    def adopt(self, changes: Change) -> None:
        """What a `worker_view` committed: back it up on close, tell the subscribers
        (call on the thread that owns this collection, once the job is done)."""
        self.changed_since_backup = True
        self.changes.emit(changes)

    def close(self) -> None:
        """Close the collection; after a change, a backup is made first (see `backups`)."""
        if self._closed:
            return
        try:
            if self.backup_on_close and self.changed_since_backup:
                from app.core.storage.backups import automatic_backup

                automatic_backup(self, "close")
        finally:
            self._closed = True
            self.conn.close()
            self._lock.release()

    @property
    def closed(self) -> bool:
        return self._closed

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

        A write that fails for a reason outside the program (read-only file or
        folder, full disk, a lock held by another program) is raised as the
        matching `CollectionWriteError`, with nothing of the action kept. SQLite
        rolls some of these back itself; the ROLLBACK then is skipped, so the real
        cause is not replaced by "no transaction is active".
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
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                self._pending = before
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._translated(exc) from exc
        self._depth = 1
        self._pending = changes
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as exc:
            self._pending = Change.NONE
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise self._translated(exc) from exc
            raise
        finally:
            self._depth = 0
        self.changed_since_backup = True
        committed, self._pending = self._pending, Change.NONE
        self.changes.emit(committed)

    def upgrade_schema(self) -> None:
        """Bring the schema up to date (after a restore put an older one in place)."""
        upgrade_schema(self)

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already done so itself."""
        if not self.conn.in_transaction:
            return
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:  # the first error is the one worth telling
            pass

    def _translated(self, exc: sqlite3.Error) -> BaseException:
        return faults.translate(exc, self.path) or exc

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


QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
"""Up to this size every open runs `PRAGMA quick_check` (about 10 ms per MB); a larger
collection is checked only when its last session did not close cleanly."""


def _worth_checking(path: Path) -> bool:
    """Whether to look for damage on open: always for an ordinary collection, and for a
    large one after a crash or power cut (a clean close removes the -wal file)."""
    try:
        size = path.stat().st_size
    except OSError:
        return True
    return size <= QUICK_CHECK_MAX_BYTES or path.with_name(path.name + "-wal").exists()


def _refuse_unusable(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, before anything is written, a file that is another program's, newer, or
    damaged (the journal-mode switch would already change a refused file)."""
    migrations.ensure_ours(conn, path)
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > migrations.LATEST_VERSION:
        raise CollectionTooNewError(
            f"{path} was written by a newer StudyDesk "
            f"(schema {current}, this one knows {migrations.LATEST_VERSION}); nothing was "
            "changed. Install the newer StudyDesk to open it."
        )
    if not _worth_checking(path):
        return
    # SQLite may put a line break inside one finding ("*** in database main ***\n…"):
    # the message stays one line, as the CLI promises
    problems = [" ".join(row[0].split()) for row in conn.execute("PRAGMA quick_check(5)")]
    if problems != ["ok"]:
        raise CollectionDamagedError(
            f"{path} is damaged: {'; '.join(problems)}. Nothing was written to it. "
            "Restore its newest good backup (`studydesk backups`, then `studydesk restore "
            "FILE`), or copy out what can still be read (`studydesk salvage`).")


def upgrade_schema(collection: Collection) -> None:
    """Bring the collection's schema up to the latest version, all in one transaction.

    Here rather than in `migrations`, which only lists the steps: running them needs
    the collection's transaction, and `migrations` must not import the collection.
    A collection with data is backed up first.
    """
    conn = collection.conn
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current == migrations.LATEST_VERSION:
        return
    if current > 0:
        from app.core.storage.backups import create_backup

        create_backup(collection, f"before-upgrade-v{current}")
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
    if current and any(m in migrations.SHRINKS_FILE for m in migrations.MIGRATIONS[current:]):
        conn.execute("VACUUM")  # outside the transaction: only VACUUM returns the space
    collection.changed_since_backup = False  # a new collection needs no backup on close
