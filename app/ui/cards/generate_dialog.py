""""Generate cards…": ranked candidates for an article or a section; keep, edit, add.

Thin by design: candidates come from `app.core.generate.generate_candidates`
(run on a worker thread, so a long article shows a busy bar instead of a
frozen window), edits go through `edit_candidate`, and "Add N cards" is one
`save_candidates` call — one transaction, all or nothing. Nothing is checked
at first: the user decides what is worth studying.

One row is one question: where the generator can ask it several ways (a
cloze, multiple choice, true/false), "Ask as" switches the row between them,
keeping an edit made to each.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.articles.library import load_article
from app.core.articles.model import Article
from app.core.errors import CollectionWriteError
from app.core.generate import Candidate, edit_candidate, generate_candidates, save_candidates
from app.core.generate.convert import already_added
from app.core.notes.model import NoteError
from app.core.storage.collection import Collection
from app.ui.widgets import plain_tooltip, text_label

COLUMNS = ("Keep", "Rank", "Type", "Section", "Prompt", "Answer")
KEEP, RANK, TYPE, SECTION, PROMPT, ANSWER = range(len(COLUMNS))
#: Share of the best-ranked suggestions given three and two stars (the rest one).
STAR_SHARES = (0.15, 0.5)
SECTION_WIDTH_CHARS = 18  # long section titles are elided; the full title is the tooltip


def stars(rank: int, count: int) -> str:
    """A suggestion's rank (0 = best) as stars a student reads at a glance, not a raw score."""
    share = (rank + 1) / max(count, 1)
    filled = 3 if share <= STAR_SHARES[0] else 2 if share <= STAR_SHARES[1] else 1
    return "★" * filled + "☆" * (3 - filled)
TYPE_LABELS = {"cloze": "Cloze", "qa": "Question", "mcq": "Multiple choice",
               "truefalse": "True/false"}


class _Worker(QObject):
    """Runs the generator away from the GUI thread; it touches only the Article."""

    finished = Signal(list)

    def __init__(self, article: Article, section_idx: int | None) -> None:
        super().__init__()
        self.article = article
        self.section_idx = section_idx

    def run(self) -> None:
        self.finished.emit(generate_candidates(self.article, self.section_idx))


class GenerateDialog(QDialog):
    """Pick generated candidates to become cards. Emits `cards_added(count)` after saving."""

    cards_added = Signal(int)
    candidates_ready = Signal()

    def __init__(self, col: Collection, article_id: str, section_idx: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.article_id = article_id
        self.section_idx = section_idx
        self.article = load_article(col, article_id)
        self.candidates: list[Candidate] = []  # per row: the way of asking chosen now
        self.variants: list[list[Candidate]] = []  # per row: every way of asking it
        self.current: list[int] = []  # per row: which of its variants is shown
        self._loading_row = False
        where = (self.article.sections[section_idx].title if section_idx is not None
                 else self.article.title)
        self.setWindowTitle(f"Generate cards – {where}")
        self.resize(1000, 640)
        self._build()
        self._start()

    # -- layout ---------------------------------------------------------------
    def _build(self) -> None:
        self.status = QLabel("Generating candidate cards…", self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: generation reports no steps
        self.type_filter = QComboBox(self)
        self.type_filter.addItem("All types", "")
        for kind, label in TYPE_LABELS.items():
            self.type_filter.addItem(label, kind)
        self.type_filter.currentIndexChanged.connect(self._apply_filter)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for col in (KEEP, RANK, TYPE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # prompt and answer get the width: the section is a fixed, elided column (and
        # not shown at all when every suggestion comes from the one section asked for)
        header.setSectionResizeMode(SECTION, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(SECTION, self.fontMetrics().averageCharWidth()
                                  * SECTION_WIDTH_CHARS)
        self.table.setColumnHidden(SECTION, self.section_idx is not None)
        header.setSectionResizeMode(PROMPT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ANSWER, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(ANSWER, self.fontMetrics().averageCharWidth() * 30)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_row(row))

        editor = QWidget(self)
        form = QFormLayout(editor)
        self.prompt_edit = QPlainTextEdit(editor)
        self.prompt_edit.setPlaceholderText("What the student sees; a cloze keeps one [...] gap")
        self.answer_edit = QLineEdit(editor)
        self.ask_as = QComboBox(editor)
        self.ask_as.setToolTip("The same fact asked another way")
        self.ask_as.currentIndexChanged.connect(self._on_ask_as)
        self.options_label = text_label(parent=editor)
        self.options_label.setWordWrap(True)
        self.source_label = text_label(parent=editor)
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Ask as", self.ask_as)
        form.addRow("Prompt", self.prompt_edit)
        form.addRow("Answer", self.answer_edit)
        form.addRow("Options", self.options_label)
        form.addRow("Source", self.source_label)
        editor.setEnabled(False)
        self.editor = editor
        self.prompt_edit.textChanged.connect(self._on_edit)
        self.answer_edit.textEdited.connect(self._on_edit)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(editor)
        split.setSizes([440, 200])

        self.add_button = QPushButton("Add 0 cards", self)
        self.add_button.setEnabled(False)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_cards)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.type_filter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    # -- generation ---------------------------------------------------------
    def _start(self) -> None:
        self._thread = QThread(self)
        self._worker = _Worker(self.article, self.section_idx)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.finished.connect(self._show_candidates)
        self._worker.finished.connect(self._thread.quit)
        self._thread.start()

    def _show_candidates(self, candidates: list[Candidate]) -> None:
        self.variants = [list(c.variants()) for c in candidates]
        self.current = [0] * len(candidates)
        self.candidates = [v[0] for v in self.variants]
        self.progress.hide()
        self.status.setText(f"{len(candidates)} suggestions, best first. "
                            "Tick the ones worth keeping; select one to edit it.")
        self.table.blockSignals(True)
        self.table.setRowCount(len(candidates))
        added = already_added(self.col, [v for vs in self.variants for v in vs])
        for row, c in enumerate(self.candidates):
            if any(v.id in added for v in self.variants[row]):
                # already one of your cards, asked one way or another: shown, not offered again
                keep = self._added_item()
            else:
                keep = QTableWidgetItem()
                keep.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                              | Qt.ItemFlag.ItemIsSelectable)
                keep.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, KEEP, keep)
            rank = QTableWidgetItem(stars(row, len(candidates)))
            rank.setToolTip(f"Suggestion {row + 1} of {len(candidates)}, best first")
            self.table.setItem(row, RANK, rank)
            section = QTableWidgetItem(c.section)
            section.setToolTip(c.section)
            self.table.setItem(row, SECTION, section)
            self._set_texts(row, c)
        self.table.blockSignals(False)
        self._apply_filter()
        self.candidates_ready.emit()

    @staticmethod
    def _added_item() -> QTableWidgetItem:
        """A Keep cell without a check box (a new item: clearing an item's check state
        with None corrupts a reference count in PySide 6.12)."""
        keep = QTableWidgetItem("added")
        keep.setFlags(Qt.ItemFlag.ItemIsSelectable)
        keep.setToolTip("Already one of your cards")
        return keep

    def _set_texts(self, row: int, c: Candidate) -> None:
        kind = QTableWidgetItem(TYPE_LABELS[c.kind])
        others = [TYPE_LABELS[v.kind] for i, v in enumerate(self.variants[row])
                  if i != self.current[row]]
        if others:
            kind.setText(f"{TYPE_LABELS[c.kind]} (+{len(others)})")
            kind.setToolTip("Can also be asked as: " + ", ".join(others))
        self.table.setItem(row, TYPE, kind)
        for column, text in ((PROMPT, c.prompt), (ANSWER, c.answer)):
            item = QTableWidgetItem(text)
            item.setToolTip(plain_tooltip(text))
            self.table.setItem(row, column, item)

    def _apply_filter(self) -> None:
        """Rows that can be asked as the chosen type, switched to it."""
        wanted = self.type_filter.currentData()
        for row, c in enumerate(self.candidates):
            kinds = [v.kind for v in self.variants[row]]
            if wanted and wanted in kinds and c.kind != wanted:
                self._switch(row, kinds.index(wanted))
            self.table.setRowHidden(row, bool(wanted) and wanted not in kinds)
        self._show_row(self.table.currentRow())

    def _switch(self, row: int, index: int) -> None:
        """Ask row's question the index-th way; the way it was (edits and all) is kept."""
        ways = self.variants[row]
        ways[self.current[row]] = self.candidates[row]
        self.current[row] = index
        self.candidates[row] = ways[index]
        self.table.blockSignals(True)
        self._set_texts(row, ways[index])
        self.table.blockSignals(False)

    def _on_ask_as(self, index: int) -> None:
        row = self.table.currentRow()
        if self._loading_row or index < 0 or not 0 <= row < len(self.candidates):
            return
        self._switch(row, index)
        self._show_row(row)

    # -- choosing and editing ---------------------------------------------------
    def checked_rows(self) -> list[int]:
        return [row for row in range(self.table.rowCount())
                if self.table.item(row, KEEP).checkState() == Qt.CheckState.Checked]

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == KEEP:
            n = len(self.checked_rows())
            self.add_button.setText(f"Add {n} card" + ("" if n == 1 else "s"))
            self.add_button.setEnabled(n > 0)

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.candidates):
            self.editor.setEnabled(False)
            return
        c = self.candidates[row]
        self._loading_row = True
        self.ask_as.clear()
        for v in self.variants[row]:
            self.ask_as.addItem(TYPE_LABELS[v.kind], v.kind)
        self.ask_as.setCurrentIndex(self.current[row])
        self.ask_as.setEnabled(len(self.variants[row]) > 1)
        self.prompt_edit.setPlainText(c.prompt)
        self.answer_edit.setText(c.answer)
        self.options_label.setText(" / ".join(c.options) if c.options else "—")
        self.source_label.setText(c.source)
        self._loading_row = False
        self.editor.setEnabled(True)

    def _on_edit(self) -> None:
        row = self.table.currentRow()
        if self._loading_row or not 0 <= row < len(self.candidates):
            return
        edited = edit_candidate(self.candidates[row], self.prompt_edit.toPlainText().strip(),
                                self.answer_edit.text().strip())
        self.candidates[row] = edited
        self.table.blockSignals(True)
        self._set_texts(row, edited)
        self.table.blockSignals(False)
        keep = self.table.item(row, KEEP)
        if keep.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            keep.setCheckState(Qt.CheckState.Checked)  # an edited card is one worth keeping
        self.options_label.setText(" / ".join(edited.options) if edited.options else "—")

    # -- saving --------------------------------------------------------------
    def add_cards(self) -> None:
        rows = self.checked_rows()
        chosen = [self.candidates[row] for row in rows]
        if not chosen:
            return
        try:
            count = save_candidates(self.col, self.article_id, chosen)
        except NoteError as exc:
            QMessageBox.warning(self, "Cards not added",
                                f"Nothing was added, because one card needs fixing:\n\n{exc}")
            return
        except CollectionWriteError as exc:  # the dialog stays open with the choices made
            QMessageBox.warning(self, "Cards not added",
                                f"{exc}\n\nYour choices are kept: press Add again once the "
                                "problem is fixed.")
            return
        # the dialog stays open, so more can be added; what was added is marked so
        self.table.blockSignals(True)
        for row in rows:
            self.table.setItem(row, KEEP, self._added_item())
        self.table.blockSignals(False)
        self._on_item_changed(self.table.item(rows[0], KEEP))
        self.status.setText(f"Added {count} card{'s' if count != 1 else ''}. "
                            "Tick more to add them too, or Close.")
        self.cards_added.emit(count)

    def done(self, result: int) -> None:
        """Closing while generation still runs must not leave a thread behind."""
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()
        super().done(result)
