"""The cyclic garbage collector, run on the GUI thread only.

Why: Python collects cycles on whichever thread happens to allocate when a threshold
is crossed — often a worker (generating cards, importing, searching). If the cycle
holds a Qt object (a closed dialog and its slots), its C++ destructor then runs off
the GUI thread, and Qt crashes the process (a segfault seen in the Generate dialog's
worker). So automatic collection is switched off and a GUI-thread timer collects
whenever the collector would have, as Anki does, except while a bulk job has paused it
(`app.core.gc_pause`: its millions of fresh objects hold no cycles).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from app.core.gc_pause import bulk_job_running

#: How often the GUI thread looks whether a collection is due.
CHECK_MS = 500
_TIMER_NAME = "guiThreadGarbageCollection"


def collect_on_gui_thread(owner: QObject, check_ms: int = CHECK_MS) -> QTimer:
    """Switch automatic collection off; collect from a timer of `owner`'s thread (one
    timer per owner, however often asked)."""
    gc.disable()
    existing = owner.findChild(QTimer, _TIMER_NAME)
    if existing is not None:
        return existing
    timer = QTimer(owner)
    timer.setObjectName(_TIMER_NAME)
    timer.setInterval(check_ms)
    timer.timeout.connect(collect_if_due)
    timer.start()
    return timer


def collect_if_due() -> int:
    """Collect the oldest generation whose threshold is crossed, as the collector itself
    would (nothing when none is, or while a bulk job runs); the number of objects found
    unreachable."""
    if bulk_job_running():
        return 0
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [g for g in range(3) if counts[g] >= thresholds[g]]
    return gc.collect(max(due)) if due else 0
