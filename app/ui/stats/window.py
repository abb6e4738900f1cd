"""Study → Statistics: the figures of the collection, an article or a section, over a period.

A thin view of `app.core.stats.figures.compute_statistics`: it computes
nothing itself, and recomputes when the collection says reviews, cards,
quizzes or settings changed. The figures are computed off the GUI thread
(`app.ui.background.LatestOnly`): the window says "Loading…" meanwhile and
keeps the figures it shows, and a result for a scope or period the student has
already left is dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.articles.library import list_articles
from app.core.changes import Change
from app.core.clock import Clock, day_start, utcnow
from app.core.stats.answers import BUTTON_GROUPS, KINDS
from app.core.stats.figures import Statistics, compute_statistics
from app.core.stats.scope import PERIODS, StatsScope
from app.core.storage.collection import Collection
from app.ui.background import LatestOnly
from app.ui.changes import changes_of
from app.ui.errors import show_error
from app.ui.stats.charts import COLORS, PALETTE_CYCLE, BarChart, CalendarHeatmap, Series

REFRESH_ON = Change.STUDY | Change.CARDS | Change.QUIZZES | Change.SETTINGS | Change.ARTICLES


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def _duration(seconds: float) -> str:
    minutes = seconds / 60
    return f"{minutes:.1f} min" if minutes < 60 else f"{minutes / 60:.1f} h"


class StatisticsWindow(QWidget):
    """Today, the charts and the tables of one scope and period."""

    def __init__(self, col: Collection, scope: StatsScope | None = None,
                 clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.col = col
        self.clock: Clock = clock or utcnow
        self.stats: Statistics | None = None
        self.setWindowTitle("Statistics")
        self.resize(1100, 800)

        self.scope_combo = QComboBox(self)
        self.scope_combo.setAccessibleName("Statistics of")
        self.scope_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope_combo.setMinimumContentsLength(30)
        self.period_combo = QComboBox(self)
        self.period_combo.setAccessibleName("Period")
        for name in PERIODS:
            self.period_combo.addItem(name.capitalize() if name != "all" else "All history", name)
        self._fill_scopes(scope or StatsScope())
        top = QHBoxLayout()
        top.addWidget(QLabel("&Statistics of:", buddy=self.scope_combo))
        top.addWidget(self.scope_combo, 1)
        top.addSpacing(12)
        top.addWidget(QLabel("&Period:", buddy=self.period_combo))
        top.addWidget(self.period_combo)
        self.loading_label = QLabel("Loading…", self)
        self.loading_label.setAccessibleName("Statistics are being computed")
        self.loading_label.setMinimumWidth(self.loading_label.sizeHint().width())
        top.addSpacing(12)
        top.addWidget(self.loading_label)

        self.today_label = QLabel("Loading…", self)
        self.today_label.setWordWrap(True)
        self.today_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.forecast = BarChart("Future due")
        self.reviews = BarChart("Reviews per day")
        self.review_time = BarChart("Review time per day", unit=" min")
        self.calendar = CalendarHeatmap("Calendar (the last year)")
        self.card_counts = BarChart("Card counts")
        self.card_counts.show_legend = False  # each bar is its own group, named below it
        self.intervals = BarChart("Review intervals")
        self.stability = BarChart("Stability")
        self.difficulty = BarChart("Difficulty")
        self.retrievability = BarChart("Retrievability now")
        self.buttons = BarChart("Answer buttons")
        self.hourly = BarChart("Hourly breakdown")
        self.quiz_scores = BarChart("Quiz scores over time", unit="%")
        self.retention_table = self._table(["Young", "Mature", "Total"])
        self.section_table = self._table(["Right", "Asked", "Score"])
        self.charts = [self.forecast, self.reviews, self.review_time, self.card_counts,
                       self.intervals, self.stability, self.difficulty, self.retrievability,
                       self.buttons, self.hourly, self.quiz_scores]

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(16)
        grid.addWidget(self._heading("Today"), 0, 0, 1, 2)
        grid.addWidget(self.today_label, 1, 0, 1, 2)
        grid.addWidget(self.forecast, 2, 0)
        grid.addWidget(self.reviews, 2, 1)
        grid.addWidget(self.review_time, 3, 0)
        grid.addWidget(self.card_counts, 3, 1)
        grid.addWidget(self.calendar, 4, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.intervals, 5, 0)
        grid.addWidget(self.stability, 5, 1)
        grid.addWidget(self.difficulty, 6, 0)
        grid.addWidget(self.retrievability, 6, 1)
        grid.addWidget(self.buttons, 7, 0)
        grid.addWidget(self.hourly, 7, 1)
        grid.addWidget(self._boxed("True retention (review answers not Again)",
                                   self.retention_table), 8, 0)
        grid.addWidget(self._boxed("Quiz answers per section", self.section_table), 8, 1)
        grid.addWidget(self.quiz_scores, 9, 0, 1, 2)
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        self.scope_combo.currentIndexChanged.connect(self.refresh)
        self.period_combo.currentIndexChanged.connect(self.refresh)
        # a burst of changes is counted once, a moment after it, and only while the student
        # looks at this window: studying in the main window beside it must not stall for a
        # recount of a big collection after every answer (it is recounted on coming back)
        self._stale = False
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self._refresh_if_stale)
        changes_of(col).changed.connect(self._on_changes)
        self._loader = LatestOnly(col, self._loaded, self._failed, self)
        for key in (QKeySequence.StandardKey.Close, QKeySequence(Qt.Key.Key_Escape)):
            QShortcut(QKeySequence(key), self, self.close)
        self.refresh()

    # -- building -----------------------------------------------------------------
    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        label.setFont(font)
        return label

    def _boxed(self, title: str, table: QTableWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(table)
        return box

    @staticmethod
    def _table(columns: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels(columns)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setMinimumHeight(190)
        return table

    def _fill_scopes(self, selected: StatsScope) -> None:
        self.scope_combo.blockSignals(True)
        self.scope_combo.clear()
        self.scope_combo.addItem("Whole collection", StatsScope())
        for article in list_articles(self.col):
            self.scope_combo.addItem(article.title, StatsScope(article.id))
            for idx, title in enumerate(article.sections):
                self.scope_combo.addItem(f"    {idx + 1}. {title}", StatsScope(article.id, idx))
        for i in range(self.scope_combo.count()):
            if self.scope_combo.itemData(i) == selected:
                self.scope_combo.setCurrentIndex(i)
        self.scope_combo.blockSignals(False)

    # -- showing the figures ------------------------------------------------------
    @property
    def scope(self) -> StatsScope:
        return self.scope_combo.currentData() or StatsScope()

    def set_scope(self, scope: StatsScope) -> None:
        self._fill_scopes(scope)
        self.refresh()

    def set_period(self, period: str) -> None:
        self.period_combo.setCurrentIndex(self.period_combo.findData(period))

    def _on_changes(self, changes: Change) -> None:
        if changes & Change.ARTICLES:
            self._fill_scopes(self.scope)
        if changes & REFRESH_ON:
            self._stale = True
            self._timer.start()

    def _refresh_if_stale(self) -> None:
        if self._stale and self.isVisible() and self.isActiveWindow():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresh_if_stale()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange:
            self._refresh_if_stale()

    @property
    def loading(self) -> bool:
        """True while the figures of the current scope and period are being computed."""
        return self._loader.busy

    def refresh(self) -> None:
        """Recompute the figures of the chosen scope and period in the background."""
        self._stale = False
        now, scope, period = self.clock(), self.scope, self.period_combo.currentData()
        self.loading_label.setText("Loading…")
        self._loader.start(lambda view: (compute_statistics(view, scope, period, now), now))

    def _loaded(self, result: tuple[Statistics, datetime]) -> None:
        self.stats, now = result
        self.loading_label.setText("")
        self._show(self.stats, now)
        self.setWindowTitle(f"Statistics — {self.scope_combo.currentText().strip()}")

    def _failed(self, exc: BaseException) -> None:
        self.loading_label.setText("")
        if self.stats is None:
            self.today_label.setText("The statistics could not be computed.")
        show_error(self, "Statistics", exc)

    def _show(self, s: Statistics, now: datetime) -> None:
        t = s.today
        self.today_label.setText(
            f"Studied <b>{t.cards}</b> cards (<b>{t.reviews}</b> answers) in "
            f"<b>{_duration(t.seconds)}</b> today. Again: <b>{t.again}</b>. "
            f"True retention: <b>{_percent(t.true_retention)}</b> "
            f"({t.reviewed.passed} of {t.reviewed.passed + t.reviewed.failed} review answers).")
        today = day_start(now).date()
        day_labels = [f"{today + timedelta(days=d):%d %b}" for d in range(-s.days + 1, 1)]
        days = range(-s.days + 1, 1)

        forecast_labels = ["Today", *(f"+{d}" for d in range(1, len(s.forecast)))]
        cumulative, running = [], 0
        for n in s.forecast:
            running += n
            cumulative.append(running)
        self.forecast.set_data(forecast_labels, [Series("Due", s.forecast, COLORS["young"])],
                               line=Series("Cumulative", cumulative, COLORS["line"]))
        self.reviews.set_data(day_labels, [
            Series(kind.capitalize(), [s.per_day.get(d, {}).get(kind, 0) for d in days],
                   COLORS[kind]) for kind in KINDS])
        self.review_time.set_data(day_labels, [
            Series(kind.capitalize(),
                   [round(s.seconds_per_day.get(d, {}).get(kind, 0) / 60, 1) for d in days],
                   COLORS[kind]) for kind in KINDS])
        self.calendar.set_data(today, s.calendar)
        groups = ["new", "learning", "young", "mature", "suspended", "buried"]
        self.card_counts.set_data([g.capitalize() for g in groups], [
            Series(g.capitalize(), [getattr(s.cards, g) if i == j else 0
                                    for j in range(len(groups))], COLORS[g])
            for i, g in enumerate(groups)])
        for chart, histogram, color in (
                (self.intervals, s.intervals, COLORS["mature"]),
                (self.stability, s.stability, COLORS["learn"]),
                (self.difficulty, s.difficulty, COLORS["relearn"]),
                (self.retrievability, s.retrievability, COLORS["young"])):
            chart.set_data(histogram.labels, [Series("Cards", histogram.counts, color)])
        self.buttons.set_data(["Again", "Hard", "Good", "Easy"], [
            Series(g.capitalize(), s.buttons[g], COLORS["learning" if g == "learning" else g])
            for g in BUTTON_GROUPS])
        self.hourly.set_data([f"{h}" for h in range(24)],
                             [Series("Answers", [n for n, _ in s.hourly], COLORS["learn"])],
                             line=Series("% correct", [round(100 * c / n, 1) if n else None
                                                       for n, c in s.hourly], COLORS["line"]))
        longest = max((len(v) for v in s.quiz_scores.values()), default=0)
        self.quiz_scores.set_data(
            [f"#{i + 1}" for i in range(longest)], [],
            lines=[Series(title, [round(100 * a.score / a.total, 1) if a.total else 0
                                  for a in attempts], PALETTE_CYCLE[i % len(PALETTE_CYCLE)])
                   for i, (title, attempts) in enumerate(s.quiz_scores.items())],
            y_max=100)
        self._fill_retention(s)
        self._fill_sections(s)

    def _fill_retention(self, s: Statistics) -> None:
        table = self.retention_table
        table.setRowCount(len(s.true_retention))
        table.setVerticalHeaderLabels([p.capitalize() for p in s.true_retention])
        for row, groups in enumerate(s.true_retention.values()):
            passed = groups["young"].passed + groups["mature"].passed
            total = passed + groups["young"].failed + groups["mature"].failed
            cells = [groups["young"], groups["mature"]]
            for col, r in enumerate(cells):
                n = r.passed + r.failed
                item = QTableWidgetItem(f"{_percent(r.rate)}  ({r.passed}/{n})" if n else "—")
                item.setToolTip(f"{r.passed} passed, {r.failed} failed")
                table.setItem(row, col, item)
            table.setItem(row, 2, QTableWidgetItem(
                f"{_percent(passed / total)}  ({passed}/{total})" if total else "—"))

    def _fill_sections(self, s: Statistics) -> None:
        table = self.section_table
        table.setRowCount(len(s.section_scores))
        table.setVerticalHeaderLabels([sc.title for sc in s.section_scores])
        for row, sc in enumerate(s.section_scores):
            table.setItem(row, 0, QTableWidgetItem(str(sc.right)))
            table.setItem(row, 1, QTableWidgetItem(str(sc.total)))
            table.setItem(row, 2, QTableWidgetItem(_percent(sc.right / sc.total)
                                                   if sc.total else "—"))
