"""The browser's sidebar: articles and their sections, card states, tags and saved
searches; clicking one narrows the browser to it."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import (
    QPoint,
    Qt,
)
from PySide6.QtWidgets import (
    QInputDialog,
    QMenu,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.core.articles.library import section_titles
from app.core.notes.browse import all_tags, articles_and_sections
from app.ui.widgets import WrappedTitles, plain_tooltip

STATE_CHOICES = (("Any state", None), ("New", "new"), ("Learning", "learning"),
                 ("Due today", "due"), ("Suspended", "suspended"), ("Buried", "buried"))
TAGS_SHOWN_OPEN = 12  # more tags than this: the sidebar's tag list starts folded


class Sidebar(QTreeWidget):
    """Articles and their sections, card states, tags and saved searches; clicking
    one narrows the browser to it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMinimumWidth(160)
        # whole titles in a narrow sidebar: wrapped onto more lines, indented less than
        # Qt's 20 px a level (sections are two levels down), never elided
        self.setIndentation(14)
        self.setWordWrap(True)
        self.titles = WrappedTitles(self)

    def fill(self, articles: list[tuple[str, str, list[str]]], tags: list[str],
             saved: dict[str, str]) -> None:
        self.clear()
        library = QTreeWidgetItem(self, ["All articles"])
        library.setData(0, Qt.ItemDataRole.UserRole, ("scope", None, None))
        for article_id, title, sections in articles:
            item = QTreeWidgetItem(library, [title])
            item.setToolTip(0, plain_tooltip(title))
            item.setData(0, Qt.ItemDataRole.UserRole, ("scope", article_id, None))
            for idx, section in enumerate(sections):
                child = QTreeWidgetItem(item, [section])
                child.setToolTip(0, plain_tooltip(section))
                child.setData(0, Qt.ItemDataRole.UserRole, ("scope", article_id, idx))
        states = QTreeWidgetItem(self, ["Card state"])
        for label, value in STATE_CHOICES[1:]:
            QTreeWidgetItem(states, [label]).setData(0, Qt.ItemDataRole.UserRole,
                                                     ("state", value, None))
        tag_root = QTreeWidgetItem(self, ["Tags"])
        for tag in tags:
            quoted = tag.replace("\\", "\\\\").replace('"', '\\"')
            QTreeWidgetItem(tag_root, [tag]).setData(0, Qt.ItemDataRole.UserRole,
                                                     ("search", f'tag:"{quoted}"', None))
        saved_root = QTreeWidgetItem(self, ["Saved searches"])
        for name, search in sorted(saved.items(), key=lambda kv: kv[0].casefold()):
            item = QTreeWidgetItem(saved_root, [name])
            item.setToolTip(0, plain_tooltip(search))
            item.setData(0, Qt.ItemDataRole.UserRole, ("saved", search, name))
        for root in (library, states, saved_root):
            root.setExpanded(True)
        tag_root.setExpanded(len(tags) <= TAGS_SHOWN_OPEN)  # a long list starts folded

    def item_for(self, kind: str, value: Any, extra: Any = None) -> QTreeWidgetItem | None:
        for item in self.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
            if item.data(0, Qt.ItemDataRole.UserRole) == (kind, value, extra):
                return item
        return None



class SidebarActions:
    """What the sidebar does in `CardBrowser`: scope, saved searches."""

    sidebar: Sidebar

    def refresh_sidebar(self) -> None:
        saved = self._prefs().get("saved", {})

        def work(conn: sqlite3.Connection) -> tuple[Any, Any]:
            return articles_and_sections(conn), all_tags(conn)

        self._sidebar_loaded = True

        def show(result: Any, error: Any) -> None:
            if result is not None:
                self.sidebar.fill(result[0], result[1], saved)
                self._mark_scope()

        self._run(work, show)

    def _mark_scope(self) -> None:
        item = self.sidebar.item_for("scope", self.article_id, self.section_filter.currentData())
        if item is not None:
            self.sidebar.setCurrentItem(item)
            article = self.sidebar.item_for("scope", self.article_id, None)
            if article is not None:
                article.setExpanded(True)  # its sections, one click away

    def set_scope(self, article_id: str | None, section_idx: int | None = None) -> None:
        """List one article (or section), or the whole collection (None)."""
        if article_id != self.article_id:
            self.article_id = article_id
            self.sections = section_titles(self.col, article_id) if article_id else []
            self.section_filter.blockSignals(True)
            self.section_filter.clear()
            self.section_filter.addItem("All sections", None)
            for i, title in enumerate(self.sections):
                self.section_filter.addItem(title, i)
            self.section_filter.blockSignals(False)
            self._fit_section_column()
        index = self.section_filter.findData(section_idx) if section_idx is not None else 0
        self.section_filter.blockSignals(True)
        self.section_filter.setCurrentIndex(max(index, 0))
        self.section_filter.blockSignals(False)
        self.refresh()

    def _sidebar_clicked(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        kind, value, extra = data
        if kind == "scope":
            self.set_scope(value, extra)
        elif kind == "state":
            self.state_filter.setCurrentIndex(self.state_filter.findData(value))
        else:
            self.search.setText(value)
            self.refresh()

    def _sidebar_menu(self, pos: QPoint) -> None:
        item = self.sidebar.itemAt(pos)
        data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        menu = QMenu(self)
        menu.addAction(self.save_search_action)
        if data and data[0] == "saved":
            name = data[2]
            menu.addAction(f"Delete Saved Search “{name}”", lambda: self.delete_saved(name))
        self.menu = menu
        menu.popup(self.sidebar.viewport().mapToGlobal(pos))

    def save_search(self, name: str | None = None) -> None:
        text = self.search.text().strip()
        if not text:
            QMessageBox.information(self, "Save search", "Type a search first.")
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Save search", "Name of the search:",
                                            text=text[:40])
            if not ok or not name.strip():
                return
        saved = dict(self._prefs().get("saved", {}))
        saved[name.strip()] = text
        self._save_prefs(saved=saved)
        self.refresh_sidebar()

    def delete_saved(self, name: str) -> None:
        saved = dict(self._prefs().get("saved", {}))
        saved.pop(name, None)
        self._save_prefs(saved=saved)
        self.refresh_sidebar()
