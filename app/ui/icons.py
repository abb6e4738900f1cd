"""StudyDesk's icons: one modern set (Phosphor, MIT, as qtawesome ships it), drawn in
the palette's colours at the moment they are painted.

Why one module: Qt's own dialog and message-box icons (the green tick, the red
circle, the floppy disk) are from another era and ignore a dark palette. Here is
the one table of which icon stands for what: the menu entries (by the main
window's slot), Qt's standard pixmaps (OK, Cancel, Save, Open…, the message-box
icons) and the buttons of the reader, the review screen and the card browser.

Qt's standard pixmaps get the set through `icon_style.IconStyle`, a module of its own:
defining a QProxyStyle subclass creates all of QStyle's enums, which the window's first
paint does not need (the menus' icons here do not).

Why an icon engine of our own: an icon whose colour is fixed when it is made would
stay dark grey on the dark palette. `_PaletteEngine` asks the application's
palette (and `theme` for coloured roles) each time the icon is painted, so every
icon follows View → Appearance without anyone re-setting it.

Why the font, not qtawesome's code: qtawesome (MIT) carries the Phosphor font and
its charmap; importing qtawesome itself loads QtPy, whose star-imports of QtCore,
QtGui, QtWidgets and QtOpenGL cost about 200 ms of every start (measured: cold
start 0.49 s → 0.69 s). Drawing one glyph of an icon font is a few lines of
QPainter, so StudyDesk reads the font from qtawesome's folder and never imports it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractButton

from app.ui import theme

PREFIX = "ph."  # the set's names, as qtawesome spells them: "ph.check"
#: How much of the icon's square the glyph's em box takes (a margin all round).
GLYPH_SHARE = 0.875

#: Qt's standard pixmaps, by the name of their QStyle.StandardPixmap → (icon, text role or
#: None for the palette's text colour). By name: looking up QStyle's enums at import
#: would create all of them before the window's first paint (a few ms of every start).
STANDARD_ICONS: dict[str, tuple[str, str | None]] = {
    "SP_DialogOkButton": ("ph.check", None),
    "SP_DialogApplyButton": ("ph.check", None),
    "SP_DialogYesButton": ("ph.check", None),
    "SP_DialogYesToAllButton": ("ph.checks", None),
    "SP_DialogCancelButton": ("ph.x", None),
    "SP_DialogNoButton": ("ph.x", None),
    "SP_DialogNoToAllButton": ("ph.x", None),
    "SP_DialogCloseButton": ("ph.x", None),
    "SP_DialogAbortButton": ("ph.prohibit", None),
    "SP_DialogIgnoreButton": ("ph.skip-forward", None),
    "SP_DialogRetryButton": ("ph.arrow-clockwise", None),
    "SP_DialogSaveButton": ("ph.floppy-disk", None),
    "SP_DialogSaveAllButton": ("ph.floppy-disk", None),
    "SP_DialogOpenButton": ("ph.folder-open", None),
    "SP_DialogResetButton": ("ph.arrow-counter-clockwise", None),
    "SP_DialogDiscardButton": ("ph.trash", None),
    "SP_DialogHelpButton": ("ph.question", None),
    "SP_MessageBoxInformation": ("ph.info-fill", "accent"),
    "SP_MessageBoxQuestion": ("ph.question-fill", "accent"),
    "SP_MessageBoxWarning": ("ph.warning-fill", "warning"),
    "SP_MessageBoxCritical": ("ph.x-circle-fill", "bad"),
    "SP_TrashIcon": ("ph.trash", None),
    "SP_BrowserReload": ("ph.arrows-clockwise", None),
    "SP_ArrowBack": ("ph.caret-left", None),
    "SP_ArrowForward": ("ph.caret-right", None),
    "SP_ArrowLeft": ("ph.caret-left", None),
    "SP_ArrowRight": ("ph.caret-right", None),
    "SP_ArrowUp": ("ph.caret-up", None),
    "SP_ArrowDown": ("ph.caret-down", None),
    "SP_FileIcon": ("ph.file", None),
    "SP_DirIcon": ("ph.folder", None),
    "SP_DirOpenIcon": ("ph.folder-open", None),
}

#: The main window's menu entries, by the slot each runs (menus.MENUS).
ACTION_ICONS: dict[str, str] = {
    "import_article": "ph.file-arrow-down",
    "import_from_web": "ph.globe",
    "import_deck": "ph.stack",
    "open_deck": "ph.folder-open",
    "save_deck_as": "ph.floppy-disk",
    "export_to_anki": "ph.export",
    "export_cards_as": "ph.file-arrow-up",
    "export_quiz_for_moodle": "ph.clipboard-text",
    "subscribe_to_deck": "ph.rss",
    "show_backups": "ph.archive-box",
    "close": "ph.sign-out",
    "undo_last_action": "ph.arrow-u-up-left",
    "rename_article": "ph.pencil-simple",
    "reimport_article": "ph.arrows-clockwise",
    "reimport_article_from_web": "ph.cloud-arrow-down",
    "delete_article": "ph.trash",
    "show_home": "ph.house",
    "previous_section": "ph.caret-left",
    "next_section": "ph.caret-right",
    "toggle_current_read": "ph.check-circle",
    "focus_sidebar": "ph.list",
    "show_reader": "ph.book-open",
    "toggle_sidebar": "ph.square-half",
    "find_in_article": "ph.magnifying-glass",
    "find_next": "ph.arrow-down",
    "find_previous": "ph.arrow-up",
    "zoom_in": "ph.magnifying-glass-plus",
    "zoom_out": "ph.magnifying-glass-minus",
    "reset_zoom": "ph.text-aa",
    "browse_cards": "ph.cards",
    "generate_cards": "ph.lightbulb",
    "cloze_from_selection": "ph.brackets-square",
    "question_from_selection": "ph.question",
    "study": "ph.graduation-cap",
    "quiz_me": "ph.list-numbers",
    "open_quiz_builder": "ph.wrench",
    "open_quiz_history": "ph.clock-counter-clockwise",
    "show_statistics": "ph.chart-bar",
    "study_options": "ph.sliders-horizontal",
    "open_class_results": "ph.users-three",
    "send_results_now": "ph.paper-plane-tilt",
    "class_settings": "ph.chalkboard-teacher",
    "check_database": "ph.first-aid-kit",
    "show_shortcuts": "ph.keyboard",
    "show_about": "ph.info",
}

#: View → Appearance's three entries.
APPEARANCE_ICONS: dict[str, str] = {"system": "ph.monitor", "light": "ph.sun", "dark": "ph.moon"}
#: The menus' submenus, by their title (menus.py).
SUBMENU_ICONS: dict[str, str] = {"&Appearance": "ph.palette", "&Instructor Quizzes": "ph.chalkboard"}

#: Buttons of the reader's bottom bar, the review screen and the card browser, by what
#: they do.
BUTTON_ICONS: dict[str, str] = {
    "previous": "ph.caret-left",
    "next": "ph.caret-right",
    "study": "ph.graduation-cap",
    "back": "ph.arrow-left",
    "reading": "ph.book-open",
    "options": "ph.sliders-horizontal",
    "retry": "ph.arrow-clockwise",
    "show_answer": "ph.eye",
    "undo": "ph.arrow-u-up-left",
    "bury": "ph.eye-slash",
    "suspend": "ph.pause",
    "edit": "ph.pencil-simple",
    "in_article": "ph.article",
    "add": "ph.plus",
    "delete": "ph.trash",
    "unsuspend": "ph.play",
}


#: The role of an icon on a button filled with the highlight colour (a primary button).
ON_HIGHLIGHT = "on_highlight"


def _color(mode: QIcon.Mode, role: str | None) -> QColor:
    """The colour an icon is drawn in now: the palette's text (a role's colour), dimmed
    when disabled, the highlighted text's colour in a selected menu entry or row and on
    a button filled with the highlight colour."""
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected or role == ON_HIGHLIGHT:
        return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    if role is not None:
        return theme.text_color(role, palette)
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


def font_dir() -> Path:
    """qtawesome's fonts: in the bundle (build.spec copies the Phosphor font), else in
    the installed package, found without importing it."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "qtawesome" / "fonts"
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the qtawesome package (StudyDesk's icon font) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@lru_cache(maxsize=1)
def _charmap() -> dict[str, int]:
    """Icon name → code point in the Phosphor font."""
    path = next(font_dir().glob("phosphor-charmap-*.json"))
    return {name: int(code, 16) for name, code in
            json.loads(path.read_text(encoding="utf-8")).items()}


@lru_cache(maxsize=1)
def _family() -> str:
    """The Phosphor font, loaded into the application once."""
    path = next(font_dir().glob("phosphor-[0-9]*.ttf"))
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(path)))
    if not families:
        raise RuntimeError(f"Qt could not load the icon font {path}")
    return families[0]


@lru_cache(maxsize=512)
def _glyph(name: str, color: str, width: int, height: int) -> QPixmap:
    """One drawing of an icon (drawn once per name, colour and size)."""
    from PySide6.QtCore import Qt

    pixmap = QPixmap(max(width, 1), max(height, 1))
    pixmap.fill(Qt.GlobalColor.transparent)
    font = QFont(_family())
    font.setPixelSize(max(1, round(min(width, height) * GLYPH_SHARE)))
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(font)
    painter.setPen(QColor(color))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter,
                     chr(_charmap()[name.removeprefix(PREFIX)]))
    painter.end()
    return pixmap


class _PaletteEngine(QIconEngine):
    """An icon of the set that takes its colour from the palette when painted."""

    def __init__(self, name: str, role: str | None) -> None:
        super().__init__()
        self._name, self._role = name, role

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return _glyph(self._name, _color(mode, self._role).name(), size.width(), size.height())

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,
                     scale: float) -> QPixmap:
        pixmap = self.pixmap(QSize(round(size.width() * scale), round(size.height() * scale)),
                             mode, state)
        pixmap = QPixmap(pixmap)  # the cached drawing is shared: mark a copy
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def clone(self) -> QIconEngine:
        return _PaletteEngine(self._name, self._role)

    def iconName(self) -> str:
        return self._name

    def key(self) -> str:
        return "studydesk-palette"


def icon(name: str, role: str | None = None) -> QIcon:
    """The set's icon `name` (e.g. "ph.check"), in the palette's text colour or `role`'s
    (a theme text role, or ON_HIGHLIGHT)."""
    if not name.startswith(PREFIX) or name.removeprefix(PREFIX) not in _charmap():
        raise ValueError(f"{name!r} is not an icon of the set")  # fails where it is written
    return QIcon(_PaletteEngine(name, role))


def action_icon(slot: str) -> QIcon | None:
    """The icon of the menu entry that runs `slot`, if it has one."""
    name = ACTION_ICONS.get(slot)
    return icon(name) if name else None


def set_button_icon(button: QAbstractButton, what: str, on_highlight: bool = False) -> None:
    """Give a button of the reader or the review screen its icon (BUTTON_ICONS); a button
    filled with the highlight colour gets it in the highlighted text's colour."""
    button.setIcon(icon(BUTTON_ICONS[what], ON_HIGHLIGHT if on_highlight else None))
