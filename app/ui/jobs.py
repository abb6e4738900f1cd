"""Long work off the GUI thread, with a progress dialog and Cancel.

Why one helper: rescheduling 300,000 cards (and any other job of seconds or
minutes) must never freeze the window. The job runs on a QThread; the caller
waits in a local event loop, so the window keeps painting and Cancel works,
and gets the job's result — or its exception, raised on the GUI thread where
`reporting()` and the dialogs can show it. The job itself is core code: it
receives a `progress(done, total) -> bool` callback and stops when told False.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

if TYPE_CHECKING:
    from app.core.changes import Change
    from app.core.storage.collection import Collection

T = TypeVar("T")
Progress = Callable[[int, int], bool]


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal()

    def __init__(self, job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.job = job
        self.cancelled = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self._shown = 0.0

    def run(self) -> None:
        try:
            self.result = self.job(self._progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to show
            self.error = exc
        finally:
            self.finished.emit()

    def _progress(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if now - self._shown >= 0.05 or done >= total:  # a few updates a second is plenty
            self._shown = now
            self.progressed.emit(done, total)
        return not self.cancelled.is_set()


class _Display(QObject):
    """Lives on the GUI thread, so the worker's signals reach the dialog there (queued)."""

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__()
        self.dialog = dialog

    @Slot(int, int)
    def show_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))


def run_with_progress(parent: QWidget | None, title: str, label: str,
                      job: Callable[[Progress], T]) -> T:
    """Run `job(progress)` on a worker thread behind a modal progress dialog with Cancel.

    Returns the job's result or raises its exception (a cancelled job raises what it
    raises when `progress` returns False). The dialog appears only if the job takes
    longer than a moment.
    """
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal if parent is not None
                             else Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = _Worker(job)
    thread = QThread()
    worker.moveToThread(thread)
    loop = QEventLoop()

    display = _Display(dialog)

    def cancel() -> None:
        worker.cancelled.set()
        dialog.setLabelText("Cancelling…")

    worker.progressed.connect(display.show_progress, Qt.ConnectionType.QueuedConnection)
    worker.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(cancel)
    thread.started.connect(worker.run)
    thread.start()
    dialog.setValue(0)
    loop.exec()
    thread.quit()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result


def run_on_worker_view(parent: QWidget | None, col: Collection, title: str, label: str,
                       changes: Change, job: Callable[[Collection, Progress], T]) -> T:
    """`run_with_progress` of `job(view, progress)` on a second connection to `col`
    (`Collection.worker_view`), for one long write the user waits for.

    Afterwards, on the GUI thread: the job's undoable action (if it was one) joins
    `col`'s Edit → Undo, and `col` tells its windows what the job changed. A failed or
    cancelled job rolled back on its connection and tells no one.
    """

    def work(progress: Progress) -> tuple[T, Any]:
        with col.worker_view() as view:
            result = job(view, progress)
            return result, view.undo.peek()

    result, undo_entry = run_with_progress(parent, title, label, work)
    if undo_entry is not None:
        col.undo.push(undo_entry)
    col.adopt(changes)
    return result
