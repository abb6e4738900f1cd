"""The browser's columns as the student sees them: the column chooser, short columns
wide enough for every value, room left for the prompts, and the order and widths kept
between openings (app/ui/cards/columns.py)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu

from app.core.storage.collection import Collection
from app.core.study.reviews import record_review
from app.ui.cards.browser import COLUMN_KEYS, CardBrowser
from app.ui.cards.columns import NARROWEST
from tests.helpers.browser import ARTICLE, open_browser, shown
from tests.helpers.quizdata import card_id


def test_column_chooser(qtbot, deck_col: Collection) -> None:  # type: ignore[no-untyped-def]
    win = open_browser(qtbot, deck_col)
    tags = COLUMN_KEYS.index("tags")
    assert win.table.isColumnHidden(tags)
    header = win.table.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(10, 5))
    qtbot.waitUntil(lambda: win.menu is not None and win.menu.isVisible())
    menu = win.menu
    assert menu is not None
    action = next(a for a in menu.actions() if a.text() == "Tags")
    assert action.isCheckable() and not action.isChecked()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert not win.table.isColumnHidden(tags)
    assert shown(win, tags)[shown(win).index(
        "The Sino-Soviet Border Agreement was signed in [...].")] == "treaties"
    win.close()
    assert not open_browser(qtbot, deck_col).table.isColumnHidden(tags)


def test_every_cell_fits_its_column(qtbot, browser: CardBrowser) -> None:  # type: ignore[no-untyped-def]
    """Short columns (Due, State, Kind, Card) never cut their text with "…"."""
    col = browser.col
    record_review(col, card_id(col, "m2", 1), 1, 900)
    browser.table.setColumnHidden(COLUMN_KEYS.index("card"), False)
    browser.settle()
    metrics = browser.table.fontMetrics()
    for key in ("due", "state", "kind", "card"):
        column = COLUMN_KEYS.index(key)
        for text in shown(browser, column):
            assert metrics.horizontalAdvance(text) < browser.table.columnWidth(column) - 6, \
                (key, text)
    QApplication.processEvents()
    assert isinstance(browser.menu, QMenu | type(None))


def test_column_order_and_widths_are_kept_between_openings(qtbot, deck_col: Collection) -> None:  # type: ignore[no-untyped-def]
    win = open_browser(qtbot, deck_col)
    header = win.table.horizontalHeader()
    due, answer = COLUMN_KEYS.index("due"), COLUMN_KEYS.index("answer")
    assert header.sectionsMovable()
    header.moveSection(header.visualIndex(due), 0)  # as a drag of the Due header would
    header.resizeSection(answer, 333)
    win.close()

    again = open_browser(qtbot, deck_col)
    header = again.table.horizontalHeader()
    assert header.visualIndex(due) == 0 and header.sectionSize(answer) == 333
    assert header.logicalIndex(1) == COLUMN_KEYS.index("section")  # the rest follow in order
    again.close()
    deck_col.set_setting("browser", {"header": {"columns": ["gone"], "state": "AAAA"}})
    fresh = open_browser(qtbot, deck_col)  # a layout saved for other columns is not applied
    assert fresh.table.horizontalHeader().visualIndex(due) == due


def test_the_prompt_column_keeps_room_in_a_small_window(qtbot, deck_col: Collection) -> None:  # type: ignore[no-untyped-def]
    """Section and Answer give way (down to NARROWEST) so the prompts are readable and
    no column runs off the table's right edge."""
    small = CardBrowser(deck_col, ARTICLE)
    qtbot.addWidget(small)
    small.resize(1000, 600)
    small.show()
    header = small.table.horizontalHeader()
    prompt = COLUMN_KEYS.index("prompt")
    available = small.table.viewport().width()
    qtbot.waitUntil(lambda: header.sectionSize(prompt) >= min(available // 3, 150))
    shown_widths = sum(header.sectionSize(i) for i in range(header.count())
                       if not small.table.isColumnHidden(i))
    assert shown_widths <= small.table.viewport().width()
    for key in ("section", "answer"):
        assert header.sectionSize(COLUMN_KEYS.index(key)) >= NARROWEST
