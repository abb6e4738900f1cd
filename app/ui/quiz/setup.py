"""The "Quiz me" dialog: which sections, how many questions, which kinds, weak first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.quiz.questions import MATCHING_MIN, Question, QuizError
from app.core.quiz.session import QuickQuizOptions
from app.core.quiz.spec import ASK_AS, AskAs
from app.ui.theme import set_text_role

ASK_AS_LABELS: dict[AskAs, str] = {
    "mcq": "Multiple choice",
    "truefalse": "True / false",
    "typed": "Typed answer",
    "matching": "Matching",
}


#: Plans the questions a choice of options gives (raises QuizError when it gives none).
Planner = Callable[[QuickQuizOptions], list[Question]]


class QuickQuizDialog(QDialog):
    """Asks for QuickQuizOptions; OK stays disabled until the choice can make a quiz.

    With a `planner` the dialog knows before "Start quiz" what the choice gives: it
    offers Matching only where enough cards can be matched, says when fewer questions
    can be made than asked for, and keeps the planned questions in `planned`.
    """

    def __init__(self, section_titles: list[str], section_idx: int | None = None,
                 parent: QWidget | None = None, planner: Planner | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.planned: list[Question] | None = None
        self.setWindowTitle("Quiz me")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Sections"))
        self.sections = QListWidget()
        for i, title in enumerate(section_titles):
            item = QListWidgetItem(title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = section_idx is None or section_idx == i
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.sections.addItem(item)
        self.sections.itemChanged.connect(self._validate)
        layout.addWidget(self.sections)
        form = QFormLayout()
        self.count = QSpinBox()
        self.count.setRange(1, 100)
        self.count.setValue(10)
        form.addRow("Number of questions", self.count)
        kinds = QHBoxLayout()
        self.kinds: dict[AskAs, QCheckBox] = {}
        for kind in ASK_AS:
            box = QCheckBox(ASK_AS_LABELS[kind])
            box.setChecked(True)
            box.toggled.connect(self._validate)
            self.kinds[kind] = box
            kinds.addWidget(box)
        form.addRow("Kinds", kinds)
        self.prefer_weak = QCheckBox("Prefer weak cards (low recall or recently failed)")
        self.prefer_weak.setChecked(True)
        form.addRow(self.prefer_weak)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        set_text_role(self.problem, "bad")
        layout.addWidget(self.problem)
        self.note = QLabel()  # "Only 2 questions can be made…": a warning, not a refusal
        self.note.setWordWrap(True)
        set_text_role(self.note, "warning")
        self.note.hide()
        layout.addWidget(self.note)
        self.count.valueChanged.connect(self._validate)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start quiz")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._validate()

    def chosen_sections(self) -> list[int]:
        return [i for i in range(self.sections.count())
                if self.sections.item(i).checkState() == Qt.CheckState.Checked]

    def options(self) -> QuickQuizOptions:
        chosen = self.chosen_sections()
        return QuickQuizOptions(
            sections=None if len(chosen) == self.sections.count() else chosen,
            count=self.count.value(),
            kinds=tuple(k for k, box in self.kinds.items() if box.isChecked()),
            prefer_weak=self.prefer_weak.isChecked())

    def _validate(self) -> None:
        if self.planner is not None and self.chosen_sections():
            self._offer_matching()
        problem, note = "", ""
        self.planned = None
        if not self.chosen_sections():
            problem = "Choose at least one section."
        elif not any(box.isChecked() for box in self.kinds.values()):
            problem = "Choose at least one kind of question."
        elif self.planner is not None:
            try:
                self.planned = self.planner(self.options())
            except QuizError as exc:
                problem = str(exc)
            else:
                n, wanted = len(self.planned), self.count.value()
                if n < wanted:
                    note = (f"Only {n} question{'s' if n != 1 else ''} can be made from the "
                            f"chosen sections and kinds, so the quiz will have {n}.")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def _offer_matching(self) -> None:
        """Matching only where enough short cards of the chosen sections can be matched."""
        assert self.planner is not None
        box = self.kinds["matching"]
        try:
            self.planner(replace(self.options(), kinds=("matching",), count=1))
        except QuizError:
            possible = False
        else:
            possible = True
        if possible == box.isEnabled():
            return
        box.blockSignals(True)
        box.setEnabled(possible)
        box.setChecked(possible)
        box.setToolTip("" if possible else
                       f"Matching needs at least {MATCHING_MIN} short cards in the chosen "
                       "sections")
        box.blockSignals(False)
