"""The main window's menus, as one table: what StudyDesk offers, under which key.

Why a table: the menus, their shortcuts and Help → Keyboard Shortcuts (which
reads the menus back) stay in one place, and the window class keeps only the
behaviour behind each entry. Every entry runs inside `reporting`, so a failure
in any of them reaches the user as a message box, never only stderr.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from app.ui.appearance import APPEARANCES, saved_appearance
from app.ui.errors import reporting

Key = QKeySequence.StandardKey


class Item(NamedTuple):
    text: str
    slot: str  # a method of the main window
    key: str | QKeySequence.StandardKey | None = None
    tip: str = ""
    args: tuple[object, ...] = ()
    role: QAction.MenuRole | None = None


SEPARATOR = None
#: The instructor-quizzes submenu is filled each time it opens (quizzes come and go).
QUIZZES_SUBMENU = "&Instructor Quizzes"
#: System / Light / Dark, one checked; the window's `set_appearance(mode)` applies it.
APPEARANCE_SUBMENU = "&Appearance"

MENUS: list[tuple[str, list[Item | str | None]]] = [
    ("&File", [
        Item("&Import Article…", "import_article", Key.Open,
             "Import a text, Markdown, web page (HTML), EPUB or PDF file"),
        Item("Import from &Web…", "import_from_web", "Ctrl+Alt+I",
             "Import a web page by its address"),
        Item("Import &Deck…", "import_deck", "Ctrl+Shift+I",
             "Import cards from Anki (.apkg, .colpkg), CSV/TSV, Quizlet, GIFT or Aiken"),
        SEPARATOR,
        Item("&Open Deck…", "open_deck", "Ctrl+Shift+O", "Load an instructor's deck file (TOML)"),
        Item("&Save Deck As…", "save_deck_as", "Ctrl+Alt+S",
             "Write this article's cards and quizzes to a deck file"),
        SEPARATOR,
        Item("&Export to Anki…", "export_to_anki", "Ctrl+E",
             "Write this article's cards as an Anki package (.apkg)"),
        Item("Export Cards &As…", "export_cards_as", "Ctrl+Shift+E",
             "Write this article's cards for Moodle (GIFT, XML), Quizlet or a spreadsheet"),
        Item("Export &Quiz for Moodle…", "export_quiz_for_moodle", None,
             "Write one of this article's instructor quizzes as Moodle XML or GIFT"),
        SEPARATOR,
        Item("Su&bscribe to Deck…", "subscribe_to_deck", None,
             "Load the instructor's deck from the course site and keep it up to date"),
        SEPARATOR,
        Item("Bac&kups…", "show_backups", None,
             "See your collection's backups, make one now, or restore one"),
        SEPARATOR,
        Item("&Quit", "close", Key.Quit, role=QAction.MenuRole.QuitRole),
    ]),
    ("&Edit", [
        Item("&Undo", "undo_last_action", Key.Undo,
             "Take back the last deletion, suspension or import (the menu names it)"),
    ]),
    ("&Article", [
        Item("&Rename Article…", "rename_article", "F2", "Give this article another title"),
        Item("Re-&import from File…", "reimport_article", None,
             "Update the text from a new version of its file; cards keep their history"),
        Item("Re-import from &Web", "reimport_article_from_web", None,
             "Fetch the page again from its web address; cards keep their history"),
        Item("&Delete Article…", "delete_article", None,
             "Delete this article with its cards (Edit → Undo brings it back)"),
    ]),
    ("&Go", [
        Item("&Home", "show_home", "Ctrl+1", "Every article with what is due, read and mastered"),
        SEPARATOR,
        Item("&Previous Section", "previous_section", "Ctrl+Left"),
        Item("&Next Section", "next_section", "Ctrl+Right"),
        Item("&Mark Section as Read", "toggle_current_read", "Ctrl+M"),
        SEPARATOR,
        Item("Focus &Sidebar", "focus_sidebar", "Ctrl+L"),
        Item("Focus &Reader", "show_reader", "Ctrl+R"),
    ]),
    ("&View", [
        Item("Show/Hide &Sidebar", "toggle_sidebar", "F9",
             "Show or hide the articles and sections (hidden while you study)"),
        APPEARANCE_SUBMENU,
        SEPARATOR,
        Item("&Find in Article…", "find_in_article", Key.Find, "Find words in this section"),
        Item("Find &Next", "find_next", "F3"),  # not Key.FindNext: on Linux it is also Ctrl+G
        Item("Find &Previous", "find_previous", "Shift+F3"),
        SEPARATOR,
        Item("Zoom &In", "zoom_in", Key.ZoomIn, "Larger reading text"),
        Item("Zoom &Out", "zoom_out", Key.ZoomOut, "Smaller reading text"),
        Item("Actual Si&ze", "reset_zoom", "Ctrl+0", "Reading text at its normal size"),
    ]),
    ("&Cards", [
        Item("&Browse Cards…", "browse_cards", "Ctrl+B", "See, search and edit this article's cards"),
        SEPARATOR,
        Item("&Generate Cards for Article…", "generate_cards", "Ctrl+G",
             "Suggest ranked cards from the whole article", (False,)),
        Item("Generate Cards for &Section…", "generate_cards", "Ctrl+Shift+G",
             "Suggest ranked cards from the section you are reading", (True,)),
        SEPARATOR,
        Item("Make &Cloze from Selection", "cloze_from_selection", "Ctrl+Shift+C",
             "Hide the words selected in the reader in a cloze card of their sentence"),
        Item("Make &Question from Selection…", "question_from_selection", "Ctrl+Shift+Q",
             "A question card about the words selected in the reader"),
    ]),
    ("&Study", [
        Item("Study &Article", "study", "Ctrl+T", "Flashcards for the whole article", (False,)),
        Item("Study &Section", "study", "Ctrl+Shift+T", "Flashcards for the section you read",
             (True,)),
        SEPARATOR,
        Item("&Quiz Me on Article…", "quiz_me", "Ctrl+K", "A quick quiz over the whole article",
             (False,)),
        Item("Quiz Me on Se&ction…", "quiz_me", "Ctrl+Shift+K", "A quick quiz on this section",
             (True,)),
        QUIZZES_SUBMENU,
        Item("Quiz &Builder…", "open_quiz_builder", "Ctrl+Shift+B",
             "Build or edit a quiz for this article"),
        Item("Quiz &History…", "open_quiz_history", "Ctrl+H", "Past quiz attempts, with CSV export"),
        SEPARATOR,
        Item("S&tatistics…", "show_statistics", "Ctrl+Shift+S",
             "Reviews, retention, forecast and quiz scores"),
        Item("Study &Options…", "study_options", None, "Daily limits and desired retention"),
        SEPARATOR,
        Item("Class &Results…", "open_class_results", None,
             "Item analysis of an instructor quiz, from the class's LRS or students' files"),
        Item("Send Class Results &Now", "send_results_now", None,
             "Send the quiz results waiting for the class's LRS"),
    ]),
    ("S&ettings", [
        Item("&Class…", "class_settings", None,
             "Where your instructor collects results (a Learning Record Store)"),
    ]),
    ("&Tools", [
        Item("&Check Database", "check_database", None,
             "Look for damage and contradictions in your collection; fix what is safe"),
    ]),
    ("&Help", [
        Item("&Keyboard Shortcuts", "show_shortcuts", "F1", "Every key StudyDesk understands"),
        Item("&About StudyDesk", "show_about", role=QAction.MenuRole.AboutRole),
    ]),
]


def _action(window: QMainWindow, item: Item) -> QAction:
    action = QAction(item.text, window)
    action.setObjectName(item.slot)
    if item.key is not None:
        # as setShortcut(…), whose overloads create all of Qt's enums before the first paint
        action.setShortcuts([QKeySequence(item.key)])
    if item.tip:
        action.setStatusTip(item.tip)
    if item.role is not None:
        action.setMenuRole(item.role)
    action.triggered.connect(lambda _=False, i=item: _run(window, i))
    window.addAction(action)  # keys work even while the menu bar is hidden
    return action


def _appearance_menu(window: QMainWindow, menu: QMenu) -> None:
    group = QActionGroup(menu)
    group.setExclusive(True)
    current = saved_appearance()
    for mode, label in APPEARANCES.items():
        action = group.addAction(label)
        action.setCheckable(True)
        action.setChecked(mode == current)
        action.setData(mode)
        action.setStatusTip(f"{label} colours" if mode != "system"
                            else "Colours as your desktop sets them")
        action.triggered.connect(lambda _=False, m=mode: window.set_appearance(m))
        menu.addAction(action)


def _run(window: QMainWindow, item: Item) -> None:
    """Do what the entry says; whatever fails is shown to the user, titled by the entry."""
    title = item.text.replace("&", "").rstrip("…")
    with reporting(window, title):
        getattr(window, item.slot)(*item.args)


def build_menus(window: QMainWindow) -> QMenu:
    """Fill the window's menu bar from MENUS; returns the instructor-quizzes submenu."""
    quizzes: QMenu | None = None
    for title, items in MENUS:
        menu = window.menuBar().addMenu(title)
        menu.setObjectName(title.replace("&", "").lower() + "Menu")
        for item in items:
            if item is SEPARATOR:
                menu.addSeparator()
            elif item == QUIZZES_SUBMENU:
                quizzes = menu.addMenu(QUIZZES_SUBMENU)
            elif item == APPEARANCE_SUBMENU:
                _appearance_menu(window, menu.addMenu(item))
            else:
                assert isinstance(item, Item)
                menu.addAction(_action(window, item))
    assert quizzes is not None
    return quizzes


def set_menu_icons(window: QMainWindow) -> None:
    """Give the menus their icons, once the window is painted: the icon set (its module,
    font map and engines) is 5-10 ms of a cold start, and no icon shows until a menu opens."""
    from app.ui.icons import APPEARANCE_ICONS, SUBMENU_ICONS, action_icon, icon

    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if action.menu() is not None and action.text() in SUBMENU_ICONS:
                action.setIcon(icon(SUBMENU_ICONS[action.text()]))
                for mode_action in action.menu().actions():
                    if mode_action.data() in APPEARANCE_ICONS:
                        mode_action.setIcon(icon(APPEARANCE_ICONS[mode_action.data()]))
            elif (symbol := action_icon(action.objectName())) is not None:
                action.setIcon(symbol)
