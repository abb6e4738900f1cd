"""The reader: one section at a time, in a calm, readable column.

The text column is kept to a comfortable line length (about 70 characters)
whatever the window width, block quotes are set apart, footnote references are
small superscripts, and a sentence can be highlighted ("Show in article").
Colours come from the palette, so light and dark system themes both work.

What the notes say follows the section that refers to them, in small print, as
at the foot of a printed page. The article's reference lists ("References",
"External links") are folded away at the end of its last section behind a
"▸ Sources" link: there when wanted, never in the way of the text.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.articles.model import Article, Block, Section, SourceList
from app.ui.icons import set_button_icon
from app.ui.reading.find_bar import FindBar
from app.ui.theme import tint_css
from app.ui.widgets import STRETCH, bar_of

READING_WIDTH_CHARS = 72


def _color(palette: QPalette, role: QPalette.ColorRole) -> str:
    return palette.color(role).name()


ZOOM_KEY = "reader/zoom"
ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 0.1, 0.6, 2.5


def _stored_zoom() -> float:
    try:
        value = float(QSettings().value(ZOOM_KEY, 1.0))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1.0
    return min(max(value, ZOOM_MIN), ZOOM_MAX)


#: The link of the "▸ Sources" disclosure (handled by the reader, never opened).
SOURCES_LINK = "studydesk:sources"


def _open_web_link(url: QUrl) -> None:
    if url.scheme() in ("http", "https"):
        QDesktopServices.openUrl(url)


def _notes_html(article: Article, section: Section, muted: str, accent: str) -> str:
    """The texts of the notes this section refers to, small, under "Notes"."""
    wanted = set(section.footnotes)
    notes = [n for n in article.footnote_texts if n.number in wanted]
    if not notes:
        return ""
    rows = "".join(f"<tr><td style='color:{accent}; padding-right:6px' valign='top'>"
                   f"{n.number}</td><td>{html.escape(n.text)}</td></tr>" for n in notes)
    return (f"<p style='color:{muted}; font-size:small; font-weight:bold; "
            f"margin:22px 0 4px 0'>Notes</p><table cellspacing='0' cellpadding='1' "
            f"style='color:{muted}; font-size:small'>{rows}</table>")


def _sources_html(sources: tuple[SourceList, ...], is_open: bool, muted: str,
                  accent: str) -> str:
    """The "▸ Sources" disclosure, and when open the lists themselves."""
    entries = sum(len(s.entries) for s in sources)
    arrow = "▾" if is_open else "▸"
    link = (f"<p style='margin-top:24px'><a href='{SOURCES_LINK}' style='color:{accent}; "
            f"text-decoration:none'>{arrow} Sources ({entries} "
            f"entr{'y' if entries == 1 else 'ies'}, not used for cards)</a></p>")
    if not is_open:
        return link
    lists = "".join(
        f"<p style='color:{muted}; font-weight:bold; margin:10px 0 2px 0'>"
        f"{html.escape(s.title)}</p>"
        + "".join(f"<p style='color:{muted}; font-size:small; margin:0 0 3px 14px'>"
                  f"{html.escape(entry)}</p>" for entry in s.entries)
        for s in sources)
    return link + lists


def section_html(article: Article, index: int, palette: QPalette,
                 highlight: str | None = None, sources_open: bool = False) -> str:
    """The HTML for one section: article title, section heading, blocks, the notes the
    section refers to, and after the last section the article's folded sources."""
    section = article.sections[index]
    text = _color(palette, QPalette.ColorRole.Text)
    muted = _color(palette, QPalette.ColorRole.PlaceholderText)
    accent = _color(palette, QPalette.ColorRole.Highlight)
    mark_bg = tint_css("missing", palette)  # a yellow marker, light or dark
    head = (f"<p style='color:{muted}; font-size:small; margin-bottom:0'>"
            f"{html.escape(article.title)}&nbsp;·&nbsp;"  # never "Section 1 of 6" alone
            f"Section&nbsp;{index + 1}&nbsp;of&nbsp;{len(article.sections)}</p>")
    title = f"<h1 style='color:{text}; margin-top:4px'>{html.escape(section.title)}</h1>"
    intro = ""
    if index == 0 and (article.date or article.byline):
        meta = " · ".join(html.escape(x) for x in (article.date, article.byline) if x)
        intro = f"<p style='color:{muted}'>{meta}</p>"
    if index == 0 and article.source_url:
        url = html.escape(article.source_url, quote=True)
        intro += (f"<p style='color:{muted}; font-size:small'>Source: "
                  f"<a href='{url}' style='color:{accent}'>{url}</a></p>")
    if index == 0 and article.caption:
        intro += (f"<p style='color:{muted}; font-size:small; font-style:italic'>"
                  f"Picture: {html.escape(article.caption)}</p>")
    blocks = "".join(_block_html(b, accent, mark_bg, highlight, muted) for b in section.blocks)
    if not any(s.blocks for s in article.sections):  # a deck without an article
        blocks = (f"<p style='color:{muted}'>This deck has no article to read, only cards. "
                  "Study this section with Study → Study Section (Ctrl+Shift+T), quiz yourself "
                  "with Study → Quiz Me on Section (Ctrl+Shift+K), or see its cards with "
                  "Cards → Browse Cards (Ctrl+B).</p>")
    blocks += _notes_html(article, section, muted, accent)
    if index == len(article.sections) - 1 and article.sources:
        blocks += _sources_html(article.sources, sources_open, muted, accent)
    return (f"<html><body style='color:{text}'>{head}{title}{intro}"
            f"{blocks}</body></html>")


def _block_html(block: Block, accent: str, mark_bg: str, highlight: str | None,
                muted: str = "gray") -> str:
    parts = []
    for sentence in block.sentences:
        body = html.escape(sentence.text)
        if highlight and sentence.text == highlight:
            body = f"<span style='background-color:{mark_bg}'><a name='highlight'></a>{body}</span>"
        notes = "".join(f"<sup style='color:{accent}; font-size:small'>{n}</sup>"
                        for n in sentence.footnotes)
        parts.append(body + notes)
    inner = " ".join(parts)
    if block.kind == "quote":
        return ("<table width='100%' cellpadding='0' cellspacing='0' style='margin:12px 0'><tr>"
                f"<td width='4' style='background-color:{accent}'></td><td width='18'></td>"
                f"<td><p style='font-style:italic; margin:0; line-height:130%'>{inner}</p>"
                "</td></tr></table>")
    if block.kind == "item":  # a list item: a bullet, set in from the text
        return (f"<table cellpadding='0' cellspacing='0' style='margin:0 0 6px 14px'><tr>"
                f"<td width='18' style='color:{accent}'>•</td>"
                f"<td style='line-height:135%'>{inner}</td></tr></table>")
    if block.kind == "caption":  # a picture's caption: small, apart, never glued to text
        return (f"<p style='color:{muted}; font-size:small; font-style:italic; "
                f"margin:4px 0 14px 0'>Picture: {inner}</p>")
    return f"<p style='margin:0 0 14px 0; line-height:135%'>{inner}</p>"


class ReaderView(QWidget):
    """Shows one section; asks the window to move on, mark read, or study it."""

    previous_requested = Signal()
    next_requested = Signal()
    mark_read_toggled = Signal(bool)
    study_requested = Signal()
    cloze_requested = Signal(str)  # the selected text
    question_requested = Signal(str)
    back_to_study_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article: Article | None = None
        self._index = 0
        self._highlight: str | None = None
        self._sources_open = False
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("reader")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link_clicked)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self._base_point_size = max(QFont(self.browser.font()).pointSizeF(), 10.0) * 1.25
        self._zoom = _stored_zoom()
        self._apply_zoom()
        self.find_bar = FindBar(self.browser, self)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._context_menu)

        self.prev_button = QPushButton("Previous", self)
        set_button_icon(self.prev_button, "previous")
        self.prev_button.setToolTip("Previous section (Ctrl+Left)")
        self.next_button = QPushButton("Next", self)
        set_button_icon(self.next_button, "next")
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the arrow after
        self.next_button.setToolTip("Next section (Ctrl+Right)")
        self.read_button = QPushButton("Mark as read", self)
        self.read_button.setCheckable(True)
        self.read_button.setToolTip("Mark this section as read (Ctrl+M)")
        # as wide as its wider text, so the bar does not shift when it becomes "✓ Read"
        self.read_button.setMinimumWidth(max(
            self.read_button.fontMetrics().horizontalAdvance(text) for text in
            ("Mark as read", "✓ Read")) + 32)
        self.study_button = QPushButton("Study this section", self)
        set_button_icon(self.study_button, "study")
        self.study_button.setToolTip("Study this section: its flashcards (Ctrl+Shift+T)")
        self.back_to_study_button = QPushButton("↩ Back to study", self)
        self.back_to_study_button.setToolTip("Return to the card you were studying")
        self.back_to_study_button.setVisible(False)
        self.position_label = QLabel(self)
        self.position_label.setObjectName("positionLabel")

        self._bar = bar = bar_of(self.prev_button, STRETCH, self.position_label, 12, self.read_button,
                     self.study_button, self.back_to_study_button, STRETCH, self.next_button,
                     margins=(12, 6, 12, 10))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.find_bar)
        layout.addLayout(bar)

        # the column follows the viewport's own size (it changes after layout, not with ours)
        self._viewport = self.browser.viewport()  # asked on every resize: fetch it once
        self._viewport.installEventFilter(self)
        self.prev_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.read_button.toggled.connect(self._on_read_toggled)
        self.study_button.clicked.connect(self.study_requested)
        self.back_to_study_button.clicked.connect(self.back_to_study_requested)
        self._full_bar_width = 0  # the bar's width with every label written out
        self._back_label = ""

    # -- the button bar at any width -----------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_bar()

    def _fit_bar(self) -> None:
        """Whole labels when they fit; else "Study", "↩ Back" and arrows only, the tooltips saying
        the rest. Why: at the window's minimum size (640 × 420, the sidebar shown) the
        bar gets about 450 px, and whole labels need about 700 — "Study this section"
        was cut off."""
        if not self._full_bar_width:
            self._full_bar_width = self._bar.sizeHint().width()  # built with whole labels
        back = self.back_to_study_button
        extra = (back.fontMetrics().horizontalAdvance(self._back_label) + 32 + self._bar.spacing()
                 if back.isVisibleTo(self) else 0)
        whole = self.width() >= self._full_bar_width + extra
        back.setText(self._back_label if whole else "↩ Back")
        self.study_button.setText("Study this section" if whole else "Study")
        self.prev_button.setText("Previous" if whole else "")
        self.next_button.setText("Next" if whole else "")
        self._bar.activate()  # laid out for these labels now, not on a later pass

    # -- showing ---------------------------------------------------------------
    @property
    def section_index(self) -> int:
        return self._index

    @property
    def section(self) -> Section | None:
        return self._article.sections[self._index] if self._article else None

    def show_section(self, article: Article, index: int, is_read: bool,
                     highlight: str | None = None) -> None:
        if article is not self._article:
            self._sources_open = False  # each article opens with its sources folded
        self._article, self._index, self._highlight = article, index, highlight
        self.browser.setHtml(self._html())
        self._apply_column_margins()
        if highlight:
            self._centre_highlight()
        else:
            self.browser.verticalScrollBar().setValue(0)
        total = len(article.sections)
        self.read_button.setEnabled(True)
        self.study_button.setEnabled(True)
        self.position_label.setText(f"{index + 1} / {total}")
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < total - 1)
        self.read_button.blockSignals(True)
        self.read_button.setChecked(is_read)
        self.read_button.setText("✓ Read" if is_read else "Mark as read")
        self.read_button.blockSignals(False)
        self.find_bar.refresh()

    def _html(self) -> str:
        assert self._article is not None
        return section_html(self._article, self._index, self.palette(), self._highlight,
                            self._sources_open)

    def _rerender(self, keep_offset: bool = False) -> None:
        """The section drawn again (colours, highlight, sources), at the same place: the
        same share of the text, or with `keep_offset` the same pixels (text added below)."""
        if self._article is None:
            return
        bar = self.browser.verticalScrollBar()
        offset, scroll = bar.value(), self.scroll_fraction()
        self.browser.setHtml(self._html())
        self._apply_column_margins()
        self.find_bar.refresh()
        if keep_offset:
            bar.setValue(offset)
        else:
            self.set_scroll_fraction(scroll)

    @property
    def sources_open(self) -> bool:
        return self._sources_open

    def toggle_sources(self) -> None:
        """Unfold the article's reference lists below its last section, or fold them."""
        self._sources_open = not self._sources_open
        self._rerender(keep_offset=True)

    def _link_clicked(self, url: QUrl) -> None:
        if url.toString() == SOURCES_LINK:
            self.toggle_sources()
        else:
            _open_web_link(url)  # the article's source address

    def selected_text(self) -> str:
        return self.browser.textCursor().selectedText().replace("\u2029", " ").strip()

    def _context_menu(self, pos: QPoint) -> None:
        """The usual Copy / Select All, and cards from the selection."""
        menu = self.browser.createStandardContextMenu(pos)
        selected = self.selected_text()
        menu.addSeparator()
        cloze = menu.addAction("Make Cloze from Selection\tCtrl+Shift+C",
                               lambda: self.cloze_requested.emit(selected))
        question = menu.addAction("Make Question from Selection…\tCtrl+Shift+Q",
                                  lambda: self.question_requested.emit(selected))
        cloze.setEnabled(bool(selected))
        question.setEnabled(bool(selected))
        menu.exec(self.browser.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # -- zoom: kept for the app, not per article ------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        self._zoom = round(min(max(zoom, ZOOM_MIN), ZOOM_MAX), 2)
        QSettings().setValue(ZOOM_KEY, self._zoom)
        scroll = self.scroll_fraction()
        self._apply_zoom()
        self._apply_column_margins()
        self.set_scroll_fraction(scroll)

    def _apply_zoom(self) -> None:
        font = QFont(self.browser.font())
        font.setPointSizeF(self._base_point_size * self._zoom)
        self.browser.setFont(font)

    def clear(self) -> None:
        """No article left to show (the last one was deleted): say how to get one."""
        self._article, self._index, self._highlight = None, 0, None
        self.browser.setHtml("<p>No article is open. Import one with File → Import Article… "
                             "(Ctrl+O) or File → Import from Web… (Ctrl+Shift+I).</p>")
        self.position_label.setText("")
        for button in (self.prev_button, self.next_button, self.read_button, self.study_button):
            button.setEnabled(False)

    def changeEvent(self, event: QEvent) -> None:
        """Re-colour the page when the system switches between light and dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._rerender()

    def toggle_read(self) -> None:
        """Mark the section read, or unread again (Ctrl+M)."""
        self.read_button.toggle()

    def set_back_action(self, label: str) -> None:
        """Offer the way back ("↩ Back to study", "↩ Back to quiz"); "" hides it."""
        self._back_label = label
        self.back_to_study_button.setToolTip(f"{label.lstrip('↩ ')}: return to where you were")
        self.back_to_study_button.setVisible(bool(label))
        self._fit_bar()

    def focus_text(self) -> None:
        self.browser.setFocus()

    def clear_highlight(self) -> None:
        """Render the section again without the highlighted sentence, keeping the place."""
        if self._highlight is not None:
            self._highlight = None
            self._rerender()

    def _centre_highlight(self) -> None:
        """Scroll so the highlighted sentence sits in the middle of the view, not at its top."""
        cursor = self.browser.document().find(self._highlight or "")
        if cursor.isNull():
            self.browser.scrollToAnchor("highlight")
            return
        self.browser.setTextCursor(cursor)
        rect = self.browser.cursorRect(cursor)
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self._viewport.height() // 2)
        plain = self.browser.textCursor()
        plain.clearSelection()
        self.browser.setTextCursor(plain)

    def scroll_fraction(self) -> float:
        bar = self.browser.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        bar = self.browser.verticalScrollBar()
        bar.setValue(round(fraction * bar.maximum()))

    def _on_read_toggled(self, checked: bool) -> None:
        self.read_button.setText("✓ Read" if checked else "Mark as read")
        self.mark_read_toggled.emit(checked)

    # -- a readable line length at any window width ----------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self._apply_column_margins()
        return super().eventFilter(watched, event)

    def _apply_column_margins(self) -> None:
        """Centre a text column of about READING_WIDTH_CHARS characters."""
        metrics = QFontMetrics(self.browser.font())
        column = metrics.averageCharWidth() * READING_WIDTH_CHARS
        side = max(24, (self._viewport.width() - column) // 2)
        root = self.browser.document().rootFrame()
        fmt = root.frameFormat()
        if fmt.leftMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(24)
            fmt.setBottomMargin(24)
            root.setFrameFormat(fmt)
