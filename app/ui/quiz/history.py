"""A quiz's history (date, score, time, pass) with CSV export for the instructor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.decks.store import list_quizzes
from app.core.quiz.attempts import (
    QUICK,
    answer_detail,
    attempted_quizzes,
    export_csv,
    history,
    load_results,
    set_student_name,
)
from app.core.quiz.questions import QuizError
from app.core.storage.collection import Collection
from app.core.student import student_name
from app.ui.quiz.results import ResultsPanel, format_seconds
from app.ui.quiz.window import WINDOW_SIZE
from app.ui.widgets import plain_tooltip

ATTEMPT_ROLE = Qt.ItemDataRole.UserRole


class AttemptResultsDialog(QDialog):
    """A past attempt's results page, read-only: the same panel the quiz ended on."""

    def __init__(self, col: Collection, attempt_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        results = load_results(col, attempt_id)
        self.setWindowTitle(f"{results.attempt.title} — "
                            f"{results.attempt.started_at.replace('T', ' ')[:16]}")
        self.resize(*WINDOW_SIZE)
        self.panel = ResultsPanel(read_only=True)
        self.panel.show_results(results, [answer_detail(col, a) for a in results.answers])
        self.panel.close_button.clicked.connect(self.accept)
        QVBoxLayout(self).addWidget(self.panel)


class QuizHistoryDialog(QDialog):
    """Finished attempts of an article's quizzes, newest first; a picker narrows them to
    one quiz or the quick quizzes, and the CSV export follows the picker. Double-click
    an attempt (or Enter) to see its results."""

    show_in_article = Signal(str, int, str)  # from an opened attempt's "Show in article"

    def __init__(self, col: Collection, quiz_id: str | None = None,
                 article_id: str | None = None, title: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col, self.article_id = col, article_id
        self.setWindowTitle(f"History — {title}" if title else "Quiz history")
        self.resize(860, 480)
        layout = QVBoxLayout(self)
        picker_row = QHBoxLayout()
        self.quiz_picker = QComboBox()
        self.quiz_picker.addItem("All quizzes", None)
        quizzes = {spec.id: spec.title for spec in list_quizzes(col, article_id=article_id)}
        for qid, quiz_title in attempted_quizzes(col, article_id):
            quizzes.setdefault(qid, quiz_title)
        for qid, quiz_title in quizzes.items():
            self.quiz_picker.addItem(quiz_title, qid)
        self.quiz_picker.addItem("Quick quizzes", QUICK)
        found = self.quiz_picker.findData(quiz_id)
        self.quiz_picker.setCurrentIndex(max(found, 0))
        self.quiz_picker.currentIndexChanged.connect(self.refresh)
        picker_row.addWidget(QLabel("Quiz"))
        picker_row.addWidget(self.quiz_picker, 1)
        layout.addLayout(picker_row)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Date", "Quiz", "Score", "Time", "Result"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # quiz names in full
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_attempt(row))
        self.table.installEventFilter(self)
        layout.addWidget(self.table)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.opened: list[AttemptResultsDialog] = []
        row = QHBoxLayout()
        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(lambda: self.export())
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    @property
    def quiz_id(self) -> str | None:
        """The picked quiz: None for all, QUICK for the quick quizzes."""
        return self.quiz_picker.currentData()

    def refresh(self) -> None:
        attempts = history(self.col, self.quiz_id, self.article_id)
        self.table.setRowCount(len(attempts))
        for r, a in enumerate(attempts):
            cells = (a.started_at.replace("T", " ")[:16], a.title, f"{a.score} / {a.total}",
                     format_seconds(a.duration_s or 0),
                     ("Passed" if a.passed else "Not passed")
                     + (" (time ran out)" if a.timed_out else ""))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ATTEMPT_ROLE, a.id)
                item.setToolTip(plain_tooltip(
                    f"{text}\nDouble-click or Enter: see this attempt's answers"))
                self.table.setItem(r, c, item)
        self.export_button.setEnabled(bool(attempts))
        self.status.setText(f"{len(attempts)} attempt{'s' if len(attempts) != 1 else ''}")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Enter on an attempt opens it, like a double-click."""
        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            key: QKeyEvent = event  # type: ignore[assignment]
            if key.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentRow() >= 0:
                self.open_attempt(self.table.currentRow())
                return True
        return super().eventFilter(obj, event)

    def open_attempt(self, row: int) -> AttemptResultsDialog | None:
        """The results page of the attempt in `row`, in a window of its own."""
        item = self.table.item(row, 0)
        if item is None:
            return None
        dialog = AttemptResultsDialog(self.col, int(item.data(ATTEMPT_ROLE)), self)
        dialog.panel.show_source.connect(self.show_in_article)
        dialog.finished.connect(lambda _r, d=dialog: self.opened.remove(d))
        self.opened.append(dialog)
        dialog.show()
        return dialog

    def ask_student_name(self) -> bool:
        """The export names the student: ask once when no name is set. False: cancelled."""
        if student_name(self.col):
            return True
        name, ok = QInputDialog.getText(
            self, "Student name", "The export names the student. Your name:")
        if not ok or not name.strip():
            return False
        set_student_name(self.col, name)
        return True

    def export(self, path: str | Path | None = None) -> int:
        """Write the CSV (asking where when no path is given); returns the rows written.
        Without a student name it asks for one first; cancelling exports nothing."""
        if not self.ask_student_name():
            self.status.setText("Not exported: the export needs the student's name.")
            return 0
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export results", "quiz-results.csv",
                                                    "CSV files (*.csv)")
            if not chosen:
                return 0
            path = chosen
        try:
            rows = export_csv(self.col, path, self.quiz_id, self.article_id)
        except QuizError as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
            return 0
        self.status.setText(f"Exported {rows} rows to {Path(path).name}.")
        return rows
