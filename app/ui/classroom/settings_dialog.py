"""Settings → Class: where results go and who the student is, agreed to explicitly."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.core.classroom.settings import ClassSettings, load_class_settings, save_class_settings
from app.core.errors import StudyDeskError
from app.core.quiz.attempts import set_student_name
from app.core.storage.collection import Collection
from app.core.student import student_name
from app.ui.classroom.lrs_fields import LrsFields
from app.ui.widgets import dialog_column, form_of


class ClassSettingsDialog(QDialog):
    def __init__(self, col: Collection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setWindowTitle("Class")
        s = load_class_settings(col)
        intro = QLabel("If your instructor collects results in a Learning Record Store "
                       "(LRS), enter what they gave you. Your instructor quiz results (and "
                       "your flashcard reviews, if you choose) are then sent to it; nothing "
                       "is sent until you tick the box below.")
        intro.setWordWrap(True)
        self.lrs = LrsFields(s.endpoint, s.key, secret_hint="unchanged" if s.key else "")
        self.name = QLineEdit(student_name(col))
        self.email = QLineEdit(s.email, placeholderText="you@school.edu")
        self.account = QLineEdit(s.account, placeholderText="or your account name")
        self.send_quizzes = QCheckBox("Send my instructor quiz results")
        self.send_quizzes.setChecked(s.send_quizzes)
        self.send_reviews = QCheckBox("Send my flashcard reviews of the class's decks")
        self.send_reviews.setChecked(s.send_reviews)
        self.agreed = QCheckBox("I agree that my results are sent to this LRS")
        self.agreed.setChecked(s.agreed)
        self.error = QLabel()
        self.error.setWordWrap(True)
        form = form_of(
            *self.lrs.rows(),
            ("Your name:", self.name),
            ("E-mail:", self.email),
            ("Account:", self.account),
        )
        dialog_column(self, intro, form, self.send_quizzes, self.send_reviews, self.agreed,
                      self.error, save=self.save)
        self.resize(520, self.sizeHint().height())

    def settings(self) -> ClassSettings:
        return replace(load_class_settings(self.col), endpoint=self.lrs.endpoint.text(),
                       key=self.lrs.key.text(), email=self.email.text(),
                       account=self.account.text(), send_quizzes=self.send_quizzes.isChecked(),
                       send_reviews=self.send_reviews.isChecked(),
                       agreed=self.agreed.isChecked())

    def save(self) -> None:
        try:
            if self.name.text().strip():
                set_student_name(self.col, self.name.text())
            save_class_settings(self.col, self.settings(), self.lrs.secret.text() or None)
        except StudyDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
