"""Check Database (Tools menu, `studydesk check`): find what is wrong, fix what is safe.

Why these checks: SQLite's own `integrity_check` finds damaged pages; the rest are
the ways a collection can contradict itself without being damaged — rows whose
parent is gone (a crash of an older version, a hand edit, a buggy import), notes
without cards, and cards whose scheduling says something else than their review
log. A damaged file is never written to: the report says to restore a backup.
Fixes are made only after a backup, in one transaction, and the report says
exactly what was done.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from app.core.batches import Progress
from app.core.batches import batches as in_batches
from app.core.batches import report as tell_progress
from app.core.changes import Change
from app.core.storage.sql import ordinary_tables

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

T = TypeVar("T")


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)  # found (whether fixed or not)
    fixed: list[str] = field(default_factory=list)     # exactly what was changed
    damaged: bool = False
    backup: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        if self.ok:
            return "The collection is healthy: no problems found."
        lines = ["Found:", *(f"  • {p}" for p in self.problems)]
        if self.fixed:
            lines += ["Fixed:", *(f"  • {f}" for f in self.fixed)]
        if self.backup is not None:
            lines.append(f"A backup was made first: {self.backup}")
        if self.damaged:
            lines.append("The file itself is damaged, so nothing was changed. Restore a "
                         "backup (File → Backups…, or `studydesk restore`).")
        return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _orphans(conn: sqlite3.Connection) -> list[tuple[str, int, str, str, bool]]:
    """(table, rowid, column, parent, nullable) for every row whose parent is missing."""
    found = []
    for table, rowid, parent, fkid in conn.execute("PRAGMA foreign_key_check"):
        fks = {r[0]: r for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
        column = fks[fkid][3]
        info = {r[1]: r for r in conn.execute(f'PRAGMA table_info("{table}")')}
        nullable = not info[column][3] and not info[column][5]
        found.append((table, rowid, column, parent, nullable))
    return found


@dataclass
class Findings:
    """What a check found, read only: made on any connection (a worker thread's own)."""

    integrity: list[str]
    orphans: list[tuple[str, int, str, str, bool]] = field(default_factory=list)
    empty_notes: list[str] = field(default_factory=list)
    contradicted: list[int] = field(default_factory=list)
    misplaced: list[str] = field(default_factory=list)
    out_of_order: list[int] = field(default_factory=list)

    @property
    def fixable(self) -> bool:
        return self.integrity == ["ok"] and bool(self.orphans or self.empty_notes
                                                  or self.contradicted or self.out_of_order)


def find_problems(conn: sqlite3.Connection) -> Findings:
    """Every check, reading only. The slow part (integrity_check) can be stopped from
    another thread with `conn.interrupt()`."""
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    if integrity != ["ok"]:
        return Findings(integrity)
    return Findings(
        integrity,
        orphans=_orphans(conn),
        empty_notes=[r[0] for r in conn.execute(
            "SELECT id FROM notes n WHERE NOT EXISTS "
            "(SELECT 1 FROM cards c WHERE c.note_id = n.id)")],
        # cards that say "never answered" or "last answered earlier" than their log
        contradicted=[r[0] for r in conn.execute(
            "SELECT c.id FROM cards c JOIN (SELECT card_id, MAX(reviewed_at) AS last "
            "FROM revlog GROUP BY card_id) r ON r.card_id = c.id "
            "WHERE c.last_review IS NULL OR c.last_review < r.last - 1")],
        # notes that point to a section their article does not have
        misplaced=[r[0] for r in conn.execute(
            "SELECT n.id FROM notes n WHERE n.article_id IS NOT NULL "
            "AND n.section_idx IS NOT NULL "
            "AND EXISTS (SELECT 1 FROM articles a WHERE a.id = n.article_id) "
            "AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.article_id = n.article_id "
            "AND s.idx = n.section_idx)")],
        # cards whose copy of their note's place (the browser's order) is not the note's
        out_of_order=[r[0] for r in conn.execute(
            "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
            "WHERE c.note_article_id IS NOT n.article_id "
            "OR c.note_section_idx IS NOT n.section_idx OR c.note_position IS NOT n.position")],
    )


def check_database(col: Collection, fix: bool = True, findings: Findings | None = None,
                   progress: Progress | None = None) -> CheckReport:
    """Check the collection; with `fix`, repair what can be repaired safely.

    `findings` made beforehand (off the GUI thread) are used as they are; the
    fixes are re-checked inside the fixing transaction's own reads. `progress` is told
    (done, total) as the backup is copied and after each batch of fixes; False cancels
    (`ActionCancelled`): the fixes roll back, and a backup cut short is not left."""
    found = findings if findings is not None else find_problems(col.conn)
    report = CheckReport()
    if found.integrity != ["ok"]:
        report.damaged = True
        report.problems += [f"damaged database: {line}" for line in found.integrity]
        return report
    by_table: dict[tuple[str, str], int] = {}
    for table, _rowid, _column, parent, _nullable in found.orphans:
        by_table[(table, parent)] = by_table.get((table, parent), 0) + 1
    for (table, parent), n in sorted(by_table.items()):
        report.problems.append(f"{_plural(n, 'row')} of {table} refer to a missing {parent} row")
    if found.empty_notes:
        report.problems.append(f"{_plural(len(found.empty_notes), 'note')} without cards")
    if found.contradicted:
        report.problems.append(f"{_plural(len(found.contradicted), 'card')} whose scheduling "
                               "contradicts the review log")
    if found.out_of_order:
        report.problems.append(f"{_plural(len(found.out_of_order), 'card')} out of their "
                               "notes' order in the card browser")
    if found.misplaced:
        report.problems.append(f"{_plural(len(found.misplaced), 'note')} in a section their "
                               "article does not have (left as they are; edit them in the "
                               "card browser)")
    if not fix or not found.fixable:
        return report
    from app.core.storage.backups import create_backup

    backing_up = None if progress is None else (  # the first half: the backup's copy
        lambda done, total: progress(done, 2 * max(total, 1)))
    report.backup = create_backup(col, "before-check", progress=backing_up,
                                  what="Check Database")
    with col.transaction(Change.everything()):
        orphans = _orphans(col.conn)  # as they are now, not as found
        fixing = _Fixing(progress, len(orphans) + len(found.empty_notes)
                         + len(found.contradicted) + len(found.out_of_order))
        _fix_orphans(col, orphans, report, fixing)
        _fix_empty_notes(col, found.empty_notes, report, fixing)
        _fix_contradicted(col, found.contradicted, report, fixing)
        _fix_out_of_order(col, found.out_of_order, report, fixing)
    return report


class _Fixing:
    """The second half of a fix's progress: the rows fixed so far, told after each batch
    of `batches.BATCH` (the same statements one at a time, so the same result)."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def batches(self, items: Sequence[T]) -> Iterator[Sequence[T]]:
        for batch in in_batches(items, None, "Check Database"):
            yield batch
            self.done += len(batch)
            tell_progress(self.progress, self.total + self.done, 2 * self.total,
                          "Check Database")


def _fix_orphans(col: Collection, orphans: list[tuple[str, int, str, str, bool]],
                 report: CheckReport, fixing: _Fixing) -> None:
    detached: dict[tuple[str, str], int] = {}
    deleted: dict[str, int] = {}
    for batch in fixing.batches(orphans):
        for table, rowid, column, parent, nullable in batch:
            if nullable:
                col.conn.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?',
                                 (rowid,))
                detached[(table, parent)] = detached.get((table, parent), 0) + 1
            else:
                col.conn.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
                deleted[table] = deleted.get(table, 0) + 1
    for (table, parent), n in sorted(detached.items()):
        report.fixed.append(f"cleared the missing {parent} of {_plural(n, 'row')} of {table}")
    for table, n in sorted(deleted.items()):
        report.fixed.append(f"deleted {_plural(n, 'orphaned row')} of {table}")


def _fix_empty_notes(col: Collection, note_ids: list[str], report: CheckReport,
                     fixing: _Fixing) -> None:
    from app.core.errors import NoteError
    from app.core.notes.store import get_note, save_note

    made = 0
    for batch in fixing.batches(note_ids):
        for note_id in batch:
            try:
                save_note(col, get_note(col, note_id))  # its cards in line with its kind
                made += 1
            except NoteError:
                continue
    if made:
        report.fixed.append(f"made the missing cards of {_plural(made, 'note')}")


def _fix_contradicted(col: Collection, card_ids: list[int], report: CheckReport,
                      fixing: _Fixing) -> None:
    from app.core.study.reviews import reschedule_cards

    if card_ids:
        n = sum(reschedule_cards(col, batch) for batch in fixing.batches(card_ids))
        report.fixed.append(f"rescheduled {_plural(n, 'card')} from their review log")


def _fix_out_of_order(col: Collection, card_ids: list[int], report: CheckReport,
                      fixing: _Fixing) -> None:
    if card_ids:
        for batch in fixing.batches(card_ids):
            col.conn.execute(
                "UPDATE cards SET (note_article_id, note_section_idx, note_position) = "
                "(SELECT article_id, section_idx, position FROM notes n "
                "WHERE n.id = cards.note_id) "
                "WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(list(batch))])
        report.fixed.append(f"put {_plural(len(card_ids), 'card')} back in their notes' order")


def salvage(damaged: Path, dest: Path) -> str:
    """Copy every row that can still be read from a damaged collection into a new
    collection at `dest`; the damaged file is only read. Returns what was copied."""
    import sqlite3

    from app.core.errors import CollectionError
    from app.core.storage.collection import Collection

    if dest.exists():
        raise CollectionError(f"{dest} already exists; choose a new file to copy into.")
    try:
        src = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise CollectionError(f"Cannot read {damaged}: {exc}") from exc
    copied: list[str] = []
    with Collection.open(dest) as new:
        new.conn.execute("PRAGMA foreign_keys=OFF")
        tables = ordinary_tables(new.conn)  # the full-text index follows its table
        with new.transaction(Change.everything()):
            for table in tables:
                n = _copy_readable_rows(src, new.conn, table)
                if n:
                    copied.append(f"{_plural(n, 'row')} of {table}")
        new.conn.execute("PRAGMA foreign_keys=ON")
        report = check_database(new, fix=True)
    src.close()
    summary = "Copied " + (", ".join(copied) if copied else "nothing") + f" into {dest}."
    if report.fixed:
        summary += " Then: " + "; ".join(report.fixed) + "."
    return summary


def _copy_readable_rows(src: object, dest: object, table: str) -> int:
    """Rows of `table` in rowid order, in batches; a batch that cannot be read is
    passed over one row at a time, so a damaged page loses only its own rows."""
    import sqlite3

    try:
        src_cols = [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]  # type: ignore[attr-defined]
    except sqlite3.Error:
        return 0
    dest_cols = [r[1] for r in dest.execute(f'PRAGMA table_info("{table}")')]  # type: ignore[attr-defined]
    cols = [c for c in dest_cols if c in src_cols]
    if not cols:
        return 0
    names = ", ".join(f'"{c}"' for c in cols)
    insert = (f'INSERT OR IGNORE INTO "{table}" (rowid, {names}) '
              f"VALUES (?, {', '.join('?' for _ in cols)})")
    last, copied, misses = 0, 0, 0
    while misses < 5000:
        try:
            rows = src.execute(f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? '  # type: ignore[attr-defined]
                               "ORDER BY rowid LIMIT 200", (last,)).fetchall()
        except sqlite3.DatabaseError:
            last += 1
            misses += 1
            continue
        if not rows:
            break
        misses = 0
        dest.executemany(insert, rows)  # type: ignore[attr-defined]
        copied += len(rows)
        last = rows[-1][0]
    return copied


def newest_good_backup(collection_path: Path) -> Path | None:
    """The newest backup that reads back whole, or None."""
    from app.core.errors import BackupError
    from app.core.storage.backups import list_backups, verify_backup

    for info in list_backups(collection_path):
        try:
            verify_backup(info.path)
        except BackupError:
            pass  # a bad backup is skipped, the next one tried
        else:
            return info.path
    return None


def restore_damaged(collection_path: Path, backup: Path) -> Path:
    """Put `backup` in place of a collection that cannot be opened (damaged); the
    damaged file is kept beside it, renamed, never deleted. Returns its new name."""
    import os
    import shutil
    import sqlite3
    from datetime import UTC, datetime

    from app.core.errors import BackupError
    from app.core.storage.backups import verify_backup

    verify_backup(backup)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    kept = collection_path.with_name(f"{collection_path.name}.damaged-{stamp}")
    tmp = collection_path.with_name(f".{collection_path.name}.restoring")
    try:
        shutil.copyfile(backup, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(collection_path, kept)
        for suffix in ("-wal", "-shm"):
            side = collection_path.with_name(collection_path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        os.replace(tmp, collection_path)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"Could not put {backup} in place of {collection_path}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return kept
