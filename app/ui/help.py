"""Help → Keyboard Shortcuts and About."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from app import __version__
from app.core.paths import APP_NAME

#: Keys handled inside the study and quiz screens (not menu actions).
SCREEN_KEYS = (
    ("Studying", "Space / Enter", "Show the answer; once shown, grade Good"),
    ("Studying", "1 2 3 4", "Again, Hard, Good, Easy"),
    ("Studying", "u  -  @  e  i", "Undo, bury, suspend, edit the card, card info"),
    ("Studying", "Esc", "Back to reading"),
    ("Quiz", "1–4 or A–D", "Choose an option"),
    ("Quiz", "T / F", "True or false"),
    ("Quiz", "Enter", "Submit, then go on"),
    ("Card browser", "Ctrl+J", "Suspend or unsuspend the selected cards"),
)


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every menu action with a key, then the screens' keys.

    Read from the menus themselves, so the list can never drift from them."""
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else []:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                rows.append((menu_action.text().replace("&", ""),
                             keys, action.text().replace("&", "").rstrip("…")))
    return rows + list(SCREEN_KEYS)


def show_shortcuts(window: QMainWindow) -> None:
    body = "".join(f"<tr><td style='color:gray; padding-right:12px'>{where}</td>"
                   f"<td style='padding-right:16px'><b>{keys}</b></td><td>{what}</td></tr>"
                   for where, keys, what in shortcut_rows(window))
    box = QMessageBox(window)
    box.setWindowTitle("Keyboard shortcuts")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<table>{body}</table>")
    box.exec()


def show_about(window: QMainWindow, collection: Path) -> None:
    QMessageBox.about(
        window, f"About {APP_NAME}",
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Read an article section by section, then study it with flashcards "
        "scheduled by FSRS spaced repetition and with quizzes. Decks export to Anki.</p>"
        f"<p>Collection: <code>{collection}</code></p>")
