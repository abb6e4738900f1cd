"""One icon set (Phosphor through qtawesome) on the menus, the dialog buttons, the message
boxes and the reader's and review screen's buttons, drawn in the palette's colours and
re-drawn in the new ones when View → Appearance changes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleFactory,
)

from app.ui import appearance, icon_style, icons, menus, theme
from app.ui.main_window import MainWindow
from tests.helpers import ROOT

Buttons = QDialogButtonBox.StandardButton


def _drawn_color(pixmap: QPixmap) -> QColor:
    """The colour of an icon's most opaque pixel: the colour it was drawn in."""
    image = pixmap.toImage()
    best = max((image.pixelColor(x, y) for y in range(image.height())
                for x in range(image.width())), key=lambda c: c.alpha())
    assert best.alpha() > 200, "an icon that draws nothing"
    best.setAlpha(255)
    return best


def _close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()),
               abs(a.blue() - b.blue())) <= 3


def _window_text(group: QPalette.ColorGroup = QPalette.ColorGroup.Active) -> QColor:
    return QGuiApplication.palette().color(group, QPalette.ColorRole.WindowText)


@pytest.fixture
def restore_appearance(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    appearance.apply_appearance("system", save=False)  # what the app does at start
    yield
    appearance.apply_appearance("system", save=False)
    QSettings().remove(appearance.APPEARANCE_KEY)


def test_every_icon_of_the_tables_is_in_the_set(qapp) -> None:  # type: ignore[no-untyped-def]
    names = {*icons.ACTION_ICONS.values(), *icons.APPEARANCE_ICONS.values(),
             *icons.SUBMENU_ICONS.values(),
             *icons.BUTTON_ICONS.values(), *(n for n, _ in icons.STANDARD_ICONS.values())}
    for name in names:
        assert not icons.icon(name).pixmap(32, 32).isNull(), name
    with pytest.raises(ValueError, match="not an icon of the set"):
        icons.icon("ph.no-such-icon")


def test_every_menu_entry_has_an_icon() -> None:
    slots = {item.slot for _title, items in menus.MENUS for item in items
             if isinstance(item, menus.Item)}
    assert slots - set(icons.ACTION_ICONS) == set()
    assert set(icons.ACTION_ICONS) - slots == set(), "icons for entries that are gone"


def _menu_actions(window: MainWindow) -> list[QAction]:
    found = []
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            found.extend(action.menu().actions() if action.menu() else [action])
    return found


def test_the_main_window_menus_show_the_set(window, restore_appearance) -> None:  # type: ignore[no-untyped-def]
    actions = [a for a in _menu_actions(window) if not a.isSeparator() and a.objectName()]
    assert len(actions) > 30
    for action in actions:
        assert action.icon().name() == icons.ACTION_ICONS[action.objectName()], action.text()
    modes = [a for a in _menu_actions(window) if a.data() in appearance.APPEARANCES]
    assert {a.icon().name() for a in modes} == set(icons.APPEARANCE_ICONS.values())
    submenus = {action.text(): action.icon().name() for top in window.menuBar().actions()
                for action in top.menu().actions() if action.menu()}
    assert submenus == icons.SUBMENU_ICONS


class _ButtonsWithIcons(QProxyStyle):
    """A platform whose dialog buttons show icons (as X11's generic and KDE themes do;
    the offscreen platform's do not)."""

    def styleHint(self, hint, option=None, widget=None, returnData=None):  # type: ignore[no-untyped-def]
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)


@pytest.mark.parametrize("button, name", [
    (Buttons.Ok, "ph.check"), (Buttons.Cancel, "ph.x"), (Buttons.Save, "ph.floppy-disk"),
    (Buttons.Open, "ph.folder-open"), (Buttons.Close, "ph.x"), (Buttons.Discard, "ph.trash"),
])
def test_dialog_buttons_show_the_set(qtbot, restore_appearance, button, name) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    app.setStyle(icon_style.IconStyle(_ButtonsWithIcons(QStyleFactory.create("Fusion"))))
    box = QDialogButtonBox(button)
    qtbot.addWidget(box)
    shown = box.button(button)
    assert shown.icon().name() == name  # not Qt's own 2005-era pixmap
    assert _close(_drawn_color(shown.icon().pixmap(32, 32)), _window_text())


def test_whether_buttons_have_icons_stays_the_platforms_choice(qtbot, restore_appearance) -> None:  # type: ignore[no-untyped-def]
    hint = QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons
    plain = QStyleFactory.create("Fusion")
    assert icon_style.IconStyle(QStyleFactory.create("Fusion")).styleHint(hint) == plain.styleHint(hint)


@pytest.mark.parametrize("kind, name, role", [
    (QMessageBox.Icon.Warning, "ph.warning-fill", "warning"),
    (QMessageBox.Icon.Critical, "ph.x-circle-fill", "bad"),
    (QMessageBox.Icon.Information, "ph.info-fill", "accent"),
    (QMessageBox.Icon.Question, "ph.question-fill", "accent"),
])
def test_message_boxes_show_the_set_in_their_role_colour(qtbot, restore_appearance, kind, name,
                                                         role) -> None:  # type: ignore[no-untyped-def]
    for mode in ("light", "dark"):
        appearance.apply_appearance(mode, save=False)  # type: ignore[arg-type]
        box = QMessageBox(kind, "Title", "Text")
        qtbot.addWidget(box)
        assert _close(_drawn_color(box.iconPixmap()), theme.text_color(role)), mode
        assert theme.contrast(theme.text_color(role), theme.backgrounds()[1]) >= theme.MIN_CONTRAST
    pixmap = QStyle.StandardPixmap
    assert icons.STANDARD_ICONS[{
        QMessageBox.Icon.Warning: pixmap.SP_MessageBoxWarning,
        QMessageBox.Icon.Critical: pixmap.SP_MessageBoxCritical,
        QMessageBox.Icon.Information: pixmap.SP_MessageBoxInformation,
        QMessageBox.Icon.Question: pixmap.SP_MessageBoxQuestion}[kind].name] == (name, role)


def test_the_reader_and_review_buttons_show_the_set(window, qtbot, restore_appearance) -> None:  # type: ignore[no-untyped-def]
    reader = window.reader
    assert reader.prev_button.icon().name() == "ph.caret-left"
    assert reader.next_button.icon().name() == "ph.caret-right"
    assert "◀" not in reader.prev_button.text() and "▶" not in reader.next_button.text()
    window.study(False)
    review = window.review
    assert review is not None
    named = {b.text(): b.icon().name() for b in review.findChildren(QPushButton)}
    assert named["Show Answer"] == "ph.eye"
    assert named["Study Now"] == "ph.graduation-cap"
    assert named["Undo"] == "ph.arrow-u-up-left" and named["Suspend"] == "ph.pause"
    # on the highlight-filled primary button, the icon is in the highlighted text's colour
    highlighted = QGuiApplication.palette().color(QPalette.ColorRole.HighlightedText)
    show = next(b for b in review.findChildren(QPushButton) if b.text() == "Show Answer")
    assert _close(_drawn_color(show.icon().pixmap(32, 32)), highlighted)
    bury = next(b for b in review.findChildren(QPushButton) if b.text() == "Bury")
    assert _close(_drawn_color(bury.icon().pixmap(32, 32)), _window_text())


def _appearance_action(window: MainWindow, mode: str) -> QAction:
    return next(a for a in _menu_actions(window) if a.data() == mode)


def test_icons_follow_view_appearance(window, qtbot, restore_appearance) -> None:  # type: ignore[no-untyped-def]
    """The same QIcon objects, painted again after View → Appearance, are in the new
    palette's colours: nothing has to set them anew."""
    undo = next(a for a in _menu_actions(window) if a.objectName() == "undo_last_action")
    ok: QIcon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DialogOkButton)
    assert ok.name() == "ph.check"
    drawn = {}
    for mode in ("light", "dark", "light"):
        _appearance_action(window, mode).trigger()
        assert theme.is_dark() == (mode == "dark")
        for name, shown in (("menu", undo.icon()), ("button", ok)):
            color = _drawn_color(shown.pixmap(32, 32))
            assert _close(color, _window_text()), (name, mode, color.name())
            drawn[(name, mode)] = color.name()
        disabled = _drawn_color(ok.pixmap(32, 32, QIcon.Mode.Disabled))
        assert _close(disabled, _window_text(QPalette.ColorGroup.Disabled))
    assert drawn[("menu", "light")] != drawn[("menu", "dark")]


def test_the_card_browser_buttons_show_the_set(browser, restore_appearance) -> None:  # type: ignore[no-untyped-def]
    named = {b.text(): b.icon().name() for b in (
        browser.add_button, browser.edit_button, browser.delete_button,
        browser.suspend_button, browser.unsuspend_button)}
    assert named == {"&Add…": "ph.plus", "&Edit…": "ph.pencil-simple", "&Delete": "ph.trash",
                     "&Suspend": "ph.pause", "&Unsuspend": "ph.play"}
    # a disabled button (nothing selected) draws its icon dimmed, as its text
    assert _close(_drawn_color(browser.delete_button.icon().pixmap(32, 32, QIcon.Mode.Disabled)),
                  _window_text(QPalette.ColorGroup.Disabled))


def test_the_icons_cost_no_qtawesome_import_at_start() -> None:
    """qtawesome is the font's carrier only: importing it (and QtPy) would add ~200 ms to
    every start, so the main window's modules never do."""
    code = ("import sys, app.ui.main_window, app.ui.appearance; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('qtawesome', 'qtpy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
    assert next(icons.font_dir().glob("phosphor-[0-9]*.ttf")).is_file()
