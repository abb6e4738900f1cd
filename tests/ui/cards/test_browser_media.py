"""The card browser's preview shows an imported card's image and plays its sound on a
click; the rest of the card stays text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from app.core.interop.model import media_dir
from app.core.storage.collection import Collection
from app.ui.cards.browser import CardBrowser
from tests.helpers.browser import ARTICLE, click_row
from tests.helpers.media import IMAGE, SOUND, add_media_note, click_text


def browser_on_the_media_card(qtbot, col: Collection) -> CardBrowser:  # type: ignore[no-untyped-def]
    """The card browser with the imported card (image and sound) selected by a click."""
    add_media_note(col, article_id=ARTICLE, section_idx=1)
    browser = CardBrowser(col, ARTICLE)
    qtbot.addWidget(browser)
    browser.show()
    qtbot.waitExposed(browser)
    browser.settle()
    click_row(qtbot, browser, "Whose flag")
    return browser


def test_preview_shows_the_image_and_plays_the_sound(qtbot, col_with_article: Collection,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    played: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: played.append(url.toLocalFile()) or True))
    browser = browser_on_the_media_card(qtbot, col_with_article)
    preview = browser.preview
    assert (media_dir(col_with_article) / IMAGE).as_uri() in preview.toHtml()
    assert "Whose flag is this? <b>" in preview.toPlainText()  # the card's text, as text
    image = preview.document().resource(2, QUrl((media_dir(col_with_article) / IMAGE).as_uri()))
    assert image is not None and image.width() == 40  # loaded and drawn, not a broken icon
    click_text(qtbot, preview, f"▶ {SOUND}")
    assert played == [str(media_dir(col_with_article) / SOUND)]
    assert browser.preview.source().isEmpty()  # a click plays; it never navigates


def test_the_edit_form_shows_the_media_its_fields_name(qtbot, col_with_article: Collection) -> None:
    browser = browser_on_the_media_card(qtbot, col_with_article)
    qtbot.mouseClick(browser.edit_button, Qt.MouseButton.LeftButton)
    form = browser.form
    assert form is not None and form.media is not None
    qtbot.waitExposed(form)
    image = (media_dir(col_with_article) / IMAGE).as_uri()
    assert form.media.isVisible() and image in form.media.text()
    assert f'href="sound:{SOUND}"' in form.media.text()
    front = form.page().editors["front"]
    front.setFocus()
    front.selectAll()
    qtbot.keyClicks(front, "Whose flag is this?")  # the image taken out by hand
    assert image not in form.media.text() and form.media.isVisible()  # the sound stays
    back = form.page().editors["back"]
    back.setFocus()
    back.selectAll()
    qtbot.keyClicks(back, "Ruritania's")
    assert not form.media.isVisible()
