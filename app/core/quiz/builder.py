"""What the quiz builder needs from the collection: card choices, previews, saving.

Why in core: filtering, previewing and saving are rules (a preview must be
built exactly like the real question; saving must update the collection and
the deck file together or not at all), and the builder window stays thin.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from app.core.articles.library import section_titles, slugify
from app.core.changes import Change
from app.core.quiz.questions import CardInfo, Question, load_cards
from app.core.quiz.session import spec_questions
from app.core.quiz.spec import AskAs, QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from app.core.storage.undo import remember_file, undoable


@dataclass(frozen=True)
class CardChoice:
    """A card the instructor can put in a quiz, as the builder lists it."""

    info: CardInfo
    section_title: str

    @property
    def note_id(self) -> str:
        return self.info.note.id

    @property
    def prompt(self) -> str:
        return self.info.face.front

    @property
    def answer(self) -> str:
        return self.info.face.answer

    @property
    def ask_as(self) -> tuple[AskAs, ...]:
        return self.info.ask_as


def card_choices(col: Collection, article_id: str) -> list[CardChoice]:
    """The article's notes, one entry each (a quiz names notes, asked by their first card)."""
    titles = dict(enumerate(section_titles(col, article_id)))
    seen: set[str] = set()
    choices = []
    for info in load_cards(col, article_id):
        if info.note.id in seen or not info.ask_as:
            continue
        seen.add(info.note.id)
        choices.append(CardChoice(info, titles.get(info.note.section_idx, "")))
    return choices


def filter_choices(choices: list[CardChoice], section_idx: int | None = None,
                   kind: AskAs | None = None, search: str = "") -> list[CardChoice]:
    """Narrow by section, by a kind the card can be asked as, and by words in its text."""
    words = search.casefold().split()
    result = []
    for c in choices:
        if section_idx is not None and c.info.note.section_idx != section_idx:
            continue
        if kind is not None and kind not in c.ask_as:
            continue
        text = f"{c.note_id} {c.prompt} {c.answer}".casefold()
        if all(w in text for w in words):
            result.append(c)
    return result


def preview(col: Collection, question: QuestionSpec) -> Question:
    """The question exactly as a student would get it (QuizError if it cannot be asked)."""
    spec = QuizSpec(id="preview", title="Preview", questions=[question])
    return spec_questions(col, spec, random.Random())[0]


FALLBACK_NOTE = "asked as typed: no wrong options of the same kind in the article"


def asked_kind(col: Collection, question: QuestionSpec) -> AskAs:
    """The kind the student really gets: an MCQ on a fact card without enough wrong
    options of its kind is asked typed (see `build_question`); unaskable: as written."""
    from app.core.quiz.questions import QuizError

    try:
        return preview(col, question).ask_as
    except QuizError:
        return question.ask_as


def article_deck_id(col: Collection, article_id: str) -> str | None:
    """The deck a new quiz on this article belongs to (its first loaded deck), if any."""
    row = col.execute("SELECT id FROM decks WHERE article_id = ? ORDER BY loaded_at, id",
                         [article_id]).fetchone()
    return row[0] if row else None


def free_quiz_id(col: Collection, title: str) -> str:
    """A stable id for a new quiz, from its title, not used by another quiz."""
    from app.core.decks.store import list_quizzes

    taken = {q.id for q in list_quizzes(col)}
    base = f"quiz-{slugify(title)}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@dataclass(frozen=True)
class SaveOutcome:
    """Where a built quiz went: always the collection; a deck file only when one is ours to
    write. `message` says exactly that to the instructor."""

    quiz_id: str
    path: Path | None
    message: str


def _user_deck_path(col: Collection, article_id: str) -> tuple[Path | None, str]:
    """The article's deck file if the user may rewrite it, else None and why not."""
    from app.core.paths import bundled_decks_dir

    deck_id = article_deck_id(col, article_id)
    row = col.execute("SELECT path FROM decks WHERE id = ?", [deck_id]).fetchone()
    if not row or not row[0]:
        return None, "the article has no deck file; use File → Save Deck As… to write one"
    from app.core.articles.bootstrap import BUNDLED_DECK_KEY

    path = Path(row[0]).resolve()
    installed = col.get_setting(BUNDLED_DECK_KEY)
    if path.is_relative_to(bundled_decks_dir().resolve()) or str(path) == installed:
        return None, (f"{path.name} is the deck installed with StudyDesk and was left "
                      "unchanged; use File → Save Deck As… to write a copy of your own")
    return path, ""


def save_built_quiz(col: Collection, spec: QuizSpec, article_id: str) -> SaveOutcome:
    """Store the quiz, and rewrite the article's deck file when it is the user's own.

    The file gets every card of the article (app-made and generated ones too), so every
    card the quiz uses is in it and reloading the file keeps the quiz. One transaction:
    if the file cannot be written, the collection keeps its old quiz too.
    """
    from app.core.decks.store import save_quiz

    with col.transaction(Change.QUIZZES | Change.DECKS):
        save_quiz(col, spec, article_id)
        path, why_not = _rewrite_user_deck(col, article_id)
        if path is None:
            return SaveOutcome(spec.id, None,
                               f"Saved “{spec.title}” in your collection only: {why_not}.")
        return SaveOutcome(spec.id, path,
                           f"Saved “{spec.title}” in your collection and to {path.name}.")


def delete_built_quiz(col: Collection, quiz_id: str, title: str, article_id: str) -> SaveOutcome:
    """Delete a quiz from the collection and, when it is the user's, from the deck file
    too — otherwise reloading that file would bring the quiz back. One transaction, and
    Edit → Undo puts back both the rows and the deck file's bytes."""
    from app.core.decks.store import delete_quiz

    with undoable(col, f"Delete Quiz “{title}”", Change.QUIZZES | Change.DECKS):
        delete_quiz(col, quiz_id)
        path, _ = _rewrite_user_deck(col, article_id)
    where = f" and from {path.name}" if path else ""
    return SaveOutcome(quiz_id, path, f"Deleted “{title}” from your collection{where}.")


def _rewrite_user_deck(col: Collection, article_id: str) -> tuple[Path | None, str]:
    """Write the article's deck file again (cards and quizzes) if it is the user's own;
    call inside a transaction. Returns the path written, or None and why not."""
    from app.core.decks.store import deck_from_collection
    from app.core.decks.writer import save_deck

    path, why_not = _user_deck_path(col, article_id)
    if path is None:
        return None, why_not
    deck = deck_from_collection(col, article_id=article_id)
    remember_file(col, path)  # an undoable action (deleting a quiz) puts it back
    save_deck(deck, path)
    quiz_ids = [q.id for q in deck.quizzes]
    if quiz_ids:
        col.execute(f"UPDATE quizzes SET in_file = 1, deck_id = ? WHERE id IN "
                    f"({','.join('?' * len(quiz_ids))})", [deck.id, *quiz_ids])
    return path, ""
