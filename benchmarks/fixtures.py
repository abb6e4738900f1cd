"""Collections the benchmarks share: the same cards and histories on both sides, built
once per process, copied fresh (and fsynced) for every timed run, at equal durability.

Why one place: the study step, queue build, undo, overview, rescheduling and size
rows all measure the same 10k/100k/300k-card collections; building a 300,000-card
pair takes minutes, so each size is built once and copied.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.storage.collection import Collection

#: SQLite's synchronous level both sides run at: FULL = 2 (Anki's own setting).
FULL = 2
DURABILITY = "both WAL + synchronous=FULL"

_ROOT = Path(tempfile.mkdtemp(prefix="studydesk-bench-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)
_BUILT: dict[int, Prepared] = {}


@dataclass(frozen=True)
class Prepared:
    n_cards: int
    n_revlog: int
    ours: Path
    anki: Path
    mix: str


#: A folder that keeps built collections between runs (building 300k cards takes
#: minutes): `STUDYDESK_BENCH_CACHE=/some/dir python -m benchmarks`. Runs that share
#: it measure the very same cards; nothing in it is ever written to after building.
CACHE_ENV = "STUDYDESK_BENCH_CACHE"


def _cached(n_cards: int) -> Prepared | None:
    folder = os.environ.get(CACHE_ENV)
    meta = Path(folder, str(n_cards), "meta.json") if folder else None
    if meta is None or not meta.exists():
        return None
    info = json.loads(meta.read_text(encoding="utf-8"))
    print(f"  {n_cards:,} cards from the cache {meta.parent}: {info['mix']}", file=sys.stderr,
          flush=True)
    return Prepared(n_cards, info["n_revlog"], _upgraded(meta.parent / "studydesk.sqlite3"),
                    meta.parent / "anki.anki2", info["mix"])


def _upgraded(cached: Path) -> Path:
    """A private copy of a cached StudyDesk collection brought up to this schema once,
    so no timed run pays for (or is warmed by) an upgrade, and the cache — shared by
    branches at other schema versions — is never written to."""
    folder = _ROOT / f"upgraded-{cached.parent.name}"
    folder.mkdir(exist_ok=True)
    copy = folder / cached.name
    shutil.copyfile(cached, copy)
    col = Collection.open(copy)  # upgrades
    col.backup_on_close = False
    col.close()
    shutil.rmtree(folder / "backups", ignore_errors=True)  # the one made before upgrading
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return copy


def _keep(built: Prepared) -> None:
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return
    target = Path(folder, str(built.n_cards))
    target.mkdir(parents=True, exist_ok=True)
    for path in (built.ours, built.anki):
        shutil.copyfile(path, target / path.name)
    (target / "meta.json").write_text(json.dumps({"n_revlog": built.n_revlog,
                                                  "mix": built.mix}), encoding="utf-8")


def prepared(n_cards: int) -> Prepared:
    """The StudyDesk and Anki collections of `n_cards` cards (about ten answers each)."""
    from benchmarks.bench_study import _histories, build_anki, build_studydesk

    if n_cards not in _BUILT and (cached := _cached(n_cards)) is not None:
        _BUILT[n_cards] = cached
    if n_cards not in _BUILT:
        folder = _ROOT / f"{n_cards}"
        folder.mkdir()
        start = time.perf_counter()
        histories = _histories(n_cards, n_cards * 10, time.time())
        n_revlog = sum(len(h.answers) for h in histories)
        ours, anki = folder / "studydesk.sqlite3", folder / "anki.anki2"
        mix = build_studydesk(ours, n_cards, n_revlog, histories)
        build_anki(anki, histories)
        del histories
        # both files checkpointed and compact, like a closed app (Anki's own VACUUM:
        # its indexes use a collation only its backend has)
        with closing(sqlite3.connect(ours)) as conn:
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        acol = open_anki(anki)
        acol.optimize()
        acol.close()
        print(f"  built {n_cards:,} cards in {time.perf_counter() - start:.0f} s: {mix}",
              file=sys.stderr, flush=True)
        _BUILT[n_cards] = Prepared(n_cards, n_revlog, ours, anki, mix)
        _keep(_BUILT[n_cards])
    return _BUILT[n_cards]


def fresh_copy(source: Path, name: str) -> Path:
    """A copy of a built collection in its own folder, fsynced, so a timed run starts
    from the same state with nothing of the copy left in the page cache's dirty list."""
    folder = source.parent / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for f in source.parent.glob(source.name + "*"):
        if f.is_file() and not f.name.endswith(".lock"):
            target = folder / f.name
            shutil.copyfile(f, target)
            with open(target, "rb+") as handle:
                os.fsync(handle.fileno())
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return folder / source.name


def discard(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


def open_studydesk(path: Path) -> Collection:
    """Open a StudyDesk collection at FULL durability (main may already default to it)."""
    col = Collection.open(path)
    if col.conn.execute("PRAGMA synchronous").fetchone()[0] != FULL:
        col.conn.execute(f"PRAGMA synchronous={FULL}")
    return col


def open_anki(path: Path) -> Any:
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(path))
    level = col.db.scalar("PRAGMA synchronous")
    assert level == FULL, f"Anki runs at synchronous={level}, not FULL"
    return col


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.parent.glob(path.name + "*")
               if f.is_file()) / 1e6
