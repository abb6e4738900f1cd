"""The home screen: what is due today in every article and section, reading progress,
mastery, today's totals, and "Study all due".

A view of `app.core.stats.home.HomeOverview`: `refresh` computes the overview
off the GUI thread (`app.ui.background.LatestOnly`; "Loading…" until the first
one is in, and only the latest result is shown) and `overview_ready` hands the
same overview to the main window's sidebar, so both show the same counts (the
study sessions' own).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import Clock, utcnow
from app.ui import theme
from app.ui.background import LatestOnly
from app.ui.errors import show_error
from app.ui.widgets import WrappedTitles, plain_tooltip

if TYPE_CHECKING:  # the counting (and its scheduler) is imported once the window is painted
    from app.core.stats.home import HomeOverview
    from app.core.storage.collection import Collection
    from app.core.study.queues import Counts

#: Qt.ItemDataRole.UserRole (0x100) and after it: a number, so that importing this module
#: before the first paint creates none of Qt's enums.
ARTICLE_ROLE = 0x100
SECTION_ROLE = ARTICLE_ROLE + 1
MASTERY_ROLE = ARTICLE_ROLE + 2
COLUMNS = ["Article / section", "New", "Learning", "Due", "Read", "Mastery"]
#: The count columns' palette roles (as the sidebar's): readable in light and dark.
COUNT_ROLES = ("accent", "bad", "good")  # new, learning, due
MASTERY_COLUMN = 5
AnyIndex = QModelIndex | QPersistentModelIndex


class MasteryDelegate(QStyledItemDelegate):
    """Mastery as a bar: the share of the cell filled is the mean retrievability."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        from PySide6.QtCore import Qt

        super().paint(painter, option, index)
        value = index.data(MASTERY_ROLE)
        if value is None:
            return
        rect = QRect(option.rect.adjusted(4, 5, -44, -5))
        palette = option.palette
        painter.save()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawRect(rect)
        filled = QRect(rect)
        filled.setWidth(int(rect.width() * max(0.0, min(1.0, float(value)))))
        painter.fillRect(filled, QColor(theme.SERIES_COLORS["mature"]))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(option.rect.adjusted(0, 0, -4, 0),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         f"{value:.0%}")
        painter.restore()


def home_overview(col: Collection, clock: Clock) -> HomeOverview:
    """`app.core.stats.home.home_overview`, imported when first counted (after the
    window's first paint): it brings the study session's queues and the scheduler."""
    from app.core.stats.home import home_overview as overview

    return overview(col, clock)


def today_text(overview: HomeOverview, now: datetime) -> str:
    """Today's totals, and when the next card is due if nothing is due now."""
    from app.core.study.scheduler import interval_label

    t = overview.today
    if t.reviews:
        rate = t.again / t.reviews
        spent = f"{t.seconds:.0f} s" if t.seconds < 60 else f"{t.seconds / 60:.0f} min"
        line = f"Today: {t.reviews} answers on {t.cards} cards in {spent}, {rate:.0%} Again."
    else:
        line = "Nothing studied yet today."
    if overview.due_now == 0 and overview.counts.new == 0:
        if overview.next_due is not None:
            wait = interval_label(overview.next_due.timestamp() - now.timestamp())
            when = overview.next_due.astimezone().strftime("%a %d %b, %H:%M")
            line += f" Nothing is due now; the next card is due in {wait} ({when})."
        else:
            line += " Nothing is due: add or generate cards to study."
    return line


#: The mastery bar's width when there is room; narrower in a small window (`_fit_columns`).
MASTERY_WIDTH = 150


class HomeView(QWidget):
    """Signals: `study_requested(article_id, section_idx)` (-1: the whole article),
    `read_requested(article_id, section_idx)`, `study_all_requested()`,
    `statistics_requested(article_id, section_idx)` (-1: the whole article)."""

    study_requested = Signal(str, int)
    read_requested = Signal(str, int)
    study_all_requested = Signal()
    statistics_requested = Signal(str, int)
    overview_ready = Signal(object)  # the HomeOverview just shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        self.overview: HomeOverview | None = None
        self._loader: LatestOnly | None = None
        title = QLabel("Home")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.today_label = QLabel("Loading…")
        self.today_label.setWordWrap(True)
        self.study_all_button = QPushButton("Study All Due")
        self.study_all_button.setEnabled(False)
        self.study_all_button.setToolTip(
            "Every article at once, under each article's daily limits: the learning and "
            "review cards due today and the new cards of the day")
        self.study_all_button.clicked.connect(self.study_all_requested)
        self.study_button = QPushButton("&Study")
        self.study_button.setToolTip("Study the selected article or section (Enter)")
        self.study_button.clicked.connect(self._study_current)
        self.read_button = QPushButton("&Read")
        self.read_button.setToolTip("Open the selected section in the reader")
        self.read_button.clicked.connect(self._read_current)
        self.statistics_button = QPushButton("S&tatistics")
        self.statistics_button.setToolTip("Statistics of the selected article or section")
        self.statistics_button.clicked.connect(self._statistics_current)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAccessibleName("Articles and sections")
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        self.titles = WrappedTitles(self.tree)  # whole titles at any width, on more lines
        self.tree.setIndentation(14)  # sections indented less than Qt's 20 px: room for titles
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MASTERY_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(MASTERY_COLUMN, MASTERY_WIDTH)
        self.tree.setItemDelegateForColumn(MASTERY_COLUMN, MasteryDelegate(self.tree))
        self.tree.itemActivated.connect(lambda *_: self._study_current())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())

        buttons = QHBoxLayout()
        buttons.addWidget(self.study_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.statistics_button)
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.study_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.today_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.tree)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The mastery bar gives up width before the titles do. Why: at the window's
        minimum size (640 × 420, the sidebar shown) a 150 px bar left the titles a
        hundred pixels, and every one was elided."""
        # this view's own width, not the tree viewport's: during this resize event the
        # children are not laid out yet, and the viewport still has its old width
        width = max(60, min(MASTERY_WIDTH, self.width() // 6))
        if self.tree.header().sectionSize(MASTERY_COLUMN) != width:
            self.tree.header().resizeSection(MASTERY_COLUMN, width)

    @property
    def loading(self) -> bool:
        """True while the latest overview asked for is being computed."""
        return self._loader is not None and self._loader.busy

    def refresh(self, col: Collection, clock: Clock | None = None) -> None:
        """Recount `col` in the background; shown (and `overview_ready`) when it is in."""
        if self._loader is None or self._loader.col is not col:
            self._loader = LatestOnly(col, self._loaded, self._failed, self)
        now = (clock or utcnow)()
        self._loader.start(lambda view: (home_overview(view, lambda: now), now))

    def _loaded(self, result: tuple[HomeOverview, datetime]) -> None:
        overview, now = result
        self.set_overview(overview, now)
        self.overview_ready.emit(overview)

    def _failed(self, exc: BaseException) -> None:
        if self.overview is None:
            self.today_label.setText("The home screen's counts could not be computed.")
        show_error(self, "Home", exc)

    def set_overview(self, overview: HomeOverview, now: datetime | None = None) -> None:
        self.overview = overview
        current = self.current_scope()
        self.tree.clear()
        for article in overview.articles:
            top = self._item(self.tree, article.title, article.counts,
                             f"{article.read}/{len(article.sections)}", article.mastery,
                             article.article_id, -1)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for section in article.sections:
                self._item(top, f"{section.idx + 1}. {section.title}", section.counts,
                           "✓" if section.read else "", section.mastery, article.article_id,
                           section.idx, f"{section.reviewed} cards answered")
            top.setExpanded(True)
        self.today_label.setText(today_text(overview, now or datetime.now(UTC)))
        due = overview.counts.total
        self.study_all_button.setText(f"Study All Due ({due})")
        self.study_all_button.setEnabled(due > 0)
        self._select(current)
        self._update_buttons()

    def _item(self, parent: QTreeWidget | QTreeWidgetItem, title: str, counts: Counts,
              read: str, mastery: float | None, article_id: str, section_idx: int,
              mastery_tip: str = "") -> QTreeWidgetItem:
        from PySide6.QtCore import Qt

        item = QTreeWidgetItem(parent, [title, str(counts.new), str(counts.learning),
                                        str(counts.review), read, ""])
        item.setData(0, ARTICLE_ROLE, article_id)
        item.setData(0, SECTION_ROLE, section_idx)
        item.setData(MASTERY_COLUMN, MASTERY_ROLE, mastery)
        item.setToolTip(0, plain_tooltip(title))
        item.setToolTip(MASTERY_COLUMN, "Mean probability of recall of its answered cards"
                        + (f" ({mastery_tip})" if mastery_tip else "")
                        if mastery is not None else "No card answered yet")
        for column, role, value in zip((1, 2, 3), COUNT_ROLES,
                                       (counts.new, counts.learning, counts.review), strict=True):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if value:
                theme.set_item_role(item, role, column)
        item.setTextAlignment(4, Qt.AlignmentFlag.AlignCenter)
        return item

    def current_scope(self) -> tuple[str, int] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return item.data(0, ARTICLE_ROLE), int(item.data(0, SECTION_ROLE))

    def _select(self, scope: tuple[str, int] | None) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            candidates = [top, *(top.child(j) for j in range(top.childCount()))]
            for item in candidates:
                if scope is None or (item.data(0, ARTICLE_ROLE), item.data(0, SECTION_ROLE)) \
                        == scope:
                    self.tree.setCurrentItem(item)
                    return

    def _update_buttons(self) -> None:
        scope = self.current_scope()
        for button in (self.study_button, self.read_button, self.statistics_button):
            button.setEnabled(scope is not None)

    def _study_current(self) -> None:
        scope = self.current_scope()
        if scope is not None:
            self.study_requested.emit(*scope)

    def _statistics_current(self) -> None:
        scope = self.current_scope()
        if scope is not None:
            self.statistics_requested.emit(*scope)

    def _read_current(self) -> None:
        scope = self.current_scope()
        if scope is not None:
            self.read_requested.emit(scope[0], max(0, scope[1]))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._study_current()
        else:
            super().keyPressEvent(event)
