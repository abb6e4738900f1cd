"""Edit → Undo for destructive actions: what an action changed, recorded by SQLite itself.

Why triggers: deleting a note cascades into its cards, their review log and quiz
references; an import touches a dozen tables. Rather than each action listing
what to save, `undoable()` installs temporary triggers (SQLite's documented
undo/redo technique) on every table while the action runs; they copy each row's
old values before a delete or an update and note each insert. Once the action
commits, the record becomes an `UndoEntry` on the collection's `UndoStack`,
kept in memory until the app closes.

Undoing puts back, per row, the net difference: a row the action inserted is
deleted, a row it deleted is inserted again with the same values, and of a row
it updated only the columns it changed are set back — so undoing a suspend does
not take back an answer given since. An undo that would lose newer work — a
column changed again since, an added row edited since, or a cascade into rows
made since (answers to the cards a deck load added) — refuses, changing nothing.

An action that sets a few numbers in most of a table's rows (rescheduling 300,000
cards) writes them through `columns_written` instead: the update trigger of that table
rests meanwhile, and the entry keeps the old and new values as arrays.

Some actions also rewrite a file the user owns (deleting a quiz rewrites its deck
file): the action calls `remember_file` before writing, and the undo puts the
file's bytes back with the rows — refusing, like a row, if the file was changed
since.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.atomic import atomic_file
from app.core.batches import BATCH, Progress, report
from app.core.changes import Change
from app.core.errors import UndoError
from app.core.storage.sql import indexes_rebuilt, ordinary_tables

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

MAX_ENTRIES = 30
#: Bytes of bulk-written values (`columns_written`) the stack keeps at most: the oldest
#: entries go first, as beyond MAX_ENTRIES; the newest is always kept. 64 MiB holds the
#: last four reschedules of 300,000 cards under new parameters.
MAX_COLUMN_BYTES = 64 * 1024 * 1024
_OPS = "studydesk_undo_ops"


@dataclass
class _RowChange:
    """The net change of one row: `before` None = inserted, `after` None = deleted."""

    table: str
    rowid: int
    columns: tuple[str, ...]
    before: tuple[Any, ...] | None
    after: tuple[Any, ...] | None


@dataclass
class _FileChange:
    """A file the action rewrote: its bytes before (None = it did not exist) and after."""

    path: Path
    before: bytes | None
    after: bytes | None = None


@dataclass
class _ColumnValues:
    """Numbers an action set in a few REAL columns of many rows at once (rescheduling
    300,000 cards' due dates), as arrays: the triggers' copy of each whole row and a
    `_RowChange` a row took longer than the action and many times the memory (8 bytes
    a value here). NaN stands for NULL, which SQLite stores for a NaN anyway."""

    table: str
    columns: tuple[str, ...]
    rowids: array = field(default_factory=lambda: array("q"))
    before: list[array] = field(default_factory=list)
    after: list[array] = field(default_factory=list)


@dataclass
class UndoEntry:
    label: str  # e.g. "Delete 3 Cards"
    changes: Change
    rows: list[_RowChange] = field(default_factory=list)
    files: list[_FileChange] = field(default_factory=list)
    columns: list[_ColumnValues] = field(default_factory=list)


def undo_size(entry: UndoEntry) -> int:
    """How many rows undoing `entry` puts back: what decides whether the GUI undoes it at
    once or on a worker with progress and Cancel."""
    return len(entry.rows) + sum(len(c.rowids) for c in entry.columns)


class _Ticks:
    """Rows put back so far, told to `progress` every BATCH rows (and at the end)."""

    def __init__(self, progress: Progress | None, total: int, what: str) -> None:
        self.progress, self.total, self.what = progress, total, what
        self.done = self._told = 0

    def __call__(self, rows: int = 1) -> None:
        self.done += rows
        if self.progress is not None and (self.done - self._told >= BATCH
                                          or self.done >= self.total):
            self._told = self.done
            report(self.progress, self.done, self.total, self.what)


def _column_bytes(entry: UndoEntry) -> int:
    return sum(len(c.rowids) * 8 * (1 + len(c.before) + len(c.after)) for c in entry.columns)


class UndoStack:
    """The last destructive actions, newest last."""

    def __init__(self) -> None:
        self._entries: list[UndoEntry] = []
        self.recording: UndoEntry | None = None  # the undoable action running now
        self.recorded_tables: dict[str, tuple[str, ...]] = {}  # its triggers' tables

    def push(self, entry: UndoEntry) -> None:
        self._entries.append(entry)
        del self._entries[:-MAX_ENTRIES]
        while len(self._entries) > 1 and sum(map(_column_bytes, self._entries)) > \
                MAX_COLUMN_BYTES:
            del self._entries[0]

    def peek(self) -> UndoEntry | None:
        return self._entries[-1] if self._entries else None

    @property
    def label(self) -> str | None:
        """What Edit → Undo would take back, or None."""
        top = self.peek()
        return top.label if top else None

    def pop(self) -> UndoEntry:
        if not self._entries:
            raise UndoError("There is nothing to undo.")
        return self._entries.pop()

    def discard(self, entry: UndoEntry) -> None:
        """Forget `entry` (its action did not commit after all)."""
        self._entries = [e for e in self._entries if e is not entry]

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _tables(conn: Any) -> dict[str, tuple[str, ...]]:
    """Every ordinary table of the collection with its columns (no virtual tables,
    nor their shadow tables, which their own triggers keep in step)."""
    return {name: tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{name}")'))
            for name in ordinary_tables(conn)}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _install(conn: Any, tables: dict[str, tuple[str, ...]]) -> None:
    conn.execute(f"CREATE TEMP TABLE {_OPS} (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                 "tbl TEXT NOT NULL, op TEXT NOT NULL, rid INTEGER NOT NULL)")
    for i, (table, columns) in enumerate(tables.items()):
        conn.execute(f"CREATE TEMP TABLE studydesk_undo_old_{i} AS "
                     f"SELECT 0 AS _seq, * FROM main.{_q(table)} WHERE 0")
        for op in "DUI":
            conn.execute(_trigger(i, table, columns, op))


def _trigger(i: int, table: str, columns: tuple[str, ...], op: str) -> str:
    """The temporary trigger that notes each insert (I) into the `i`th table, or copies
    each row's old values before a delete (D) or an update (U)."""
    name = _q(table).replace('"', "'")  # the table name as an SQL string
    if op == "I":
        return (f"CREATE TEMP TRIGGER studydesk_undo_I_{i} AFTER INSERT ON main.{_q(table)} "
                f"BEGIN INSERT INTO {_OPS} (tbl, op, rid) VALUES ({name}, 'I', new.rowid); END")
    values = ", ".join(f"old.{_q(c)}" for c in columns)
    when = "BEFORE DELETE" if op == "D" else "BEFORE UPDATE"
    return (f"CREATE TEMP TRIGGER studydesk_undo_{op}_{i} {when} ON main.{_q(table)} BEGIN "
            f"INSERT INTO {_OPS} (tbl, op, rid) VALUES ({name}, '{op}', old.rowid); "
            f"INSERT INTO studydesk_undo_old_{i} VALUES (last_insert_rowid(), {values}); END")


def _collect(conn: Any, tables: dict[str, tuple[str, ...]]) -> list[_RowChange]:
    """The net change of every touched row: its state before the action and now."""
    index = {table: i for i, table in enumerate(tables)}
    first: dict[tuple[str, int], tuple[str, int]] = {}
    for seq, table, op, rid in conn.execute(f"SELECT seq, tbl, op, rid FROM {_OPS} ORDER BY seq"):
        first.setdefault((table, rid), (op, seq))
    # each old-values table read once (it has no index: a lookup per row made
    # suspending 100,000 cards quadratic, minutes instead of seconds)
    wanted = {seq for op, seq in first.values() if op != "I"}
    old_rows: dict[int, tuple[Any, ...]] = {}
    for table in {table for table, _ in first}:
        for row in conn.execute(f"SELECT * FROM studydesk_undo_old_{index[table]}"):
            if row[0] in wanted:
                old_rows[row[0]] = tuple(row[1:])
    current = {table: f"SELECT {', '.join(_q(c) for c in columns)} FROM main.{_q(table)} "
                      "WHERE rowid = ?" for table, columns in tables.items()}
    changes = []
    for (table, rid), (op, seq) in first.items():
        columns = tables[table]
        before = old_rows[seq] if op != "I" else None
        now = conn.execute(current[table], (rid,)).fetchone()
        after = tuple(now) if now is not None else None
        if before != after:
            changes.append(_RowChange(table, rid, columns, before, after))
    return changes


def _remove(conn: Any, tables: dict[str, tuple[str, ...]]) -> None:
    for i in range(len(tables)):
        for op in "DUI":
            conn.execute(f"DROP TRIGGER IF EXISTS temp.studydesk_undo_{op}_{i}")
        conn.execute(f"DROP TABLE IF EXISTS temp.studydesk_undo_old_{i}")
    conn.execute(f"DROP TABLE IF EXISTS temp.{_OPS}")


@contextmanager
def undoable(col: Collection, label: str, changes: Change) -> Iterator[None]:
    """Run one destructive user action as a transaction that Edit → Undo can take back.

    Inside another transaction it is just part of that one (the outer action
    decides whether it can be undone).
    """
    if col.conn.in_transaction:
        with col.transaction(changes):
            yield
        return
    entry = UndoEntry(label, changes)
    try:
        with col.transaction(changes):
            conn = col.conn
            tables = _tables(conn)
            _install(conn, tables)
            col.undo.recording, col.undo.recorded_tables = entry, tables
            try:
                yield
                entry.rows = _collect(conn, tables)
            finally:
                col.undo.recording, col.undo.recorded_tables = None, {}
                _remove(conn, tables)
            for changed in entry.files:
                changed.after = _read(changed.path)
            entry.files = [f for f in entry.files if f.after != f.before]
            # pushed before the commit, so that those told of it see it
            if entry.rows or entry.files or entry.columns:
                col.undo.push(entry)
    except BaseException:
        col.undo.discard(entry)
        raise


def remember_file(col: Collection, path: Path) -> None:
    """Keep `path`'s bytes as they are now, so that undoing the running action puts them
    back; call just before the action rewrites the file. Outside an undoable action (or
    for a file already remembered) it does nothing."""
    entry = col.undo.recording
    if entry is not None and all(f.path != path for f in entry.files):
        entry.files.append(_FileChange(path, _read(path)))


class ColumnWriter:
    """Sets a few REAL columns of many rows, batch by batch, remembering compactly what
    they held when an undoable action is recording (`columns_written`)."""

    def __init__(self, conn: Any, record: _ColumnValues | None, table: str,
                 columns: tuple[str, ...]) -> None:
        self._conn, self._record = conn, record
        sets = ", ".join(f"{_q(c)} = ?" for c in columns)
        self._update = f"UPDATE main.{_q(table)} SET {sets} WHERE rowid = ?"

    def write(self, rowids: Sequence[int], before: Sequence[Sequence[float | None]],
              after: Sequence[Sequence[float | None]]) -> None:
        """Give the rows `rowids` the values `after` (one sequence per column, in the
        writer's column order) in place of `before`, which undo puts back."""
        self._conn.executemany(self._update, zip(*after, rowids, strict=True))
        if self._record is not None:
            self._record.rowids.extend(rowids)
            for kept, values in ((self._record.before, before), (self._record.after, after)):
                for stored, column in zip(kept, values, strict=True):
                    stored.extend(math.nan if v is None else v for v in column)


@contextmanager
def columns_written(col: Collection, table: str, columns: Sequence[str], rows: int
                    ) -> Iterator[ColumnWriter]:
    """A `ColumnWriter` for an update of `columns` in about `rows` rows of `table`, inside
    a transaction. In an undoable action the table's update trigger rests meanwhile and
    the entry keeps the values as arrays; the indexes on the columns are rebuilt after a
    large update (`indexes_rebuilt`). Only for rows the action changes nowhere else."""
    conn, entry, tables = col.conn, col.undo.recording, col.undo.recorded_tables
    names = tuple(columns)
    record = None
    if entry is not None and table in tables:
        record = _ColumnValues(table, names, before=[array("d") for _ in names],
                               after=[array("d") for _ in names])
        i = list(tables).index(table)
        conn.execute(f"DROP TRIGGER temp.studydesk_undo_U_{i}")
    with indexes_rebuilt(conn, table, names, rows):
        yield ColumnWriter(conn, record, table, names)
    if record is not None:
        conn.execute(_trigger(i, table, tables[table], "U"))
        if len(record.rowids):
            entry.columns.append(record)  # type: ignore[union-attr]


def _put_columns_back(conn: Any, entry: UndoEntry, tick: _Ticks) -> None:
    """Undo the `_ColumnValues` of `entry`: every value as it was, unless a row has gone or
    one of its values was changed again since (then nothing). No cascade follows an
    update of numbers, so this runs before the triggers that look for one."""
    for change in entry.columns:
        n = len(change.columns)
        before = [f"b{k}" for k in range(n)]
        after = [f"a{k}" for k in range(n)]
        conn.execute(f"CREATE TEMP TABLE studydesk_undo_put (rid INTEGER PRIMARY KEY, "
                     f"{', '.join(before + after)})")
        try:
            rows = list(zip(change.rowids, *change.before, *change.after, strict=True))
            for start in range(0, len(rows), BATCH):  # Cancel is heard between batches
                conn.executemany(f"INSERT INTO studydesk_undo_put VALUES "
                                 f"(?{', ?' * (2 * n)})", rows[start:start + BATCH])
                tick(len(rows[start:start + BATCH]))
            del rows
            table = f"main.{_q(change.table)}"
            gone = conn.execute(f"SELECT 1 FROM studydesk_undo_put WHERE NOT EXISTS "
                                f"(SELECT 1 FROM {table} WHERE rowid = rid) LIMIT 1").fetchone()
            if gone:
                raise UndoError(f"Cannot undo {entry.label}: something it changed was "
                                "deleted since.")
            since = " OR ".join(f"(t.b{k} IS NOT t.a{k} AND m.{_q(c)} IS NOT t.a{k})"
                                for k, c in enumerate(change.columns))
            if conn.execute(f"SELECT 1 FROM studydesk_undo_put t JOIN {table} m "
                            f"ON m.rowid = t.rid WHERE {since} LIMIT 1").fetchone():
                raise UndoError(f"Cannot undo {entry.label}: it was changed again since.")
            sets = ", ".join(f"{_q(c)} = t.b{k}" for k, c in enumerate(change.columns))
            with indexes_rebuilt(conn, change.table, change.columns, len(change.rowids)):
                conn.execute(f"UPDATE {table} AS m SET {sets} FROM studydesk_undo_put t "
                             "WHERE m.rowid = t.rid")
            tick(len(change.rowids))  # the update: as long as the inserts
        finally:
            conn.execute("DROP TABLE IF EXISTS temp.studydesk_undo_put")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UndoError(f"{path} cannot be read ({exc.strerror or exc}).") from exc


def _put_files_back(entry: UndoEntry, as_before: bool = True) -> None:
    """Write each remembered file as it was before the action (or, `as_before` False,
    as the action left it: taking back an undo whose commit failed). A file that did
    not exist is removed."""
    for changed in entry.files:
        data = changed.before if as_before else changed.after
        try:
            if data is None:
                changed.path.unlink(missing_ok=True)
            else:
                with atomic_file(changed.path, "wb") as fh:
                    fh.write(data)
        except OSError as exc:
            raise UndoError(f"Cannot undo {entry.label}: {changed.path} cannot be written "
                            f"({exc.strerror or exc}).") from exc


def undo_last(col: Collection, progress: Progress | None = None) -> str:
    """Take back the newest undoable action; returns its label. All or nothing.

    `progress` is told (rows put back, rows to put back) as the undo goes; a False
    from it cancels (`ActionCancelled`), and nothing changes.
    """
    entry = col.undo.peek()
    if entry is None:
        raise UndoError("There is nothing to undo.")
    # a bulk-written row counts twice: copied into a temporary table, then set back
    tick = _Ticks(progress, undo_size(entry) + sum(len(c.rowids) for c in entry.columns),
                  f"Undoing {entry.label}")
    popped = files_written = False
    try:
        with col.transaction(entry.changes):
            for changed in entry.files:
                if _read(changed.path) != changed.after:
                    raise UndoError(f"Cannot undo {entry.label}: {changed.path.name} has been "
                                    "changed since. Nothing was changed.")
            conn = col.conn
            conn.execute("PRAGMA defer_foreign_keys = ON")  # rows return in any order
            _put_columns_back(conn, entry, tick)
            tables = _tables(conn)
            _install(conn, tables)  # to see what the undo itself touches, cascades included
            try:
                _apply_undo(conn, entry, tick)
                _refuse_collateral(conn, entry)
            finally:
                _remove(conn, tables)
            files_written = True
            _put_files_back(entry)  # last: a failed write rolls the rows back
            col.undo.pop()  # before the commit, so that those told of it see the stack
            popped = True
    except Exception as exc:
        from app.core.errors import StudyDeskError

        if files_written:
            _put_files_back(entry, as_before=False)  # the rows stayed as they were: so do they
        if popped:
            col.undo.push(entry)
        if isinstance(exc, StudyDeskError):  # an UndoError, or a write that failed
            raise
        raise UndoError(f"Cannot undo {entry.label}: the collection has changed since "
                        f"({exc}). Nothing was changed.") from exc
    return entry.label


def _apply_undo(conn: Any, entry: UndoEntry, tick: _Ticks) -> None:
    """Put every row back as it was before the action (see the module docstring)."""
    inserted = [r for r in entry.rows if r.before is None]
    updated = [r for r in entry.rows if r.before is not None and r.after is not None]
    deleted = [r for r in entry.rows if r.after is None]
    for r in reversed(inserted):
        cols = ", ".join(_q(c) for c in r.columns)
        now = conn.execute(f"SELECT {cols} FROM main.{_q(r.table)} WHERE rowid = ?",
                           (r.rowid,)).fetchone()
        if now is not None and tuple(now) != r.after:
            raise UndoError(f"Cannot undo {entry.label}: what it added has been "
                            "changed since.")
        conn.execute(f"DELETE FROM main.{_q(r.table)} WHERE rowid = ?", (r.rowid,))
        tick()
    for r in updated:
        _set_back(conn, entry, r)
        tick()
    for r in deleted:
        cols = ", ".join(_q(c) for c in r.columns)
        marks = ", ".join("?" for _ in r.columns)
        exists = conn.execute(f"SELECT 1 FROM main.{_q(r.table)} WHERE rowid = ?",
                              (r.rowid,)).fetchone()
        if exists:
            raise UndoError(f"Cannot undo {entry.label}: what it removed has been "
                            "replaced since.")
        conn.execute(f"INSERT INTO main.{_q(r.table)} (rowid, {cols}) "
                     f"VALUES (?, {marks})", (r.rowid, *r.before))  # type: ignore[misc]
        tick()


def _refuse_collateral(conn: Any, entry: UndoEntry) -> None:
    """Refuse an undo that deleted or changed rows the action never touched — a
    cascade into answers or edits made since (the review log of a card a deck load
    added, say), which would be lost without a word."""
    ours = {(r.table, r.rowid) for r in entry.rows}
    touched = {(t, rid) for t, op, rid in conn.execute(
        f"SELECT tbl, op, rid FROM {_OPS} WHERE op IN ('D', 'U')")}
    collateral = touched - ours
    if collateral:
        tables = sorted({t for t, _ in collateral})
        raise UndoError(f"Cannot undo {entry.label}: it would also remove or change "
                        f"{len(collateral)} row(s) made since ({', '.join(tables)}), such as "
                        "answers given to its cards. Nothing was changed.")


def _set_back(conn: Any, entry: UndoEntry, r: _RowChange) -> None:
    """Set back only the columns the action changed, if nobody changed them since."""
    assert r.before is not None and r.after is not None
    cols = ", ".join(_q(c) for c in r.columns)
    now = conn.execute(f"SELECT {cols} FROM main.{_q(r.table)} WHERE rowid = ?",
                       (r.rowid,)).fetchone()
    if now is None:
        raise UndoError(f"Cannot undo {entry.label}: something it changed was deleted since.")
    sets, values = [], []
    for i, column in enumerate(r.columns):
        if r.before[i] == r.after[i] or now[i] == r.before[i]:
            # unchanged, or already back: set by a trigger of this very undo (a note put
            # back in its section moves its cards' copies of its place too)
            continue
        if now[i] != r.after[i]:
            raise UndoError(f"Cannot undo {entry.label}: it was changed again since.")
        sets.append(f"{_q(column)} = ?")
        values.append(r.before[i])
    if sets:
        conn.execute(f"UPDATE main.{_q(r.table)} SET {', '.join(sets)} WHERE rowid = ?",
                     (*values, r.rowid))
