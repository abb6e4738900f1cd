"""View → Appearance re-colours every coloured text at once, in every open window: the
review screen's typed-answer comparison and explanation, the quiz's Right/Wrong,
its results' Passed/Not passed and ✓/✗ marks, and the sidebar's and home screen's counts.
Each colour is the theme's for the new palette, so it keeps its 4.5:1 contrast."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItemIterator

from app.core.articles.library import import_article_file
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.quiz.session import start_quiz
from app.core.storage.collection import Collection
from app.core.study.session import Scope
from app.ui import appearance, theme
from app.ui.main_window import MainWindow
from app.ui.quiz.results import RESULT
from app.ui.quiz.window import QuizWindow
from app.ui.study.review import ReviewWidget
from tests.helpers.quiz_ui import five_questions, open_window, press

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def restore_appearance(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    appearance.apply_appearance("system", save=False)
    QSettings().remove(appearance.APPEARANCE_KEY)


def _choose(window: MainWindow, mode: str) -> None:
    """View → Appearance → `mode`, as the student clicks it."""
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    submenu = next(a.menu() for a in view.actions() if a.text() == "&Appearance")
    action: QAction = next(a for a in submenu.actions() if a.data() == mode)
    action.trigger()
    assert theme.is_dark() == (mode == "dark")


@pytest.fixture
def typed_col(tmp_path: Path, article_path: Path) -> Iterator[Collection]:
    """The bundled article with one typed card, alone in its section."""
    col = Collection.open(tmp_path / "typed.sqlite3")
    import_article_file(col, article_path)
    try:
        yield col
    finally:
        col.close()


def _wrongly_typed_review(qtbot, col: Collection) -> ReviewWidget:  # type: ignore[no-untyped-def]
    save_note(col, Note(id="t", kind="typed", article_id=ARTICLE, section_idx=0, position=1,
                        fields={"front": "City of the 1986 speech?", "back": "Vladivostok"},
                        explanation="Gorbachev spoke there on 28 July 1986."))
    review = ReviewWidget(col, Scope(ARTICLE, 0), "Introduction")
    qtbot.addWidget(review)
    review.show()
    qtbot.keyClick(review, Qt.Key.Key_Space)
    assert review.typed.isVisible()
    qtbot.keyClicks(review.typed, "Vladiwostk")  # a wrong and a missing letter
    qtbot.keyClick(review.typed, Qt.Key.Key_Return)
    return review


def _quiz_at_results(qtbot, col: Collection) -> QuizWindow:  # type: ignore[no-untyped-def]
    quiz = open_window(qtbot, start_quiz(col, five_questions(feedback="each")))
    press(qtbot, quiz, "in 1991", Qt.Key.Key_Return, Qt.Key.Key_Return)  # right
    press(qtbot, quiz, "t", Qt.Key.Key_Return, Qt.Key.Key_Return)  # right
    press(qtbot, quiz, "2", Qt.Key.Key_Return, Qt.Key.Key_Return)  # wrong
    press(qtbot, quiz, "nobody", Qt.Key.Key_Return)  # wrong: its feedback stays shown
    assert quiz.feedback.verdict.text() == "Wrong"
    press(qtbot, quiz, Qt.Key.Key_Return)
    key = quiz.view.question.key
    press(qtbot, quiz, *("ABCDEF"[k] for k in key), Qt.Key.Key_Return, Qt.Key.Key_Return)
    assert quiz.stack.currentWidget() is quiz.results_panel
    assert quiz.results_panel.score.text() == "3 / 5  ·  Not passed"
    assert quiz.feedback.verdict.text() == "Right!"
    return quiz


def _deliver_palette_events() -> None:
    """Widgets with a style sheet of their own hear of the new palette from a posted
    event, as they would in the running app's next loop."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _tree_counts(tree: QTreeWidget) -> list[tuple[str, str]]:
    """(shown colour, role) of every count the tree colours by a role."""
    found = []
    it = QTreeWidgetItemIterator(tree)
    while (item := it.value()) is not None:
        for column in range(item.columnCount()):
            if item.text(column) and (role := item.data(column, theme.ITEM_ROLE_DATA)):
                found.append((item.foreground(column).color().name(), str(role)))
        it += 1
    return found


def test_view_appearance_recolours_every_coloured_text(window, qtbot, qcol, typed_col,
                                                       restore_appearance) -> None:  # type: ignore[no-untyped-def]
    review = _wrongly_typed_review(qtbot, typed_col)
    quiz = _quiz_at_results(qtbot, qcol)
    answers = quiz.results_panel.answers
    marks = {answers.item(r, RESULT).text() for r in range(answers.rowCount())}
    assert marks == {"✓", "✗"}
    seen: list[dict[str, str]] = []
    for mode in ("light", "dark", "light"):
        _choose(window, mode)
        _deliver_palette_events()
        shown = {
            "comparison": review.comparison.text(),
            "answer": review.answer.text(),
            "quiz verdict": quiz.feedback.verdict.styleSheet(),
            "score": quiz.results_panel.score.styleSheet(),
        }
        assert theme.tint_css("wrong") in shown["comparison"]  # the wrong letter
        assert theme.tint_css("missing") in shown["comparison"]  # the missing one
        assert theme.css("muted") in shown["answer"]  # the explanation
        assert theme.css("good") in shown["quiz verdict"]  # the last question's "Right!"
        assert theme.css("bad") in shown["score"]  # "Not passed"
        for r in range(answers.rowCount()):
            mark = answers.item(r, RESULT)
            role = "good" if mark.text() == "✓" else "bad"
            assert mark.foreground().color() == theme.text_color(role), (mode, mark.text())
        for tree in (window.sidebar, window.home.tree):
            counts = _tree_counts(tree)
            assert counts, f"no coloured counts in {type(tree).__name__}"
            assert all(color == theme.css(role) for color, role in counts), (mode, counts)
        seen.append(shown)
    light, dark, light_again = seen
    assert light == light_again
    assert [k for k in light if light[k] == dark[k]] == [], "colours that stayed"
