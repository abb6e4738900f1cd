"""Peak memory of StudyDesk with a 50,000-card collection (target ≤ 150 MiB).

The collection is the study benchmark's: realistic histories, about 500,000
review-log rows, cards in every state. A fresh process opens it, shows the
main window offscreen, starts a study session over all 50k cards and answers
a few, then reports its peak resident set size. A bare PySide6 window measured the same way is shown as a
reference for what Qt alone costs.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from benchmarks.bench_study import ARTICLE_ID, build_studydesk
from benchmarks.common import ROOT, Timing, print_table, result

TARGET_MIB = 150

PROBE = """
import resource, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
if sys.argv[1] == "studydesk":
    from app.core.storage.collection import Collection
    from app.core.study.session import Scope
    from app.ui.main_window import MainWindow
    from app.ui.study.review import ReviewWidget
    col = Collection.open(sys.argv[2])
    window = MainWindow(col)
    window.show()
    app.processEvents()
    review = ReviewWidget(col, Scope(sys.argv[3]), "Bench")
    window.pages.addWidget(review)
    window.pages.setCurrentWidget(review)
    review.start()
    for _ in range(20):
        review.show_answer()
        review.grade(3)
        app.processEvents()
else:
    window = QMainWindow()
    window.resize(1100, 720)
    window.show()
    app.processEvents()
""" + "\n"

#: ends a probe: its peak resident set in MiB. On Linux the process's own high-water
#: mark (VmHWM): ru_maxrss keeps the parent's peak across the exec of a child started
#: with vfork, so a probe run from a large benchmark process reported the parent's.
PRINT_PEAK = """
import resource, sys
try:
    with open("/proc/self/status") as status:
        print(next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024)
except OSError:
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024  # ru_maxrss: KiB on Linux
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024)
"""
PROBE += PRINT_PEAK


def _peak_mib(args: list[str], probe: str = PROBE) -> float:
    """Peak MiB of a fresh process running `probe` (bench_browser has its own)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=600).stdout
    return float(out.strip().splitlines()[-1])


def run(quick: bool = False) -> list[dict[str, Any]]:
    n_cards = 10_000 if quick else 50_000
    runs = 3 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "memory.sqlite3"
        mix = build_studydesk(path, n_cards, n_cards * 10)
        print(f"  {n_cards:,} cards: {mix}", file=sys.stderr, flush=True)
        n_revlog = _count(path, "revlog")
        ours, bare = [], []
        for _ in range(runs):  # alternate, so machine noise hits both alike
            ours.append(_peak_mib(["studydesk", str(path), ARTICLE_ID]))
            bare.append(_peak_mib(["bare"]))
    mine, ref = Timing.of(ours), Timing.of(bare)
    return [result(f"peak memory, {n_cards:,} cards / {n_revlog:,} revlog, studying "
                   f"(median of {runs} runs [min–max])",
                   f"{mine.median:.0f} MiB [{mine.low:.0f}–{mine.high:.0f}]",
                   f"bare Qt window {ref.median:.0f} MiB [{ref.low:.0f}–{ref.high:.0f}]",
                   mine.median / TARGET_MIB, f"≤ {TARGET_MIB} MiB", mine.median <= TARGET_MIB,
                   "MiB")]


def _count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
