"""View → Appearance: System, Light or Dark, for the whole application.

Why a module of its own: switching is more than a palette (theme.py's colours). The
style is replaced too (Fusion for Light and Dark, so the choice looks the same on
every platform; the desktop's own for System), and every style is wrapped in
`icons.IconStyle`, so dialogs and message boxes keep StudyDesk's icon set whichever
is chosen. Labels and items coloured by a text role are re-coloured at once; icons
take the new palette when they are next painted.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.ui.icons import IconStyle
from app.ui.theme import dark_palette, light_palette, refresh_text_roles

Appearance = Literal["system", "light", "dark"]
APPEARANCES: dict[Appearance, str] = {"system": "System", "light": "Light", "dark": "Dark"}
APPEARANCE_KEY = "view/appearance"

_system: tuple[str, QPalette] | None = None  # the style name and palette the desktop gave us


def saved_appearance() -> Appearance:
    value = QSettings().value(APPEARANCE_KEY, "system")
    return value if value in APPEARANCES else "system"  # type: ignore[return-value]


def _set_style(app: QApplication, name: str) -> None:
    base = QStyleFactory.create(name) or QStyleFactory.create("Fusion")
    app.setStyle(IconStyle(base))


def apply_appearance(mode: Appearance, save: bool = True) -> None:
    """Switch the whole application to System, Light or Dark (and remember it)."""
    global _system
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
        if mode == "system":  # at start-up: the desktop's look, with StudyDesk's icons
            _set_style(app, _system[0])
            if save:
                QSettings().setValue(APPEARANCE_KEY, mode)
            return
    if mode == "system":
        _set_style(app, _system[0])
        app.setPalette(_system[1])
    else:
        _set_style(app, "Fusion")
        app.setPalette(dark_palette() if mode == "dark" else light_palette())
    refresh_text_roles()
    if save:
        QSettings().setValue(APPEARANCE_KEY, mode)
