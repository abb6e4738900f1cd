"""Card text on screen with its imported media: images shown, sounds as ▶ links.

Why one module: the study screen, the card browser's preview, card info and
quizzes all show card text, and each must show it the same way — as text (only
our own markup is rich), with the images of the collection's media folder and a
play link per sound (see `app.core.interop.media`). Text naming no media file
stays plain text, exactly as before.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from app.core.interop.media import card_text_html, shows_media, sound_file
from app.core.interop.model import media_dir
from app.core.storage.collection import Collection

CARD_IMAGE_WIDTH = 480  # wider images are scaled down to this
PREVIEW_IMAGE_WIDTH = 320  # in the narrower panes: the browser's preview, card info


def card_html(col: Collection, text: str, max_width: int = CARD_IMAGE_WIDTH) -> str:
    """Card text as HTML for a rich-text view, its media shown."""
    return card_text_html(text, media_dir(col), max_width)


def play_sound(col: Collection, link: str) -> None:
    """Play the sound a ▶ link names with the system's player (only files of the
    collection's media folder)."""
    file = sound_file(link, media_dir(col))
    if file is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(file)))


def play_sound_links(view: QTextBrowser, col: Collection) -> None:
    """Clicks on a rich-text view's ▶ links play the sound (never navigate)."""
    view.setOpenLinks(False)
    view.anchorClicked.connect(lambda url: play_sound(col, url.toString()))


class CardTextLabel(QLabel):
    """A label of card text: plain text, or rich text when it shows media."""

    def __init__(self, col: Collection, text: str = "", parent: QWidget | None = None,
                 max_width: int = CARD_IMAGE_WIDTH) -> None:
        super().__init__(parent)
        self.col = col
        self.max_width = max_width
        self.card_text = ""
        self.linkActivated.connect(lambda link: play_sound(col, link))
        self.set_card_text(text)

    def set_card_text(self, text: str) -> None:
        self.card_text = text
        if shows_media(text, media_dir(self.col)):
            self.setTextFormat(Qt.TextFormat.RichText)
            self.setText(card_html(self.col, text, self.max_width))
        else:
            self.setTextFormat(Qt.TextFormat.PlainText)
            self.setText(text)
