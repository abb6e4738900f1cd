"""File → Export to Anki…: choose sections, choose a file, watch progress, read the summary.

The package is written on a worker thread (`jobs.run_with_progress`): the window keeps
painting, and Cancel stops it with no file left behind.

Thin on purpose: which notes, how they become an .apkg and what is refused
all live in `app.core.export`; this dialog only asks and shows.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.batches import Progress, report
from app.core.errors import ActionCancelled, ExportError
from app.core.export.anki import ExportResult, article_source, export_notes
from app.core.export.scheduling import collect_scheduling
from app.core.export.source import ExportSource, cards_per_section, only_sections
from app.core.notes.rows import count_text
from app.core.storage.collection import Collection
from app.ui.jobs import run_with_progress

APKG_FILTER = "Anki package (*.apkg)"


class ExportDialog(QDialog):
    """Pick the sections of one article to export; `export_result` holds what was written.

    (Not `result`: that is QDialog.result(), the accepted/rejected code.)
    """

    def __init__(self, col: Collection, article_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: ExportSource = article_source(col, article_id)
        self.export_result: ExportResult | None = None
        self.setWindowTitle("Export to Anki")
        counts = cards_per_section(self.source)
        notes = Counter(note.section_idx for note in self.source.notes)

        intro = QLabel(f"Export the cards of “{self.source.title}” as an Anki package. "
                       "Each section becomes a subdeck.", self)
        intro.setWordWrap(True)
        self.sections = QListWidget(self)
        # long titles wrap instead of hiding behind a horizontal scroll bar
        self.sections.setWordWrap(True)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sections.setTextElideMode(Qt.TextElideMode.ElideNone)
        for idx, title in enumerate(self.source.sections):
            n = counts.get(idx, 0)
            item = QListWidgetItem(f"{idx + 1:02d} {title} — {count_text(notes[idx], n)}",
                                   self.sections)
            item.setData(Qt.ItemDataRole.UserRole, idx)
            if n:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self.sections.itemChanged.connect(self._update_buttons)

        self.select_all = QPushButton("Select &All", self)
        self.select_none = QPushButton("Select &None", self)
        self.select_all.clicked.connect(lambda: self._check_all(True))
        self.select_none.clicked.connect(lambda: self._check_all(False))
        choose = QHBoxLayout()
        choose.addWidget(self.select_all)
        choose.addWidget(self.select_none)
        choose.addStretch(1)

        self.with_scheduling = QCheckBox("Include &scheduling and review history", self)
        self.with_scheduling.setToolTip("Like Anki's option: the cards keep what you learnt "
                                        "(import the package with \"Import scheduling\")")
        self.col = col

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("&Export…",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self.summary = QLabel(self)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.sections, 1)
        layout.addLayout(choose)
        layout.addWidget(self.with_scheduling)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._fit_to_sections()
        self._update_buttons()

    def _fit_to_sections(self) -> None:
        """Wide enough for the longest "04 Title — n notes (m cards)" line (within the
        screen), tall enough for every line, so nothing is clipped or scrolled."""
        metrics = self.sections.fontMetrics()
        widest = max((metrics.horizontalAdvance(item.text()) for item in self._items()),
                     default=0)
        screen = self.screen().availableGeometry() if self.screen() else None
        cap = int(screen.width() * 0.8) if screen else 900
        width = min(max(560, widest + 80), cap)  # check box, margins, frame
        self.resize(width, max(420, self.sizeHint().height()))

    # -- choosing --------------------------------------------------------------------
    def _items(self) -> list[QListWidgetItem]:
        return [self.sections.item(i) for i in range(self.sections.count())]

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self._items():
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                item.setCheckState(state)

    def chosen_sections(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.flags() & Qt.ItemFlag.ItemIsEnabled
                and item.checkState() == Qt.CheckState.Checked]

    def chosen_source(self) -> ExportSource:
        return only_sections(self.source, self.chosen_sections())

    def _update_buttons(self) -> None:
        source = self.chosen_source()
        cards = sum(cards_per_section(source).values())
        self.export_button.setEnabled(cards > 0)
        self.summary.setText(f"{count_text(len(source.notes), cards)} in "
                             f"{len(self.chosen_sections())} section(s) will be exported."
                             if cards else "There are no cards to export: choose a section "
                                           "that has cards.")

    # -- exporting -------------------------------------------------------------------
    def export(self) -> ExportResult | None:
        """Ask for a file, write it with a progress dialog, then show the summary."""
        source = self.chosen_source()
        suggested = str(Path.home() / f"{source.key}.apkg")
        path, _ = QFileDialog.getSaveFileName(self, "Export to Anki", suggested, APKG_FILTER)
        if not path:
            return None
        with_scheduling = self.with_scheduling.isChecked()

        def write(progress: Progress) -> ExportResult:
            """On a worker thread: the package is built and written there (a temporary
            file, renamed at the end: Cancel leaves no file), the review history read on
            the worker's own connection."""
            def tell(done: int, total: int) -> None:
                report(progress, done, total, "Export to Anki")

            with self.col.worker_view() as view:
                scheduling = collect_scheduling(view, source.notes) if with_scheduling else None
            return export_notes(source, path, tell, scheduling)

        try:
            self.export_result = run_with_progress(self, "Export to Anki",
                                                   "Writing the Anki package…", write)
        except ActionCancelled:
            self.summary.setText("Export cancelled; nothing was written.")
            return None
        except ExportError as exc:
            QMessageBox.warning(self, "Export to Anki failed", str(exc))
            return None
        QMessageBox.information(self, "Exported to Anki", self.export_result.message + ".")
        self.accept()
        return self.export_result


def export_to_anki(parent: QWidget | None, col: Collection,
                   article_id: str) -> ExportResult | None:
    """File → Export to Anki…: run the dialog; the result, or None if nothing was written."""
    try:
        dialog = ExportDialog(col, article_id, parent)
    except ExportError as exc:
        QMessageBox.warning(parent, "Export to Anki", str(exc))
        return None
    dialog.exec()
    return dialog.export_result
