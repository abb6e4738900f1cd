"""File → Export Cards As…: an article's or deck's cards for Moodle, Quizlet or a spreadsheet.

The format follows the file type chosen in the save dialog; writing is the core's
(`app.core.interop.exports`), atomic, and its summary names what Moodle cannot ask.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from app.core.export.anki import article_source
from app.core.interop.exports import write_source
from app.core.storage.collection import Collection

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
    """Ask where and in which format, then write; returns the file written."""
    source = article_source(col, article_id)
    if path is None:
        start = Path.home() / f"{article_id}.gift"
        path, chosen_filter = QFileDialog.getSaveFileName(
            parent, "Export Cards As", str(start), ";;".join(EXPORT_FILTERS))
        if not path:
            return None
    fmt, suffix = EXPORT_FILTERS.get(chosen_filter or "", ("gift", ".gift"))
    out = Path(path)
    if not out.suffix:
        out = out.with_suffix(suffix)
    message = write_source(source, out, fmt)
    if isinstance(parent, QMainWindow):
        parent.statusBar().showMessage(message, 8000)
    return out
