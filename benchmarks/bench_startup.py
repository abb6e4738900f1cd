"""Cold start: `studydesk` to a painted main window vs a bare PySide6 window, same run.

Both are fresh processes on the offscreen platform that quit right after their
window's first paint event (not merely `show()`); the collection already exists (first-start import excluded),
so this is what a student waits for every morning. Target ratio ≤ 1.5 (issue 15).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Timing, print_table, result

BARE = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class QuitAfterPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False
app = QApplication([])
w = QMainWindow()
w.resize(1100, 720)
watcher = QuitAfterPaint(w)
w.installEventFilter(watcher)
w.show()
app.exec()
"""


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - start


def run(quick: bool = False) -> list[dict[str, Any]]:
    runs = 3 if quick else 7
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # A student's machine keeps compiled modules (__pycache__) after the first start;
    # with PYTHONDONTWRITEBYTECODE set (as on some CI hosts) every start would compile
    # StudyDesk's modules again, which says nothing about what a student waits for.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        collection = str(Path(tmp) / "bench.sqlite3")
        app_cmd = [sys.executable, "-m", "app", "--collection", collection, "--quit-when-shown"]
        bare_cmd = [sys.executable, "-c", BARE]
        _time(app_cmd, env)  # first start: creates the collection, imports the article
        _time(bare_cmd, env)  # warm the OS file cache for both alike
        app_s, bare_s = [], []
        for _ in range(runs):  # interleaved, so drift hits both equally
            app_s.append(_time(app_cmd, env))
            bare_s.append(_time(bare_cmd, env))
    app_t, bare_t = Timing.of(app_s), Timing.of(bare_s)
    ratio = app_t.median / bare_t.median
    return [result(f"cold start to painted main window (median of {runs} interleaved runs "
                   "[min–max])", app_t.show(), bare_t.show() + " bare Qt window",
                   ratio, "≤ 1.5", ratio <= 1.5)]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
