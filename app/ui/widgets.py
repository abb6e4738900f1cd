"""Small widgets shared by several windows.

The sidebars' `WrappedTitles` is imported and paints before the window's first frame;
the dialogs' parts import their Qt classes when called, because naming a Qt class in
Python creates all of its enums (QMessageBox, QDialogButtonBox, QFormLayout, QComboBox,
QLabel: about 20 of them, some milliseconds of every cold start).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    QTimer,
)
from PySide6.QtGui import (
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the dialogs' classes are imported where a dialog is built (see above)
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QMessageBox


def section_combo(sections: Sequence[str], all_label: str | None = None,
                  parent: QWidget | None = None) -> QComboBox:
    """A section chooser whose data is the section index (None for `all_label`).

    Long section titles ("Security in Central Asia: Sharing Responsibility or a
    Gordian Knot…") must not force a window wider than the screen, so the box
    is sized for about 24 characters and elides the rest.
    """
    from PySide6.QtWidgets import QComboBox

    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    if all_label is not None:
        combo.addItem(all_label, None)
    for i, title in enumerate(sections):
        combo.addItem(title, i)
    return combo


#: Qt.ItemDataRole.TextAlignmentRole and Qt.AlignmentFlag's AlignVertical_Mask, AlignTop,
#: AlignBottom and AlignVCenter as numbers: this module is imported and its delegate
#: paints before the window's first frame, and naming `Qt` (or reading a Qt enum) there
#: creates all of Qt's ~94 enums, about 25 ms of a cold start.
TEXT_ALIGNMENT_ROLE = 7
ALIGN_VERTICAL_MASK, ALIGN_TOP, ALIGN_BOTTOM, ALIGN_VCENTER = 0x00E0, 0x0020, 0x0040, 0x0080


class WrappedTitles(QStyledItemDelegate):
    """A tree's title column word-wrapped to the column's width, each row as tall as its
    title needs; the view lays its rows out again whenever the column is resized.

    Why: at a small window (640 × 420) every section title was elided to the same
    "Military Cooperation Betw…", and sections could not be told apart. The view's own
    word wrap is not enough: QTreeView asks a delegate for row heights without the
    column's width (rows stay one line tall), and Qt's style elides a word longer than the
    column. Here rows are measured in the width they are painted in (the column less the
    tree's indentation at the row's depth), and a word too long for it breaks at the edge.
    """

    #: extra pixels under a row, so one wrapped title does not run into the next
    ROW_GAP = 4

    def __init__(self, view: QTreeView, column: int = 0) -> None:
        super().__init__(view)
        self._view = view
        self._column = column
        view.setUniformRowHeights(False)  # rows differ in height now
        view.setItemDelegateForColumn(column, self)
        self._relayout_pending = False
        view.header().sectionResized.connect(self._resized)

    def _resized(self, column: int, _old: int, _new: int) -> None:
        """New heights for the new width, laid out from the event loop. Why not at once:
        the column is resized during the view's own layout too (its scroll bar comes or
        goes), and a layout scheduled then ran in the middle of the next paint, over rows
        being drawn (a segfault in QTreeView::drawTree, about one run in five)."""
        if column == self._column and not self._relayout_pending:
            self._relayout_pending = True
            QTimer.singleShot(0, self, self._relayout)

    def _relayout(self) -> None:
        self._relayout_pending = False
        self._view.scheduleDelayedItemsLayout()

    def cell_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """The width the row at `index` is painted in: QTreeView.drawRow's own rule."""
        view = self._view
        width = view.header().sectionSize(self._column)
        if view.header().logicalIndex(max(0, view.treePosition())) == self._column:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= view.indentation() * (depth + int(view.rootIsDecorated()))
        return max(1, width)

    def _margin(self) -> int:
        """The style's space either side of an item's text (as QCommonStyle draws it)."""
        return self._view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                              None, self._view) + 1

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        one_line = super().sizeHint(option, index)  # the style's padding around one line
        width = self.cell_width(index) - 2 * self._margin()
        extra = wrapped_height(opt.text, opt.font, width) - QFontMetrics(opt.font).height()
        return QSize(one_line.width(), one_line.height() + max(0, extra) + self.ROW_GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = self._view.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, self._view)
        text, opt.text = opt.text, ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self._view)
        state = opt.state
        group = (QPalette.ColorGroup.Disabled if not state & QStyle.StateFlag.State_Enabled
                 else QPalette.ColorGroup.Normal if state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        role = (QPalette.ColorRole.HighlightedText if state & QStyle.StateFlag.State_Selected
                else QPalette.ColorRole.Text)
        margin = self._margin()
        rect = QRectF(text_rect.adjusted(margin, 0, -margin, 0))
        # laid out and drawn with its colour as a format, not with QPainter.setPen: the
        # first setPen from Python makes Qt's ~100 enums (25 ms, in the first frame)
        # the item's own alignment, not opt.displayAlignment: reading that (a Qt enum)
        # creates Qt's ~94 enums in the first frame; unset, it is Qt's default for items
        alignment = index.data(TEXT_ALIGNMENT_ROLE)
        layout, height = _laid_out(text, opt.font, round(rect.width()), _wrapping(alignment))
        ink = QTextCharFormat()
        ink.setForeground(opt.palette.brush(group, role))
        colour = QTextLayout.FormatRange()
        colour.start, colour.length, colour.format = 0, len(text), ink
        vertical = ALIGN_VCENTER if alignment is None else int(alignment) & ALIGN_VERTICAL_MASK
        top = rect.top() if vertical == ALIGN_TOP else \
            rect.bottom() - height if vertical == ALIGN_BOTTOM else \
            rect.top() + (rect.height() - height) / 2
        layout.draw(painter, QPointF(rect.left(), top), [colour], rect)


def _wrapping(alignment: object = None) -> QTextOption:
    """Words wrapped at spaces, and a word wider than the line broken at its edge."""
    if alignment is None:
        option = QTextOption()
    else:
        from PySide6.QtCore import Qt
        option = QTextOption(Qt.AlignmentFlag(int(alignment)))
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


def wrapped_height(text: str, font: QFont, width: int) -> int:
    """The height `text` takes in `font` wrapped to `width` pixels, as `WrappedTitles`
    paints it."""
    return math.ceil(_laid_out(text, font, width, _wrapping())[1])


def _laid_out(text: str, font: QFont, width: int, option: QTextOption
              ) -> tuple[QTextLayout, float]:
    """`text` in lines of `width` pixels, and their height: one rule for measuring and
    drawing."""
    layout = QTextLayout(text, font)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(max(1, width))
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, height


def text_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label for card, article or quiz text: always plain text.

    Why: a QLabel guesses whether its text is HTML, so a card asking "What does
    <script> do?" would show "What does " and the answer shown would differ from
    the string graded. Only the app's own markup may be rich.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def confirmed(parent: QWidget | None, title: str, text: str,
              no: QMessageBox.StandardButton | None = None) -> bool:
    """Ask a yes-or-`no` (default No) question whose safe answer, `no`, is the default
    (Enter)."""
    from PySide6.QtWidgets import QMessageBox

    button = QMessageBox.StandardButton
    no = button.No if no is None else no
    return QMessageBox.question(parent, title, text, button.Yes | no, no) == button.Yes


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as written (tooltips guess rich text like labels)."""
    if not text:
        return ""
    # the three characters rich text reads as markup (html.escape would import the html
    # package and its entity table, 3 ms of a cold start, for the window's first tooltips)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"


def dialog_column(dialog: QDialog, *parts: QWidget | QLayout | tuple[QWidget, int],
                  save: Callable[[], None] | None = None) -> None:
    """Lay a dialog out top to bottom — widgets, layouts, or (widget, stretch) — and end it
    with a Close button (Esc too), as every information-only dialog does; a settings dialog
    passes `save` and ends with Save (Enter) and Cancel (Esc) instead."""
    from PySide6.QtWidgets import QDialogButtonBox

    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, tuple):
            layout.addWidget(*part)
        elif isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    if save is None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    else:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)


def form_of(*rows: tuple[str, QWidget | QLayout]) -> QFormLayout:
    """A form from (label, field) rows, in order: the dialogs' settings read as one table."""
    from PySide6.QtWidgets import QFormLayout

    form = QFormLayout()
    for label, field in rows:
        form.addRow(label, field)
    return form


#: in `bar_of`: the free space of the bar
STRETCH = None


def bar_of(*items: QWidget | int | None, margins: tuple[int, int, int, int] = (0, 0, 0, 0),
           spacing: int = 8) -> QHBoxLayout:
    """A row of buttons and labels from left to right: a widget, a fixed gap (an int of
    pixels) or `STRETCH` — a screen's button bar read in the order the student sees it."""
    bar = QHBoxLayout()
    bar.setContentsMargins(*margins)
    bar.setSpacing(spacing)
    for item in items:
        if item is STRETCH:
            bar.addStretch(1)
        elif isinstance(item, int):
            bar.addSpacing(item)
        else:
            bar.addWidget(item)
    return bar
