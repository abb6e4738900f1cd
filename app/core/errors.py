"""The one error type the user is shown: `StudyDeskError` and a subclass per area.

Why one type: the GUI shows any `StudyDeskError` as a message box with its text,
and the CLI prints it and exits 1, so a core module only has to say what went
wrong, in words that name the file, card or setting. Anything else that escapes
is a bug: the GUI says "Something went wrong" and logs it (see `app.ui.errors`).
Subclasses let a caller react to one area (a locked collection, an exhausted
quiz) without parsing messages.
"""

from __future__ import annotations

from collections.abc import Sequence


class StudyDeskError(Exception):
    """A failure whose message is written for the user."""


# -- storage ---------------------------------------------------------------------------
class CollectionError(StudyDeskError):
    """A collection that cannot be opened or used."""


class CollectionLockedError(CollectionError):
    """Another StudyDesk already has this collection open."""


class CollectionWriteError(CollectionError):
    """A change that could not be saved; the transaction kept nothing of it.

    The study screen keeps an answer that failed this way and lets the student
    retry; each subclass names one cause in its own words.
    """


class CollectionReadOnlyError(CollectionWriteError):
    """The collection file, or the folder it is in, cannot be written."""


class DiskFullError(CollectionWriteError):
    """The disk (or the database's size limit) is full."""


class CollectionBusyError(CollectionWriteError):
    """Another program holds the database's write lock."""


class CollectionDamagedError(CollectionError):
    """The file is a damaged SQLite database; nothing is written to it."""


class CollectionTooNewError(CollectionError):
    """The collection was written by a newer StudyDesk."""


class NotACollectionError(CollectionError):
    """The file is not a StudyDesk collection (not SQLite, or another program's database)."""


class BackupError(CollectionError):
    """A backup that cannot be made, read or restored."""


class UndoError(CollectionError):
    """An action that can no longer be undone (nothing to undo, or changed since)."""


class ActionCancelled(CollectionError):
    """The user cancelled a long action (Cancel in its progress dialog); it was rolled
    back, so nothing changed."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was cancelled; nothing was changed.")


# -- articles ----------------------------------------------------------------------------
class ArticleImportError(StudyDeskError):
    """A file that cannot become an article; the message names the file and the problem."""


class ArticleError(StudyDeskError):
    """An article that cannot be renamed, deleted or restored as asked."""


class ImportCancelled(ArticleImportError):
    """The user cancelled an import; nothing was stored, and nothing needs saying."""

    def __init__(self, source: object) -> None:
        super().__init__(f"Importing {source} was cancelled.")


# -- notes -------------------------------------------------------------------------------
class NoteError(StudyDeskError):
    """A note that cannot be stored; the message names the problem."""


class SearchError(NoteError):
    """A browser search that cannot be read; the message names the part to fix."""


# -- study -------------------------------------------------------------------------------
class StudyError(StudyDeskError):
    """A study action that cannot be done."""


class SettingsError(StudyError):
    """A scheduling setting outside its allowed range."""


# -- quiz --------------------------------------------------------------------------------
class QuizError(StudyDeskError):
    """A quiz that cannot be built or run."""


class AttemptsExhaustedError(QuizError):
    """The quiz allows no more attempts."""


class QuizSpecError(QuizError):
    """A quiz that cannot be stored; `problems` says everything that is wrong."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


# -- deck files --------------------------------------------------------------------------
class DeckFileError(StudyDeskError):
    """A deck file that cannot be used; `problems` lists every mistake with its line.

    Each problem prints as `file:line: message` (see `app.core.decks.model.DeckProblem`).
    """

    def __init__(self, problems: Sequence[object]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# -- export ------------------------------------------------------------------------------
class ExportError(StudyDeskError):
    """An export that cannot be written; the message names the card or file."""


class StatsError(StudyDeskError):
    """Statistics, card info and the FSRS optimiser: a scope or card that is not there,
    too few reviews to fit parameters."""


# -- class (LRS, subscriptions) --------------------------------------------------------
class ClassroomError(StudyDeskError):
    """A class setting, a Learning Record Store or a subscribed deck that cannot be used."""


class LrsError(ClassroomError):
    """The Learning Record Store could not take or give statements; `reason` says why:
    "offline", "credentials", "address", "refused" or "too-large" (a request over the LRS's
    size limit: the outbox sends smaller batches); the LRS's own message is in the text."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


# -- deck interchange (Anki, CSV, Quizlet, GIFT, Aiken) ------------------------------
class InteropError(StudyDeskError):
    """A deck file of another program that cannot be imported; names the file and line."""

    def __init__(self, path: object, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
