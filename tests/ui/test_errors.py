"""Failures reach the user: a StudyDeskError from a menu action is a message box in its
own words; anything else is "Something went wrong", shown and written to the log."""

from __future__ import annotations

from app.core.errors import ArticleImportError
from app.core.paths import log_path
from app.core.storage.collection import Collection
from app.ui.main_window import MainWindow
from tests.helpers.message_box import capture_message_box, trigger


def test_a_core_error_from_a_menu_action_is_shown_in_its_own_words(
        qtbot, col_with_article: Collection, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(col_with_article)
    qtbot.addWidget(window)

    def failing(*_: object) -> None:
        raise ArticleImportError("notes.txt is empty: there is nothing to import.")

    monkeypatch.setattr(window, "export_to_anki", failing)
    seen = capture_message_box()
    trigger(window, "Export to Anki…")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("Export to Anki", "notes.txt is empty: there is nothing to import.", "")]


def test_an_unexpected_error_is_shown_and_logged(qtbot, col_with_article: Collection,
                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(col_with_article)
    qtbot.addWidget(window)

    def broken(*_: object) -> None:
        raise RuntimeError("the flux capacitor is empty")

    monkeypatch.setattr(window, "browse_cards", broken)
    before = log_path().read_text(encoding="utf-8") if log_path().exists() else ""
    seen = capture_message_box()
    trigger(window, "Browse Cards…")
    qtbot.waitUntil(lambda: bool(seen))
    title, text, detail = seen[0]
    assert title == "Browse Cards" and text.startswith("Something went wrong")
    assert "RuntimeError: the flux capacitor is empty" in detail and str(log_path()) in detail
    logged = log_path().read_text(encoding="utf-8")[len(before):]
    assert "Traceback" in logged and "the flux capacitor is empty" in logged
