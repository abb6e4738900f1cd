"""Rolling backups of the collection, made with SQLite's online backup API.

Why the backup API and not a file copy: it copies a consistent snapshot of the
live database (committed WAL content included) while it stays open, page by page,
without the risk of copying a file half-way through a write. Backups are made on
close, every 30 minutes of use (the GUI's timer), and before a schema upgrade, a
bulk import, a deletion and a restore. Each is written to a temporary name and
renamed into place, so a backup on disk is always whole.

Kept: the newest N (the "backups.keep" setting, default 20), plus the newest of
each day for a week and the newest of each week for a month; older ones are
deleted when a new one is made.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.batches import Progress, report
from app.core.changes import Change
from app.core.errors import BackupError
from app.core.storage import migrations

if TYPE_CHECKING:
    from app.core.storage.collection import Collection

DEFAULT_KEEP = 20
KEEP_SETTING = "backups.keep"
PERIODIC_MINUTES = 30
DAILY_FOR = timedelta(days=7)
WEEKLY_FOR = timedelta(days=31)
_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, with what the Backups window shows about it."""

    path: Path
    created: datetime  # UTC
    reason: str
    size: int
    cards: int | None  # None: the file cannot be read
    reviews: int | None

    @property
    def readable(self) -> bool:
        return self.cards is not None


def backup_folder(collection_path: Path) -> Path:
    """Where the backups of the collection at `collection_path` live: beside it."""
    return collection_path.parent / "backups" / collection_path.stem


def keep_count(col: Collection) -> int:
    value = col.get_setting(KEEP_SETTING, DEFAULT_KEEP)
    return value if isinstance(value, int) and value >= 1 else DEFAULT_KEEP


def set_keep_count(col: Collection, keep: int) -> None:
    if not 1 <= keep <= 1000:
        raise BackupError(f"Keep between 1 and 1000 backups, not {keep}.")
    col.set_setting(KEEP_SETTING, keep)


def create_backup(col: Collection, reason: str = "manual",
                  now: datetime | None = None, progress: Progress | None = None,
                  what: str = "Back Up Now") -> Path:
    """Copy the collection into a new backup file; returns its path. Rotates afterwards.

    `progress` is told (pages copied, pages) as the copy goes; False cancels
    (`ActionCancelled` naming `what`), and no backup file is left."""
    reason = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    now = now or datetime.now(UTC)
    folder = backup_folder(col.path)
    target = folder / f"{now.strftime('%Y%m%d-%H%M%S-%f')}-{reason}.sqlite3"
    tmp = folder / f".{target.name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(tmp)
        try:
            if progress is None:  # one step: one snapshot, never restarted by a commit
                col.conn.backup(dest)  # made meanwhile on another connection
            else:
                col.conn.backup(dest, pages=_PAGES, progress=lambda _status, left, total:
                                report(progress, total - left, total, what))
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dest.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"Could not write a backup of {col.path} to {folder}: {exc}") from exc
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # the folder itself is missing or unusable: nothing was left there
            pass
    col.changed_since_backup = False
    rotate(col.path, keep_count(col), now)
    return target


_PAGES = 4096  # pages copied between progress reports: a few MB, a fraction of a second


def automatic_backup(col: Collection, reason: str) -> Path | None:
    """A backup made without being asked (close, timer, before a deletion): never stops
    the action it protects. Returns None (and keeps the reason in `last_failure`) when
    the backup could not be written, e.g. on a full disk."""
    global last_failure
    try:
        return create_backup(col, reason)
    except BackupError as exc:
        last_failure = str(exc)
        return None


last_failure: str | None = None
"""Why the last automatic backup failed (shown by the GUI), None if it did not."""


def backup_before(col: Collection, action: str) -> None:
    """Before a bulk import or a deletion: a backup, if anything changed since the last.

    The GUI makes that backup itself, with progress and Cancel, before it starts the job
    (`ui/collection/auto_backups`); the job's `worker_view` then inherits "nothing changed"."""
    if col.changed_since_backup and not col.conn.in_transaction:
        automatic_backup(col, f"before-{action}")


def _stamp(path: Path) -> datetime | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    return datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)


def _files(collection_path: Path) -> list[tuple[datetime, Path]]:
    """The backups, newest first."""
    folder = backup_folder(collection_path)
    if not folder.is_dir():
        return []
    found = [(stamp, p) for p in folder.iterdir() if (stamp := _stamp(p)) is not None]
    return sorted(found, reverse=True)


def to_keep(stamps: list[datetime], keep: int, now: datetime) -> set[datetime]:
    """Which backups the rotation keeps: the newest `keep`, the newest of each day of
    the last week and the newest of each ISO week of the last month."""
    newest_first = sorted(stamps, reverse=True)
    kept = set(newest_first[:keep])
    days: set[object] = set()
    weeks: set[object] = set()
    for stamp in newest_first:
        age = now - stamp
        day = stamp.date()
        week = stamp.isocalendar()[:2]
        if age <= DAILY_FOR and day not in days:
            days.add(day)
            kept.add(stamp)
        if age <= WEEKLY_FOR and week not in weeks:
            weeks.add(week)
            kept.add(stamp)
    return kept


def rotate(collection_path: Path, keep: int, now: datetime | None = None) -> list[Path]:
    """Delete the backups the rotation does not keep; returns the deleted files."""
    files = _files(collection_path)
    kept = to_keep([stamp for stamp, _ in files], keep, now or datetime.now(UTC))
    deleted = []
    for stamp, path in files:
        if stamp not in kept:
            path.unlink(missing_ok=True)
            deleted.append(path)
    return deleted


def _open_read_only(path: Path) -> sqlite3.Connection:
    """Open a backup without writing anything to it or beside it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def describe(path: Path) -> BackupInfo:
    created = _stamp(path) or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    match = _NAME.match(path.name)
    reason = match["reason"] if match else "copy"
    cards = reviews = None
    try:
        conn = _open_read_only(path)
        try:
            cards = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
            reviews = conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    return BackupInfo(path, created, reason, path.stat().st_size, cards, reviews)


def list_backups(collection_path: Path) -> list[BackupInfo]:
    """The collection's backups, newest first."""
    return [describe(path) for _, path in _files(collection_path)]


def verify_backup(path: Path) -> None:
    """Refuse a file that is missing, not ours, damaged or newer, naming it."""
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    try:
        conn = _open_read_only(path)
        try:
            migrations.ensure_ours(conn, path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                raise BackupError(f"{path} is not a StudyDesk collection or backup.")
            if version > migrations.LATEST_VERSION:
                raise BackupError(f"{path} was written by a newer StudyDesk "
                                  f"(schema {version}); it cannot be restored here.")
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise BackupError(f"The backup {path} is damaged: {'; '.join(problems)}.")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} cannot be restored: it is not a readable StudyDesk "
                          f"backup ({exc}).") from exc
    except BackupError:
        raise
    except Exception as exc:  # ensure_ours raises CollectionError
        raise BackupError(str(exc)) from exc


def restore_backup(col: Collection, path: str | os.PathLike[str],
                   progress: Progress | None = None) -> Path:
    """Replace the collection's content with the backup at `path`, in place.

    The current state is backed up first (returned), so a restore can itself be
    undone by restoring that. The collection stays open; every window is told
    that everything changed.

    `progress` is told (done, total) over both copies, the safety backup's and the
    restore's; False cancels (`ActionCancelled`) with the collection as it was: the
    restore's copy is one write transaction of SQLite's backup API, rolled back when
    stopped half-way. On a worker's connection (`Collection.worker_view`) the GUI's own
    collection sees the restored content once it is committed; it then calls
    `after_restore` itself, since this connection's undo and subscribers are not its.
    """
    path = Path(path)
    verify_backup(path)
    if col.conn.in_transaction:
        raise BackupError(f"{col.path} is in the middle of a change; restore the backup "
                          "once it is done.")
    safety = create_backup(col, "before-restore", progress=_phase(progress, 0), what="Restore")
    copying = _phase(progress, 1)
    try:
        src = _open_read_only(path)
        try:
            src.backup(col.conn, pages=_PAGES, progress=None if copying is None else
                       lambda _status, left, total: _swapping(copying, left, total))
        finally:
            src.close()
        col.conn.execute("PRAGMA journal_mode=WAL")
        col.upgrade_schema()
    except sqlite3.Error as exc:
        raise BackupError(f"Restoring {path} failed ({exc}); the collection as it was is "
                          f"kept in {safety}.") from exc
    after_restore(col)
    return safety


def _swapping(progress: Progress, left: int, total: int) -> None:
    """The restore's copy so far; a Cancel is heard until its last step, which has
    committed by the time it is reported (too late to roll back, so not offered)."""
    if left == 0:
        progress(total, total)
    else:
        report(progress, total - left, total, "Restore")


def after_restore(col: Collection) -> None:
    """What a restore means for an open collection: nothing of its Edit → Undo applies any
    longer, nothing needs backing up, and every window re-reads everything."""
    col.undo.clear()
    col.changed_since_backup = False
    col.changes.emit(Change.everything())


def _phase(progress: Progress | None, index: int, phases: int = 2) -> Progress | None:
    """`progress` for one of `phases` equal parts of an action, told as a share of all."""
    if progress is None:
        return None
    return lambda done, total: progress(index * max(total, 1) + done, phases * max(total, 1))
