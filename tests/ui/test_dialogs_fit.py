"""Dialogs that fit their content: nothing clipped, no sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app.core.storage.collection import Collection
from app.ui import appearance
from app.ui.decks.export_dialog import ExportDialog

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def calm_style(qapp) -> Iterator[None]:
    appearance.apply_appearance("system", save=False)  # what the app does at start
    yield
    appearance.apply_appearance("system", save=False)


def test_export_sections_show_whole_titles_and_counts(qtbot, col_with_article: Collection,
                                                      calm_style) -> None:
    from app.core.articles.bootstrap import ensure_bundled_content

    ensure_bundled_content(col_with_article)  # the curated deck: long titles with counts
    dialog = ExportDialog(col_with_article, ARTICLE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    sections = dialog.sections
    longest = max(range(sections.count()), key=lambda i: len(sections.item(i).text()))
    assert "Gordian Knot" in sections.item(longest).text()
    assert sections.horizontalScrollBar().maximum() == 0  # nothing hides sideways
    rect = sections.visualItemRect(sections.item(longest))
    needed = sections.fontMetrics().boundingRect(
        sections.viewport().rect(), Qt.TextFlag.TextWordWrap, sections.item(longest).text())
    assert rect.height() >= needed.height()  # wrapped lines get their height
    assert rect.right() <= sections.viewport().width()
