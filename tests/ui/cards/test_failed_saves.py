"""An edit in the card browser that cannot be saved: the reason said, the form given back
with what was typed, saved when tried again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.notes.store import get_note
from app.ui.cards.browser import CardBrowser
from tests.helpers.browser import click_row
from tests.helpers.faults import another_program_holding_the_lock, short_busy_wait


def test_failed_edit_keeps_the_form_and_saves_on_retry(
        qtbot, browser: CardBrowser, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a: shown.append(text)))
    click_row(qtbot, browser, "Tsentr")
    qtbot.mouseClick(browser.edit_button, Qt.MouseButton.LeftButton)
    form = browser.form
    editor = form.page().editors["back"]
    editor.selectAll()
    qtbot.keyClicks(editor, "kept while the disk is busy")
    short_busy_wait(browser.col)
    with another_program_holding_the_lock(browser.col.path):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown))
    assert "another program" in shown[0] and "What you typed is kept" in shown[0]
    assert form.isVisible()
    assert form.page().editors["back"].toPlainText() == "kept while the disk is busy"
    assert get_note(browser.col, "m3").fields["back"] != "kept while the disk is busy"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert get_note(browser.col, "m3").fields["back"] == "kept while the disk is busy"
