"""Study → Class Results: the instructor's item analysis of one quiz.

The figures come from the class's LRS (with the instructor's own key) or from
results files students sent; fetching runs off the GUI thread. Questions below
the discrimination threshold are flagged; selecting one shows which answers
students gave, and how often.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.classroom.analysis import ClassReport, analyse
from app.core.classroom.lrs import LrsClient
from app.core.classroom.results import attempts_from_csv, attempts_from_lrs, export_report_csv
from app.core.classroom.settings import load_class_settings
from app.core.decks.store import list_quizzes
from app.core.storage.collection import Collection
from app.ui.background import run_in_background
from app.ui.classroom.lrs_fields import LrsFields
from app.ui.errors import show_error

COLUMNS = ("Question", "Attempts", "Facility %", "SD %", "Discrimination", "Efficiency", "")
ATTEMPTS = (("First attempt of each student", "first"), ("Last attempt", "last"),
            ("Best attempt", "best"), ("All attempts", "all"))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"
from app.ui.widgets import form_of


class ClassResultsDialog(QDialog):
    def __init__(self, col: Collection, article_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setWindowTitle("Class Results")
        self.report: ClassReport | None = None
        self.csv_files: list[Path] = []
        self.quizzes = list_quizzes(col, article_id=article_id)
        self.quiz = QComboBox()
        for spec in self.quizzes:
            self.quiz.addItem(spec.title, spec.id)
        self.source = QComboBox()
        self.source.addItem("The class's LRS", "lrs")
        self.source.addItem("Results files (CSV) from students", "csv")
        settings = load_class_settings(col)
        self.lrs = LrsFields(settings.endpoint, key_hint="the instructor's key")
        self.files_button = QPushButton("Choose Files…")
        self.files_button.clicked.connect(self.choose_files)
        self.attempts = QComboBox()
        for label, value in ATTEMPTS:
            self.attempts.addItem(label, value)
        self.threshold = QDoubleSpinBox(minimum=0, maximum=100, value=30, decimals=0, suffix=" %")
        self.threshold.setToolTip("Flag questions whose discrimination index is below this")
        self.load_button = QPushButton("Show Results")
        self.load_button.setDefault(True)
        self.load_button.clicked.connect(self.load)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        self.summary = QLabel("Choose a quiz and where the results are, then Show Results.")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._show_responses)
        self.responses = QTableWidget(0, 2)
        self.responses.setHorizontalHeaderLabels(("Answer given", "Students"))
        self.responses.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.responses.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.students = QTableWidget(0, 4)
        self.students.setHorizontalHeaderLabels(("Student", "Started", "Score", "Time"))
        self.students.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.students.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.details = QTabWidget()
        self.details.addTab(self.responses, "Answers to the selected question")
        self.details.addTab(self.students, "Students")

        # which quiz; where its results are (the LRS or files, one shown at a time); how counted
        self.form = form_of(("Quiz:", self.quiz), ("Results from:", self.source),
                            *self.lrs.rows(), ("Files:", self.files_button),
                            ("Count:", self.attempts), ("Flag below:", self.threshold))
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.load_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([320, 140])
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.source.currentIndexChanged.connect(self._show_source_fields)
        self._show_source_fields()
        self.resize(900, 680)

    def _show_source_fields(self) -> None:
        lrs = self.source.currentData() == "lrs"
        for widget in self.lrs.widgets:
            self.form.setRowVisible(widget, lrs)
        self.form.setRowVisible(self.files_button, not lrs)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Students' results files", str(Path.home()),
                                                "CSV files (*.csv);;All files (*)")
        if names:
            self.csv_files = [Path(n) for n in names]
            self.files_button.setText(f"{len(names)} file{'s' if len(names) != 1 else ''} chosen")

    def load(self) -> None:
        if not self.quizzes:
            self.summary.setText("This article has no instructor quizzes.")
            return
        spec = self.quizzes[self.quiz.currentIndex()]
        which, threshold = self.attempts.currentData(), self.threshold.value()
        order = [q.card or "+".join(q.cards) for q in spec.questions]
        if self.source.currentData() == "lrs":
            endpoint, key, secret = (self.lrs.endpoint.text().strip(), self.lrs.key.text(),
                                     self.lrs.secret.text())
            if not (endpoint and key and secret):
                self.summary.setText("Enter the LRS address, your key and your secret.")
                return

            def work() -> ClassReport:
                with LrsClient(endpoint, key, secret) as client:
                    got = attempts_from_lrs(client, spec.deck_id, spec.id)
                return analyse(got, which, threshold, order)
        else:
            if not self.csv_files:
                self.summary.setText("Choose the results files first.")
                return
            files = list(self.csv_files)

            def work() -> ClassReport:
                return analyse(attempts_from_csv(files, spec.id), which, threshold)
        self.load_button.setEnabled(False)
        self.summary.setText("Loading…")
        run_in_background(work, self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.load_button.setEnabled(True)
        self.summary.setText("The results could not be loaded.")
        show_error(self, "Class Results", exc)

    def _show(self, report: ClassReport) -> None:
        self.load_button.setEnabled(True)
        self.report = report
        self.export_button.setEnabled(bool(report.questions))
        flagged = sum(q.flagged for q in report.questions)
        mean = report.mean_score
        self.summary.setText(
            f"{report.students} students, {len(report.attempts)} attempts"
            + (f", mean score {mean:.1f}" if mean is not None else "")
            + (f"; {flagged} question{'s' if flagged != 1 else ''} flagged" if flagged else ""))
        self.table.setRowCount(len(report.questions))
        for row, q in enumerate(report.questions):
            values = (q.prompt or q.question, str(q.attempts), _pct(q.facility), _pct(q.sd),
                      _pct(q.discrimination), _pct(q.efficiency),
                      "⚑ low discrimination" if q.flagged else "")
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.students.setRowCount(len(report.attempts))
        total = len(report.questions)
        for row, attempt in enumerate(sorted(report.attempts, key=lambda a: a.student.casefold())):
            time_taken = ("—" if attempt.duration_s is None
                          else f"{int(attempt.duration_s // 60)}:{int(attempt.duration_s % 60):02d}")
            for column, text in enumerate((attempt.student, attempt.started_at[:16].replace("T", " "),
                                           f"{attempt.score:g} / {total}", time_taken)):
                self.students.setItem(row, column, QTableWidgetItem(text))
        if report.questions:
            self.table.selectRow(0)

    def _show_responses(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if self.report is None or len(rows) != 1:
            self.responses.setRowCount(0)
            return
        q = self.report.questions[rows.pop()]
        self.responses.setRowCount(len(q.responses))
        for row, (answer, count) in enumerate(q.responses):
            self.responses.setItem(row, 0, QTableWidgetItem(answer))
            self.responses.setItem(row, 1, QTableWidgetItem(str(count)))

    def export(self) -> None:
        if self.report is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export Class Results",
                                              str(Path.home() / "class-results.csv"),
                                              "CSV files (*.csv)")
        if path:
            try:
                rows = export_report_csv(path, [(self.quiz.currentText(), self.report)])
            except Exception as exc:  # noqa: BLE001 - shown, never swallowed
                show_error(self, "Export Class Results", exc)
                return
            self.summary.setText(f"Exported {rows} questions to {path}.")
