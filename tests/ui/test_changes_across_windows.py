"""Every open window follows changes made in another, through the one change relay.

The card browser stays open while the student adds cards by Generate, buries one
in review and fails one in a quiz: it shows each change. The study overview in
the main window recounts when cards are added elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.quiz.session import start_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from app.core.study.session import Scope
from app.ui.cards.browser import CardBrowser
from app.ui.cards.generate_dialog import KEEP, GenerateDialog
from app.ui.main_window import MainWindow
from app.ui.study.review import ReviewWidget
from tests.helpers.browser import shown
from tests.helpers.quiz_ui import open_window, press
from tests.helpers.quizdata import ARTICLE

STATE, DUE = 5, 4  # browser columns


def open_browser(qtbot, col: Collection) -> CardBrowser:  # type: ignore[no-untyped-def]
    browser = CardBrowser(col, ARTICLE)
    qtbot.addWidget(browser)
    browser.show()
    browser.settle()  # the browser searches off the GUI thread
    return browser


def add_generated(qtbot, col: Collection, rows: int) -> None:  # type: ignore[no-untyped-def]
    dialog = GenerateDialog(col, ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=20000)
    for row in range(rows):
        dialog.table.setCurrentCell(row, KEEP)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def cell(browser: CardBrowser, prompt_start: str, column: int) -> str:
    model = browser.model
    for row in range(model.rowCount()):
        if model.index(row, 2).data().startswith(prompt_start):
            return model.index(row, column).data() or ""
    raise AssertionError(f"no row {prompt_start!r}: {shown(browser)}")


def test_browser_shows_cards_added_by_generate(qtbot, col_with_article: Collection) -> None:  # type: ignore[no-untyped-def]
    browser = open_browser(qtbot, col_with_article)
    assert shown(browser) == []
    add_generated(qtbot, col_with_article, rows=2)
    assert len(shown(browser)) == 2
    assert browser.count.text() == "2 notes (2 cards)"


def test_browser_shows_a_card_buried_in_review(qtbot, qcol: Collection) -> None:  # type: ignore[no-untyped-def]
    browser = open_browser(qtbot, qcol)
    review = ReviewWidget(qcol, Scope(article_id=ARTICLE))
    qtbot.addWidget(review)
    review.show()
    review.setFocus()
    qtbot.keyClick(review, Qt.Key.Key_Space)  # Study
    assert review.card is not None
    qtbot.keyClick(review, Qt.Key.Key_Minus)  # bury
    browser.settle()
    states = {browser.model.index(r, 2).data(): browser.model.index(r, STATE).data()
              for r in range(browser.model.rowCount())}
    buried = [p for p, s in states.items() if s and "buried" in s]
    assert len(buried) == 1, states


def test_browser_shows_a_card_failed_in_a_quiz(qtbot, qcol: Collection) -> None:  # type: ignore[no-untyped-def]
    browser = open_browser(qtbot, qcol)
    before = cell(browser, "Military cooperation was re-established", DUE)
    spec = QuizSpec(id="one", title="One", questions=[QuestionSpec("truefalse", "border-tf")])
    window = open_window(qtbot, start_quiz(qcol, spec))
    press(qtbot, window, "f", Qt.Key.Key_Return)  # wrong: the statement is true
    qtbot.waitUntil(lambda: cell(browser, "Military cooperation was re-established", DUE)
                    != before)


def test_study_overview_recounts_when_cards_are_added_elsewhere(qtbot, col_with_article: Collection) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(col_with_article)
    qtbot.addWidget(window)
    window.show()
    window.study(this_section=False)
    review = window.review
    assert review is not None and not review.study_button.isEnabled()  # no cards yet
    add_generated(qtbot, col_with_article, rows=3)
    assert review.study_button.isEnabled()
    # the scope's card total is counted off the GUI thread and added when in
    qtbot.waitUntil(lambda: review.overview_info.text() == "3 to study now · 3 cards in this article")
    assert ">3<" in review.counts.text()  # New 3, in the counts line
