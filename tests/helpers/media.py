"""A card with an imported image and sound, as an Anki import stores it: the files in the
collection's media folder, the card text naming them with markers."""

from __future__ import annotations

import struct
import zlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

from app.core.interop.model import media_dir
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.storage.collection import Collection

IMAGE, SOUND = "flag.png", "anthem.mp3"
FRONT = f"Whose flag is this? <b>[image: {IMAGE}]"
BACK = f"Ruritania's [sound:{SOUND}]"


def png(width: int, height: int) -> bytes:
    """A real, decodable PNG of one grey colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def add_media_note(col: Collection, note_id: str = "flag", **note: object) -> str:
    """A basic note whose front shows an image and whose back plays a sound."""
    folder = media_dir(col)
    folder.mkdir(exist_ok=True)
    (folder / IMAGE).write_bytes(png(40, 20))
    (folder / SOUND).write_bytes(b"ID3" + b"\0" * 64)
    save_note(col, Note(id=note_id, kind="basic", fields={"front": FRONT, "back": BACK},
                        **note))  # type: ignore[arg-type]
    return note_id


def click_text(qtbot, view: QTextBrowser, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click in the middle of `text` where a rich-text view shows it (a ▶ link)."""
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(view.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.cursorRect(cursor).center())
