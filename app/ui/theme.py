"""Colours that read well in light and dark palettes.

Why one module: a colour picked on a white background (a green #2e8b57, a grey
#666) is unreadable on a dark one, so no window writes a colour of its own. Each
*role* a coloured text can have (right, wrong, a warning, new/learning/review
counts, muted notes, the answer of a cloze) starts from a hue made for light or
dark backgrounds and is then darkened or lightened until its contrast with the
palette's background is at least WCAG AA (4.5:1), against both the Base colour
(text fields, the review screen) and the Window colour (dialogs). Tinted
backgrounds (the typed-answer comparison) are made the same way, with the
palette's text colour on top.

The Light and Dark palettes are here; View → Appearance (app/ui/appearance.py)
applies them.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyleFactory,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QWidget,
)

#: WCAG AA for normal text.
MIN_CONTRAST = 4.5


#: Text roles: the hue to start from on a light and on a dark background.
TEXT_ROLES: dict[str, tuple[str, str]] = {
    "good": ("#1b7a3a", "#7fd99b"),      # right, passed, ✓, review count
    "bad": ("#b3261e", "#ff8f85"),       # wrong, not passed, ✗, errors, learning count
    "warning": ("#855a00", "#f0c24a"),   # nothing chosen yet, a missing part
    "accent": ("#1a5fb4", "#8ab4f8"),    # the cloze answer, new count
}
#: Background tints (the typed-answer comparison, as Anki's), palette text on top.
TINT_ROLES: dict[str, tuple[str, str]] = {
    "ok": ("#c8f7c5", "#1e4a2a"),
    "wrong": ("#f7c5c5", "#5a2424"),
    "missing": ("#f7e3a3", "#54460f"),
}
#: Colours that are no text (a grade button's border): distinct hues, no contrast rule.
GRADE_ROLES = {1: "bad", 2: "warning", 3: "good", 4: "accent"}
#: Chart series (bars, lines, heat): mid-tone hues that show on light and dark alike.
SERIES_COLORS: dict[str, str] = {
    "learn": "#4a8fdb", "relearn": "#e0574b", "young": "#7cc46c", "mature": "#2f9a4c",
    "new": "#4a8fdb", "learning": "#e59a3a", "suspended": "#d6b13a", "buried": "#8e8e8e",
    "total": "#9b6fd6", "line": "#9b6fd6",
}
#: Further series (one per quiz, say), in this order.
SERIES_CYCLE = ("#4a8fdb", "#e0574b", "#7cc46c", "#e59a3a", "#9b6fd6", "#3bb5b0", "#d65ca0",
                "#8e8e8e")


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def luminance(color: QColor) -> float:
    """WCAG relative luminance of an sRGB colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`amount` of `b` mixed into `a` (0 = a, 1 = b)."""
    return QColor.fromRgbF(*(x + (y - x) * amount for x, y in
                             ((a.redF(), b.redF()), (a.greenF(), b.greenF()),
                              (a.blueF(), b.blueF()))))


def is_dark(palette: QPalette | None = None) -> bool:
    p = _palette(palette)
    return luminance(p.color(QPalette.ColorRole.Base)) < luminance(
        p.color(QPalette.ColorRole.Text))


def backgrounds(palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """The two backgrounds coloured text sits on: Base and Window."""
    p = _palette(palette)
    return p.color(QPalette.ColorRole.Base), p.color(QPalette.ColorRole.Window)


def _readable(start: QColor, behind: tuple[QColor, ...], towards: QColor) -> QColor:
    """`start` moved towards `towards` (black or white) until it reads on every `behind`."""
    color = start
    for step in range(1, 21):
        if min(contrast(color, b) for b in behind) >= MIN_CONTRAST:
            return color
        color = mix(start, towards, step / 20)
    return color


def text_color(role: str, palette: QPalette | None = None) -> QColor:
    """The colour of text in `role` on this palette, at least 4.5:1 against its backgrounds."""
    p = _palette(palette)
    dark = is_dark(p)
    if role == "muted":  # notes and hints: the text colour, softened as far as it may be
        text = p.color(QPalette.ColorRole.Text)
        start = mix(text, p.color(QPalette.ColorRole.Base), 0.45)
        return _readable(start, backgrounds(p), text)
    light_hue, dark_hue = TEXT_ROLES[role]
    towards = QColor("white") if dark else QColor("black")
    return _readable(QColor(dark_hue if dark else light_hue), backgrounds(p), towards)


def tint(role: str, palette: QPalette | None = None) -> QColor:
    """A background tint for `role` under which the palette's text still reads at 4.5:1."""
    p = _palette(palette)
    base, text = p.color(QPalette.ColorRole.Base), p.color(QPalette.ColorRole.Text)
    hue = QColor(TINT_ROLES[role][1 if is_dark(p) else 0])
    for step in range(11):  # fade towards the base colour until the text reads
        color = mix(hue, base, step / 10)
        if contrast(text, color) >= MIN_CONTRAST:
            return color
    return base


def css(role: str, palette: QPalette | None = None) -> str:
    """`text_color` as a CSS colour for style sheets and rich text."""
    return text_color(role, palette).name()


def tint_css(role: str, palette: QPalette | None = None) -> str:
    return tint(role, palette).name()


def text_style(role: str, palette: QPalette | None = None) -> str:
    """A style sheet giving a label the colour of `role` (re-apply when the palette changes)."""
    return f"color: {css(role, palette)};"


_ROLE_PROPERTY, _CSS_PROPERTY = "studydeskTextRole", "studydeskTextCss"


def set_text_role(widget: QWidget, role: str, extra_css: str = "") -> None:
    """Colour a label's text by `role` in the application's palette; it is re-coloured
    when the Appearance changes."""
    widget.setProperty(_ROLE_PROPERTY, role)
    widget.setProperty(_CSS_PROPERTY, extra_css)
    widget.setStyleSheet(f"{text_style(role)} {extra_css}".strip())


#: Where an item of a table or tree keeps its text role (far from the windows' own roles):
#: Qt.ItemDataRole.UserRole (0x100) + 0x5D0, as a number, so that importing this module
#: before the window's first paint creates none of Qt's enums.
ITEM_ROLE_DATA = 0x100 + 0x5D0


def set_item_role(item: QTableWidgetItem | QTreeWidgetItem, role: str, column: int = 0) -> None:
    """Colour a table or tree item's text by `role`; it is re-coloured when the
    Appearance changes (a tree item: its `column`)."""
    if isinstance(item, QTreeWidgetItem):
        item.setData(column, ITEM_ROLE_DATA, role)
        item.setForeground(column, text_color(role))
    else:
        item.setData(ITEM_ROLE_DATA, role)
        item.setForeground(text_color(role))


def _refresh_items(view: QWidget) -> None:
    if isinstance(view, QTableWidget):
        for row in range(view.rowCount()):
            for column in range(view.columnCount()):
                cell = view.item(row, column)
                if cell is not None and (role := cell.data(ITEM_ROLE_DATA)):
                    cell.setForeground(text_color(str(role)))
    elif isinstance(view, QTreeWidget):
        it = QTreeWidgetItemIterator(view)
        while (node := it.value()) is not None:
            for column in range(node.columnCount()):
                if role := node.data(column, ITEM_ROLE_DATA):
                    node.setForeground(column, text_color(str(role)))
            it += 1


def refresh_text_roles() -> None:
    """Re-colour every label given a role by `set_text_role` and every item given one by
    `set_item_role` (after a palette change)."""
    for widget in QApplication.allWidgets():
        role = widget.property(_ROLE_PROPERTY)
        if role:
            set_text_role(widget, str(role), str(widget.property(_CSS_PROPERTY) or ""))
        _refresh_items(widget)


# -- palettes ----------------------------------------------------------------------------
def dark_palette() -> QPalette:
    """A calm dark palette (neutral greys, blue highlight), complete for every colour group."""
    p = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#242424", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#2e2e2e", QPalette.ColorRole.AlternateBase: "#353535",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a", QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.PlaceholderText: "#a0a0a0", QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#3a3a3a", QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ffffff", QPalette.ColorRole.Light: "#4a4a4a",
        QPalette.ColorRole.Midlight: "#3f3f3f", QPalette.ColorRole.Mid: "#5a5a5a",
        QPalette.ColorRole.Dark: "#181818", QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#3d74c6", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.LinkVisited: "#c58af9",
    }
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        p.setColor(disabled, role, QColor("#8a8a8a"))
    return p


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()
