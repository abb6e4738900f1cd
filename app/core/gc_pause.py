"""Python's cycle collector paused for a bulk job.

Why: reading a review log of millions of rows (an Anki import, rescheduling 300,000
cards) makes millions of small objects and no cycles, and the collector would walk all
of them, and everything else alive, again and again: 0.7 s of 5 s of CPU importing
20,000 notes, a fifth of a reschedule. Reference counting still frees everything.
Counted, so jobs on several threads may overlap; the GUI thread's collecting timer
(`app.ui.garbage`) waits while any runs.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block; automatic collection is as it was after the
    last overlapping block ends."""
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()


def bulk_job_running() -> bool:
    """True while any `gc_paused` block runs: a collection now would walk its objects."""
    return _running > 0
