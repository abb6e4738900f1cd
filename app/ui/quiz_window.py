"""Taking a quiz: one question at a time, feedback, and the results page.

Thin over `app.core.quiz.QuizSession`: the session decides what is right,
stores every answer and submits when time is up; this window only shows it.
The integrator connects `show_in_article` to the reader and `review_mistakes`
to flashcard study of exactly those cards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.questions import Question, QuizError, Verdict
from app.core.quiz import QuizSession
from app.core.quiz_attempts import AnswerDetail, QuizResults, answer_detail
from app.ui.question_view import QuestionView

TICK_MS = 200


def format_seconds(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class FeedbackPanel(QWidget):
    """Right or wrong, the correct answer, the explanation and the source sentence."""

    show_source = Signal()
    next_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.verdict = QLabel()
        self.verdict.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.correct = QLabel()
        self.explanation = QLabel()
        self.source = QLabel()
        layout.addWidget(self.verdict)
        for label in (self.correct, self.explanation, self.source):
            label.setWordWrap(True)
            layout.addWidget(label)
        buttons = QHBoxLayout()
        self.show_button = QPushButton("Show in article")
        self.show_button.clicked.connect(self.show_source)
        self.next_button = QPushButton("Next")
        self.next_button.clicked.connect(self.next_requested)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_requested.emit()
            return
        super().keyPressEvent(event)

    def show_verdict(self, question: Question, verdict: Verdict, last: bool) -> None:
        self.verdict.setText("Right!" if verdict.correct else "Wrong")
        self.verdict.setStyleSheet("font-size: 16pt; font-weight: bold; color: "
                                   + ("#2e7d32;" if verdict.correct else "#c62828;"))
        given = f"Your answer: {verdict.given or '(none)'}\n" if not verdict.correct else ""
        self.correct.setText(f"{given}Correct answer: {question.answer}")
        self.explanation.setText(question.explanation)
        self.explanation.setVisible(bool(question.explanation))
        self.source.setText(f"“{question.source}”" if question.source else "")
        self.source.setVisible(bool(question.source))
        self.show_button.setVisible(bool(question.source and question.article_id))
        self.next_button.setText("See results" if last else "Next")


class ResultsPanel(QWidget):
    """Score, pass or fail, time, sections, and every question with both answers;
    selecting a question shows its explanation and source with "Show in article"
    (the only feedback a quiz with feedback at the end gives)."""

    review_requested = Signal()
    show_source = Signal(str, int, str)  # article id, section index, source sentence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.score = QLabel()
        self.score.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.summary = QLabel()
        self.sections = QTableWidget(0, 2)
        self.sections.setHorizontalHeaderLabels(["Section", "Right"])
        self.answers = QTableWidget(0, 4)
        self.answers.setHorizontalHeaderLabels(["Question", "Your answer", "Correct answer", ""])
        for table in (self.sections, self.answers):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            table.verticalHeader().setVisible(False)
        self.answers.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.answers.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.answers.itemSelectionChanged.connect(self._show_detail)
        self.detail_hint = QLabel("Select a question to see why, and where the article says so.")
        self.explanation = QLabel()
        self.source = QLabel()
        for label in (self.explanation, self.source):
            label.setWordWrap(True)
        self.show_button = QPushButton("Show in article")
        self.show_button.clicked.connect(self._emit_source)
        self.review_button = QPushButton("Review mistakes")
        self.review_button.clicked.connect(self.review_requested)
        self.close_button = QPushButton("Close")
        self.details: list[AnswerDetail] = []
        for w in (self.score, self.summary, QLabel("By section"), self.sections,
                  QLabel("Questions"), self.answers, self.detail_hint, self.explanation,
                  self.source):
            layout.addWidget(w)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(self.review_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)

    def show_results(self, results: QuizResults,
                     details: list[AnswerDetail] | None = None) -> None:
        self.score.setText(f"{results.score} / {results.total}  ·  "
                           + ("Passed" if results.passed else "Not passed"))
        attempt = results.attempt
        timed = " (time ran out)" if attempt.timed_out else ""
        self.summary.setText(f"Pass mark {round(results.pass_mark * 100)} %  ·  "
                             f"time {format_seconds(attempt.duration_s or 0)}{timed}")
        self.sections.setRowCount(len(results.sections))
        for r, s in enumerate(results.sections):
            self.sections.setItem(r, 0, QTableWidgetItem(s.title))
            self.sections.setItem(r, 1, QTableWidgetItem(f"{s.right} / {s.total}"))
        self.answers.setRowCount(len(results.answers))
        for r, a in enumerate(results.answers):
            given = "(not answered)" if a.given is None else a.given or "(empty)"
            for c, text in enumerate((a.prompt, given, a.correct_answer,
                                      "✓" if a.correct else "✗")):
                self.answers.setItem(r, c, QTableWidgetItem(text))
        self.details = list(details or [])
        self.review_button.setEnabled(bool(results.mistakes))
        self._show_detail()

    def _current_detail(self) -> AnswerDetail | None:
        rows = self.answers.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self.details[row] if 0 <= row < len(self.details) else None

    def _show_detail(self) -> None:
        detail = self._current_detail()
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


class QuizWindow(QDialog):
    """A running quiz. Close it and the attempt is submitted with what was answered."""

    show_in_article = Signal(str, int, str)  # article id, section index, source sentence
    review_mistakes = Signal(list)  # card ids answered wrong

    def __init__(self, session: QuizSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(session.title)
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title_label = QLabel(f"<b>{session.title}</b>")
        self.progress_label = QLabel()
        self.time_label = QLabel()
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addWidget(self.time_label)
        header.addWidget(self.progress_label)
        layout.addLayout(header)
        if session.instructions:
            instructions = QLabel(session.instructions)
            instructions.setWordWrap(True)
            layout.addWidget(instructions)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.question_page = QWidget()
        QVBoxLayout(self.question_page)
        self.submit_button = QPushButton("Submit answer", self.question_page)
        self.submit_button.clicked.connect(self.submit)
        self.feedback = FeedbackPanel()
        self.feedback.next_requested.connect(self._next)
        self.feedback.show_source.connect(self._show_source)
        self.results_panel = ResultsPanel()
        self.results_panel.review_requested.connect(self._review)
        self.results_panel.show_source.connect(self.show_in_article)
        self.results_panel.close_button.clicked.connect(self.accept)
        for page in (self.question_page, self.feedback, self.results_panel):
            self.stack.addWidget(page)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter is handled per page, never by the dialog
        self.view: QuestionView | None = None
        self._last: tuple[Question, Verdict] | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        if session.time_limit is not None:
            self.timer.start(TICK_MS)
        self._show_question()

    # -- pages
    def _show_question(self) -> None:
        question = self.session.current
        if question is None:
            self._show_results()
            return
        page_layout = self.question_page.layout()
        while page_layout.count():
            item = page_layout.takeAt(0)
            old = item.widget()
            if old is not None and old is not self.submit_button:
                old.hide()
                old.deleteLater()
        self.view = QuestionView(question)
        self.view.submitted.connect(self.submit)
        page_layout.addWidget(self.view, 1)
        page_layout.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignRight)
        self.progress_label.setText(self.session.progress)
        self._update_time()
        self.stack.setCurrentWidget(self.question_page)
        self.view.show()  # a widget added to a shown window stays hidden until shown: no focus
        self.view.setFocus()

    def submit(self) -> None:
        """Submit the answer on screen (Enter or the button)."""
        if self.view is None or self.stack.currentWidget() is not self.question_page:
            return
        question = self.view.question
        try:
            verdict = self.session.answer(self.view.response())
        except QuizError as exc:
            if self.session.results is not None:  # the time ran out: already submitted
                self._show_results()
                return
            QMessageBox.warning(self, "Quiz", str(exc))
            return
        if self.session.feedback == "each":
            self._last = (question, verdict)
            self.feedback.show_verdict(question, verdict, self.session.current is None)
            self.stack.setCurrentWidget(self.feedback)
            self.feedback.next_button.setFocus()
        else:
            self._next()

    def _next(self) -> None:
        if self.session.current is None:
            self.session.finish()
        self._show_question()

    def _show_results(self) -> None:
        self.timer.stop()
        results = self.session.finish()
        self.progress_label.setText(f"{results.total} / {results.total}")
        self.time_label.clear()
        self.results_panel.show_results(
            results, [answer_detail(self.session.col, a) for a in results.answers])
        self.stack.setCurrentWidget(self.results_panel)
        self.results_panel.close_button.setFocus()

    # -- time
    def _tick(self) -> None:
        if self.session.tick():
            self._show_results()
            return
        self._update_time()

    def _update_time(self) -> None:
        left = self.session.time_left()
        self.time_label.setText("" if left is None else f"Time left {format_seconds(left)}")

    # -- signals out
    def _show_source(self) -> None:
        if self._last is not None:
            question = self._last[0]
            if question.article_id and question.section_idx is not None:
                self.show_in_article.emit(question.article_id, question.section_idx,
                                          question.source)

    def _review(self) -> None:
        results = self.session.results
        if results is not None and results.mistakes:
            self.review_mistakes.emit(list(results.mistakes))
            self.accept()

    def done(self, result: int) -> None:
        """Closing early submits what was answered: the attempt is never left open."""
        self.timer.stop()
        self.session.finish()
        super().done(result)
