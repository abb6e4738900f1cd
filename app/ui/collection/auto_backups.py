"""The backups made without being asked — every 30 minutes, at close, before a deletion,
a deck load or an import — each copied on a worker's connection, off the GUI thread.

Why: at 300,000 cards the collection is ~360 MB and a copy takes seconds; on the GUI
thread the window froze meanwhile. The periodic one is silent (a failure is a note in
the status bar, never a dialog in the middle of study); the one at close shows a small
"Backing up…" dialog while the window keeps painting; the one before a deletion runs
with progress and Cancel, and when it fails the student chooses whether to go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import ActionCancelled, BackupError
from app.core.storage import backups
from app.core.storage.collection import Collection
from app.ui.background import run_in_background
from app.ui.jobs import Progress, run_with_progress
from app.ui.widgets import confirmed


def _copy(col: Collection, reason: str, what: str) -> Callable[[Progress], Path]:
    """A job for `run_with_progress`: the backup, copied from the job's own connection."""

    def copy(progress: Progress) -> Path:
        with col.worker_view() as view:
            return backups.create_backup(view, reason, progress=progress, what=what)

    return copy


class PeriodicBackups(QObject):
    """A backup every 30 minutes of use, when something changed since the last one, made
    on a worker's connection without a word unless it fails."""

    finished = Signal(object)  # the backup's Path, or the BackupError it failed with

    def __init__(self, col: Collection, parent: QObject,
                 minutes: int = backups.PERIODIC_MINUTES) -> None:
        super().__init__(parent)
        self.col = col
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(minutes * 60 * 1000)
        self.timer.timeout.connect(self.backup_if_changed)
        self.timer.start()

    def backup_if_changed(self) -> None:
        if self.running or not self.col.changed_since_backup or self.col.closed:
            return
        self.running = True
        # What is committed while the copy runs belongs to the next backup: the copy is
        # one snapshot, taken as it starts.
        self.col.changed_since_backup = False
        view = self.col.worker_view()

        def copy() -> Path:
            with view:
                return backups.create_backup(view, "periodic")

        run_in_background(copy, self._done, self._failed)

    def wait(self) -> None:
        """Until the copy under way (if any) is done, the window painting meanwhile: at
        close, so that quitting does not cut it short."""
        if self.running:
            loop = QEventLoop()
            self.finished.connect(loop.quit)  # told on this thread, never before exec
            loop.exec()

    def _done(self, path: Path) -> None:
        if not shiboken6.isValid(self):  # the window closed while it copied
            return
        self.running = False
        backups.last_failure = None
        self.finished.emit(path)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.running = False
        self.col.changed_since_backup = True  # still not backed up: the next timeout tries
        backups.last_failure = str(exc)
        window = self.parent()
        status = getattr(window, "statusBar", None)
        if status is not None:  # never a dialog in the middle of study: a note
            status().showMessage(f"Backup failed: {exc}", 15000)
        self.finished.emit(exc)


def back_up_at_close(parent: QWidget, col: Collection) -> None:
    """The backup on closing, after a change: a small "Backing up…" dialog (Cancel skips
    it) while the window keeps painting. Afterwards the collection's own close does not
    try again on the GUI thread, whatever happened."""
    if col.closed or not (col.backup_on_close and col.changed_since_backup):
        return
    try:
        run_with_progress(parent, "Closing", "Backing up…", _copy(col, "close", "Backing up"))
    except ActionCancelled:
        pass  # the student chose to close without one
    except BackupError as exc:
        backups.last_failure = str(exc)
        QMessageBox.warning(parent, "Backup failed", f"{exc}\n\nThe collection itself is "
                            "saved; only this backup is missing.")
    col.changed_since_backup = False


@contextmanager
def backed_up_first(parent: QWidget | None, col: Collection, action: str,
                    what: str) -> Iterator[None]:
    """Run the block (a deletion, a deck load, an import) after a backup, when anything
    changed since the last: the copy with progress and Cancel (`ActionCancelled`: the
    block does not run). If it fails the student is told why and chooses: go on without
    a backup, or not (`ActionCancelled`)."""
    if not col.changed_since_backup or col.conn.in_transaction:
        yield
        return
    declined = False
    try:
        run_with_progress(parent, what, "Backing up the collection first…",
                          _copy(col, f"before-{action}", what))
    except BackupError as exc:
        if not confirmed(parent, "Backup failed",
                         f"No backup could be made before {what[0].lower() + what[1:]}:"
                         f"\n\n{exc}\n\nGo on without a backup?"):
            raise ActionCancelled(what) from exc
        declined = True
    # Backed up, or gone on without: the core's own `backup_before` is not to copy again
    # (here, or in a job's `worker_view`, which inherits the flag); the block's commit
    # marks the collection changed once more.
    col.changed_since_backup = False
    try:
        yield
    except BaseException:
        if declined:
            col.changed_since_backup = True  # nothing new, but still not backed up
        raise
