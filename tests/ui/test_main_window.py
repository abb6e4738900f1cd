"""The main window, driven as a user would: what the sidebar shows, keys, restarting."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.storage.collection import Collection
from app.ui.app import open_collection
from app.ui.main_window import MainWindow
from tests.helpers.main_window import main_window

SECTIONS = ["Introduction", "Military cooperation in recent years", "Joint Exercises",
            "Security in Central Asia: Sharing Responsibility or a Gordian Knot in Relations?",
            "A New Level of Cooperation", "Prospects for Future Military Cooperation"]


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    with main_window(qtbot, tmp_path) as win:
        win.show_reader()  # the home screen comes first; these tests start from the reader
        yield win


def sidebar_sections(win: MainWindow) -> list[str]:
    top = win.sidebar.topLevelItem(0)
    return [top.child(i).text(0).split(". ", 1)[1] for i in range(top.childCount())]


def test_first_start_shows_bundled_article_in_six_sections(window: MainWindow) -> None:
    assert window.sidebar.topLevelItemCount() == 1
    assert sidebar_sections(window) == SECTIONS
    assert "Introduction" in window.reader.browser.toPlainText()
    assert "Sino-Soviet Border Agreement was signed in 1991" in window.reader.browser.toPlainText()
    assert window.reader.position_label.text() == "1 / 6"


def test_keyboard_navigation_changes_the_reader(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.section_index == 1
    assert "Military cooperation in recent years" in window.reader.browser.toPlainText()
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.section_index == 1
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.read_button.isChecked()
    assert window.sidebar.topLevelItem(0).child(1).text(1) == "✓"
    assert window.sidebar.topLevelItem(0).child(0).text(1) == ""
    assert window.sidebar.topLevelItem(0).text(1) == "1/6"
    # the figure has its own column: visible even when the title is elided
    rect = window.sidebar.visualItemRect(window.sidebar.topLevelItem(0))
    assert window.sidebar.columnViewportPosition(1) + window.sidebar.columnWidth(1) <= (
        window.sidebar.viewport().width() + 1) and rect.height() > 0


def test_buttons_and_sidebar_navigate(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.reader.next_button, Qt.MouseButton.LeftButton)
    assert window.reader.section_index == 1
    window.sidebar.setCurrentItem(window.sidebar.topLevelItem(0).child(4))
    assert window.reader.section_index == 4
    assert "missile attack warning system" in window.reader.browser.toPlainText()
    assert window.reader.next_button.isEnabled()
    window.sidebar.setCurrentItem(window.sidebar.topLevelItem(0).child(5))
    assert not window.reader.next_button.isEnabled()
    assert window.reader.prev_button.isEnabled()


def test_restart_reopens_the_same_section(qtbot, collection_path: Path) -> None:  # type: ignore[no-untyped-def]
    col = open_collection(collection_path)
    win = MainWindow(col)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.open_section("russia-china-military-cooperation", 3)
    win.reader.set_scroll_fraction(0.5)
    win.close()
    col.close()

    col = open_collection(collection_path)
    again = MainWindow(col)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.show_reader()  # from the home screen, shown first
    assert again.reader.section_index == 3
    assert again.sidebar.current_section() == ("russia-china-military-cooperation", 3)
    qtbot.waitUntil(lambda: abs(again.reader.scroll_fraction() - 0.5) < 0.05)
    again.close()
    col.close()


def test_import_article_adds_it_to_the_sidebar(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Field Notes\n\n## One\n\nFirst text.\n\n## Two\n\nSecond text.\n")
    article_id = window.import_article(str(path))
    assert article_id == "notes"
    assert window.sidebar.topLevelItemCount() == 2
    assert window.reader.section.title == "One"


def test_import_error_is_shown_in_a_message_box(window: MainWindow, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert window.import_article(str(path)) is None
    assert shown and "empty.txt" in shown[0]
    assert window.sidebar.topLevelItemCount() == 1


def test_second_window_on_same_collection_is_refused(collection_path: Path) -> None:
    from app.core.storage.collection import CollectionLockedError

    col = open_collection(collection_path)
    try:
        with pytest.raises(CollectionLockedError):
            Collection.open(collection_path)
    finally:
        col.close()


def test_first_start_loads_the_curated_deck(window: MainWindow) -> None:
    from app.core.notes.store import list_notes

    notes = list_notes(window.col, article_id="russia-china-military-cooperation")
    assert len(notes) >= 80
    assert {n.section_idx for n in notes} == set(range(6))


def test_browse_cards_opens_the_browser_with_the_deck(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.ui.cards.browser import CardBrowser

    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    browsers = [w for w in window._windows if isinstance(w, CardBrowser)]
    assert len(browsers) == 1
    assert browsers[0].isVisible()
    qtbot.waitUntil(lambda: browsers[0].model.rowCount() >= 80)  # searched off the GUI thread
    browsers[0].close()


def test_generate_cards_for_section_opens_the_dialog(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.ui.cards.generate_dialog import GenerateDialog

    window.open_section("russia-china-military-cooperation", 2)
    qtbot.keyClick(window, Qt.Key.Key_G,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialogs = window.findChildren(GenerateDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    qtbot.waitUntil(lambda: dialogs[0].table.rowCount() > 0, timeout=20000)
    dialogs[0].reject()


def test_ctrl_e_opens_the_export_dialog_for_the_article(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.decks import export_dialog

    seen: list[str] = []

    def fake_exec(dialog: export_dialog.ExportDialog) -> int:
        seen.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", fake_exec)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1


def test_reader_keeps_a_readable_column_at_any_width(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontMetrics

    from app.ui.reading.reader import READING_WIDTH_CHARS

    char = QFontMetrics(window.reader.browser.font()).averageCharWidth()
    for width in (700, 1600):
        window.resize(width, 700)
        qtbot.wait(50)
        fmt = window.reader.browser.document().rootFrame().frameFormat()
        column = window.reader.browser.viewport().width() - fmt.leftMargin() - fmt.rightMargin()
        assert column <= char * (READING_WIDTH_CHARS + 2)
        assert column >= min(char * 30, window.reader.browser.viewport().width() - 60)


def test_study_from_the_menu_by_keyboard_then_back_to_the_reader(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.core.study.session import Scope

    window.open_section("russia-china-military-cooperation", 0)
    qtbot.keyClick(window, Qt.Key.Key_T,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    review = window.review
    assert review is not None and window.pages.currentWidget() is review
    assert review.session.scope == Scope(article_id="russia-china-military-cooperation",
                                         section_idx=0)
    qtbot.keyClick(review, Qt.Key.Key_Space)  # overview → first card
    assert review.card is not None
    qtbot.keyClick(review, Qt.Key.Key_Space)  # show the answer
    qtbot.keyClick(review, Qt.Key.Key_3)  # Good
    assert review.session.studied == 1
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.reader
    assert window.review is None


def test_show_in_article_highlights_the_source_sentence(window: MainWindow) -> None:
    sentence = "In 1989 Gorbachev visited China and relations between the two countries started to normalise."
    window.study(this_section=False)
    window.review.show_in_article.emit("russia-china-military-cooperation", 0, sentence)
    assert window.pages.currentWidget() is window.reader
    html = window.reader.browser.toHtml()
    assert 'name="highlight"' in html
    marked = html.split('name="highlight"', 1)[1].split("</p>", 1)[0]
    assert "background-color" in marked and "n 1989 Gorbachev visited China" in marked


def test_review_mistakes_studies_exactly_those_cards(window: MainWindow) -> None:
    ids = [r[0] for r in window.col.execute("SELECT id FROM cards ORDER BY id LIMIT 3")]
    window.study_cards(ids)
    assert window.review is not None
    assert window.review.session.scope.card_ids == tuple(ids)
    assert window.review.session.counts().total == 3


def test_instructor_quizzes_menu_lists_the_deck_quizzes(window: MainWindow) -> None:
    window._fill_quizzes_menu()
    titles = [a.text() for a in window.quizzes_menu.actions()]
    assert len(titles) == 7
    assert any("Final" in t or "final" in t for t in titles)


def test_show_in_article_keeps_the_study_session(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.study(this_section=False)
    review = window.review
    qtbot.keyClick(review, Qt.Key.Key_Space)
    card = review.card
    qtbot.mouseClick(review.article_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.reader
    assert window.reader.back_to_study_button.isVisible()
    qtbot.mouseClick(window.reader.back_to_study_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is review and review.card == card
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert window.review is None and not window.reader.back_to_study_button.isVisible()


def test_reader_follows_a_dark_palette(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    dark = QPalette(window.reader.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    window.reader.setPalette(dark)
    qtbot.waitUntil(lambda: "#e6e6e6" in window.reader.browser.toHtml())


def test_study_overview_recounts_after_cards_change_in_the_browser(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.core.notes.store import list_notes
    from app.ui.cards.browser import CardBrowser

    window.open_section("russia-china-military-cooperation", 3)
    window.study(this_section=True)
    before = window.review.session.counts().new
    window.browse_cards()
    browser = next(w for w in window._windows if isinstance(w, CardBrowser))
    notes = [n.id for n in list_notes(window.col, article_id="russia-china-military-cooperation",
                                      section_idx=3)]
    browser.select_notes(notes[:2])
    qtbot.mouseClick(browser.suspend_button, Qt.MouseButton.LeftButton)
    assert window.review.session.counts().new == before - 2
    assert f"{before - 2} to study now" in window.review.overview_info.text()
    assert f">{before - 2}<" in window.review.counts.text()  # the counts, once, above
    browser.close()


def test_starting_on_a_collection_in_use_says_so(collection_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import app as ui_app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    col = open_collection(collection_path)
    try:
        assert ui_app.run(str(collection_path)) == 1
    finally:
        col.close()
    assert shown and "already open" in shown[0] and str(collection_path.name) in shown[0]


def test_show_in_article_centres_a_sentence_deep_in_the_section(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    article = window.article("russia-china-military-cooperation")
    last = article.sections[5].sentences[-1].text
    window.resize(1000, 600)
    window.show_in_article("russia-china-military-cooperation", 5, last)
    bar = window.reader.browser.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() > bar.maximum() // 2
    # leaving the section clears the highlight
    window.open_section("russia-china-military-cooperation", 4)
    assert 'name="highlight"' not in window.reader.browser.toHtml()


def test_keyboard_shortcuts_are_listed_from_the_menus(window: MainWindow) -> None:
    from app.ui.help import shortcut_rows

    rows = shortcut_rows(window)
    keys = {(where, what): k for where, k, what in rows}
    assert keys[("Go", "Next Section")] == "Ctrl+Right"
    assert keys[("Study", "Study Section")] == "Ctrl+Shift+T"
    assert keys[("File", "Export to Anki")] == "Ctrl+E"
    assert ("Studying", "1 2 3 4", "Again, Hard, Good, Easy") in rows


def test_show_in_article_from_a_quiz_offers_the_way_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.core.quiz.session import QuickQuizOptions, start_quick_quiz
    from app.ui.quiz.window import QuizWindow

    session = start_quick_quiz(window.col, "russia-china-military-cooperation",
                               QuickQuizOptions(count=2))
    quiz = QuizWindow(session, window)
    quiz.show()
    sentence = window.article("russia-china-military-cooperation").sections[2].sentences[0].text
    window._show_from_quiz(quiz, "russia-china-military-cooperation", 2, sentence)
    button = window.reader.back_to_study_button
    assert button.isVisible() and button.toolTip().startswith("Back to quiz")  # the text may be "↩ Back"
    quiz.hide()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert quiz.isVisible()  # the quiz is back in front
    assert 'name="highlight"' not in window.reader.browser.toHtml()  # the page is back to normal
    quiz.session.finish()  # a finished quiz closes without asking
    quiz.done(0)
    assert not button.isVisible()  # the quiz is gone: nothing to go back to


def test_a_narrow_window_keeps_the_sidebar_to_a_share(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.splitter.setSizes([400, 700])
    window.resize(700, 450)
    qtbot.wait(20)
    assert window.sidebar.width() <= 0.3 * window.splitter.width() + 2


def test_quitting_with_a_quiz_running_asks_the_quiz_first(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from app.core.quiz.session import QuickQuizOptions, start_quick_quiz
    from app.ui.quiz.window import QuizWindow

    session = start_quick_quiz(window.col, "russia-china-military-cooperation",
                               QuickQuizOptions(count=3))
    quiz = QuizWindow(session, window)
    quiz.show()
    assert session.begun and session.current is not None
    # the student answers "No, keep going": nothing closes
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not window.close()
    assert window.isVisible() and quiz.isVisible()
    # "Yes, end it": the attempt is finished and recorded, its results shown first
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert not window.close()
    assert session.results is not None and quiz.isVisible()
    assert window.col.execute(
        "SELECT COUNT(*) FROM quiz_attempts WHERE finished_at IS NOT NULL").fetchone()[0] == 1
    assert window.close()  # results seen: now everything closes
    assert not quiz.isVisible()
