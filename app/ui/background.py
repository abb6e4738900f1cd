"""Running slow work (network, large computations) off the GUI thread.

Why this shape: the work function gets no Qt object and no collection — it is
pure computation or network I/O — and its result or exception comes back as a
signal on the GUI thread, where the caller may touch widgets and the database.
That keeps SQLite on one thread and the window responsive. This is for work
the window carries on beside (sending results, fetching a deck); work the user
waits for, with a progress bar and Cancel, goes through `app.ui.jobs`. Figures of
the collection itself (statistics, the home screen's counts) go through
`LatestOnly`, which gives the work its own connection to the collection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:
    from app.core.storage.collection import Collection


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
            self._report(self.relay.failed, exc)
        else:
            self._report(self.relay.done, result)

    def _report(self, signal: Any, value: Any) -> None:
        # the application may be quitting, its objects deleted: nobody is left to tell
        if shiboken6.isValid(self.relay):
            try:
                signal.emit(value)
            except RuntimeError:  # deleted between the check and the call
                pass


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


class LatestOnly(QObject):
    """Figures of a collection computed off the GUI thread, of which only the latest counts.

    Why: the statistics window and the home screen read every card and answer, which
    takes a noticeable moment on a big collection; the window stays responsive, and
    when the student changes the scope or the period before a result is in, the
    earlier result is stale and dropped rather than shown over the newer choice. One
    computation runs at a time and only the newest request waits behind it (paging
    through the periods does not start one computation a key press). Each reads the
    collection on its own connection (`Collection.worker_view`, closed afterwards), so
    SQLite is never shared between threads, and a result that arrives after the owner
    is gone is dropped too.
    """

    def __init__(self, col: Collection, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None], parent: QObject) -> None:
        super().__init__(parent)
        self.col = col
        self._on_done, self._on_error = on_done, on_error
        self._generation = 0
        self._running = False
        self._waiting: tuple[int, Callable[[Collection], Any]] | None = None
        self.busy = False
        """True from `start` until the latest computation's result is handed over."""

    def start(self, compute: Callable[[Collection], Any]) -> None:
        """Compute `compute(view)` in the background; earlier requests' results go unused."""
        self._generation += 1
        self.busy = True
        if self._running:
            self._waiting = (self._generation, compute)  # replaces an older waiting one
        else:
            self._launch(self._generation, compute)

    def _launch(self, generation: int, compute: Callable[[Collection], Any]) -> None:
        if self.col.closed:
            self.busy = False
            return
        self._running = True
        view = self.col.worker_view()

        def work() -> Any:
            with view:
                return compute(view)

        run_in_background(work, lambda value: self._finish(generation, self._on_done, value),
                          lambda exc: self._finish(generation, self._on_error, exc))

    def _finish(self, generation: int, callback: Callable[[Any], None], value: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._launch(*waiting)
        if generation == self._generation:
            self.busy = False
            callback(value)
