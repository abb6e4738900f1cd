"""File → Import Deck…: Anki packages, CSV/TSV, Quizlet, Anki plain text, GIFT and Aiken.

Why a worker thread: reading a large Anki package takes seconds, and the
window must stay responsive with a Cancel button meanwhile. The file is
parsed off the GUI thread (the core is Qt-free and touches no collection
while parsing), then stored — one transaction — on a worker's connection with
its own progress and Cancel (`run_on_worker_view`), so a cancelled import
stores nothing. The summary lists what was
converted how and what was not imported, so nothing is dropped silently.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.core.errors import ActionCancelled, InteropError, StudyDeskError
from app.core.interop.imports import TABLE_FORMATS, detect_format, read_deck_file
from app.core.interop.model import IMPORT_CHANGES, ImportedDeck, ImportSummary, store_import
from app.core.notes.store import all_note_ids
from app.core.storage.collection import Collection
from app.ui.decks.actions import show_status
from app.ui.errors import reporting, show_error
from app.ui.jobs import run_on_worker_view

DECK_IMPORT_FILTER = ("Decks (*.apkg *.colpkg *.csv *.tsv *.txt *.gift *.xml);;"
                      "Anki packages (*.apkg *.colpkg);;CSV or TSV (*.csv *.tsv);;"
                      "Quizlet, Anki text, GIFT or Aiken (*.txt *.gift);;"
                      "Moodle XML (*.xml);;All files (*)")


class _Reader(QObject):
    """Parses one file on a worker thread; reports the deck or the error."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, path: Path, fmt: str | None, with_scheduling: bool,
                 known_ids: set[str]) -> None:
        super().__init__()
        self.path, self.fmt, self.with_scheduling = path, fmt, with_scheduling
        self.known_ids = known_ids

    def run(self) -> None:
        try:
            deck = read_deck_file(self.path, self.fmt, None, self.with_scheduling,
                                  known_ids=self.known_ids)
        except Exception as exc:  # noqa: BLE001 - shown to the user by the GUI thread
            self.failed.emit(exc)
        else:
            self.done.emit(deck)


class DeckImport(QObject):
    """One import in progress: the worker, the progress dialog, and what happens after."""

    finished = Signal(object)  # ImportSummary, or None when cancelled or failed

    def __init__(self, parent: QWidget, col: Collection, path: Path, fmt: str | None = None,
                 with_scheduling: bool = True, parsed: ImportedDeck | None = None) -> None:
        super().__init__(parent)
        self.parent_widget, self.col, self.path = parent, col, path
        self.parsed = parsed  # already read (a previewed table): only storing is left
        self.cancelled = False
        self.progress = QProgressDialog(f"Reading {path.name}…", "Cancel", 0, 0, parent)
        self.progress.setWindowTitle("Import Deck")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self._cancel)
        self.thread = QThread(self)
        known = all_note_ids(col)  # StudyDesk's own notes coming back from Anki
        self.reader = _Reader(path, fmt, with_scheduling, known)
        self.reader.moveToThread(self.thread)
        self.thread.started.connect(self.reader.run)
        self.reader.done.connect(self._store)
        self.reader.failed.connect(self._failed)
        self.reader.done.connect(self.thread.quit)
        self.reader.failed.connect(self.thread.quit)

    def start(self) -> None:
        if self.parsed is not None:
            deck = self.parsed
            QTimer.singleShot(0, lambda: self._store(deck))  # after the caller has connected
        else:
            self.thread.start()

    def _cancel(self) -> None:
        self.cancelled = True

    def _failed(self, exc: BaseException) -> None:
        self.progress.reset()
        if not self.cancelled:
            show_error(self.parent_widget, "Import failed", exc)
        self.finished.emit(None)

    def _store(self, deck: ImportedDeck) -> None:
        self.progress.reset()
        if self.cancelled:
            self.finished.emit(None)
            return
        summary: ImportSummary | None = None
        with reporting(self.parent_widget, "Import failed"):
            try:
                # on a worker's connection: 20,000 notes with their history take seconds
                summary = run_on_worker_view(
                    self.parent_widget, self.col, "Import Deck",
                    f"Storing {len(deck.notes):,} notes from {self.path.name}…",
                    IMPORT_CHANGES, lambda view, progress: store_import(view, deck, progress))
            except ActionCancelled:
                show_status(self.parent_widget,
                            f"Importing {self.path.name} was cancelled; nothing was changed.")
            else:
                QMessageBox.information(self.parent_widget, "Deck imported", summary.message)
        self.finished.emit(summary)

    def wait(self) -> None:
        """For tests and shutdown: let the worker finish."""
        self.thread.wait()


def choose_and_import(parent: QWidget, col: Collection, path: str | None = None,
                      fmt: str | None = None) -> DeckImport | None:
    """Ask for a file (unless given), then import it in the background."""
    if not path:
        path, _ = QFileDialog.getOpenFileName(parent, "Import Deck", str(Path.home()),
                                              DECK_IMPORT_FILTER)
        if not path:
            return None
    try:
        fmt = fmt or detect_format(Path(path))
        if fmt == "article":
            raise InteropError(path, "is an article, not a deck: use File → Import Article")
        if fmt in TABLE_FORMATS:  # previewed, columns mapped, then stored
            from app.ui.decks.table_preview import TablePreviewDialog

            dialog = TablePreviewDialog(Path(path), fmt, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            job = DeckImport(parent, col, Path(path), fmt, parsed=dialog.deck())
            job.start()
            return job
    except StudyDeskError as exc:
        show_error(parent, "Import failed", exc)
        return None
    with_scheduling = True
    if fmt in ("apkg", "colpkg"):
        answer = QMessageBox.question(
            parent, "Import Deck", "Include the cards' scheduling and review history from "
            "Anki?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        with_scheduling = answer == QMessageBox.StandardButton.Yes
    job = DeckImport(parent, col, Path(path), fmt, with_scheduling)
    job.start()
    return job
