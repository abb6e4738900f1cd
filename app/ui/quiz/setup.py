"""The "Quiz me" dialog: which sections, how many questions, which kinds, weak first."""

from __future__ import annotations

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

from app.core.quiz.session import QuickQuizOptions
from app.core.quiz.spec import ASK_AS, AskAs

ASK_AS_LABELS: dict[AskAs, str] = {
    "mcq": "Multiple choice",
    "truefalse": "True / false",
    "typed": "Typed answer",
    "matching": "Matching",
}


class QuickQuizDialog(QDialog):
    """Asks for QuickQuizOptions; OK stays disabled until the choice can make a quiz."""

    def __init__(self, section_titles: list[str], section_idx: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.problem.setStyleSheet("color: #c62828;")
        layout.addWidget(self.problem)
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
        problem = ""
        if not self.chosen_sections():
            problem = "Choose at least one section."
        elif not any(box.isChecked() for box in self.kinds.values()):
            problem = "Choose at least one kind of question."
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
