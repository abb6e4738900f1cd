"""Card info: one card's fields, source sentence, state and every answer, in a dialog.

Opened from the review screen (`i`) and the card browser (Card Info…,
Ctrl+Shift+I). A note with several cards gets a chooser; the dialog follows
the collection's changes, so answering the card elsewhere updates it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QTextBrowser,
    QWidget,
)

from app.core.changes import Change
from app.core.errors import StatsError
from app.core.stats.cardinfo import CardInfo, card_info
from app.core.storage.collection import Collection
from app.ui.changes import changes_of
from app.ui.errors import reporting
from app.ui.media import PREVIEW_IMAGE_WIDTH, card_html, play_sound_links
from app.ui.widgets import dialog_column


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


def _num(value: float | None, fmt: str = ".2f") -> str:
    return "—" if value is None else format(value, fmt)


def info_html(info: CardInfo, col: Collection) -> str:
    """The card's story as HTML (every text escaped; the faces' imported media shown)."""
    faces = "".join(f"<tr><th align='left' valign='top'>{name}</th>"
                    f"<td>{card_html(col, text, PREVIEW_IMAGE_WIDTH)}</td></tr>"
                    for name, text in (("Front", info.face.front), ("Back", info.face.back)))
    rows = []
    place = " › ".join(p for p in (info.article_title, info.section_title) if p)
    if place:
        rows.append(("Article", place))
    if info.source:
        rows.append(("Source sentence", info.source))
    state = info.state
    rows += [("Status", info.status), ("Due", _when(info.due)),
             ("Stability", f"{_num(state.stability)} days" if state.stability else "—"),
             ("Difficulty", _num(state.difficulty)),
             ("Retrievability now", _num(info.retrievability, ".1%")),
             ("Answers", str(len(info.reviews))), ("Lapses", str(state.lapses)),
             ("Card id", str(info.card_id))]
    head = "".join(f"<tr><th align='left' valign='top'>{escape(k)}</th>"
                   f"<td>{escape(v).replace(chr(10), '<br>')}</td></tr>" for k, v in rows)
    answers = "".join(
        f"<tr><td>{escape(_when(r.at))}</td><td>{escape(r.rating_name)}</td>"
        f"<td>{escape(r.kind)}</td><td>{escape(r.source)}</td><td>{escape(r.interval)}</td>"
        f"<td>{_num(r.stability)}</td><td>{_num(r.difficulty)}</td>"
        f"<td>{_num(r.retrievability, '.1%')}</td><td>{r.seconds:.0f} s</td></tr>"
        for r in info.reviews) or "<tr><td colspan='9'>Not answered yet.</td></tr>"
    return (f"<table cellspacing='0' cellpadding='3'>{faces}{head}</table><h3>Answers</h3>"
            "<table cellspacing='0' cellpadding='3' border='1' width='100%'><tr>"
            "<th>Date</th><th>Rating</th><th>Queue</th><th>Where</th><th>Interval</th>"
            "<th>Stability</th><th>Difficulty</th><th>Recall then</th><th>Time</th></tr>"
            f"{answers}</table>")


class CardInfoDialog(QDialog):
    def __init__(self, col: Collection, card_ids: Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.col = col
        self.setWindowTitle("Card Info")
        self.resize(760, 560)
        self.chooser = QComboBox(self)
        self.chooser.setAccessibleName("Card of this note")
        for i, card_id in enumerate(card_ids):
            self.chooser.addItem(f"Card {i + 1}", card_id)
        self.chooser.setVisible(len(card_ids) > 1)
        self.view = QTextBrowser(self)
        play_sound_links(self.view, col)
        dialog_column(self, self.chooser, (self.view, 1))
        QShortcut(QKeySequence(Qt.Key.Key_I), self, self.reject)
        self.chooser.currentIndexChanged.connect(self.refresh)
        changes_of(col).changed.connect(self._on_changes)
        self.info: CardInfo | None = None
        self.refresh()

    def _on_changes(self, changes: Change) -> None:
        if changes & (Change.STUDY | Change.CARDS | Change.NOTES | Change.SETTINGS):
            self.refresh()

    def refresh(self) -> None:
        card_id = self.chooser.currentData()
        if card_id is None:
            return
        with reporting(self, "Card Info"):
            try:
                self.info = card_info(self.col, card_id)
            except StatsError as exc:  # deleted since (in the browser): say so, once
                self.info = None
                self.view.setPlainText(str(exc))
                return
            self.view.setHtml(info_html(self.info, self.col))


def show_card_info(parent: QWidget, col: Collection, card_ids: Sequence[int]) -> CardInfoDialog:
    dialog = CardInfoDialog(col, card_ids, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
