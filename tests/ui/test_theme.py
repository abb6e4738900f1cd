"""Every coloured text reads at WCAG AA (4.5:1) in the light and the dark palette,
no window hard-codes a colour, and View → Appearance switches between them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.study.session import Scope
from app.ui import appearance, theme
from app.ui.study.review import ReviewWidget
from tests.helpers import ROOT

ARTICLE = "russia-china-military-cooperation"
PALETTES = {"light": theme.light_palette, "dark": theme.dark_palette}
ROLES = [*theme.TEXT_ROLES, "muted"]


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("role", ROLES)
def test_every_text_role_reads_on_both_backgrounds(name: str, role: str) -> None:
    palette = PALETTES[name]()
    color = theme.text_color(role, palette)
    for background in theme.backgrounds(palette):
        assert theme.contrast(color, background) >= theme.MIN_CONTRAST, (
            f"{role} {color.name()} on {background.name()} in the {name} palette")


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("role", theme.TINT_ROLES)
def test_text_reads_on_every_tint(name: str, role: str) -> None:
    palette = PALETTES[name]()
    text = palette.color(QPalette.ColorRole.Text)
    tint = theme.tint(role, palette)
    assert theme.contrast(text, tint) >= theme.MIN_CONTRAST
    assert tint != palette.color(QPalette.ColorRole.Base), "a tint that shows nothing"


def test_contrast_is_the_wcag_ratio() -> None:
    assert theme.contrast(QColor("black"), QColor("white")) == pytest.approx(21)
    assert theme.contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert theme.contrast(QColor("#666666"), QColor("#323232")) < 3  # the old explanation


@pytest.fixture
def restore_appearance(qapp) -> Iterator[None]:
    yield
    appearance.apply_appearance("system", save=False)


class _Colours(HTMLParser):
    """Each piece of text of a rich-text label with the colour and background it gets
    from the styles of the elements around it."""

    VOID = frozenset({"br", "hr", "img"})

    def __init__(self, text: QColor, base: QColor) -> None:
        super().__init__()
        self.stack: list[tuple[QColor, QColor, bool]] = [(text, base, False)]
        self.found: list[tuple[QColor, QColor, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        fg, bg, coloured = self.stack[-1]
        style = dict(attrs).get("style") or ""
        if m := re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", style):
            fg, coloured = QColor(m.group(1)), True
        if m := re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", style):
            bg, coloured = QColor(m.group(1)), True
        self.stack.append((fg, bg, coloured))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        fg, bg, coloured = self.stack[-1]
        if coloured and data.strip():
            self.found.append((fg, bg, data.strip()))


def _coloured_text(html: str, base: QColor) -> list[tuple[QColor, QColor, str]]:
    """(text colour, background, text) of every piece of text whose colour is set."""
    parser = _Colours(QGuiApplication.palette().color(QPalette.ColorRole.Text), base)
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_review_screen_shows_only_readable_colours(qtbot, col_with_article, restore_appearance,
                                                       mode) -> None:
    """Every colour the review screen writes into its cards, measured where it is shown."""
    col = col_with_article
    save_note(col, Note(id="t", kind="typed", article_id=ARTICLE, section_idx=0, position=1,
                        fields={"front": "City of the 1986 speech?", "back": "Vladivostok"},
                        explanation="Gorbachev spoke there on 28 July 1986."))
    save_note(col, Note(id="c", kind="cloze", article_id=ARTICLE, section_idx=0, position=0,
                        fields={"text": "The {{c1::Ussuri::river}} river."}))
    save_note(col, Note(id="m", kind="mcq", article_id=ARTICLE, section_idx=0, position=2,
                        fields={"question": "Capital?", "options": ["Beijing", "Harbin"],
                                "answer": "Beijing"}))
    appearance.apply_appearance(mode, save=False)
    base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
    assert theme.is_dark() == (mode == "dark")
    w = ReviewWidget(col, Scope(ARTICLE, 0), "Introduction")
    qtbot.addWidget(w)
    w.show()
    seen: list[str] = []
    tinted: list[str] = []

    def check() -> None:
        for label in (w.counts, w.question, w.answer, w.comparison, w.message):
            for fg, bg, text in _coloured_text(label.text(), base):
                seen.append(text)
                if bg != base:
                    tinted.append(text)
                assert theme.contrast(fg, bg) >= theme.MIN_CONTRAST, (
                    f"{text!r}: {fg.name()} on {bg.name()} ({mode})")

    qtbot.keyClick(w, Qt.Key.Key_Space)
    check()  # the counts and the cloze hint
    qtbot.keyClick(w, Qt.Key.Key_Space)
    check()  # the emphasised cloze answer
    qtbot.keyClick(w, Qt.Key.Key_1)
    assert w.typed.isVisible()
    qtbot.keyClicks(w.typed, "Vladiwostk")  # a wrong and a missing letter
    qtbot.keyClick(w.typed, Qt.Key.Key_Return)
    check()  # the comparison and the explanation
    qtbot.keyClick(w, Qt.Key.Key_4)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    check()  # the right option marked
    assert {"Hint: river", "Ussuri", "✗ Not quite", "Gorbachev spoke there on 28 July 1986.",
            "✓ Beijing"} <= set(seen)
    assert {"w", "o"} <= set(tinted), tinted  # the comparison's marks


def test_the_review_screen_recolours_when_the_appearance_changes(qtbot, col_with_article,
                                                                 restore_appearance) -> None:
    col = col_with_article
    save_note(col, Note(id="c", kind="cloze", article_id=ARTICLE, section_idx=0,
                        fields={"text": "The {{c1::Ussuri}} river."}))
    appearance.apply_appearance("light", save=False)
    w = ReviewWidget(col, Scope(ARTICLE, 0), "Introduction")
    qtbot.addWidget(w)
    w.show()
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert theme.css("accent") in w.question.text()
    light_accent = theme.css("accent")
    appearance.apply_appearance("dark", save=False)
    QApplication.processEvents()
    assert theme.css("accent") != light_accent and theme.css("accent") in w.question.text()
    assert theme.css("muted") in w.styleSheet()


HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def test_no_window_hard_codes_a_colour() -> None:
    """Colours come from app/ui/theme.py, made for the palette shown; a colour literal
    elsewhere in the UI is one that someone picked on a white background."""
    offenders = []
    for path in (ROOT / "app" / "ui").rglob("*.py"):
        if path.name == "theme.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("  #", 1)[0]
            if HEX_COLOUR.search(code) and not code.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
