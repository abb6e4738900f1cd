"""Real faults for the reliability tests: read-only files and folders, a full
database, another program holding the write lock, a damaged file.

The tests run as root, for whom permission bits mean nothing, so a read-only
file or folder is made immutable with `chattr +i` (and always made writable
again); where that is not possible the test is skipped, never faked.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.core.storage.collection import Collection


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` (a file or a folder) truly read-only while the block runs."""
    if path.is_file():
        mode = path.stat().st_mode
        path.chmod(0o444)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555)
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode == 0
    try:
        if not made:
            import os

            if os.geteuid() == 0:
                pytest.skip("cannot make a file read-only for root here (no chattr)")
        yield
    finally:
        if made:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(mode)


def fill_the_disk(col: Collection) -> None:
    """From now on the database cannot grow: SQLite reports SQLITE_FULL, exactly as
    on a full disk (its own page limit, set on this connection only)."""
    pages = col.conn.execute("PRAGMA page_count").fetchone()[0]
    col.conn.execute(f"PRAGMA max_page_count = {pages}")
    # use up the free pages too, so the next real write needs a new one
    col.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def make_room(col: Collection) -> None:
    col.conn.execute("PRAGMA max_page_count = 1073741823")


_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def another_program_holding_the_lock(path: Path) -> Iterator[None]:
    """A second process that holds the database's write lock until the block ends."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=30)


def short_busy_wait(col: Collection) -> None:
    """Give up on a held lock after 50 ms instead of the usual few seconds."""
    col.conn.execute("PRAGMA busy_timeout = 50")


def damage(path: Path, page: int = 2, page_size: int = 4096) -> None:
    """Overwrite one page of a closed database file with garbage."""
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))


@contextmanager
def small_disk(folder: Path, size_kb: int = 2048) -> Iterator[Path]:
    """A real, tiny file system (tmpfs) mounted at `folder`: a full disk is a real
    ENOSPC there. Skips where mounting is not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs",
                              str(folder)], capture_output=True, check=False).returncode == 0
    if not mounted:
        pytest.skip("cannot mount a small file system here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def use_up_space(folder: Path) -> Path:
    """Write a file until the disk holding `folder` is full; returns it (delete it to
    make room again)."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    return filler
