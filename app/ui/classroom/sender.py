"""Sending queued results to the class's LRS in the background, and saying how it goes.

The database is touched only on the GUI thread (which batch is due, what came of
it); the HTTP requests run on the thread pool. A round starts when results are
queued (a finished quiz), every minute while anything waits, and on "Send Now".
`status` carries the status bar's words ("3 results waiting to be sent — …").
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.changes import Change
from app.core.classroom.lrs import LrsClient
from app.core.classroom.outbox import (
    BatchOutcome,
    next_batch,
    outbox_status,
    post_batch,
    record_outcome,
)
from app.core.classroom.settings import get_secret, load_class_settings
from app.core.errors import ClassroomError
from app.core.storage.collection import Collection
from app.ui.background import run_in_background
from app.ui.changes import changes_of
from app.ui.errors import show_error

RETRY_EVERY_MS = 60_000


class ResultsSender(QObject):
    status = Signal(str)
    round_finished = Signal()

    def __init__(self, col: Collection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.busy = False
        self._force = False
        self._stopped = False
        self._recording = False
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_EVERY_MS)
        self.timer.timeout.connect(self.send_due)
        self.timer.start()
        changes_of(col).changed.connect(self._on_changes)

    def _on_changes(self, changes: Change) -> None:
        if self._recording:
            return  # our own bookkeeping, not new results
        if not self._stopped and changes & (Change.QUIZZES | Change.SETTINGS):
            self.status.emit(outbox_status(self.col).text())
            if not self.busy:
                QTimer.singleShot(0, self.send_due)

    def send_now(self) -> None:
        """"Send Now": everything waiting, whatever the backoff says."""
        self._force = True
        self.send_due()

    def send_due(self) -> None:
        if self.busy or self._stopped:
            return
        settings = load_class_settings(self.col)
        rows = next_batch(self.col, force=self._force) if settings.active else []
        if not rows:
            self._force = False
            self.status.emit(outbox_status(self.col).text())
            self.round_finished.emit()
            return
        try:
            secret = get_secret(settings)
        except ClassroomError as exc:
            self._stop(str(exc))
            return
        if secret is None:
            self._stop("The LRS secret is missing: enter it in Settings → Class.")
            return
        self.busy = True
        endpoint, key = settings.endpoint, settings.key

        def work() -> BatchOutcome:
            with LrsClient(endpoint, key, secret) as client:
                return post_batch(client, rows)

        run_in_background(work, self._record, lambda exc: self._failed(rows, exc))

    def _record(self, outcome: BatchOutcome) -> None:
        self.busy = False
        if self._stopped:
            return  # closing: the outcome is unknown to the collection; resent next time
        self._recording = True
        try:
            record_outcome(self.col, outcome)
        finally:
            self._recording = False
        if outcome.sent and not outcome.stop:
            QTimer.singleShot(0, self.send_due)  # the next batch, if any
        else:
            self._force = False
            self.status.emit(outbox_status(self.col).text())
            self.round_finished.emit()

    def _failed(self, rows: list, exc: BaseException) -> None:
        """Not an LRS answer but a fault of ours: shown and logged; the batch waits."""
        self.busy = False
        show_error(None, "Sending class results", exc)
        self._force = False
        self.status.emit(outbox_status(self.col).text())
        self.round_finished.emit()

    def _stop(self, message: str) -> None:
        self._force = False
        waiting = outbox_status(self.col).text()
        self.status.emit(f"{waiting} — {message}" if waiting else "")
        self.round_finished.emit()

    def stop(self) -> None:
        """The window closes: no more rounds (a request in flight just reports)."""
        self.timer.stop()
        self._stopped = True

    def waited_for(self, timeout_s: float = 30.0) -> None:
        """For tests and closing: wait until no request is in flight."""
        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + timeout_s
        while self.busy and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
