"""Fixtures shared by the card-browser tests: a collection with a small deck, the browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.collection import Collection
from app.core.decks import load_deck_into_collection
from app.ui.browser import CardBrowser
from tests.test_deckfile import VALID, write

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def deck_col(col: Collection, tmp_path: Path) -> Collection:
    load_deck_into_collection(col, write(tmp_path, VALID))
    return col


@pytest.fixture
def browser(qtbot, deck_col: Collection) -> CardBrowser:  # type: ignore[no-untyped-def]
    win = CardBrowser(deck_col, ARTICLE)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
