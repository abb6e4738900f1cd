"""File → Export Cards As… and Export Quiz for Moodle…: an article's cards for Moodle,
Quizlet or a spreadsheet, or one of its instructor quizzes for Moodle.

The format follows the file type chosen in the save dialog; writing is the core's
(`app.core.interop.exports`), atomic, and its summary names what Moodle cannot ask.
The cards or questions are read and written on a worker thread with progress and
Cancel (`jobs.run_with_progress`); a cancelled export writes no file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from app.core.errors import ActionCancelled
from app.core.export.anki import article_source
from app.core.interop.exports import write_quiz, write_source
from app.core.storage.collection import Collection
from app.ui.jobs import Progress, run_with_progress

#: save-dialog filter → (format, suffix)
EXPORT_FILTERS: dict[str, tuple[str, str]] = {
    "Moodle GIFT (*.gift *.txt)": ("gift", ".gift"),
    "Moodle XML (*.xml)": ("moodle-xml", ".xml"),
    "CSV with a header row (*.csv)": ("csv", ".csv"),
    "TSV with a header row (*.tsv)": ("tsv", ".tsv"),
    "Quizlet: term and definition (*.txt)": ("quizlet", ".txt"),
    "Anki: Notes in Plain Text (*.txt)": ("anki-text", ".txt"),
}


def export_cards_as(parent: QWidget, col: Collection, article_id: str,
                    path: str | None = None, chosen_filter: str | None = None) -> Path | None:
    """Ask where and in which format, then write; returns the file written (None when
    nothing was: no file chosen, or Cancel pressed)."""
    target = _target(parent, "Export Cards As", Path.home() / f"{article_id}.gift",
                     EXPORT_FILTERS, path, chosen_filter)
    if target is None:
        return None
    out, fmt = target

    def write(progress: Progress) -> str:
        with col.worker_view() as view:  # the cards read on the worker's own connection
            source = article_source(view, article_id)
        return write_source(source, out, fmt, progress)

    return _write_off_the_gui_thread(parent, "Export Cards As", out, write)


def _write_off_the_gui_thread(parent: QWidget, title: str, out: Path,
                              write: Callable[[Progress], str]) -> Path | None:
    """Run `write` behind a progress dialog with Cancel and say what it wrote; an
    export error reaches the menu's `reporting`, which shows it in its own words."""
    try:
        _say(parent, run_with_progress(parent, title, f"Writing {out.name}…", write))
    except ActionCancelled:
        _say(parent, f"Export cancelled; {out.name} was not written.")
        return None
    return out


def _target(parent: QWidget, title: str, start: Path, filters: dict[str, tuple[str, str]],
            path: str | None, chosen_filter: str | None) -> tuple[Path, str] | None:
    """Where to write and in which format: asked in the save dialog unless `path` is
    given; the first filter's format by default, and its suffix on a bare name."""
    if path is None:
        path, chosen_filter = QFileDialog.getSaveFileName(parent, title, str(start),
                                                          ";;".join(filters))
        if not path:
            return None
    fmt, suffix = filters.get(chosen_filter or "", next(iter(filters.values())))
    out = Path(path)
    return (out if out.suffix else out.with_suffix(suffix)), fmt


def _say(parent: QWidget, message: str) -> None:
    """What was written, in the main window's status bar."""
    if isinstance(parent, QMainWindow):
        parent.statusBar().showMessage(message, 8000)


QUIZ_FILTERS: dict[str, tuple[str, str]] = {
    "Moodle XML (*.xml)": ("moodle-xml", ".xml"),
    "Moodle GIFT (*.gift *.txt)": ("gift", ".gift"),
}


def export_quiz_for_moodle(parent: QWidget, col: Collection, article_id: str,
                           quiz_id: str | None = None, path: str | None = None,
                           chosen_filter: str | None = None) -> Path | None:
    """Choose one of the article's instructor quizzes and write it for Moodle."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from app.core.decks.store import list_quizzes

    quizzes = list_quizzes(col, article_id=article_id)
    if not quizzes:
        QMessageBox.information(parent, "Export Quiz for Moodle",
                                "This article has no instructor quizzes yet "
                                "(Study → Quiz Builder… makes one).")
        return None
    if quiz_id is None:
        labels = [f"{q.title} ({q.summary()})" for q in quizzes]
        label, ok = QInputDialog.getItem(parent, "Export Quiz for Moodle", "Quiz:", labels, 0,
                                         False)
        if not ok:
            return None
        quiz_id = quizzes[labels.index(label)].id
    target = _target(parent, "Export Quiz for Moodle", Path.home() / f"{quiz_id}.xml",
                     QUIZ_FILTERS, path, chosen_filter)
    if target is None:
        return None
    out, fmt = target
    chosen = quiz_id

    def write(progress: Progress) -> str:
        with col.worker_view() as view:  # the questions read on the worker's own connection
            return write_quiz(view, chosen, out, fmt, progress)

    return _write_off_the_gui_thread(parent, "Export Quiz for Moodle", out, write)
