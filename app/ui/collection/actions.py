"""Edit → Undo and Tools → Check Database, for the main window.

Why here and not in the window: each is a few lines of UI around one core call
(`undo_last`, `check_database`), and the main window only wires them to its menus.
The automatic backups are in `auto_backups`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.core.changes import Change
from app.core.errors import ActionCancelled
from app.core.storage.check import CheckReport, Findings, check_database, find_problems
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last, undo_size
from app.ui.errors import reporting
from app.ui.jobs import run_on_worker_view, run_with_progress

#: Rows an undo puts back beyond which it runs on a worker, behind progress and Cancel
#: (undoing a reschedule of 300,000 cards, the deletion of a big article): a few
#: thousand take well under the 100 ms a click may stall the window.
UNDO_ON_WORKER_ROWS = 3000


def undo_text(col: Collection) -> str:
    """The Edit menu's words for what Undo would take back."""
    label = col.undo.label
    return f"&Undo {label}" if label else "&Undo"


def update_undo_action(action: QAction, col: Collection) -> None:
    action.setText(undo_text(col))
    action.setEnabled(col.undo.label is not None)


def undo_last_action(parent: QWidget, col: Collection) -> str | None:
    """Take back the newest destructive action; returns what was undone (None when
    nothing was: nothing to undo, a refusal shown, or Cancel, as the status bar says)."""
    entry = col.undo.peek()
    if entry is None:
        return None
    with reporting(parent, "Undo"):
        if undo_size(entry) <= UNDO_ON_WORKER_ROWS:
            return undo_last(col)
        try:
            return _undo_on_worker(parent, col)
        except ActionCancelled as exc:
            bar = getattr(parent, "statusBar", None)
            if bar is not None:
                bar().showMessage(str(exc), 8000)
            return None
    return None


def _undo_on_worker(parent: QWidget, col: Collection) -> str:
    """`undo_last` of `col`'s newest entry on a second connection (`worker_view`), the
    window painting meanwhile; then, on the GUI thread, the entry leaves `col`'s stack
    and `col` tells its windows. A refusal, a failure or Cancel changes nothing and
    leaves the entry where it was."""
    entry = col.undo.peek()
    assert entry is not None

    def work(progress: Callable[[int, int], bool]) -> str:
        with col.worker_view() as view:
            view.undo.push(entry)
            return undo_last(view, progress)

    label = run_with_progress(parent, "Undo", f"Undoing {entry.label}…", work)
    col.undo.discard(entry)
    col.adopt(entry.changes)
    return label


class CheckWorker(QObject):
    """Runs the read-only part of Check Database on its own connection, off the GUI thread."""

    found = Signal(object)  # Findings
    failed = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.cancelled = False

    def run(self) -> None:
        try:
            conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True,
                                   check_same_thread=False)
            with self._lock:
                self._conn = conn
            try:
                if self.cancelled:
                    raise sqlite3.OperationalError("interrupted")
                findings = find_problems(conn)
            finally:
                with self._lock:
                    self._conn = None
                conn.close()
        except sqlite3.Error as exc:
            self._home()
            self.failed.emit("Check Database was cancelled; nothing was changed."
                             if self.cancelled else f"Check Database could not read "
                             f"{self.path}: {exc}")
            return
        self._home()
        self.found.emit(findings)

    def _home(self) -> None:
        """Back to the GUI thread before the worker thread ends, so that the worker is
        deleted there like any other object (never from a finished thread)."""
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())

    def cancel(self) -> None:
        """Stop the check at SQLite's next step (callable from the GUI thread)."""
        self.cancelled = True
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()


class _CheckRun(QObject):
    """The GUI-thread side of one Check Database run: progress, fixing, the report."""

    def __init__(self, parent: QWidget, col: Collection) -> None:
        super().__init__()  # owned by `parent._check_run` (Python), replaced by the next run
        self.parent_widget = parent
        self.col = col
        self.progress = QProgressDialog("Checking the collection…", "Cancel", 0, 0, parent)
        self.progress.setWindowTitle("Check Database")
        self.progress.setObjectName("checkProgress")
        self.progress.setMinimumDuration(300)
        self.thread = QThread(self)
        self.worker = CheckWorker(col.path)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.progress.canceled.connect(self.worker.cancel, Qt.ConnectionType.DirectConnection)
        self.worker.found.connect(self.found)
        self.worker.failed.connect(self.failed)
        parent._check_run = self  # type: ignore[attr-defined]
        self.thread.start()

    def _done(self) -> None:
        self.progress.reset()
        self.progress.deleteLater()
        self.thread.quit()
        self.thread.wait()

    @Slot(object)
    def found(self, findings: Findings) -> None:
        self._done()
        if self.worker.cancelled:
            return
        parent = self.parent_widget
        with reporting(parent, "Check Database"):
            report = self._fix(findings)
            icon = (QMessageBox.Icon.Information if not report.damaged
                    else QMessageBox.Icon.Critical)
            box = QMessageBox(icon, "Check Database", report.text(),
                              QMessageBox.StandardButton.Ok, parent)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setObjectName("checkReport")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def _fix(self, findings: Findings) -> CheckReport:
        """The fixes (after a backup) on a worker's connection with progress and Cancel:
        rescheduling or re-making the cards of a big collection takes seconds. Nothing
        to fix: the report alone, which writes nothing."""
        if not findings.fixable:
            return check_database(self.col, fix=True, findings=findings)
        return run_on_worker_view(
            self.parent_widget, self.col, "Check Database", "Fixing what was found…",
            Change.everything(),
            lambda view, progress: check_database(view, fix=True, findings=findings,
                                                  progress=progress))

    @Slot(str)
    def failed(self, message: str) -> None:
        self._done()
        if not self.worker.cancelled:
            QMessageBox.warning(self.parent_widget, "Check Database", message)


def run_check_database(parent: QWidget, col: Collection) -> CheckWorker:
    """Tools → Check Database: check, then fix what is safe (after a backup), each off the
    GUI thread with Cancel, and say exactly what was found and done."""
    return _CheckRun(parent, col).worker
