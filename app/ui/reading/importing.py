"""Importing an article off the GUI thread, with a progress dialog and Cancel.

Why a worker: a big web page or PDF takes seconds to parse, and a window that
stops repainting looks crashed. Parsing (and fetching) happens in a thread-pool
worker that touches no collection, so Cancel simply drops the result and the
collection is left exactly as it was. The finished article is then stored by the
caller in one transaction on a worker connection of its own (`jobs.run_on_worker_view`,
see `ui/window/articles`).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.articles.library import PreparedArticle, prepare_source
from app.core.errors import ImportCancelled

SHOW_AFTER_MS = 300  # a quick import never flashes a dialog
_POOL: QThreadPool | None = None


def _pool() -> QThreadPool:
    """Imports' own pool: work other windows queue on the global pool (statistics, the
    class's network rounds) must never keep an import waiting to start."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(2)
    return _POOL


class _Outcome(QObject):
    """Carries the worker's result to the GUI thread (a queued signal)."""

    done = Signal(object, object)  # PreparedArticle | None, BaseException | None
    phase = Signal(str)  # what the worker is doing now


class _ParseJob(QRunnable):
    def __init__(self, source: str, cancel: threading.Event, outcome: _Outcome) -> None:
        super().__init__()
        self.source, self.cancel, self.outcome = source, cancel, outcome

    def run(self) -> None:
        try:
            prepared = prepare_source(self.source, self.cancel.is_set, self.outcome.phase.emit)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
            self.outcome.done.emit(None, exc)
        else:
            self.outcome.done.emit(prepared, None)


def prepare_with_progress(parent: QWidget, source: str, label: str) -> PreparedArticle | None:
    """Parse `source` (a path or URL) in a worker while a progress dialog offers Cancel.

    Returns None when the user cancelled; re-raises the worker's error otherwise.
    The GUI keeps repainting throughout (a local event loop runs until done).
    """
    cancel = threading.Event()
    outcome = _Outcome()
    loop = QEventLoop()
    result: dict[str, object] = {}

    def finished(prepared: object, error: object) -> None:
        result.update(prepared=prepared, error=error)
        loop.quit()

    outcome.done.connect(finished, Qt.ConnectionType.QueuedConnection)
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    outcome.phase.connect(dialog.setLabelText, Qt.ConnectionType.QueuedConnection)
    dialog.setWindowTitle("Importing")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def cancelled() -> None:
        cancel.set()
        loop.quit()

    dialog.canceled.connect(cancelled)
    job = _ParseJob(source, cancel, outcome)
    job.setAutoDelete(True)
    _pool().start(job)
    loop.exec()
    dialog.canceled.disconnect(cancelled)
    dialog.close()
    dialog.deleteLater()
    error = result.get("error")
    if cancel.is_set() or isinstance(error, ImportCancelled):
        return None  # the worker may still be finishing; its result is dropped
    if isinstance(error, BaseException):
        raise error
    prepared = result.get("prepared")
    return prepared if isinstance(prepared, PreparedArticle) else None
