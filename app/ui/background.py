"""Running slow work (network, large computations) off the GUI thread.

Why this shape: the work function gets no Qt object and no collection — it is
pure computation or network I/O — and its result or exception comes back as a
signal on the GUI thread, where the caller may touch widgets and the database.
That keeps SQLite on one thread and the window responsive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread to be shown
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_pending: set[_Relay] = set()  # relays alive until their task reports


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None]) -> None:
    """Run `work()` on Qt's thread pool; call `on_done(result)` or `on_error(exc)` on the
    GUI thread afterwards."""
    relay = _Relay()
    _pending.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _pending.discard(relay)
        callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(_Task(work, relay))
