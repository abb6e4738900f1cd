"""What a failed SQLite call means for the student, in words naming the real cause.

Why one place: a read-only file, a read-only folder, a full disk, a lock held
by another program and a damaged file all surface as `sqlite3` exceptions whose
text ("attempt to write a readonly database") says little to a student. The
collection turns each into its own `CollectionError` subclass here, so the study
screen can keep an unsaved answer and the CLI can print one clear line.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.core.errors import (
    CollectionBusyError,
    CollectionDamagedError,
    CollectionError,
    CollectionReadOnlyError,
    CollectionWriteError,
    DiskFullError,
    NotACollectionError,
)

NOT_SAVED = "The last change was not saved: "
"""How every failed-write message starts; a screen that names the change drops it."""


def _code(exc: BaseException) -> str:
    """SQLite's primary result code name (SQLITE_FULL, ...), or '' when unknown."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.count("_") > 1:  # an extended code such as SQLITE_READONLY_DBMOVED
        name = "_".join(name.split("_")[:2])
    if not name:
        text = str(exc).lower()
        for needle, code in (("readonly", "SQLITE_READONLY"), ("disk is full", "SQLITE_FULL"),
                             ("database is locked", "SQLITE_BUSY"),
                             ("malformed", "SQLITE_CORRUPT"),
                             ("not a database", "SQLITE_NOTADB")):
            if needle in text:
                return code
    return name


def can_write_file(path: Path) -> bool:
    """Whether this process may write `path` (as it really is: `os.access` ignores
    immutable files and read-only mounts, and is always yes for root)."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    os.close(fd)
    return True


def can_write_folder(folder: Path) -> bool:
    """Whether new files can be made in `folder` (SQLite's WAL needs two)."""
    probe = folder / f".studydesk-probe-{os.urandom(4).hex()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    os.close(fd)
    probe.unlink(missing_ok=True)
    return True


def read_only_reason(path: Path) -> str:
    """Which of file or folder is read-only, said so that the student can fix it."""
    if not can_write_file(path):
        return (f"The collection file {path} is read-only. Make it writable "
                "(its file properties or permissions), or open a copy with --collection.")
    if not can_write_folder(path.parent):
        return (f"The folder {path.parent} is read-only, and StudyDesk needs to create "
                f"files beside {path.name} to save. Make the folder writable, or move the "
                "collection to a folder you can write to.")
    return f"{path} cannot be written (it was opened read-only)."


def reason_only(exc: BaseException) -> str:
    """A failed write's cause without the "The last change was not saved" lead."""
    text = str(exc).removeprefix(NOT_SAVED)
    return text[:1].lower() + text[1:] if text.startswith("The ") else text


def translate(exc: sqlite3.Error, path: Path, *, saving: bool = True) -> CollectionError | None:
    """The `CollectionError` that `exc` means, or None for an error that is a bug
    (a constraint or SQL mistake), which must stay as it is to be logged."""
    code = _code(exc)
    lead = NOT_SAVED if saving else ""
    if code in ("SQLITE_READONLY", "SQLITE_PERM"):
        return CollectionReadOnlyError(lead + read_only_reason(path))
    if code == "SQLITE_FULL":
        return DiskFullError(
            f"{lead}the disk holding {path} is full. Free some space (empty the "
            "trash, delete large files), then try again; your earlier work is safe.")
    if code in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return CollectionBusyError(
            f"{lead}another program is using {path} (it holds the database's lock). "
            "Close other programs that may have the collection open — a database "
            "browser, a sync or backup tool — then try again.")
    if code == "SQLITE_CORRUPT":
        return CollectionDamagedError(
            f"{path} is damaged ({exc}). Nothing more was written to it. Use File → "
            "Backups… to restore a backup, or Tools → Check Database.")
    if code == "SQLITE_NOTADB":
        return NotACollectionError(
            f"{path} is not a StudyDesk collection (it is not an SQLite database); "
            "nothing was changed. Choose another file with --collection.")
    if code in ("SQLITE_IOERR", "SQLITE_CANTOPEN"):
        if not can_write_file(path) or not can_write_folder(path.parent):
            return CollectionReadOnlyError(lead + read_only_reason(path))
        return CollectionWriteError(
            f"{lead}the disk reported an error while using {path} ({exc}). Check that "
            "the drive is still connected and has space, then try again.")
    return None
