"""Taking a quiz: one question at a time, feedback, and the results page.

Thin over `app.core.quiz.session.QuizSession`: the session decides what is right,
stores every answer and submits when time is up; this window only shows it.
The integrator connects `show_in_article` to the reader and `review_mistakes`
to flashcard study of exactly those cards.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CollectionWriteError
from app.core.quiz.attempts import answer_detail
from app.core.quiz.questions import Question, QuizError, Verdict, matching_lines
from app.core.quiz.session import QuizSession
from app.core.quiz.spec import limit_text
from app.core.storage.collection import Collection
from app.ui.media import CardTextLabel
from app.ui.quiz.question_view import BODY_PT, PROMPT_PT, QuestionView
from app.ui.quiz.results import ResultsPanel, format_seconds
from app.ui.theme import set_text_role
from app.ui.widgets import text_label

TICK_MS = 200
WINDOW_SIZE = (880, 700)


def header_text(session: QuizSession) -> str:
    """"Question 2 of 15 · 14:57 left" (before the start: "15 questions · 15:00")."""
    left = session.time_left()
    n = session.total
    if not session.begun:
        parts = [f"{n} question{'s' if n != 1 else ''}"]
        if left is not None:
            parts.append(format_seconds(left))
        return " · ".join(parts)
    parts = [f"Question {min(session.index + 1, n)} of {n}"]
    if left is not None:
        parts.append(f"{format_seconds(left)} left")
    return " · ".join(parts)


class StartPage(QWidget):
    """What the student is about to take; the clock starts only on "Start" (or Enter)."""

    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(f"font-size: {BODY_PT}pt;")
        # the window's header is hidden on this page: the title is said once, here, and
        # the page is a calm centred column rather than a list in the top-left corner;
        # the quiz's own words are plain text (a title may contain "<")
        self.title = text_label()
        self.title.setStyleSheet(f"font-size: {PROMPT_PT + 3}pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instructions = text_label()
        self.instructions.setWordWrap(True)
        self.instructions.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.facts = text_label()
        self.facts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = QPushButton("Start")
        self.start_button.setMinimumWidth(160)
        self.start_button.clicked.connect(self.start_requested)
        hint = QLabel("Press Enter or click Start when you are ready.")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_text_role(hint, "muted")
        column = QVBoxLayout()
        column.addStretch(1)
        for w in (self.title, self.instructions, self.facts):
            column.addWidget(w)
            column.addSpacing(12)
        column.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(hint)
        column.addStretch(2)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column, 4)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_session(self, session: QuizSession) -> None:
        self.title.setText(session.title)
        self.instructions.setText(session.instructions)
        self.instructions.setVisible(bool(session.instructions))
        left = session.attempts_left()
        attempts = ("unlimited attempts" if left is None
                    else f"attempts left: {left} of {session.attempts_allowed}")
        n = session.total
        lines = [f"{n} question{'s' if n != 1 else ''}",
                 f"Time limit: {limit_text(session.time_limit)}" if session.time_limit
                 else "No time limit",
                 f"Pass mark: {round(session.pass_mark * 100)} %",
                 attempts[0].upper() + attempts[1:]]
        self.facts.setText("\n".join(lines))

    def hold(self, note: str) -> None:
        """Keep Start disabled while something is checked first (the class's LRS)."""
        self.start_button.setEnabled(False)
        self.facts.setText(f"{self.facts.text()}\n{note}")

    def release(self, session: QuizSession, note: str = "") -> None:
        self.show_session(session)
        if note:
            self.facts.setText(f"{self.facts.text()}\n{note}")
        self.start_button.setEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.start_button.isEnabled():
                self.start_requested.emit()
            return
        super().keyPressEvent(event)


class FeedbackPanel(QWidget):
    """Right or wrong, the correct answer, the explanation and the source sentence."""

    show_source = Signal()
    next_requested = Signal()

    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(f"font-size: {BODY_PT}pt;")
        layout = QVBoxLayout(self)
        self.prompt = CardTextLabel(col)  # the question stays in sight next to its answer
        self.prompt.setStyleSheet(f"font-size: {PROMPT_PT}pt;")
        self.verdict = QLabel()
        self.correct = text_label()
        self.explanation = text_label()
        self.source = text_label()
        layout.addWidget(self.prompt)
        layout.addWidget(self.verdict)
        for label in (self.prompt, self.correct, self.explanation, self.source):
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
        self.prompt.set_card_text(question.prompt)
        if verdict.accepted_as is not None:
            self.verdict.setText(f"Accepted — the spelling is {verdict.accepted_as}")
        else:
            self.verdict.setText("Right!" if verdict.correct else "Wrong")
        set_text_role(self.verdict, "good" if verdict.correct else "bad",
                      f"font-size: {PROMPT_PT + 1}pt; font-weight: bold;")
        if question.ask_as == "matching":
            self.correct.setText("\n".join(_pair_lines(question, verdict)))
        else:
            given = f"Your answer: {verdict.given or '(none)'}\n" if not verdict.correct else ""
            self.correct.setText(f"{given}Correct answer: {question.answer}")
        self.explanation.setText(question.explanation)
        self.explanation.setVisible(bool(question.explanation))
        self.source.setText(f"“{question.source}”" if question.source else "")
        self.source.setVisible(bool(question.source))
        self.show_button.setVisible(bool(question.source and question.article_id))
        self.next_button.setText("See results" if last else "Next")


def _pair_lines(question: Question, verdict: Verdict) -> list[str]:
    """A matching answer pair by pair: right ones ticked, wrong ones with the right answer."""
    given = verdict.given.split("; ") if verdict.given else []
    picked = ([g.split(" → ", 1)[-1] for g in given] if len(given) == len(question.terms)
              else None)
    pairs = [(term, question.choices[question.key[i]]) for i, term in enumerate(question.terms)]
    wrong = [not verdict.per_card.get(cid) for cid in question.card_ids]
    return matching_lines(pairs, picked, wrong)


class QuizWindow(QDialog):
    """A running quiz. Close it and the attempt is submitted with what was answered.

    A session not yet begun (an instructor quiz) opens on a start page: its time
    limit and attempt count only from "Start"; closing there uses no attempt.
    """

    show_in_article = Signal(str, int, str)  # article id, section index, source sentence
    review_mistakes = Signal(list)  # card ids answered wrong

    def __init__(self, session: QuizSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(session.title)
        self.resize(*WINDOW_SIZE)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title_label = text_label(session.title)
        self.title_label.setStyleSheet("font-weight: bold;")
        self.progress_label = QLabel()  # "Question 2 of 15 · 14:57 left"
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addWidget(self.progress_label)
        layout.addLayout(header)
        self.instructions = text_label(session.instructions)
        self.instructions.setWordWrap(True)
        self.instructions.setVisible(bool(session.instructions))
        layout.addWidget(self.instructions)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.start_page = StartPage()
        self.start_page.start_requested.connect(self.start)
        self.question_page = QWidget()
        # no left/top margin of its own: the question then lines up with the feedback
        # page's text (the question view has the same margins as the feedback page)
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutRightMargin)
        QVBoxLayout(self.question_page).setContentsMargins(0, 0, margin, margin)
        self.submit_button = QPushButton("Submit answer", self.question_page)
        self.submit_button.clicked.connect(self.submit)
        self.feedback = FeedbackPanel(session.col)
        self.feedback.next_requested.connect(self._next)
        self.feedback.show_source.connect(self._show_source)
        self.results_panel = ResultsPanel()
        self.results_panel.review_requested.connect(self._review)
        self.results_panel.show_source.connect(self.show_in_article)
        self.results_panel.close_button.clicked.connect(self.accept)
        for page in (self.start_page, self.question_page, self.feedback, self.results_panel):
            self.stack.addWidget(page)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter is handled per page, never by the dialog
        self.view: QuestionView | None = None
        self._last: tuple[Question, Verdict] | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        if session.begun:
            self._begin_clock()
            self._show_question()
        else:
            self._show_start_page()

    # -- pages
    def _show_start_page(self) -> None:
        self.start_page.show_session(self.session)
        self.instructions.hide()  # the start page shows them, and the title
        self.title_label.hide()
        self._update_header()
        self.stack.setCurrentWidget(self.start_page)
        self.start_page.setFocus()

    def hold_start(self, note: str) -> None:
        """Start waits until `release_start` (the class's LRS is asked for attempts)."""
        self.start_page.hold(note)

    def release_start(self, attempts_elsewhere: int = 0, note: str = "",
                      continues: tuple[str, datetime] | None = None) -> None:
        """Start may go ahead; `attempts_elsewhere` count against the quiz's limit;
        `continues`: an attempt running on another machine that this one continues."""
        self.session.attempts_elsewhere = attempts_elsewhere
        if continues is not None:
            self.session.continue_attempt(*continues)
        self.start_page.release(self.session, note)

    def start(self) -> None:
        """"Start" on the start page: the attempt opens and the clock starts now."""
        if self.session.begun or not self.start_page.start_button.isEnabled():
            return
        try:
            self.session.begin()
        except QuizError as exc:  # the attempts were used up in another window meanwhile
            QMessageBox.information(self, "Quiz", str(exc))
            self.reject()
            return
        self.instructions.setVisible(bool(self.session.instructions))
        self.title_label.show()
        self._begin_clock()
        self._show_question()

    def _begin_clock(self) -> None:
        if self.session.time_limit is not None:
            self.timer.start(TICK_MS)

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
        self.view = QuestionView(question, self.session.col)
        self.view.submitted.connect(self.submit)
        self.view.answered_changed.connect(self.submit_button.setEnabled)
        self.submit_button.setEnabled(self.view.has_response())
        page_layout.addWidget(self.view, 1)
        page_layout.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignRight)
        self._update_header()
        self.stack.setCurrentWidget(self.question_page)
        self.view.show()  # a widget added to a shown window stays hidden until shown: no focus
        self.view.setFocus()

    def submit(self) -> None:
        """Submit the answer on screen (Enter or the button)."""
        if self.view is None or self.stack.currentWidget() is not self.question_page:
            return
        if not self.view.has_response():  # nothing chosen: never a mistake
            self.view.request_submit()
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
        except CollectionWriteError as exc:  # nothing was saved; the answer stays on screen
            QMessageBox.warning(self, "Answer not saved",
                                f"{exc}\n\nYour answer is still on screen: press Enter "
                                "to save it again.")
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
        self.progress_label.setText(f"{results.total} of {results.total} questions")
        self.instructions.hide()  # the results need the room
        self.results_panel.show_results(
            results, [answer_detail(self.session.col, a) for a in results.answers])
        self.stack.setCurrentWidget(self.results_panel)
        self.results_panel.close_button.setFocus()

    # -- time
    def _tick(self) -> None:
        if self.session.tick():
            self._show_results()
            return
        self._update_header()

    def _update_header(self) -> None:
        self.progress_label.setText(header_text(self.session))

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

    def _running(self) -> bool:
        """Begun and not yet on the results page: closing now would end the attempt."""
        return (self.session.begun and self.session.results is None
                and self.stack.currentWidget() in (self.question_page, self.feedback))

    def confirm_end(self) -> bool:
        """Ask before ending a running quiz early; Yes ends it on the results page."""
        unanswered = self.session.total - self.session.index
        answer = QMessageBox.question(
            self, "End the quiz?",
            f"End the quiz now? {unanswered} question{'s' if unanswered != 1 else ''} "
            f"unanswered will count as wrong.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes or self.session.results is not None:
            self._show_results()  # also when the time ran out while the question was open
            return True
        return False

    def done(self, result: int) -> None:
        """Esc, the close button or `done()` during a running quiz first asks; Yes shows
        the results page (the attempt is never left open), No carries on. On the start
        page (no attempt used) and the results page it simply closes."""
        if self._running():
            if self.session.current is not None:
                self.confirm_end()
                return
            self.session.finish()  # the last answer's feedback: nothing left unanswered
        self.timer.stop()
        if self.session.begun:
            self.session.finish()
        super().done(result)
