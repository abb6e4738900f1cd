"""File → Open Deck with an ordinary mistake shows every problem by line (it used to
show nothing at all when the checker crashed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.core.storage.collection import Collection
from app.ui.decks.actions import DeckErrorsDialog, open_deck
from tests.helpers.decks import VALID, snapshot, write


def test_mcq_without_answer_is_listed_by_line(qtbot, col: Collection, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    path = write(tmp_path, VALID.replace('answer = "Su-27"\n', "", 1)
                 .replace("time_limit = 300", "time_limit = 100000000000000000000"))
    before = snapshot(col)
    assert open_deck(parent, col, path) is None
    (dialog,) = parent.findChildren(DeckErrorsDialog)
    items = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(items) == 2 and all(item.startswith("line ") for item in items)
    assert any("missing field 'answer'" in item for item in items)
    assert any("from 1 to 86400" in item for item in items)
    assert snapshot(col) == before
