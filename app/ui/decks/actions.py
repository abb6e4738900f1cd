"""The "Open deck…" and "Save deck as…" menu actions.

The integrator wires these to menus. Loading and saving are core calls; this
module only asks for a file and shows the outcome — for an invalid deck, every
problem as a readable list (line and message), and the collection unchanged.
A deck loads, and saves, on a worker thread with progress and Cancel (`jobs`): a big
deck never freezes the window, a cancelled load stores nothing, and a cancelled save
writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from app.core.decks.model import Deck, DeckProblem
from app.core.decks.store import (
    DECK_CHANGES,
    LoadSummary,
    article_deck_id,
    deck_file_path,
    deck_from_collection,
    load_deck_into_collection,
)
from app.core.decks.writer import save_deck
from app.core.errors import ActionCancelled, DeckFileError, StudyDeskError
from app.core.paths import bundled_decks_dir
from app.core.storage.collection import Collection
from app.ui.errors import show_error
from app.ui.jobs import Progress, run_on_worker_view, run_with_progress
from app.ui.widgets import dialog_column

DECK_FILTER = "Deck files (*.toml);;All files (*)"


class DeckErrorsDialog(QDialog):
    """Every problem of a deck file, one per line, ready to fix in an editor."""

    def __init__(self, path: Path, problems: list[DeckProblem],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Deck not loaded")
        self.resize(720, 380)
        count = len(problems)
        self.summary = QLabel(f"{path.name} has {count} problem{'s' if count != 1 else ''}; "
                              "nothing was changed. Fix them and open the deck again.")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        for problem in problems:
            where = f"line {problem.line}" if problem.line else path.name
            self.list.addItem(f"{where}: {problem.message}")
        dialog_column(self, self.summary, (self.list, 1))


def show_status(parent: QWidget | None, message: str) -> None:
    """A line in the status bar of `parent`'s main window (what finished, what was
    cancelled)."""
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 10000)


def open_deck(parent: QWidget | None, col: Collection,
              path: str | Path | None = None) -> LoadSummary | None:
    """Ask for a deck file and load it; show every problem if it is invalid."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Open deck", str(bundled_decks_dir()),
                                                DECK_FILTER)
        if not chosen:
            return None
        path = chosen
    path = Path(path)
    from app.ui.collection.auto_backups import backed_up_first

    try:
        with backed_up_first(parent, col, "deck-load", f"Loading {path.name}"):
            summary = run_on_worker_view(
                parent, col, "Open Deck", f"Loading {path.name}…", DECK_CHANGES,
                lambda view, progress: load_deck_into_collection(view, path, progress))
    except ActionCancelled:
        show_status(parent, f"Loading {path.name} was cancelled; nothing was changed.")
        return None
    except DeckFileError as exc:
        dialog = DeckErrorsDialog(path, exc.problems, parent)
        dialog.open()
        return None
    except StudyDeskError as exc:  # e.g. the collection could not be written
        show_error(parent, "Deck not loaded", exc)
        return None
    show_status(parent, str(summary))
    return summary


def save_deck_as(parent: QWidget | None, col: Collection, article_id: str,
                 path: str | Path | None = None) -> Path | None:
    """Write an article's cards (deck and app-made ones) and quizzes to a deck file.

    The cards are read and the file written on a worker thread with progress and Cancel
    (`jobs.run_with_progress`): a big deck never freezes the window, and a cancelled or
    failed save leaves the old file, or none (the write is atomic)."""
    if path is None:
        start = Path.home() / f"{article_deck_id(col, article_id)}.toml"
        chosen, _ = QFileDialog.getSaveFileName(parent, "Save deck as", str(start), DECK_FILTER)
        if not chosen:
            return None
        path = chosen
    out = Path(path)
    if not out.suffix:
        out = out.with_suffix(".toml")
    fresh = not out.is_file()  # a new file keeps the loaded deck file's layout and comments

    def save(progress: Progress) -> Deck:
        with col.worker_view() as view:  # the cards read on the worker's own connection
            deck = deck_from_collection(view, article_id=article_id)
            original = deck_file_path(view, deck.id) if fresh else None
        save_deck(deck, out, original, progress)
        return deck

    try:
        deck = run_with_progress(parent, "Save Deck As", f"Writing {out.name}…", save)
    except ActionCancelled:
        show_status(parent, f"Saving was cancelled; {out.name} was not written.")
        return None
    except (KeyError, ValueError) as exc:  # no such article, or cards without a section
        QMessageBox.warning(parent, "Deck not saved", str(exc))
        return None
    except OSError as exc:
        QMessageBox.warning(parent, "Deck not saved",
                            f"Cannot write {out}: {exc.strerror or exc}")
        return None
    show_status(parent, f"Saved {len(deck.cards)} cards and {len(deck.quizzes)} quizzes to {out}")
    return out
