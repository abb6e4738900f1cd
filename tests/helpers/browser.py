"""Fixtures shared by the card-browser tests: a collection with a small deck, the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.decks.store import load_deck_into_collection
from app.core.storage.collection import Collection
from app.ui.cards.browser import CardBrowser
from tests.helpers.decks import VALID, write

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def deck_col(col: Collection, tmp_path: Path) -> Collection:
    load_deck_into_collection(col, write(tmp_path, VALID))
    return col


def open_browser(qtbot, col: Collection) -> CardBrowser:  # type: ignore[no-untyped-def]
    """The browser on the article, shown, its first search finished."""
    win = CardBrowser(col, ARTICLE)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.settle()
    return win


@pytest.fixture
def browser(qtbot, deck_col: Collection) -> CardBrowser:  # type: ignore[no-untyped-def]
    return open_browser(qtbot, deck_col)


def shown(win: CardBrowser, column: int = 2) -> list[str]:
    """What the table lists in `column`, once the search in progress has finished."""
    win.settle()
    model = win.table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def count_of(win: CardBrowser) -> str:
    """The count line under the table, once the search in progress has finished."""
    win.settle()
    return win.count.text()


def row_rect(win: CardBrowser, text: str):  # type: ignore[no-untyped-def]
    """The prompt cell of the row showing exactly `text`, else the first containing it."""
    prompts = shown(win)
    row = prompts.index(text) if text in prompts else next(
        i for i, t in enumerate(prompts) if text in t)
    return win.table.visualRect(win.table.model().index(row, 2))


def click_row(qtbot, win: CardBrowser, text: str,  # type: ignore[no-untyped-def]
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(win.table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     pos=row_rect(win, text).center())
