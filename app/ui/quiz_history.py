"""A quiz's history (date, score, time, pass) with CSV export for the instructor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.collection import Collection
from app.core.decks import list_quizzes
from app.core.questions import QuizError
from app.core.quiz_attempts import QUICK, attempted_quizzes, export_csv, history
from app.ui.quiz_window import format_seconds


class QuizHistoryDialog(QDialog):
    """Finished attempts of an article's quizzes, newest first; a picker narrows them to
    one quiz or the quick quizzes, and the CSV export follows the picker."""

    def __init__(self, col: Collection, quiz_id: str | None = None,
                 article_id: str | None = None, title: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col, self.article_id = col, article_id
        self.setWindowTitle(f"History — {title}" if title else "Quiz history")
        self.resize(720, 400)
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
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        self.status = QLabel()
        layout.addWidget(self.status)
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
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.export_button.setEnabled(bool(attempts))
        self.status.setText(f"{len(attempts)} attempt{'s' if len(attempts) != 1 else ''}")

    def export(self, path: str | Path | None = None) -> int:
        """Write the CSV (asking where when no path is given); returns the rows written."""
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
