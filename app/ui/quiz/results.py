"""A quiz's results page: score, pass or fail, time, per section, every question.

Shared by the quiz window (right after the attempt) and the quiz history
(any past attempt, read-only).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.quiz.attempts import AnswerDetail, AnswerRecord, QuizResults
from app.ui.quiz.question_view import BODY_PT, PROMPT_PT
from app.ui.theme import set_item_role, set_text_role
from app.ui.widgets import plain_tooltip, text_label

SECTION_ROWS_MAX = 12  # beyond this many sections (rare) the By-section table scrolls
RESULT = 3  # the ✓/✗ column
ANSWER_COLUMN_PX = 170  # room for the results tables without scrolling a few rows


def format_seconds(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class ResultsPanel(QWidget):
    """Score, pass or fail, time, sections, and every question with both answers;
    selecting a question shows its explanation and source with "Show in article"
    (the only feedback a quiz with feedback at the end gives)."""

    review_requested = Signal()
    show_source = Signal(str, int, str)  # article id, section index, source sentence

    def __init__(self, parent: QWidget | None = None, read_only: bool = False) -> None:
        """`read_only`: a past attempt (from the history), with nothing to review from."""
        super().__init__(parent)
        self.setStyleSheet(f"font-size: {BODY_PT}pt;")
        layout = QVBoxLayout(self)
        self.score = QLabel()
        self.score.setStyleSheet(f"font-size: {PROMPT_PT + 3}pt; font-weight: bold;")
        self.summary = QLabel()
        self.sections = QTableWidget(0, 2)
        self.sections.setHorizontalHeaderLabels(["Section", "Right"])
        self.answers = QTableWidget(0, 4)
        self.answers.setHorizontalHeaderLabels(
            ["Question", "Your answer", "Correct answer", "Result"])
        for table in (self.sections, self.answers):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(table.columnCount() - 1,
                                        QHeaderView.ResizeMode.ResizeToContents)
            table.verticalHeader().setVisible(False)
        self.answers.setWordWrap(True)
        for column in (1, 2):  # answers are short; the question gets the rest of the width
            self.answers.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Interactive)
            self.answers.setColumnWidth(column, ANSWER_COLUMN_PX)
        self.answers.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.answers.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.answers.itemSelectionChanged.connect(self._show_detail)
        self.detail_hint = QLabel("Select a question to see why, and where the article says so.")
        self.pairs = text_label()  # a matching question's pairs, which its row only counts
        self.explanation = text_label()
        self.source = text_label()
        for label in (self.pairs, self.explanation, self.source):
            label.setWordWrap(True)
        self.show_button = QPushButton("Show in article")
        self.show_button.clicked.connect(self._emit_source)
        self.review_button = QPushButton("Review mistakes")
        self.review_button.clicked.connect(self.review_requested)
        self.review_button.setVisible(not read_only)
        self.close_button = QPushButton("Close")
        self.details: list[AnswerDetail] = []
        self.records: list[AnswerRecord] = []
        for w in (self.score, self.summary, QLabel("By section"), self.sections,
                  QLabel("Questions")):
            layout.addWidget(w)
        # The questions take the room; the selected one's detail below is as tall as its
        # text (no scroll box of its own), and "Show in article" sits in the button row,
        # where no scrolling can hide it.
        layout.addWidget(self.answers, 1)
        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.detail_hint, self.pairs, self.explanation, self.source):
            detail_layout.addWidget(w)
        self.detail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.detail)
        self.answers.horizontalHeader().sectionResized.connect(self._fit_rows)
        row = QHBoxLayout()
        row.addWidget(self.review_button)
        row.addWidget(self.show_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)

    def show_results(self, results: QuizResults,
                     details: list[AnswerDetail] | None = None) -> None:
        self.score.setText(f"{results.score} / {results.total}  ·  "
                           + ("Passed" if results.passed else "Not passed"))
        set_text_role(self.score, "good" if results.passed else "bad",
                      f"font-size: {PROMPT_PT + 3}pt; font-weight: bold;")
        attempt = results.attempt
        timed = " (time ran out)" if attempt.timed_out else ""
        self.summary.setText(f"Pass mark {round(results.pass_mark * 100)} %  ·  "
                             f"time {format_seconds(attempt.duration_s or 0)}{timed}")
        self.sections.setRowCount(len(results.sections))
        for r, s in enumerate(results.sections):
            self.sections.setItem(r, 0, QTableWidgetItem(s.title))
            self.sections.setItem(r, 1, QTableWidgetItem(f"{s.right} / {s.total}"))
        _fit_height(self.sections)
        self.answers.setRowCount(len(results.answers))
        for r, a in enumerate(results.answers):
            given, correct = a.summary()
            for c, text in enumerate((a.prompt, given, correct, "✓" if a.correct else "✗")):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                self.answers.setItem(r, c, item)
            mark = self.answers.item(r, RESULT)
            set_item_role(mark, "good" if a.correct else "bad")
            mark.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self._fit_rows()
        self.records = list(results.answers)
        self.details = list(details or [])
        self.review_button.setEnabled(bool(results.mistakes))
        self._show_detail()

    def _fit_rows(self, *_: object) -> None:
        """Rows as tall as their wrapped text at the columns' final widths (a row sized
        before the table is laid out wraps into a narrow column and stays far too tall)."""
        self.answers.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_rows()

    def _current_detail(self) -> AnswerDetail | None:
        rows = self.answers.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self.details[row] if 0 <= row < len(self.details) else None

    def _show_detail(self) -> None:
        detail = self._current_detail()
        rows = self.answers.selectionModel().selectedRows()
        record = self.records[rows[0].row()] if rows else None
        pairs = "\n".join(record.pair_lines()) if record else ""
        self.pairs.setText(pairs)
        self.pairs.setVisible(bool(pairs))
        explanation = detail.explanation if detail else ""
        source = detail.source if detail else ""
        self.detail_hint.setVisible(detail is None and bool(self.details))
        self.explanation.setText(explanation)
        self.explanation.setVisible(bool(explanation))
        self.source.setText(f"“{source}”" if source else "")
        self.source.setVisible(bool(source))
        self.show_button.setVisible(bool(detail and source and detail.article_id
                                         and detail.section_idx is not None))

    def _emit_source(self) -> None:
        detail = self._current_detail()
        if detail and detail.article_id and detail.section_idx is not None:
            self.show_source.emit(detail.article_id, detail.section_idx, detail.source)


def _fit_height(table: QTableWidget, max_rows: int = SECTION_ROWS_MAX) -> None:
    """A short table (the sections: a handful) as tall as its rows, at most `max_rows`
    of them (then it scrolls), so the questions below keep the room."""
    table.setWordWrap(False)
    table.resizeRowsToContents()
    heights = [table.rowHeight(r) for r in range(table.rowCount())]
    shown = sum(heights[:max_rows])
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + shown
                         + 2 * table.frameWidth())
    table.setVerticalScrollBarPolicy(
        Qt.ScrollBarPolicy.ScrollBarAsNeeded if len(heights) > max_rows
        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


