"""The main window's cards and decks: cards from the reader's selection, the card
browser, Generate, importing a deck, opening, saving and exporting decks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.core.errors import StudyDeskError
from app.core.storage.collection import Collection
from app.ui.errors import show_error


class CardsMixin:
    """Mixed into MainWindow: the Cards menu and the deck entries of the File menu."""

    def cloze_from_selection(self, selected: str | None = None) -> None:
        """A cloze card hiding the selected words, linked to their sentence."""
        from app.core.articles.selection import cloze_note
        from app.core.notes.store import next_position, save_note
        from app.ui.errors import reporting

        section = self.reader.section
        if self._article_id is None or section is None:
            return
        with reporting(self, "Make cloze"):
            note = cloze_note(self._article_id, self.reader.section_index, section,
                              self.reader.selected_text() if selected is None else selected)
            note.position = next_position(self.col, note.article_id, note.section_idx)
            save_note(self.col, note)
            self.statusBar().showMessage(f"Cloze card made: {note.fields['text']}", 6000)

    def question_from_selection(self, selected: str | None = None) -> None:
        """The card form, filled in from the selection: the sentence with a gap, the answer."""
        from app.core.articles.selection import question_fields
        from app.core.notes.model import Note
        from app.core.notes.store import new_note_id, next_position, save_note
        from app.ui.cards.note_form import NoteForm
        from app.ui.errors import reporting

        section = self.reader.section
        if self._article_id is None or section is None:
            return
        with reporting(self, "Make question"):
            filled = question_fields(
                section, self.reader.selected_text() if selected is None else selected)
            titles = [s.title for s in self.article(self._article_id).sections]
            form = NoteForm(titles, None, self.reader.section_index, self)
            form.kind_box.setCurrentIndex(form.kind_box.findData("basic"))
            form.kind_pages["basic"].set_fields({"front": filled["front"],
                                                 "back": filled["back"]})
            form.source.setPlainText(filled["source"])
            if form.exec() != NoteForm.DialogCode.Accepted:
                return
            values = form.values()
            note = Note(id=new_note_id("question"), kind=values["kind"],
                        fields=values["fields"], article_id=self._article_id,
                        section_idx=values["section_idx"], tags=values["tags"],
                        source=values["source"], explanation=values["explanation"])
            note.position = next_position(self.col, note.article_id, note.section_idx)
            save_note(self.col, note)
            self.statusBar().showMessage("Question card made.", 5000)

    def browse_cards(self) -> None:
        from PySide6.QtCore import Qt

        article_id = self._require_article()
        if article_id is None:
            return
        from app.ui.cards.browser import CardBrowser

        browser = CardBrowser(self.col, article_id)
        browser.setWindowTitle(f"Cards — {self.article(article_id).title}")
        browser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        browser.resize(1000, 600)
        self._windows.append(browser)
        browser.destroyed.connect(lambda *_: self._forget_window(browser))
        browser.show()

    def generate_cards(self, this_section: bool) -> None:
        from PySide6.QtCore import Qt

        article_id = self._require_article()
        if article_id is None:
            return
        from app.ui.cards.generate_dialog import GenerateDialog

        section = self.reader.section_index if this_section else None
        dialog = GenerateDialog(self.col, article_id, section, parent=self)
        dialog.cards_added.connect(
            lambda n: self.statusBar().showMessage(f"Added {n} cards.", 5000))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _forget_window(self, window: QWidget) -> None:
        if window in self._windows:
            self._windows.remove(window)

    def _offer_deck_import(self, path: str) -> bool:
        """A deck saved as .txt (Quizlet, Anki text, GIFT, Aiken) is offered its importer
        instead of being read as an article; True when the file is not to be read as one."""
        from PySide6.QtWidgets import QMessageBox  # its enums made when asked, not at start

        from app.core.interop.imports import FORMAT_NAMES, detect_format

        try:
            fmt = detect_format(Path(path))
        except StudyDeskError as exc:
            show_error(self, "Import failed", exc)
            return True
        if fmt == "article":
            return False
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, "Import", f"{Path(path).name} looks like {FORMAT_NAMES[fmt]}, not an "
            "article. Import its cards as a deck?\n\n(No: read it as an article anyway.)",
            buttons.Yes | buttons.No | buttons.Cancel, buttons.Yes)
        if answer == buttons.Yes:
            self.import_deck(path, fmt)
        return answer != buttons.No

    def import_deck(self, path: str | None = None, fmt: str | None = None) -> None:
        """File → Import Deck…: parsed in the background, then shown like any article."""
        from app.ui.decks.import_deck import choose_and_import

        job = choose_and_import(self, self.col, path, fmt)
        if job is not None:
            self._deck_import = job  # kept alive until it finishes
            job.finished.connect(self._deck_imported)

    def _deck_imported(self, summary: object) -> None:
        article_id = getattr(summary, "article_id", None)
        if article_id:  # the sidebar has refreshed itself from the import's changes
            self.open_section(article_id, 0)

    def open_deck(self) -> None:
        from app.ui.decks.actions import open_deck

        summary = open_deck(self, self.col)
        if summary is not None:
            self.open_section(summary.article_id, 0)
            self.statusBar().showMessage(str(summary), 8000)

    def _on_open_article(self, action: Callable[[QWidget, Collection, str], object]) -> None:
        """Run a deck or export action on the open article (or say to import one first)."""
        article_id = self._require_article()
        if article_id is not None:
            action(self, self.col, article_id)

    def save_deck_as(self) -> None:
        from app.ui.decks.actions import save_deck_as

        self._on_open_article(save_deck_as)

    def export_cards_as(self) -> None:
        from app.ui.decks.export_text import export_cards_as

        self._on_open_article(export_cards_as)

    def export_quiz_for_moodle(self) -> None:
        from app.ui.decks.export_text import export_quiz_for_moodle

        self._on_open_article(export_quiz_for_moodle)

    def export_to_anki(self) -> None:
        from app.ui.decks.export_dialog import export_to_anki

        self._on_open_article(export_to_anki)
