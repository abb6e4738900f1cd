"""Charts drawn with QPainter: stacked bars with an optional line, and a calendar heatmap.

Why QPainter and not QtCharts or pyqtgraph: QtCharts is not in
PySide6-Essentials (it needs PySide6-Addons, about 150 MB more in the install
and the bundle) and pyqtgraph brings NumPy; the statistics need only bars, a
line and a grid of squares. Every chart takes its colours for text and grid
from the palette (readable in light and dark), shows the exact figures of the
bar under the mouse as a tooltip, and saves itself as PNG (right-click → Save
Image…).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QFileDialog, QMenu, QSizePolicy, QToolTip, QWidget

from app.ui import theme

#: Series colours that read on a light and on a dark background alike (from the theme).
COLORS = {name: QColor(value) for name, value in theme.SERIES_COLORS.items()}
PALETTE_CYCLE = [QColor(c) for c in theme.SERIES_CYCLE]


@dataclass
class Series:
    name: str
    values: Sequence[float]
    color: QColor = field(default_factory=lambda: COLORS["learn"])


TICKS = 4  # grid lines above the base line


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value`: TICKS steps of 1, 2, 2.5 or 5 × 10^k."""
    if value <= 0:
        return float(TICKS)
    raw = value / TICKS
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * power:
            return step * power * TICKS
    return 10 * power * TICKS


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


class ChartBase(QWidget):
    """What every chart shares: a title, a minimum size, tooltips and Save Image…"""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setMouseTracking(True)
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip("")
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:
        return QSize(560, 230)

    def tooltip_at(self, pos: QPoint) -> str:
        return ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        text = self.tooltip_at(event.position().toPoint())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction("&Save Image…", self.ask_save_image)
        menu.exec(event.globalPos())

    def ask_save_image(self) -> None:
        name = "".join(ch if ch.isalnum() else "-" for ch in self.title.lower()).strip("-")
        path, _ = QFileDialog.getSaveFileName(self, "Save Chart Image",
                                              str(Path.home() / f"{name}.png"), "PNG (*.png)")
        if path:
            self.save_image(path)

    def save_image(self, path: str | Path) -> None:
        """Write the chart as it is on screen to a PNG file."""
        from app.core.errors import StatsError

        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        if not self.grab().save(str(path), "PNG"):
            raise StatsError(f"Could not write the image {path}.")

    def _title_height(self, painter: QPainter) -> int:
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(QRectF(8, 4, self.width() - 16, 20),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        font.setBold(False)
        painter.setFont(font)
        return 26


class BarChart(ChartBase):
    """Stacked bars per category, and optionally one line on its own right-hand scale."""

    def __init__(self, title: str, parent: QWidget | None = None, unit: str = "") -> None:
        super().__init__(title, parent)
        self.unit = unit
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.line: Series | None = None
        self.lines: list[Series] = []   # lines on the bars' own scale (quiz scores)
        self.y_max: float | None = None  # a fixed scale (percentages)
        self.show_legend = True
        self.empty_text = "Loading…"  # until its first figures: "No data yet" once set
        self._plot = QRectF()

    def set_data(self, categories: Sequence[str], series: Sequence[Series],
                 line: Series | None = None, lines: Sequence[Series] = (),
                 y_max: float | None = None) -> None:
        self.empty_text = "No data yet"
        self.categories = list(categories)
        self.series = list(series)
        self.line = line
        self.lines = list(lines)
        self.y_max = y_max
        self.update()

    def totals(self) -> list[float]:
        return [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]

    def figures(self, index: int) -> str:
        """The exact figures of one category, as the tooltip shows them."""
        if not 0 <= index < len(self.categories):
            return ""
        parts = [self.categories[index]]
        for s in [*self.series, *self.lines]:
            if index < len(s.values) and s.values[index] is not None:
                parts.append(f"{s.name}: {_number(s.values[index])}{self.unit}")
        if len(self.series) > 1:
            parts.append(f"Total: {_number(self.totals()[index])}{self.unit}")
        if self.line is not None and index < len(self.line.values) \
                and self.line.values[index] is not None:
            parts.append(f"{self.line.name}: {_number(self.line.values[index])}")
        return "\n".join(parts)

    def index_at(self, pos: QPoint) -> int | None:
        if not self.categories or not self._plot.contains(QPointF(pos)):
            return None
        width = self._plot.width() / len(self.categories)
        return min(len(self.categories) - 1, int((pos.x() - self._plot.left()) / width))

    def tooltip_at(self, pos: QPoint) -> str:
        index = self.index_at(pos)
        return "" if index is None else self.figures(index)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        top = self._title_height(painter)
        metrics = QFontMetrics(painter.font())
        legend = [*self.series, *self.lines, *([self.line] if self.line else [])] \
            if self.show_legend else []
        legend_w = sum(metrics.horizontalAdvance(s.name) + 24 for s in legend)
        title_w = metrics.horizontalAdvance(self.title) + 24
        legend_y = 10.0
        if title_w + legend_w > self.width():  # no room beside the title: a line of its own
            legend_y, top = top + 2.0, top + 18
        x = self.width() - 8.0
        for s in reversed(legend):  # the legend, right-aligned
            x -= metrics.horizontalAdvance(s.name)
            painter.setPen(text)
            painter.drawText(QPointF(x, legend_y + 5 + metrics.ascent() / 2 - 1), s.name)
            x -= 14
            painter.fillRect(QRectF(x, legend_y, 10, 10), s.color)
            x -= 10
        if not self.categories:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        values = [*self.totals(), *(v for s in self.lines for v in s.values if v is not None)]
        y_max = self.y_max or _nice_max(max(values, default=0))
        tick_labels = [_number(y_max * i / TICKS) + self.unit for i in range(TICKS + 1)]
        label_w = max(metrics.horizontalAdvance(t) for t in tick_labels) + 10
        right = 8 + (metrics.horizontalAdvance("00000") if self.line else 0)
        plot = QRectF(label_w, top + 6, self.width() - label_w - right,
                      self.height() - top - 6 - metrics.height() - 8)
        self._plot = plot
        if plot.width() <= 0 or plot.height() <= 0:
            return
        ys = [plot.bottom() - plot.height() * i / TICKS for i in range(TICKS + 1)]
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        painter.drawLines([QLineF(plot.left(), y, plot.right(), y) for y in ys])
        painter.setPen(text)
        for i, y in enumerate(ys):  # the left scale
            painter.drawText(QRectF(0, y - metrics.height() / 2, label_w - 4, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             tick_labels[i])
        n = len(self.categories)
        width = plot.width() / n
        gap = min(4.0, width * 0.2)
        bases = [plot.bottom()] * n
        painter.setPen(Qt.PenStyle.NoPen)
        for s in self.series:  # the stacked bars: one batched call per series
            rects = []
            for i in range(n):
                value = s.values[i] if i < len(s.values) else 0
                h = plot.height() * value / y_max if y_max else 0
                if h > 0:
                    rects.append(QRectF(plot.left() + i * width + gap / 2, bases[i] - h,
                                        max(1.0, width - gap), h))
                    bases[i] -= h
            if rects:
                painter.setBrush(s.color)
                painter.drawRects(rects)
        for s in self.lines:  # lines on the left scale
            self._draw_line(painter, s, plot, width, y_max)
        if self.line is not None and self.line.values:
            line_max = _nice_max(max((v for v in self.line.values if v is not None),
                                     default=0))
            self._draw_line(painter, self.line, plot, width, line_max)
            painter.setPen(text)
            painter.drawText(QRectF(plot.right() + 4, plot.top() - metrics.height() / 2,
                                    right, metrics.height()), Qt.AlignmentFlag.AlignLeft,
                             _number(line_max))
        painter.setPen(text)  # category labels, as many as fit
        step = max(1, math.ceil(max(metrics.horizontalAdvance(c) for c in self.categories) * 1.4
                                / width))
        for i in range(0, n, step):
            painter.drawText(QRectF(plot.left() + i * width - 30, plot.bottom() + 4,
                                    width + 60, metrics.height()),
                             Qt.AlignmentFlag.AlignHCenter, self.categories[i])

    @staticmethod
    def _draw_line(painter: QPainter, s: Series, plot: QRectF, width: float,
                   y_max: float) -> None:
        points = [QPointF(plot.left() + (i + 0.5) * width,
                          plot.bottom() - plot.height() * value / y_max)
                  for i, value in enumerate(s.values) if value is not None]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(s.color, 2))
        painter.drawPolyline(points)
        painter.setPen(QPen(s.color, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPoints(points)


class CalendarHeatmap(ChartBase):
    """A year of study days as a grid of weeks (columns) × weekdays (rows)."""

    CELL = 11
    LEVELS = 6  # shades of green, busier days darker

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.today = date.today()
        self.counts: dict[int, int] = {}
        self.setMinimumSize(53 * (self.CELL + 2) + 40, 7 * (self.CELL + 2) + 50)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def set_data(self, today: date, counts: dict[int, int]) -> None:
        """`counts`: reviews per day offset (0 today, -1 yesterday, …) over the last year."""
        self.today = today
        self.counts = dict(counts)
        self.update()

    def _first(self) -> date:
        """The Monday of the week a year ago: column 0."""
        start = self.today - timedelta(days=364)
        return start - timedelta(days=start.weekday())

    def _cell(self, offset: int) -> QRectF:
        day = self.today + timedelta(days=offset)
        index = (day - self._first()).days
        step = self.CELL + 2
        return QRectF(30 + (index // 7) * step, 32 + (index % 7) * step, self.CELL, self.CELL)

    def day_at(self, pos: QPoint) -> int | None:
        for offset in range(-364, 1):
            if self._cell(offset).contains(QPointF(pos)):
                return offset
        return None

    def tooltip_at(self, pos: QPoint) -> str:
        offset = self.day_at(pos)
        if offset is None:
            return ""
        day = self.today + timedelta(days=offset)
        n = self.counts.get(offset, 0)
        return f"{day:%a %d %b %Y}: {n} review{'s' if n != 1 else ''}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._title_height(painter)
        palette = self.palette()
        empty = palette.color(QPalette.ColorRole.Mid)
        empty.setAlpha(90)
        top = max(self.counts.values(), default=0)
        levels: dict[int, list[QRectF]] = {}  # 0 empty, 1-LEVELS busier and busier
        for offset in range(-364, 1):
            n = self.counts.get(offset, 0)
            level = math.ceil(self.LEVELS * n / top) if n and top else 0
            levels.setdefault(level, []).append(self._cell(offset))
        painter.setPen(Qt.PenStyle.NoPen)
        for level, rects in levels.items():  # one batched call per shade
            color = QColor(COLORS["mature"]) if level else empty
            if level:
                color.setAlphaF(0.25 + 0.75 * level / self.LEVELS)
            painter.setBrush(color)
            painter.drawRects(rects)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            painter.drawText(QRectF(0, 32 + row * (self.CELL + 2) - 2, 28, self.CELL + 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
