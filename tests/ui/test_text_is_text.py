"""Card, article and quiz text is shown as written, never interpreted as markup:
`<script>`, `<img onerror>`, `<b>` and cloze-breaking text through every screen."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.quiz.session import start_quiz
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from app.core.study.session import Scope
from tests.helpers.quiz_ui import open_window, press

ARTICLE = "russia-china-military-cooperation"
SCRIPT = "What does <script>alert(1)</script> do?"
IMG = "<img src=x onerror=alert(1)> an image"
BOLD = "<b>bold</b> & <i>sure</i>"
CLOZE = "}} {{c1::broken"
OPTIONS = ["<b>Su-27</b>", "MiG-29 <script>", IMG, "&amp; four"]


def _hostile_notes(col: Collection) -> None:
    save_notes(col, [
        Note("x-basic", "basic", {"front": SCRIPT, "back": BOLD}, ARTICLE, 1,
             source=IMG, explanation=CLOZE),
        Note("x-mcq", "mcq", {"question": BOLD, "options": OPTIONS, "answer": OPTIONS[0]},
             ARTICLE, 1, source=SCRIPT, explanation=BOLD),
        Note("x-typed", "typed", {"front": IMG, "back": "<b>x</b>"}, ARTICLE, 1),
    ])


def _plain(label: QLabel, expected: str) -> None:
    assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert expected in label.text()


def test_quiz_question_feedback_and_results_show_the_text_as_written(
        qtbot, col_with_article: Collection) -> None:
    col = col_with_article
    _hostile_notes(col)
    spec = QuizSpec(id="hostile", title="<b>Quiz</b> <script>", feedback="each",
                    shuffle_options=False, questions=[QuestionSpec("mcq", "x-mcq"),
                                                      QuestionSpec("typed", "x-basic")])
    window = open_window(qtbot, start_quiz(col, spec))
    _plain(window.title_label, "<b>Quiz</b> <script>")
    _plain(window.view.prompt, BOLD)
    assert [b.text() for b in window.view.buttons] == [f"{'ABCD'[i]}. {o}"
                                                       for i, o in enumerate(OPTIONS)]
    press(qtbot, window, "2", Qt.Key.Key_Return)  # wrong: MiG-29 <script>
    _plain(window.feedback.correct, f"Your answer: {OPTIONS[1]}")
    _plain(window.feedback.correct, f"Correct answer: {OPTIONS[0]}")
    _plain(window.feedback.explanation, BOLD)
    _plain(window.feedback.source, SCRIPT)
    press(qtbot, window, Qt.Key.Key_Return)
    _plain(window.view.prompt, SCRIPT)
    press(qtbot, window, BOLD, Qt.Key.Key_Return)  # typed exactly as the answer reads
    assert window.feedback.verdict.text() == "Right!"  # graded on the string shown
    _plain(window.feedback.explanation, CLOZE)
    _plain(window.feedback.source, IMG)
    press(qtbot, window, Qt.Key.Key_Return)
    results = window.results_panel
    assert window.stack.currentWidget() is results
    table = results.answers
    texts = [table.item(r, c).text() for r in range(table.rowCount())
             for c in range(table.columnCount()) if table.item(r, c)]
    assert BOLD in texts and OPTIONS[1] in texts and SCRIPT in texts
    tips = [table.item(r, c).toolTip() for r in range(table.rowCount())
            for c in range(table.columnCount()) if table.item(r, c)]
    assert any(html.escape(BOLD) in t for t in tips)
    table.selectRow(0)
    _plain(results.explanation, BOLD)
    _plain(results.source, SCRIPT)


def test_review_screen_escapes_card_text(qtbot, col_with_article: Collection) -> None:
    from app.ui.study.review import ReviewWidget

    col = col_with_article
    _hostile_notes(col)
    w = ReviewWidget(col, Scope(ARTICLE, 1), "Study")
    qtbot.addWidget(w)
    w.show()
    qtbot.keyClick(w, Qt.Key.Key_Space)
    shown = w.card.face.front
    assert html.escape(shown) in w.question.text()
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert html.escape(w.card.face.back) in w.answer.text()


def test_browser_preview_and_delete_question_show_text_as_written(
        qtbot, col_with_article: Collection) -> None:
    from app.ui.cards.browser import CardBrowser

    col = col_with_article
    _hostile_notes(col)
    browser = CardBrowser(col, ARTICLE)
    qtbot.addWidget(browser)
    browser.show()
    model = browser.table.model()
    shown = [model.index(r, c).data() for r in range(model.rowCount())
             for c in range(model.columnCount())]
    assert SCRIPT in shown
    for row in range(model.rowCount()):
        browser.table.selectRow(row)
        if SCRIPT in (model.index(row, c).data() for c in range(model.columnCount())):
            break
    assert SCRIPT in browser.preview.toPlainText()
    browser.delete_card()
    assert browser.confirm.textFormat() == Qt.TextFormat.PlainText
    assert SCRIPT in browser.confirm.text()
    browser.confirm.reject()


def test_reader_and_sidebar_show_article_text_as_written(qtbot, tmp_path) -> None:
    from app.core.articles.library import import_article_file
    from app.ui.main_window import MainWindow

    article = tmp_path / "hostile.txt"
    article.write_text(f"July 1, 2020\n\n{BOLD} in the title\n\n{SCRIPT} It is a sentence "
                       "here, long enough to be a paragraph of its own.\n\nAnother plain "
                       "sentence for the section, also long enough to stand.\n",
                       encoding="utf-8")
    col = Collection.open(tmp_path / "c.sqlite3")
    result = import_article_file(col, article)
    win = MainWindow(col)
    win.open_section(result.article_id, 0)
    text = win.reader.browser.toPlainText()
    assert "<script>alert(1)</script>" in text
    top = win.sidebar.topLevelItem(win.sidebar.topLevelItemCount() - 1)
    assert top.toolTip(0).startswith("<p") and "&lt;" not in top.text(0)
    if "<b>" in top.text(0):
        assert html.escape("<b>bold</b>") in top.toolTip(0)
    win.close()
    win.deleteLater()
    col.close()
