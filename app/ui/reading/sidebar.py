"""The sidebar: articles and their sections, with read marks and a progress figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.ui import theme
from app.ui.widgets import WrappedTitles, plain_tooltip

if TYPE_CHECKING:  # the study session's module is not needed for the window's first paint
    from app.core.articles.library import ArticleSummary
    from app.core.study.queues import Counts

#: Columns 2-4: the study counts (new, learning, due) and the palette role each is
#: coloured by (app.ui.theme: readable in light and dark palettes).
COUNT_COLUMNS = ((2, "new", "accent"), (3, "learning", "bad"), (4, "review", "good"))

#: Qt.ItemDataRole.UserRole (0x100) and the next: numbers, so that the sidebar (in the
#: window's first frame) creates none of Qt's enums before it is painted.
ARTICLE_ROLE = 0x100
SECTION_ROLE = ARTICLE_ROLE + 1


class Sidebar(QTreeWidget):
    """Emits `section_chosen(article_id, section_idx)` when the user picks a section, and
    `article_menu_requested` on a right-click (the window offers Rename and Delete)."""

    section_chosen = Signal(str, int)
    article_menu_requested = Signal(str, object)  # article id, global position (a QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        # column 0: titles, word-wrapped (WrappedTitles) in what the other columns leave;
        # column 1: read marks and the progress figure, then the counts, which must stay
        # visible however long the title is
        self.setColumnCount(5)
        header = self.header()
        header.setStretchLastSection(False)
        # the titles have the width first: a count column with nothing to show (no
        # learning card anywhere) is hidden (`_show_counts`), the others are as narrow as
        # their figures (Qt's default minimum was 26 px a column), and sections are
        # indented less than Qt's 20 px a level
        header.setMinimumSectionSize(4)
        self.setIndentation(14)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.titles = WrappedTitles(self)
        self._counts: dict[tuple[str, int], Counts] = {}
        self.setObjectName("sidebar")
        self.setRootIsDecorated(True)
        self.setWordWrap(True)
        self.currentItemChanged.connect(self._on_current_changed)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        item = self.itemAt(self.viewport().mapFromGlobal(event.globalPos()))
        if item is not None:
            self.article_menu_requested.emit(item.data(0, ARTICLE_ROLE), event.globalPos())

    def set_articles(self, articles: list[ArticleSummary]) -> None:
        current = self.current_section()
        self.blockSignals(True)
        self.clear()
        for summary in articles:
            top = QTreeWidgetItem(self, [summary.title, self._progress_label(summary)])
            top.setData(0, ARTICLE_ROLE, summary.id)
            top.setData(0, SECTION_ROLE, -1)
            top.setToolTip(0, plain_tooltip(summary.title))
            top.setToolTip(1, f"{len(summary.read)} of {len(summary.sections)} sections read")
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for idx, title in enumerate(summary.sections):
                mark = "✓" if idx in summary.read else ""
                child = QTreeWidgetItem(top, [f"{idx + 1}. {title}", mark])
                child.setData(0, ARTICLE_ROLE, summary.id)
                child.setData(0, SECTION_ROLE, idx)
                child.setToolTip(0, plain_tooltip(title + (" — read" if idx in summary.read
                                                            else "")))
            top.setExpanded(True)
        self.blockSignals(False)
        if self._counts:  # new items' count columns are blank, as with no counts yet
            self._show_counts()
        if current:
            self.select_section(*current)

    def set_counts(self, counts: dict[tuple[str, int], Counts]) -> None:
        """New / learning / due per (article id, section index; -1 for the article)."""
        self._counts = dict(counts)
        self._show_counts()

    def _show_counts(self) -> None:
        from PySide6.QtCore import Qt

        shown: set[int] = set()
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for item in (top, *(top.child(j) for j in range(top.childCount()))):
                key = (item.data(0, ARTICLE_ROLE), int(item.data(0, SECTION_ROLE)))
                counts = self._counts.get(key)
                for column, name, role in COUNT_COLUMNS:
                    value = getattr(counts, name) if counts is not None else 0
                    if value:
                        shown.add(column)
                    item.setText(column, str(value) if value else "")
                    theme.set_item_role(item, role, column)
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                tip = (f"{counts.new} new, {counts.learning} learning, {counts.review} due today"
                       if counts is not None and counts.total else "")
                for column, _name, _color in COUNT_COLUMNS:
                    item.setToolTip(column, tip)
        for column, _name, _color in COUNT_COLUMNS:
            self.setColumnHidden(column, column not in shown)

    @staticmethod
    def _progress_label(summary: ArticleSummary) -> str:
        return f"{len(summary.read)}/{len(summary.sections)}"

    def select_section(self, article_id: str, section_idx: int) -> None:
        item = self._find(article_id, section_idx)
        if item is not None and item is not self.currentItem():
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)

    def current_section(self) -> tuple[str, int] | None:
        item = self.currentItem()
        if item is None or item.data(0, SECTION_ROLE) is None:
            return None
        return item.data(0, ARTICLE_ROLE), max(0, int(item.data(0, SECTION_ROLE)))

    def _find(self, article_id: str, section_idx: int) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top.data(0, ARTICLE_ROLE) == article_id:
                return top.child(section_idx) if 0 <= section_idx < top.childCount() else top
        return None

    def _on_current_changed(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        section = item.data(0, SECTION_ROLE)
        self.section_chosen.emit(item.data(0, ARTICLE_ROLE), max(0, int(section)))
