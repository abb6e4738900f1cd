"""The Quiz builder: pick an article's cards, order them, preview, set options, save.

Thin Qt over `app.core.quiz.builder`: filtering, previews and saving (to the
collection and the deck file, together) are core functions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.articles.library import section_titles
from app.core.changes import Change
from app.core.decks.store import get_quiz, list_quizzes
from app.core.quiz.builder import (
    FALLBACK_NOTE,
    CardChoice,
    article_deck_id,
    asked_kind,
    card_choices,
    delete_built_quiz,
    filter_choices,
    free_quiz_id,
    preview,
    save_built_quiz,
)
from app.core.quiz.questions import MATCHING_MAX, MATCHING_MIN, QuizError, judge
from app.core.quiz.spec import AskAs, QuestionSpec, QuizSpec
from app.core.storage.collection import Collection

_Buttons = QMessageBox.StandardButton
from app.ui.changes import changes_of
from app.ui.errors import reporting
from app.ui.quiz.question_view import QuestionView
from app.ui.quiz.setup import ASK_AS_LABELS
from app.ui.widgets import section_combo, text_label

SPEC_ROLE = Qt.ItemDataRole.UserRole


class PreviewDialog(QDialog):
    """A question exactly as the student sees it; "Check" judges without recording."""

    def __init__(self, question_view: QuestionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preview")
        self.view = question_view
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.verdict = text_label()
        layout.addWidget(self.verdict)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        check = buttons.addButton("Check", QDialogButtonBox.ButtonRole.ActionRole)
        check.clicked.connect(self.check)
        self.view.submitted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def check(self) -> None:
        question = self.view.question
        verdict = judge(question, self.view.response())
        self.verdict.setText(("Right." if verdict.correct else "Wrong.")
                             + f" Correct answer: {question.answer}")


class QuizBuilder(QWidget):
    """Builds or edits one instructor quiz for an article; "Open quiz…" switches to
    another of the article's quizzes, Close (Esc, Ctrl+W) asks about unsaved changes."""

    saved = Signal(str)  # quiz id

    def __init__(self, col: Collection, article_id: str, spec: QuizSpec | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.article_id = article_id
        self.sections = section_titles(col, article_id)
        self.choices = card_choices(col, article_id)
        self._by_note = {c.note_id: c for c in self.choices}
        self._kinds: dict[tuple[AskAs, str], AskAs] = {}  # what each MCQ is really asked as
        self.spec_id: str | None = None
        self.deck_id = article_deck_id(col, article_id)
        self.setWindowTitle("Quiz builder")
        self.resize(1100, 650)
        outer = QVBoxLayout(self)
        outer.addLayout(self._quiz_row())
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        layout.addWidget(self._card_picker(), 3)
        layout.addWidget(self._question_list(), 3)
        layout.addWidget(self._options_form(), 2)
        self._load(spec)
        self.refresh_cards()
        changes_of(col).changed.connect(self._on_changes)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")):
            QShortcut(keys, self, self.close)
        # Edit → Undo's key works here too (a text field keeps it for its own text):
        # a deleted quiz is brought back where it was deleted
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_last_action)

    # -- which quiz: open another, delete this one
    def _quiz_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.quiz_picker = QComboBox()
        self.quiz_picker.setSizeAdjustPolicy(  # a long quiz title: elided, not a wide window
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.quiz_picker.setMinimumContentsLength(20)
        self.quiz_picker.activated.connect(self._open_picked)
        self.delete_button = QPushButton("Delete quiz")
        self.delete_button.clicked.connect(self.delete_current)
        row.addWidget(QLabel("Open quiz…"))
        row.addWidget(self.quiz_picker, 1)
        row.addWidget(self.delete_button)
        return row

    def _refresh_quiz_picker(self) -> None:
        self.quiz_picker.clear()
        self.quiz_picker.addItem("New quiz", None)
        for quiz in list_quizzes(self.col, article_id=self.article_id):
            self.quiz_picker.addItem(f"{quiz.title} ({quiz.summary()})", quiz.id)
        self.quiz_picker.setCurrentIndex(max(self.quiz_picker.findData(self.spec_id), 0))
        self.delete_button.setEnabled(self.spec_id is not None)

    def _on_changes(self, changes: Change) -> None:
        """Quizzes saved, deleted or brought back by Edit → Undo elsewhere: list them."""
        if changes & Change.QUIZZES:
            self._refresh_quiz_picker()

    def _open_picked(self, index: int) -> None:
        quiz_id = self.quiz_picker.itemData(index)
        if quiz_id == self.spec_id or not self.settle_changes():
            self._refresh_quiz_picker()  # back to the quiz on screen
            return
        self._load(get_quiz(self.col, quiz_id) if quiz_id else None)

    def delete_current(self) -> bool:
        """Delete the quiz on screen after asking; its attempts stay in the history."""
        if self.spec_id is None:
            return False
        title = self.title.text().strip() or self.spec_id
        answer = QMessageBox.question(
            self, "Delete quiz",
            f"Delete the quiz “{title}”? Its past attempts stay in the history.",
            _Buttons.Yes | _Buttons.No, _Buttons.No)
        if answer != _Buttons.Yes:
            return False
        with reporting(self, "Quiz not deleted"):
            outcome = delete_built_quiz(self.col, self.spec_id, title, self.article_id)
            self._load(None)
            keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
                QKeySequence.SequenceFormat.NativeText)
            self.status.setText(f"{outcome.message} Undo ({keys}) brings it back.")
            return True
        return False

    def undo_last_action(self) -> None:
        """Take back the newest undoable action, as Edit → Undo does."""
        from app.ui.collection.actions import undo_last_action

        undone = undo_last_action(self, self.col)
        if undone:
            self.status.setText(f"Undone: {undone}.")

    # -- the article's cards
    def _card_picker(self) -> QWidget:
        box = QGroupBox("Cards of the article")
        v = QVBoxLayout(box)
        filters = QHBoxLayout()
        self.section_filter = section_combo(self.sections, "All sections")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("Any kind", None)
        for kind, label in ASK_AS_LABELS.items():
            self.kind_filter.addItem(label, kind)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search")
        for w in (self.section_filter, self.kind_filter):
            # a long section title must not widen the window past a small screen
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(10)
            w.currentIndexChanged.connect(self.refresh_cards)
            filters.addWidget(w)
        self.search.textChanged.connect(self.refresh_cards)
        v.addLayout(filters)
        v.addWidget(self.search)
        self.card_list = QListWidget()
        self.card_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.card_list.itemSelectionChanged.connect(self._update_add_buttons)
        v.addWidget(self.card_list, 1)
        row = QHBoxLayout()
        self.ask_as = QComboBox()
        for kind in ("mcq", "truefalse", "typed"):
            self.ask_as.addItem(ASK_AS_LABELS[kind], kind)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add_selected)
        self.matching_button = QPushButton("Add as matching")
        self.matching_button.clicked.connect(self.add_matching)
        row.addWidget(QLabel("Ask as"))
        row.addWidget(self.ask_as, 1)
        v.addLayout(row)
        buttons = QHBoxLayout()  # a row of their own: the builder fits an 800-pixel screen
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.matching_button)
        v.addLayout(buttons)
        return box

    def refresh_cards(self) -> None:
        shown = filter_choices(self.choices, self.section_filter.currentData(),
                               self.kind_filter.currentData(), self.search.text())
        self.card_list.clear()
        for c in shown:
            item = QListWidgetItem(f"[{c.section_title}] {c.prompt} → {c.answer}  "
                                   f"({c.info.note.kind})")
            item.setData(SPEC_ROLE, c.note_id)
            self.card_list.addItem(item)
        self._update_add_buttons()

    def _selected(self) -> list[CardChoice]:
        """The selected cards in list (article) order, whatever order they were clicked in."""
        items = sorted(self.card_list.selectedItems(), key=self.card_list.row)
        return [self._by_note[i.data(SPEC_ROLE)] for i in items]

    def _update_add_buttons(self) -> None:
        picked = self._selected()
        self.add_button.setEnabled(bool(picked))
        self.matching_button.setEnabled(
            MATCHING_MIN <= len(picked) <= MATCHING_MAX
            and all("matching" in c.ask_as for c in picked))

    def add_selected(self) -> None:
        """Add each selected card as the chosen kind, or as the kind it allows, and as
        the kind the student will really get; say which fell back to typed."""
        wanted: AskAs = self.ask_as.currentData()
        fell_back = []
        for c in self._selected():
            kind = wanted if wanted in c.ask_as else c.ask_as[0]
            q = QuestionSpec(kind, c.note_id)
            if self._asked_as(q) != kind:
                fell_back.append(c.prompt)
            self._add_question(q)
        if fell_back:
            self.status.setText(f"{len(fell_back)} card{'s' if len(fell_back) != 1 else ''} "
                                f"{FALLBACK_NOTE}: " + "; ".join(fell_back))

    def _asked_as(self, q: QuestionSpec) -> AskAs:
        """What the student gets for `q` (cached: finding wrong options takes a moment)."""
        if q.ask_as != "mcq" or not q.card:
            return q.ask_as
        key = (q.ask_as, q.card)
        if key not in self._kinds:
            self._kinds[key] = asked_kind(self.col, q)
        return self._kinds[key]

    def add_matching(self) -> None:
        ids = [c.note_id for c in self._selected()]
        self._add_question(QuestionSpec("matching", cards=ids))

    # -- the quiz's questions
    def _question_list(self) -> QWidget:
        box = QGroupBox("Questions (drag to reorder)")
        v = QVBoxLayout(box)
        self.questions = QListWidget()
        self.questions.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.questions.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.questions.model().rowsMoved.connect(self._renumber)
        v.addWidget(self.questions, 1)
        row = QGridLayout()
        self.up_button = QPushButton("Up")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = QPushButton("Down")
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.preview_button = QPushButton("Preview")
        self.preview_button.clicked.connect(self.preview_selected)
        for i, b in enumerate((self.up_button, self.down_button, self.remove_button,
                               self.preview_button)):
            row.addWidget(b, i // 2, i % 2)  # two by two: the builder fits a small screen
        v.addLayout(row)
        return box

    def _describe(self, q: QuestionSpec) -> str:
        if q.ask_as == "matching":
            terms = ", ".join(self._by_note[c].prompt if c in self._by_note else c
                              for c in q.cards)
            return f"Matching: {terms}"
        choice = self._by_note.get(q.card or "")
        kind = self._asked_as(q)
        note = f" ({FALLBACK_NOTE})" if kind != q.ask_as else ""
        return f"{ASK_AS_LABELS[kind]}: {choice.prompt if choice else q.card}{note}"

    def _add_question(self, q: QuestionSpec) -> None:
        item = QListWidgetItem(self._describe(q))
        item.setData(SPEC_ROLE, q)
        self.questions.addItem(item)
        self._renumber()

    def _renumber(self, *_: object) -> None:
        for i in range(self.questions.count()):
            item = self.questions.item(i)
            item.setText(f"{i + 1}. {self._describe(item.data(SPEC_ROLE))}")

    def question_specs(self) -> list[QuestionSpec]:
        return [self.questions.item(i).data(SPEC_ROLE) for i in range(self.questions.count())]

    def _move(self, step: int) -> None:
        row = self.questions.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.questions.count():
            return
        item = self.questions.takeItem(row)
        self.questions.insertItem(target, item)
        self.questions.setCurrentRow(target)
        self._renumber()

    def remove_selected(self) -> None:
        for item in self.questions.selectedItems():
            self.questions.takeItem(self.questions.row(item))
        self._renumber()

    def preview_selected(self) -> PreviewDialog | None:
        item = self.questions.currentItem()
        if item is None:
            QMessageBox.information(self, "Preview", "Select a question to preview.")
            return None
        try:
            question = preview(self.col, item.data(SPEC_ROLE))
        except QuizError as exc:
            QMessageBox.warning(self, "Preview", str(exc))
            return None
        dialog = PreviewDialog(QuestionView(question, self.col), self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    # -- options and saving
    def _options_form(self) -> QWidget:
        box = QGroupBox("Options")
        form = QFormLayout(box)
        self.title = QLineEdit()
        self.instructions = QPlainTextEdit()
        self.instructions.setMaximumHeight(80)
        self.order = QComboBox()
        self.order.addItem("Fixed order", "fixed")
        self.order.addItem("Shuffled order", "shuffled")
        self.shuffle_options = QCheckBox("Shuffle the options")
        self.shuffle_options.setChecked(True)
        self.time_limit = QSpinBox()
        self.time_limit.setRange(0, 600)
        self.time_limit.setSpecialValueText("No limit")
        self.time_limit.setSuffix(" min")
        self.pass_mark = QDoubleSpinBox()
        self.pass_mark.setRange(0, 100)
        self.pass_mark.setDecimals(0)
        self.pass_mark.setSuffix(" %")
        self.pass_mark.setValue(70)
        self.feedback = QComboBox()
        self.feedback.addItem("After each question", "each")
        self.feedback.addItem("Only at the end", "end")
        self.attempts = QSpinBox()
        self.attempts.setRange(0, 99)
        self.attempts.setSpecialValueText("Unlimited")
        form.addRow("Title", self.title)
        form.addRow("Instructions", self.instructions)
        form.addRow("Order", self.order)
        form.addRow(self.shuffle_options)
        form.addRow("Time limit", self.time_limit)
        form.addRow("Pass mark", self.pass_mark)
        form.addRow("Feedback", self.feedback)
        form.addRow("Attempts", self.attempts)
        self.save_button = QPushButton("Save quiz")
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        form.addRow(buttons)
        form.addRow(self.status)
        return box

    def _load(self, spec: QuizSpec | None) -> None:
        """Show `spec` (None: a new, empty quiz) as the unchanged state."""
        self.spec_id = spec.id if spec else None
        self.deck_id = spec.deck_id if spec else article_deck_id(self.col, self.article_id)
        self.questions.clear()
        self.status.clear()
        self._fill(spec or QuizSpec(id="", title="", questions=[]))
        self._saved_state = self._state()
        self._refresh_quiz_picker()

    def _fill(self, spec: QuizSpec) -> None:
        self.title.setText(spec.title)
        self.instructions.setPlainText(spec.instructions)
        self.order.setCurrentIndex(self.order.findData(spec.order))
        self.shuffle_options.setChecked(spec.shuffle_options)
        self.time_limit.setValue(round((spec.time_limit or 0) / 60))
        self.pass_mark.setValue(round(spec.pass_mark * 100))
        self.feedback.setCurrentIndex(self.feedback.findData(spec.feedback))
        self.attempts.setValue(spec.attempts)
        for q in spec.questions:
            self._add_question(q)

    def spec(self) -> QuizSpec:
        """The quiz as the form describes it (not yet validated)."""
        title = self.title.text().strip()
        minutes = self.time_limit.value()
        return QuizSpec(
            id=self.spec_id or free_quiz_id(self.col, title or "quiz"),
            title=title, questions=self.question_specs(),
            instructions=self.instructions.toPlainText().strip(),
            order=self.order.currentData(), shuffle_options=self.shuffle_options.isChecked(),
            time_limit=minutes * 60 if minutes else None,
            pass_mark=self.pass_mark.value() / 100, feedback=self.feedback.currentData(),
            attempts=self.attempts.value(), deck_id=self.deck_id)

    def save(self) -> bool:
        """Save to the collection (and the user's own deck file); problems are listed, nothing saved."""
        from app.core.decks.store import QuizSpecError

        spec = self.spec()
        try:
            outcome = save_built_quiz(self.col, spec, self.article_id)
        except QuizSpecError as exc:
            QMessageBox.warning(self, "Quiz not saved",
                                "Please fix:\n• " + "\n• ".join(exc.problems))
            return False
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Quiz not saved", f"Cannot write the deck file: {exc}")
            return False
        self.spec_id = spec.id
        self._saved_state = self._state()
        self._refresh_quiz_picker()
        self.status.setText(outcome.message)
        self.saved.emit(spec.id)
        return True

    # -- unsaved changes and closing
    def _state(self) -> dict[str, object]:
        state = self.spec().to_dict()
        state.pop("id")  # a new quiz's id follows its title
        return state

    def has_unsaved_changes(self) -> bool:
        return self._state() != self._saved_state

    def settle_changes(self) -> bool:
        """Before leaving this quiz: ask Save / Discard / Cancel if it has unsaved
        changes. False: stay (cancelled, or saving failed)."""
        if not self.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"Save the changes to “{self.title.text().strip() or 'the new quiz'}”?",
            _Buttons.Save | _Buttons.Discard | _Buttons.Cancel, _Buttons.Save)
        if answer == _Buttons.Save:
            return self.save()
        return answer == _Buttons.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.settle_changes():
            event.accept()
        else:
            event.ignore()
