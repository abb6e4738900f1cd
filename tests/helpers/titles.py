"""Whether a tree's titles can be read whole: measured with the font metrics of each full
title, independently of the delegate that draws them."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem


def rows(tree: QTreeWidget) -> Iterator[QTreeWidgetItem]:
    """Every row shown, top-level items and their children at any depth, in order."""
    def under(item: QTreeWidgetItem) -> Iterator[QTreeWidgetItem]:
        yield item
        if item.isExpanded():
            for j in range(item.childCount()):
                yield from under(item.child(j))

    for i in range(tree.topLevelItemCount()):
        yield from under(tree.topLevelItem(i))


def text_width(tree: QTreeWidget, item: QTreeWidgetItem) -> int:
    """The width the title of `item` has: its cell (Qt's visual rect, less the indentation)
    less the style's text margins."""
    margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
    return tree.visualItemRect(item).width() - 2 * margin


def unreadable_titles(tree: QTreeWidget) -> list[str]:
    """The titles that cannot be read whole: a row lower than the title wrapped at word
    boundaries to its cell's width (Qt would elide it), a word wider than the cell (it
    would be elided or broken), or a cell reaching past the viewport's edge."""
    bad = []
    for item in rows(tree):
        text = item.text(0)
        metrics = QFontMetrics(item.font(0))
        width = text_width(tree, item)
        needed = metrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt.TextFlag.TextWordWrap,
                                      text).height()
        rect = tree.visualItemRect(item)
        if (rect.height() < needed or rect.right() > tree.viewport().width()
                or any(metrics.horizontalAdvance(word) > width for word in text.split())):
            bad.append(text)
    return bad


def wrapped(tree: QTreeWidget) -> list[str]:
    """The titles shown on more than one line (rows at least two lines tall)."""
    return [item.text(0) for item in rows(tree)
            if tree.visualItemRect(item).height() >= 2 * QFontMetrics(item.font(0)).height()]
