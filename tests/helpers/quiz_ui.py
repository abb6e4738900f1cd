"""Driving the quiz window by keys, shared by the quiz UI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.ui.quiz.window import QuizWindow

MATCHING = ["peace-mission", "s400", "su35", "air-patrols"]


def five_questions(**kw: object) -> QuizSpec:
    return QuizSpec(id="five", title="Five questions", questions=[
        QuestionSpec("typed", "border-year"),
        QuestionSpec("truefalse", "border-tf"),
        QuestionSpec("mcq", "first-fighter"),
        QuestionSpec("typed", "rosoboron-deputy"),
        QuestionSpec("matching", cards=MATCHING),
    ], shuffle_options=False, **kw)  # type: ignore[arg-type]


def press(qtbot, window: QWidget, *keys: Qt.Key | str) -> None:
    """Type into whatever has the keyboard focus in the window, as a student does."""
    for key in keys:
        target = window.focusWidget() or window
        if isinstance(key, str) and len(key) > 1:
            qtbot.keyClicks(target, key)
        else:
            qtbot.keyClick(target, key)


def open_window(qtbot, session) -> QuizWindow:
    window = QuizWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window
