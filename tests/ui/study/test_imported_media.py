"""An Anki note's image is shown in the card and its sound has a play link; a script in
the field is text, never run."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.core.interop.imports import import_deck_file
from app.core.interop.media import media_html, sound_file
from app.core.interop.model import media_dir
from app.core.study.session import Scope
from app.ui.study.review import ReviewWidget
from tests.helpers.anki import export_from_anki, fill_anki


def test_media_markers_become_html_only_for_files_in_the_folder(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 8 + (10).to_bytes(4, "big")
                                     + (10).to_bytes(4, "big"))
    (tmp_path / "s.mp3").write_bytes(b"ID3")
    html = media_html("see [image: a.png] and [sound:s.mp3] [image: ../x.png] [image: no.png]",
                      tmp_path)
    assert f'<img src="{(tmp_path / "a.png").as_uri()}">' in html
    assert '<a href="sound:s.mp3">▶ s.mp3</a>' in html
    assert "[image: ../x.png]" in html and "[image: no.png]" in html
    assert sound_file("sound:s.mp3", tmp_path) == tmp_path / "s.mp3"
    assert sound_file("sound:../s.mp3", tmp_path) is None


def test_studying_an_imported_card_shows_its_image_and_sound(qtbot, col, anki,
                                                             tmp_path: Path) -> None:
    fill_anki(anki)
    import_deck_file(col, export_from_anki(anki, tmp_path / "p.apkg", legacy=False))
    note_id = next(r[0] for r in col.execute("SELECT id, fields FROM notes")
                   if "Look" in r[1])
    card_id = col.execute("SELECT id FROM cards WHERE note_id = ?", [note_id]).fetchone()[0]
    widget = ReviewWidget(col, Scope(card_ids=(card_id,)), "Spanish")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.mouseClick(widget.study_button, Qt.MouseButton.LeftButton)  # Study Now
    assert widget.card is not None
    assert (media_dir(col) / "pic.png").as_uri() in widget.question.text()
    assert "<script" not in widget.question.text()
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert 'href="sound:s.mp3"' in widget.answer.text()


def test_editing_the_card_while_studying_shows_its_media(qtbot, col, tmp_path: Path) -> None:
    from tests.helpers.media import IMAGE, add_media_note

    add_media_note(col)
    card_id = col.execute("SELECT id FROM cards WHERE note_id = 'flag'").fetchone()[0]
    widget = ReviewWidget(col, Scope(card_ids=(card_id,)), "Flags")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.mouseClick(widget.study_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(widget, Qt.Key.Key_E)
    form = widget.edit_dialog
    assert form.media is not None and (media_dir(col) / IMAGE).as_uri() in form.media.text()
