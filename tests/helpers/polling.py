"""A test's wait for something on screen (a message box, a progress dialog), polled from
the event loop and ended with the test.

Why: a poller that outlives its test (its box never came: the test failed or took
another path) would take the next test's message box or press the next test's Cancel,
and that test would wait in vain; which test that is depends on pytest-xdist's order.
`stop_pollers` runs after every test (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

INTERVAL_MS = 20
_running: list[QTimer] = []


def poll(step: Callable[[], bool]) -> None:
    """Call `step()` from the event loop now and every INTERVAL_MS until it returns True
    or the test ends."""
    timer = QTimer()
    timer.setInterval(INTERVAL_MS)

    def tick() -> None:
        timer.setInterval(INTERVAL_MS)
        if step():
            timer.stop()
            if timer in _running:
                _running.remove(timer)

    timer.timeout.connect(tick)
    _running.append(timer)
    timer.start(0)


def stop_pollers() -> None:
    """End every poll still running (the test that started it is over)."""
    while _running:
        _running.pop().stop()
