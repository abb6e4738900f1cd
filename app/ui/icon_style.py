"""The style that gives Qt's standard pixmaps (dialog buttons, message boxes) StudyDesk's
icon set (`icons.STANDARD_ICONS`).

Why apart from icons.py: subclassing QProxyStyle creates every enum of QStyle (about
15 ms), and the menus need icons.py before the window's first paint; View → Appearance
(appearance.py) wraps the style in this one once the window is painted.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from app.ui.icons import STANDARD_ICONS, icon


class IconStyle(QProxyStyle):
    """The platform's (or Fusion's) style with the set's icons for Qt's standard pixmaps,
    so every QDialogButtonBox and QMessageBox shows them.

    Whether dialog buttons show icons at all stays the platform's choice (X11's generic
    and KDE themes show them; GNOME, Windows and macOS do not): forcing them would
    look foreign there, and a Python styleHint would cost every paint.
    """

    def standardIcon(self, standard: QStyle.StandardPixmap, option: QStyleOption | None = None,
                     widget: QWidget | None = None) -> QIcon:
        found = STANDARD_ICONS.get(standard.name)
        if found is not None:
            return icon(*found)
        return super().standardIcon(standard, option, widget)
