"""Statistics, the home screen and the FSRS optimiser on a big collection.

50,000 cards with 500,000 realistic reviews (benchmarks/histories.py; 10,000 /
100,000 with --quick). Each figure is set beside a plain SQL aggregate over the
same rows in the same run (answers per day and kind, cards per state, due per
day for the statistics; new / learning / due per section for the home screen),
so the ratio says what StudyDesk's rules cost on top of reading the data. Ours
and the reference run interleaved, round by round; wall and CPU time are both
reported (medians with ranges), the CPU time being what a loaded machine
cannot inflate. The window is opened in a fresh process: until every chart is
painted (its figures computed off the GUI thread), with its peak memory.
Targets (issue 16): statistics window with all charts ≤ 1 s, home screen ≤ 0.3 s,
optimising 100,000 reviews ≤ 10 s, peak memory of the statistics window ≤ 200 MiB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.clock import day_start, next_day_start
from app.core.stats.figures import compute_statistics
from app.core.stats.home import home_overview
from app.core.stats.optimise import fit, load_histories
from app.core.storage.collection import Collection
from benchmarks.bench_study import build_studydesk
from benchmarks.common import ROOT, Timing, print_table, repeat, result

STATS_TARGET, HOME_TARGET, FIT_TARGET, MEMORY_TARGET_MIB = 1.0, 0.3, 10.0, 200


def plain_statistics(col: Collection) -> None:
    """The reference: the same figures as bare aggregates — the log by hour, queue and
    rating in one pass (what the per-day, hourly, button and retention figures need), and
    the cards by state, by due day, by stability and by difficulty."""
    start = day_start(datetime.now(UTC)).timestamp()
    col.execute("SELECT CAST((reviewed_at - ?) / 3600 AS INTEGER) h, queue, rating, COUNT(*), "
                "SUM(duration_ms) FROM revlog WHERE reviewed_at >= ? GROUP BY h, queue, rating",
                [start, start - 365 * 86400]).fetchall()
    col.execute("SELECT state, suspended, COUNT(*) FROM cards GROUP BY state, suspended"
                ).fetchall()
    col.execute("SELECT CAST((due - ?) / 86400 AS INTEGER) d, COUNT(*) FROM cards "
                "WHERE last_review IS NOT NULL GROUP BY d", [start]).fetchall()
    col.execute("SELECT CAST(stability AS INTEGER) s, CAST(difficulty AS INTEGER) d, COUNT(*) "
                "FROM cards WHERE last_review IS NOT NULL GROUP BY s, d").fetchall()


def plain_home(col: Collection) -> None:
    """The reference: new / learning / due per section in one aggregate."""
    end = next_day_start(datetime.now(UTC)).timestamp()
    col.execute(
        "SELECT n.article_id, n.section_idx, SUM(c.last_review IS NULL), "
        "SUM(c.last_review IS NOT NULL AND c.state != 2 AND c.due < ?), "
        "SUM(c.state = 2 AND c.last_review IS NOT NULL AND c.due < ?) "
        "FROM cards c JOIN notes n ON n.id = c.note_id WHERE c.suspended = 0 "
        "GROUP BY n.article_id, n.section_idx", [end, end]).fetchall()


@dataclass(frozen=True)
class Measured:
    wall: Timing
    cpu: Timing

    def show(self) -> str:
        return f"{self.wall.show()}, CPU {self.cpu.show()}"


def interleaved(funcs: list[Callable[[], Any]], runs: int) -> list[Measured]:
    """Each function once per round, in turn, `runs` rounds: wall and CPU time of each
    (a loaded machine slows all of them alike, not the ones that happen to run last)."""
    walls: list[list[float]] = [[] for _ in funcs]
    cpus: list[list[float]] = [[] for _ in funcs]
    for _ in range(runs):
        for i, func in enumerate(funcs):
            wall, cpu = time.perf_counter(), time.process_time()
            func()
            cpus[i].append(time.process_time() - cpu)
            walls[i].append(time.perf_counter() - wall)
    return [Measured(Timing.of(w), Timing.of(c)) for w, c in zip(walls, cpus, strict=True)]


_WINDOW_SCRIPT = textwrap.dedent("""
    import os, resource, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QScrollArea
    app = QApplication([])
    from app.core.storage.collection import Collection
    from app.ui.stats.window import StatisticsWindow
    col = Collection.open(sys.argv[1])
    start, cpu = time.perf_counter(), time.process_time()
    window = StatisticsWindow(col)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - start  # the window is up, saying "Loading…"
    while window.loading:  # the figures are computed off the GUI thread
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    body = window.findChild(QScrollArea).widget()
    body.grab()  # every chart painted, also those scrolled out of view
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu  # every thread of the process
    try:  # the process's own high-water mark: ru_maxrss would keep a large parent's peak
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(seconds, cpu, shown, peak)
""")


def time_window(path: Path) -> tuple[float, float, float, float]:
    """Open the statistics window in a fresh process: seconds to all charts painted, CPU
    seconds, seconds to the window shown (computing), peak MiB."""
    out = subprocess.run([sys.executable, "-c", _WINDOW_SCRIPT, str(path)], cwd=ROOT,
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.split()
    seconds, cpu, shown, peak = (float(v) for v in out)
    return seconds, cpu, shown, peak


def run(quick: bool = False) -> list[dict[str, Any]]:
    n_cards, n_revlog = (10_000, 100_000) if quick else (50_000, 500_000)
    runs = 3 if quick else 5
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stats.sqlite3"
        mix = build_studydesk(path, n_cards, n_revlog)
        print(f"  {n_cards:,} cards: {mix}", file=sys.stderr, flush=True)
        with Collection.open(path) as col:
            reviews = col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]
            label = f"{n_cards:,} cards, {reviews:,} reviews"
            ours, ref = interleaved([lambda: compute_statistics(col, period="1 year"),
                                     lambda: plain_statistics(col)], runs)
            rows.append(result(f"statistics figures (1 year), {label}", ours.show(), ref.show(),
                               ours.wall.median / ref.wall.median, f"≤ {STATS_TARGET} s",
                               ours.wall.median <= STATS_TARGET))
            ours, ref = interleaved([lambda: home_overview(col), lambda: plain_home(col)], runs)
            rows.append(result(f"home screen counts, {label}", ours.show(), ref.show(),
                               ours.wall.median / ref.wall.median, f"≤ {HOME_TARGET} s",
                               ours.wall.median <= HOME_TARGET))
            histories = load_histories(col)
            fitted = sum(len(h) for h in histories)
            # 100,000 reviews: the first cards' histories up to that many answers
            chosen, total = [], 0
            for h in histories:
                if total >= 100_000:
                    break
                chosen.append(h)
                total += len(h)
            ours = repeat(lambda: fit(chosen), 1 if quick else 3)
            rows.append(result(f"FSRS optimisation, {total:,} of {fitted:,} reviews",
                               ours.show(), "", None, f"≤ {FIT_TARGET} s",
                               ours.median <= FIT_TARGET))
        seconds, cpu, shown, peak = zip(*(time_window(path) for _ in range(max(3, runs // 2))),
                                        strict=True)
        rows.append(result(f"statistics window open, all charts painted, {label}",
                           f"{Timing.of(list(seconds)).show()}, CPU {Timing.of(list(cpu)).show()}",
                           "", None, f"≤ {STATS_TARGET} s",
                           statistics.median(seconds) <= STATS_TARGET))
        rows.append(result(f"statistics window shown (figures computing), {label}",
                           Timing.of(list(shown)).show(), "", None, "", True))
        rows.append(result(f"statistics window peak memory (process), {label}",
                           f"{max(peak):.0f} MiB [{min(peak):.0f}–{max(peak):.0f}]", "", None,
                           f"≤ {MEMORY_TARGET_MIB} MiB", max(peak) <= MEMORY_TARGET_MIB))
    return rows


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
