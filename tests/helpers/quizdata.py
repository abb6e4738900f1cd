"""Real notes on the bundled article, for the quiz tests (core and UI)."""

from __future__ import annotations

from datetime import UTC, datetime

from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.quiz.questions import Question
from app.core.quiz.session import QuizClock
from app.core.storage.collection import Collection

ARTICLE = "russia-china-military-cooperation"

NOTES = [
    Note("border-year", "cloze",
         {"text": "The Sino-Soviet Border Agreement was signed in {{c1::1991}}."},
         ARTICLE, 0, source="After several years of negotiations, the Sino-Soviet Border "
         "Agreement was signed in 1991.", explanation="It settled most border disputes."),
    Note("border-tf", "truefalse",
         {"statement": "Military cooperation was re-established at the same time as the "
          "border agreement.", "answer": True}, ARTICLE, 0),
    Note("first-fighter", "mcq",
         {"question": "Which fighter did China buy first from Russia?",
          "options": ["Su-27", "Su-35", "MiG-29", "J-20"], "answer": "Su-27"}, ARTICLE, 1),
    Note("rosoboron-deputy", "typed",
         {"front": "Who is the deputy CEO of Rosoboronexport quoted in the article?",
          "back": "Alexander Scherbinin", "alternatives": ["Scherbinin"]}, ARTICLE, 1),
    Note("peace-mission", "basic", {"front": "Peace Mission", "back": "the first joint exercise"},
         ARTICLE, 2),
    Note("s400", "basic", {"front": "S-400", "back": "air defence system sold to Beijing"},
         ARTICLE, 2),
    Note("su35", "basic", {"front": "Su-35", "back": "fighter sold to Beijing"}, ARTICLE, 2),
    Note("air-patrols", "basic", {"front": "Joint air patrols",
                                  "back": "flown in the Asia-Pacific region"}, ARTICLE, 2),
    Note("prospects-tf", "truefalse",
         {"statement": "Both sides describe their partnership as a formal alliance.",
          "answer": False}, ARTICLE, 2),
]


def add_quiz_notes(col: Collection) -> list[Note]:
    """Store the notes (the article must already be imported)."""
    for i, note in enumerate(NOTES):
        note.position = i
    save_notes(col, NOTES)
    return NOTES


def card_id(col: Collection, note_id: str, ord_: int = 0) -> int:
    row = col.execute("SELECT id FROM cards WHERE note_id = ? AND ord = ?",
                         [note_id, ord_]).fetchone()
    return int(row[0])


class FakeClock(QuizClock):
    """A clock the test moves by hand (`clock.now += 30`), so time limits need no sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0
        super().__init__(monotonic=lambda: self.now,
                         wall=lambda: datetime(2025, 3, 1, 12, 0, tzinfo=UTC))


def right_response(q: Question) -> object:
    """What a student who knows the answer gives, for any kind of question."""
    if q.ask_as in ("mcq", "truefalse"):
        return q.options.index(q.answer)
    if q.ask_as == "typed":
        return q.answer
    return q.key


def wrong_response(q: Question) -> object:
    """A wrong answer of the right form, for any kind of question."""
    if q.ask_as in ("mcq", "truefalse"):
        return next(i for i, o in enumerate(q.options) if o != q.answer)
    if q.ask_as == "typed":
        return "no idea"
    return tuple(reversed(q.key))
