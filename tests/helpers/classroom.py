"""Students taking the bundled deck's instructor quiz, for the class tests."""

from __future__ import annotations

import random
from pathlib import Path

from app.core.classroom.settings import ClassSettings, save_class_settings
from app.core.decks.store import get_quiz, save_quiz
from app.core.paths import bundled_decks_dir
from app.core.quiz.attempts import export_csv, set_student_name
from app.core.quiz.session import start_quiz
from app.core.storage.collection import Collection
from tests.helpers.lrs import USERS
from tests.helpers.prepared import with_bundled_deck
from tests.helpers.quizdata import right_response, wrong_response

DECK = bundled_decks_dir() / "russia-china-military-cooperation.toml"
QUIZ = "quiz-introduction"


def student_collection(folder: Path, user: str, endpoint: str) -> Collection:
    """A student's own collection with the instructor's deck and class settings."""
    col = with_bundled_deck(folder / f"{user}.sqlite3")
    set_student_name(col, user.title())
    save_class_settings(col, ClassSettings(endpoint=endpoint, key=user,
                                           email=f"{user}@school.example.org", agreed=True),
                        secret=USERS.get(user, "wrong"))
    return col


def student_machine(folder: Path, user: str, endpoint: str, **quiz: object) -> Collection:
    """One of a student's computers: `student_collection` with the instructor quiz's
    settings changed as `quiz` says (e.g. attempts=2, time_limit=1800)."""
    col = student_collection(folder, user, endpoint)
    spec = get_quiz(col, QUIZ)
    for name, value in quiz.items():
        setattr(spec, name, value)
    save_quiz(col, spec)
    return col


def take_quiz(col: Collection, right: list[bool], quiz_id: str = QUIZ, seed: int = 1) -> int:
    """Answer the quiz: question i right when right[i]; returns the attempt id."""
    session = start_quiz(col, get_quiz(col, quiz_id), rng=random.Random(seed))
    for ok in right:
        q = session.current
        assert q is not None
        session.answer(right_response(q) if ok else wrong_response(q))
    results = session.finish()
    return results.attempt.id


#: Nobody listens here: the students' machines keep their results for the CSV files.
OFFLINE_LRS = "http://127.0.0.1:9/xAPI/"


def students_result_files(folder: Path, users: tuple[str, ...] = ("ann", "bob", "cem"),
                          questions: int = 7) -> list[Path]:
    """Each student takes the instructor quiz (student i gets every question q with
    q % len(users) == i wrong) and exports the results CSV an instructor collects."""
    files = []
    for i, user in enumerate(users):
        col = student_collection(folder, user, OFFLINE_LRS)
        try:
            take_quiz(col, [q % len(users) != i for q in range(questions)])
            export_csv(col, folder / f"{user}.csv", quiz_id=QUIZ)
        finally:
            col.close()
        files.append(folder / f"{user}.csv")
    return files

