"""View → Appearance: System, Light or Dark, for the whole application.

Why a module of its own: switching is more than a palette (theme.py's colours). The
style is replaced too (Fusion for Light and Dark, so the choice looks the same on
every platform; the desktop's own for System), and every style is wrapped in
`icon_style.IconStyle`, so dialogs and message boxes keep StudyDesk's icon set whichever
is chosen. Labels and items coloured by a text role are re-coloured at once; icons
take the new palette when they are next painted.

At start-up (`start_appearance`) the colours and the style are set before the window
is made, the icon style once it is painted: its QStyle subclass costs the first frame
time, and nothing in that frame is a standard pixmap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.ui.theme import dark_palette, light_palette, refresh_text_roles

Appearance = Literal["system", "light", "dark"]
APPEARANCES: dict[Appearance, str] = {"system": "System", "light": "Light", "dark": "Dark"}
APPEARANCE_KEY = "view/appearance"

_system: tuple[str, QPalette] | None = None  # the style name and palette the desktop gave us


def saved_appearance() -> Appearance:
    value = QSettings().value(APPEARANCE_KEY, "system")
    return value if value in APPEARANCES else "system"  # type: ignore[return-value]


def _set_style(app: QApplication, name: str) -> None:
    from app.ui.icon_style import IconStyle

    base = QStyleFactory.create(name) or QStyleFactory.create("Fusion")
    app.setStyle(IconStyle(base))


def start_appearance(mode: Appearance) -> Callable[[], None]:
    """At start-up, before the window is made: `mode`'s colours and style (the first
    frame shows them); returns what is left to do once the window is painted: wrapping
    the style in the icon style, which looks the same until a dialog opens. (Asking Qt
    for the desktop's style creates QStyle's and Qt's enums in Python, 20 ms: System
    does that after the paint, Light and Dark before it.)"""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or _system is not None:  # started before
        apply_appearance(mode, save=False)
        return lambda: None
    if mode == "system":
        return lambda: apply_appearance(mode, save=False)
    _remember_system(app)
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if mode == "dark" else light_palette())
    return lambda: _set_style(app, "Fusion")


def _remember_system(app: QApplication) -> tuple[str, QPalette]:
    """The style name and palette the desktop gave us, before StudyDesk changed either."""
    global _system
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    return _system


def apply_appearance(mode: Appearance, save: bool = True) -> None:
    """Switch the whole application to System, Light or Dark (and remember it)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    first = _system is None
    system = _remember_system(app)
    if mode == "system":
        _set_style(app, system[0])
        if first:  # at start-up: the desktop's look, with StudyDesk's icons
            if save:
                QSettings().setValue(APPEARANCE_KEY, mode)
            return
        app.setPalette(system[1])
    else:
        _set_style(app, "Fusion")
        app.setPalette(dark_palette() if mode == "dark" else light_palette())
    refresh_text_roles()
    if save:
        QSettings().setValue(APPEARANCE_KEY, mode)
