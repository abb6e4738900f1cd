"""Card info from the review screen (`i`) and the card browser (Ctrl+Shift+I)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review
from app.core.study.session import Scope
from app.ui.cards.browser import CardBrowser
from app.ui.study.review import ReviewWidget
from tests.helpers.browser import click_row

ARTICLE = "russia-china-military-cooperation"


def _note(col: Collection) -> int:
    save_note(col, Note(id="info", kind="basic", fields={"front": "Capital?", "back": "Paris"},
                        article_id=ARTICLE, section_idx=1, source="Paris is <the> capital."))
    return col.execute("SELECT id FROM cards WHERE note_id = 'info'").fetchone()[0]


def test_i_on_the_review_screen_shows_every_answer(qtbot, col_with_article: Collection) -> None:  # type: ignore[no-untyped-def]
    card_id = _note(col_with_article)
    record_review(col_with_article, card_id, 1, 0, source="quiz")
    widget = ReviewWidget(col_with_article, Scope(ARTICLE, 1), "Section")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.keyClick(widget, Qt.Key.Key_Space)  # start
    assert widget.card is not None and widget.card.card_id == card_id
    qtbot.keyClick(widget, Qt.Key.Key_I)
    dialog = widget.card_info
    assert dialog.isVisible()
    text = dialog.view.toPlainText()
    assert "Capital?" in text and "Paris is <the> capital." in text  # escaped, shown as typed
    assert [r.source for r in dialog.info.reviews] == ["quiz"]
    qtbot.keyClick(widget, Qt.Key.Key_Space)  # show the answer
    qtbot.keyClick(widget, Qt.Key.Key_3)      # Good: the open dialog follows
    assert [r.rating_name for r in dialog.info.reviews] == ["Again", "Good"]
    assert "Good" in dialog.view.toPlainText()


def test_ctrl_shift_i_in_the_browser(qtbot, col_with_article: Collection) -> None:  # type: ignore[no-untyped-def]
    card_id = _note(col_with_article)
    record_review(col_with_article, card_id, 3, 2000)
    browser = CardBrowser(col_with_article, ARTICLE)
    qtbot.addWidget(browser)
    browser.show()
    qtbot.waitExposed(browser)
    browser.activateWindow()  # window shortcuts reach the active window only
    qtbot.waitUntil(browser.isActiveWindow)
    click_row(qtbot, browser, "Capital?")
    assert browser.selected_note_ids() == ["info"]
    qtbot.keyClick(browser.table, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = browser.card_info
    assert dialog.info.card_id == card_id and len(dialog.info.reviews) == 1
    assert "Good" in dialog.view.toPlainText()


def test_a_card_deleted_while_shown_is_said_once(qtbot, col_with_article: Collection) -> None:  # type: ignore[no-untyped-def]
    from app.core.notes.store import delete_note
    from app.ui.stats.card_info import CardInfoDialog

    card_id = _note(col_with_article)
    dialog = CardInfoDialog(col_with_article, [card_id])
    qtbot.addWidget(dialog)
    delete_note(col_with_article, "info")
    assert dialog.info is None and f"no card {card_id}" in dialog.view.toPlainText()
