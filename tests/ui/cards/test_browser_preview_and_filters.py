"""Card browser and card form polish, driven as a user would: the aligned form and its
plain messages, the preview pane, suspended rows, the New/Learning/Due filters,
closing keys, and counts that name notes and cards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFormLayout, QWidget

from app.core.clock import day_start, utcnow
from app.core.notes.model import NoteError, validate_fields
from app.core.notes.rows import browse_rows
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review, set_suspended
from app.ui.cards.browser import CardBrowser
from app.ui.cards.note_form import NoteForm
from tests.helpers.browser import ARTICLE, click_row, count_of, shown

STATE, DUE = 5, 4


def card_id(col: Collection, note_id: str, ord_: int = 0) -> int:
    return col.execute("SELECT id FROM cards WHERE note_id = ? AND ord = ?",
                       [note_id, ord_]).fetchone()[0]


# -- 1. the add/edit form ---------------------------------------------------------------
def open_add_form(qtbot, win: CardBrowser) -> NoteForm:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(win.add_button, Qt.MouseButton.LeftButton)
    form = win.form
    assert form is not None
    qtbot.waitExposed(form)
    return form


def choose_kind(qtbot, form: NoteForm, label: str) -> None:  # type: ignore[no-untyped-def]
    """Pick a kind with the keyboard, as a user tabbing through the form would."""
    form.kind_box.setFocus()
    qtbot.keyClick(form.kind_box, Qt.Key.Key_Home)
    for _ in range(form.kind_box.count()):
        if form.kind_box.currentText() == label:
            return
        qtbot.keyClick(form.kind_box, Qt.Key.Key_Down)
    assert form.kind_box.currentText() == label


def visible_fields(form: NoteForm) -> list[QWidget]:
    """The field widgets the user sees, top to bottom."""
    fields = []
    for layout in form.findChildren(QFormLayout):
        for row in range(layout.rowCount()):
            item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item is not None and item.widget() is not None and item.widget().isVisible():
                fields.append(item.widget())
    return sorted(fields, key=lambda w: w.mapTo(form, QPoint(0, 0)).y())


@pytest.mark.parametrize("kind", ["Basic", "Cloze", "Multiple choice", "True / false"])
def test_every_field_of_the_form_lines_up_without_gaps(  # type: ignore[no-untyped-def]
        qtbot, browser: CardBrowser, kind: str) -> None:
    form = open_add_form(qtbot, browser)
    choose_kind(qtbot, form, kind)
    qtbot.wait(10)
    fields = visible_fields(form)
    assert form.tags in fields and form.page().rows[0] in fields
    lefts = {w.mapTo(form, QPoint(0, 0)).x() for w in fields}
    assert len(lefts) == 1, f"fields start at different x: {sorted(lefts)}"
    for above, below in pairwise(fields):
        gap = below.mapTo(form, QPoint(0, 0)).y() - (above.mapTo(form, QPoint(0, 0)).y()
                                                     + above.height())
        assert 0 <= gap <= 12, f"{gap}px between {above.objectName()} and {below.objectName()}"
    other = next(p for k, p in form.kind_pages.items() if k != form.kind)
    assert not any(w.isVisible() for w in other.rows)  # only the chosen kind's fields


def test_empty_field_messages_are_plain(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    form = open_add_form(qtbot, browser)
    for kind, message in [("Basic", "This card: The front is empty."),
                          ("Multiple choice", "This card: The question is empty."),
                          ("Cloze", "This card: The cloze text is empty."),
                          ("True / false", "This card: The statement is empty.")]:
        choose_kind(qtbot, form, kind)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert form.isVisible() and form.error.isVisible()
        assert form.error.text() == message
    with pytest.raises(NoteError, match=r"^n1: The back is empty\.$"):
        validate_fields("basic", {"front": "Q", "back": " "}, label="n1")


# -- 2. the preview pane ----------------------------------------------------------------
def test_preview_shows_the_selected_card_as_studied(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    assert browser.preview.toPlainText() == ""
    assert browser.splitter.indexOf(browser.table) == 0
    assert browser.splitter.indexOf(browser.preview) == 1
    click_row(qtbot, browser, "Vostok")  # reversed: two cards
    text = browser.preview.toPlainText()
    order = ["Card 1", "Vostok", "strategic exercise in the East", "Card 2",
             "strategic exercise in the East", "Vostok"]
    at = 0
    for part in order:
        at = text.index(part, at) + len(part)
    click_row(qtbot, browser, "Which fighter")
    text = browser.preview.toPlainText()
    assert "Card 1" not in text
    for part in ["Which fighter did China buy", "MiG-29", "Su-27", "Source: China bought Su-27",
                 "Explanation: Russia's first big arms sale", "It opened a decade"]:
        assert part in text
    assert text.index("Which fighter") < text.index("Source:") < text.index("Explanation:")
    qtbot.keyClick(browser.table, Qt.Key.Key_Up)  # the cloze above it
    text = browser.preview.toPlainText()
    assert text.index("signed in [...].") < text.index("signed in 1991.")
    click_row(qtbot, browser, "Tsentr", Qt.KeyboardModifier.ControlModifier)
    assert browser.preview.toPlainText() == ""  # several selected: nothing to preview


# -- 3. suspended rows ------------------------------------------------------------------
@pytest.fixture
def dark_palette(qapp: QApplication) -> Iterator[QPalette]:
    old = qapp.palette()
    dark = QPalette(old)
    for role, color in [(QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Window, "#2b2b2b"),
                        (QPalette.ColorRole.Text, "#e6e6e6"),
                        (QPalette.ColorRole.WindowText, "#e6e6e6"),
                        (QPalette.ColorRole.AlternateBase, "#262626")]:
        dark.setColor(role, QColor(color))
    qapp.setPalette(dark)
    yield dark
    qapp.setPalette(old)


def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def cell_pixel(win: CardBrowser, text: str, column: int = DUE) -> QColor:
    """The colour painted at the far right of a row's cell, where no text is."""
    row = shown(win).index(text)
    rect = win.table.visualRect(win.model.index(row, column))
    image = win.table.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int((rect.right() - 3) * ratio), int(rect.center().y() * ratio))


def suspend_tsentr(qtbot, win: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, win, "Tsentr")
    qtbot.mouseClick(win.suspend_button, Qt.MouseButton.LeftButton)
    click_row(qtbot, win, "Peace Mission")  # move the selection highlight away
    assert shown(win, STATE)[shown(win).index("Tsentr")] == "suspended"


def test_suspended_rows_are_tinted_and_readable(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    suspend_tsentr(qtbot, browser)
    tinted, plain = cell_pixel(browser, "Tsentr"), cell_pixel(browser, "Vostok")
    assert tinted != plain
    assert tinted.red() - tinted.blue() > 25  # yellowish
    row = shown(browser).index("Tsentr")
    index = browser.model.index(row, 2)
    fg, bg = (index.data(Qt.ItemDataRole.ForegroundRole), index.data(Qt.ItemDataRole.BackgroundRole))
    assert contrast(fg, bg) >= 4.5
    assert browser.model.index(shown(browser).index("Vostok"), 2).data(
        Qt.ItemDataRole.BackgroundRole) is None


def test_suspended_tint_reads_in_dark_mode(  # type: ignore[no-untyped-def]
        qtbot, dark_palette: QPalette, deck_col: Collection) -> None:
    win = CardBrowser(deck_col, ARTICLE)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    suspend_tsentr(qtbot, win)
    tinted = cell_pixel(win, "Tsentr")
    assert tinted.lightness() < 110, tinted.name()  # still a dark row, not a light stripe
    assert tinted.red() - tinted.blue() > 15 and tinted != cell_pixel(win, "Vostok")
    index = win.model.index(shown(win).index("Tsentr"), 2)
    fg = index.data(Qt.ItemDataRole.ForegroundRole)
    assert contrast(fg, tinted) >= 4.5


# -- 4. New / Learning / Due today --------------------------------------------------------
def test_new_learning_and_due_filters(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    col = browser.col
    labels = [browser.state_filter.itemText(i) for i in range(browser.state_filter.count())]
    assert labels == ["Any state", "New", "Learning", "Due today", "Suspended", "Buried"]
    hour_ago = utcnow() - timedelta(hours=1)
    record_review(col, card_id(col, "m1"), 1, 900, now=hour_ago)  # Again: relearn in minutes
    record_review(col, card_id(col, "m3"), 4, 900, now=hour_ago)  # Easy: days away
    record_review(col, card_id(col, "m2", 1), 1, 900, now=hour_ago)  # one card of two
    browser.refresh()
    browser.state_filter.setCurrentText("New")
    assert "Peace Mission" not in shown(browser) and "Tsentr" not in shown(browser)
    assert "Vostok" in shown(browser)  # its front card is still new
    assert count_of(browser) == "5 notes (6 cards)"
    browser.state_filter.setCurrentText("Learning")
    assert shown(browser) == ["Peace Mission", "Vostok"]
    browser.state_filter.setCurrentText("Due today")
    assert shown(browser) == ["Peace Mission", "Vostok"]
    set_suspended(col, [card_id(col, "m1")], True)  # a suspended card is not due
    browser.refresh()
    assert shown(browser) == ["Vostok"]


def test_due_means_before_the_study_day_ends(deck_col: Collection) -> None:
    col = deck_col
    now = datetime(2031, 3, 10, 12, 0).astimezone()
    record_review(col, card_id(col, "m3"), 4, 900, now=now)  # Easy: due some days later
    due = col.execute("SELECT due FROM cards WHERE note_id = 'm3'").fetchone()[0]
    start = day_start(datetime.fromtimestamp(due).astimezone()).timestamp()
    assert start < due

    def due_notes(at: float) -> list[str]:
        return [r.note_id for r in browse_rows(col, ARTICLE, state="due", now=at)]

    assert due_notes(start - 1) == []          # the study day before: not yet
    assert due_notes(start + 1) == ["m3"]      # due later that study day: due today
    assert due_notes(due + 86400 * 30) == ["m3"]
    assert [r.note_id for r in browse_rows(col, ARTICLE, state="learning", now=start)] == []
    with pytest.raises(ValueError, match="unknown state filter 'later'"):
        browse_rows(col, ARTICLE, state="later")


# -- 5. closing keys ----------------------------------------------------------------------
@pytest.mark.parametrize("key, modifier, focus", [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "table"),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "search"),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, "table"),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, "search"),
])
def test_esc_and_ctrl_w_close_the_browser(  # type: ignore[no-untyped-def]
        qtbot, browser: CardBrowser, key: Qt.Key, modifier: Qt.KeyboardModifier,
        focus: str) -> None:
    widget = browser.table if focus == "table" else browser.search
    browser.activateWindow()
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)
    qtbot.waitUntil(lambda: not browser.isVisible(), timeout=1000)


# -- 6. counts ----------------------------------------------------------------------------
def test_count_names_notes_and_cards(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    assert count_of(browser) == "7 notes (8 cards)"  # the reversed note has two cards
    qtbot.keyClicks(browser.search, "vostok")
    assert count_of(browser) == "1 note (2 cards)"
