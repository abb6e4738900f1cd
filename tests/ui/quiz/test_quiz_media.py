"""A quiz question made from an imported card shows the card's image, on the question
and on its feedback; questions without media stay plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.interop.model import media_dir
from app.core.quiz.session import start_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from tests.helpers.media import IMAGE, add_media_note
from tests.helpers.quiz_ui import open_window, press
from tests.helpers.quizdata import ARTICLE


def test_the_cards_image_is_in_the_question_and_the_feedback(qtbot, qcol: Collection) -> None:
    add_media_note(qcol, article_id=ARTICLE, section_idx=1)
    spec = QuizSpec(id="flags", title="Flags", shuffle_options=False,
                    questions=[QuestionSpec("typed", "flag"), QuestionSpec("typed", "border-year")])
    window = open_window(qtbot, start_quiz(qcol, spec))
    image = (media_dir(qcol) / IMAGE).as_uri()
    prompt = window.view.prompt
    assert prompt.textFormat() == Qt.TextFormat.RichText and image in prompt.text()
    assert "&lt;b&gt;" in prompt.text()  # the card's own "<b>" is text, not bold
    press(qtbot, window, "Freedonia", Qt.Key.Key_Return)
    assert window.feedback.verdict.text() == "Wrong"
    assert image in window.feedback.prompt.text()
    press(qtbot, window, Qt.Key.Key_Return)  # next: a card without media
    assert window.view.prompt.textFormat() == Qt.TextFormat.PlainText
    assert window.view.prompt.text() == window.view.question.prompt
