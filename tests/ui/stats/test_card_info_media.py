"""Card info shows an imported card's image and plays its sound; its text stays text."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices

from app.core.interop.model import media_dir
from app.core.storage.collection import Collection
from app.ui.stats.card_info import CardInfoDialog
from tests.helpers.media import IMAGE, SOUND, add_media_note, click_text


def test_card_info_shows_the_image_and_plays_the_sound(qtbot, col: Collection,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    played: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: played.append(url.toLocalFile()) or True))
    note_id = add_media_note(col)
    card_id = col.execute("SELECT id FROM cards WHERE note_id = ?", [note_id]).fetchone()[0]
    dialog = CardInfoDialog(col, [card_id])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert (media_dir(col) / IMAGE).as_uri() in dialog.view.toHtml()
    assert "Whose flag is this? <b>" in dialog.view.toPlainText()
    click_text(qtbot, dialog.view, f"▶ {SOUND}")
    assert played == [str(media_dir(col) / SOUND)]
    assert "Card id" in dialog.view.toPlainText()  # still the whole story
