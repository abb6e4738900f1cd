"""The card browser at 10k, 100k and 300k cards, against the real Anki backend's
`find_cards` on the same cards, in the same run.

Figures (each the median of interleaved runs, [min–max]):
- first paint: `CardBrowser` constructed and shown (offscreen) until its first
  rows are painted. Target ≤ 100 ms. Reference: Anki's `find_cards("")`, the
  search its browser starts with (Anki's browser itself cannot run headless).
- one search, per query: `find` (ids in display order, which is what the
  browser waits for; cards as rows, article order) vs `find_cards(query,
  order=True)`, ids in the order of Anki's browser sort column. Target ratio ≤ 1.0.
- sorting every card by due date vs `find_cards("", order="c.due")`.
- GUI stall while typing a six-character search one key every 60 ms: the
  longest gap of a 5 ms timer on the GUI thread. Target ≤ 100 ms.

- peak memory with the browser open over 50,000 cards (target ≤ 150 MiB, issue 15):
  a fresh process shows the main window and the browser, scrolls to the end, lists
  cards, searches a word in every note; a bare Qt window measured the same way.

Both collections hold the same notes ("Question number i?" / "Answer i") with
the histories of benchmarks/histories.py (two answers a card on average).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

from app.core.notes.browse import BrowseQuery, find, open_reader
from app.core.notes.store import index_all_notes
from app.core.storage.collection import Collection
from benchmarks.bench_memory import PRINT_PEAK, _peak_mib
from benchmarks.bench_study import build_anki, build_studydesk
from benchmarks.common import Timing, print_table, result
from benchmarks.fixtures import CACHE_ENV
from benchmarks.histories import HistoryMaker

#: (what is searched, StudyDesk query, Anki query with the same meaning)
SEARCHES = (
    ("a rare word", "number 12345", "number 12345"),
    ("a word in every note", "question", "question"),
    ("a quoted phrase", '"answer 777"', '"answer 777"'),
    ("due today", "is:due", "is:due"),
    ("interval > 10 days", "prop:ivl>10", "prop:ivl>10"),
    ("negation and or", "-question or 999", "-question or 999"),
)
TYPED = "number"
KEY_GAP_MS = 60


def build(folder: Path, n_cards: int) -> tuple[Path, Path]:
    """The pair of collections in `folder`: copies of those kept in STUDYDESK_BENCH_CACHE
    by an earlier run (building 300,000 cards takes minutes; the kept pair is never
    opened, since opening upgrades a collection to this version's schema), or built."""
    cache = os.environ.get(CACHE_ENV)
    if cache:
        kept = Path(cache, f"browser-{n_cards}")
        if not (kept / "built").exists():
            shutil.rmtree(kept, ignore_errors=True)
            kept.mkdir(parents=True)
            _built(kept, n_cards, keep=True)
        return _copied(kept, folder)
    return _built(folder, n_cards)


def _copied(kept: Path, folder: Path) -> tuple[Path, Path]:
    """Copies of a kept pair, ours upgraded to this version's schema before any timing."""
    for name in ("studydesk.sqlite3", "anki.anki2"):
        shutil.copyfile(kept / name, folder / name)
    with Collection.open(folder / "studydesk.sqlite3") as col:
        col.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder / "studydesk.sqlite3", folder / "anki.anki2"


def _built(folder: Path, n_cards: int, keep: bool = False) -> tuple[Path, Path]:
    histories = HistoryMaker().make(n_cards, 2.0, time.time())
    ours, anki = folder / "studydesk.sqlite3", folder / "anki.anki2"
    build_studydesk(ours, n_cards, sum(len(h.answers) for h in histories), histories)
    with Collection.open(ours) as col:
        index_all_notes(col)  # the bulk loader wrote notes with plain SQL
        col.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    build_anki(anki, histories)
    if keep:
        (folder / "built").touch()
    return ours, anki


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _spin(ms: int, until: Any = None) -> None:
    """Run the event loop for `ms` (or until the signal `until` fires) with exec(), as
    the app does: PySide6 6.12 corrupts reference counts when Python calls
    processEvents() in a loop while another thread runs Python."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    if until is not None:
        until.connect(loop.quit)
    loop.exec()
    if until is not None:
        until.disconnect(loop.quit)


def _wait_rows(win: Any) -> None:
    while win.model.rowCount() == 0:
        _spin(5000, win.model.modelReset)


def time_first_paint(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds from constructing the browser to its first rows painted."""
    from app.ui.cards.browser import CardBrowser

    app = _app()
    with Collection.open(path) as col:
        start, cpu = time.perf_counter(), time.process_time()
        win = CardBrowser(col)
        win.resize(1400, 900)
        win.show()
        _wait_rows(win)
        _spin(0)  # the show and layout events: the table gets its size
        win.table.viewport().repaint()  # paints (and so fetches) the rows on screen
        elapsed = time.perf_counter() - start, time.process_time() - cpu
        win.close()
        win.deleteLater()
        app.processEvents()
    return elapsed


def time_typing_stall(path: Path) -> float:
    """The longest the GUI thread was busy (a 5 ms timer's largest gap) while typing."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    from app.ui.cards.browser import CardBrowser

    app = _app()
    with Collection.open(path) as col:
        win = CardBrowser(col)
        win.show()
        _wait_rows(win)
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        win.search.setFocus()
        for char in TYPED:
            QTest.keyClicks(win.search, char)
            _spin(KEY_GAP_MS)
        _spin(1500)  # the search after the last key, and its rows
        timer.stop()
        win.close()
        win.deleteLater()
        app.processEvents()
    return max(b - a for a, b in pairwise(ticks))


Sample = tuple[float, float]  # wall seconds, CPU seconds (every thread of the process)


def _timed(work: Any) -> Sample:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def time_ours(path: Path, query: BrowseQuery) -> Sample:
    """`find` as the browser's worker runs it: ids in display order (the cards' notes
    are counted afterwards, once the rows are shown)."""
    with Collection.open(path) as col:
        reader = open_reader(col)
        find(reader, BrowseQuery("warm up the cache"))
        sample = _timed(lambda: find(reader, query))
        reader.close()
    return sample


def time_anki(path: Path, search: str, order: bool | str = True) -> Sample:
    """Anki's search with its browser's sort (order=True: the sort column of the
    collection's browser config), as the browser asks for it."""
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(path))
    try:
        col.find_cards("warm up the cache")
        return _timed(lambda: col.find_cards(search, order=order))
    finally:
        col.close()


def _show(samples: list[Sample]) -> tuple[Timing, str]:
    wall, cpu = Timing.of([w for w, _ in samples]), Timing.of([c for _, c in samples])
    return wall, f"{wall.show('ms')}, CPU {cpu.show('ms')}"


def _row(figure: str, mine: list[Sample], ref: list[Sample]) -> dict[str, Any]:
    (ours, ours_text), (theirs, theirs_text) = _show(mine), _show(ref)
    return result(figure, ours_text, "Anki " + theirs_text, ours.median / theirs.median,
                  "≤ 1.0", ours.median <= theirs.median, "ms")


MEMORY_CARDS = 50_000
MEMORY_TARGET_MIB = 150
MEMORY_PROBE = """
import sys
from PySide6.QtWidgets import QApplication
from app.core.storage.collection import Collection
from app.ui.cards.browser import CardBrowser
from app.ui.main_window import MainWindow
app = QApplication([])
col = Collection.open(sys.argv[1])
window = MainWindow(col)
window.show()
browser = CardBrowser(col)
browser.resize(1400, 900)
browser.show()
browser.settle()
for search, cards in (("", False), ("", True), ("question", True), ("is:due", False)):
    browser.rows_toggle.setCurrentIndex(int(cards))
    browser.search.setText(search)
    browser.settle()
    browser.table.scrollToBottom()
    app.processEvents()
    browser.table.scrollToTop()
    app.processEvents()
""" + PRINT_PEAK


def memory_row(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        ours, _anki = build(Path(tmp), MEMORY_CARDS)
        mine, bare = [], []
        for _ in range(runs):  # alternate, so machine noise hits both alike
            mine.append(_peak_mib([str(ours)], MEMORY_PROBE))
            bare.append(_peak_mib(["bare"]))  # bench_memory's bare Qt window
    peak, ref = Timing.of(mine), Timing.of(bare)
    return result(f"peak memory, browser open, {MEMORY_CARDS // 1000}k cards "
                  f"(median of {runs} [min–max])",
                  f"{peak.median:.0f} MiB [{peak.low:.0f}–{peak.high:.0f}]",
                  f"bare Qt window {ref.median:.0f} MiB [{ref.low:.0f}–{ref.high:.0f}]",
                  peak.median / MEMORY_TARGET_MIB, f"≤ {MEMORY_TARGET_MIB} MiB",
                  peak.median <= MEMORY_TARGET_MIB, "MiB")


def run(quick: bool = False, sizes: tuple[int, ...] | None = None) -> list[dict[str, Any]]:
    sizes = sizes or ((10_000,) if quick else (10_000, 100_000, 300_000))
    runs = 3 if quick else 5
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n_cards in sizes:
            folder = Path(tmp) / str(n_cards)
            folder.mkdir()
            ours, anki = build(folder, n_cards)
            print(f"  {n_cards:,} cards built", file=sys.stderr, flush=True)
            size = f"{n_cards // 1000}k cards"
            painted, reference = [], []
            for _ in range(runs):  # interleaved, so machine noise hits both alike
                painted.append(time_first_paint(ours))
                reference.append(time_anki(anki, ""))
            paint, paint_text = _show(painted)
            rows.append(result(f"browser first paint, {size} (median of {runs} [min–max])",
                               paint_text, "Anki find_cards(\"\") " + _show(reference)[1],
                               paint.median / 0.1, "≤ 100 ms", paint.median <= 0.1, "ms"))
            for label, mine_q, anki_q in SEARCHES:
                mine, theirs = [], []
                for _ in range(runs):  # interleaved, so machine noise hits both alike
                    mine.append(time_ours(ours, BrowseQuery(mine_q, rows_are_cards=True)))
                    theirs.append(time_anki(anki, anki_q))
                rows.append(_row(f"one search, {label} `{mine_q}`, {size}", mine, theirs))
            mine, theirs = [], []
            for _ in range(runs):
                mine.append(time_ours(ours, BrowseQuery(sort="due", rows_are_cards=True)))
                theirs.append(time_anki(anki, "", order="c.due asc"))
            rows.append(_row(f"sort all cards by due, {size}", mine, theirs))
            stalls = Timing.of([time_typing_stall(ours) for _ in range(max(2, runs // 2))])
            rows.append(result(
                f"longest GUI stall typing “{TYPED}” ({KEY_GAP_MS} ms a key), {size}",
                stalls.show("ms"), "100 ms target", stalls.median / 0.1, "≤ 100 ms",
                stalls.median <= 0.1, "ms"))
            print(f"  {n_cards:,} cards timed: first paint {statistics.median([paint.median])}",
                  file=sys.stderr, flush=True)
    if not quick:
        rows.append(memory_row(runs))
    return rows


if __name__ == "__main__":  # python -m benchmarks.bench_browser [--quick] [100000 300000]
    if "--memory" in sys.argv:
        print_table([memory_row(5)])
    else:
        print_table(run(quick="--quick" in sys.argv,
                        sizes=tuple(int(a) for a in sys.argv[1:] if a.isdigit()) or None))
