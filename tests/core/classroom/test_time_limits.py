"""An instructor quiz's time limit across two machines (two collections) and a real
Ralph LRS: the start reaches the LRS when the attempt begins; a start on the other
machine while it runs continues its clock (and is the same attempt for the limit);
once its time is up, a further attempt beyond the attempt limit is refused."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.classroom.limits import attempts_elsewhere, remote_attempts
from app.core.classroom.lrs import LrsClient
from app.core.classroom.outbox import outbox_status, send_pending
from app.core.classroom.settings import load_class_settings
from app.core.classroom.vocabulary import VERBS
from app.core.decks.store import get_quiz, save_quiz
from app.core.errors import AttemptsExhaustedError
from app.core.quiz.session import QuizClock, start_quiz
from app.core.storage.collection import Collection
from tests.helpers.classroom import QUIZ, student_machine
from tests.helpers.lrs import USERS, Lrs, stored_statements
from tests.helpers.quizdata import right_response

DECK = "russia-china-military-cooperation"
LIMIT_S = 30 * 60
ONE_TIMED_ATTEMPT: dict[str, object] = {"attempts": 1, "time_limit": LIMIT_S}


def send_all(col: Collection, user: str, lrs: Lrs) -> None:
    with LrsClient(lrs.endpoint, user, USERS[user]) as client:
        report = send_pending(col, client, force=True)
    assert report.error is None and report.waiting == 0


def ask_lrs(col: Collection, user: str, lrs: Lrs):  # type: ignore[no-untyped-def]
    with LrsClient(lrs.endpoint, user, USERS[user]) as client:
        return remote_attempts(client, load_class_settings(col).actor(user.title()), QUIZ, DECK)


def begin_on_laptop(laptop: Collection, started: datetime) -> str:
    session = start_quiz(laptop, get_quiz(laptop, QUIZ), rng=random.Random(1),
                         clock=QuizClock(wall=lambda: started))
    session.begin()
    row = laptop.execute("SELECT uuid FROM quiz_attempts WHERE id = ?",
                         [session.attempt_id]).fetchone()
    return str(row[0])


def test_a_start_elsewhere_continues_the_running_clock(tmp_path: Path, ralph: Lrs,
                                                       memory_keyring) -> None:  # type: ignore[no-untyped-def]
    laptop = student_machine(tmp_path / "laptop", "ann", ralph.endpoint, **ONE_TIMED_ATTEMPT)
    lab = student_machine(tmp_path / "lab", "ann", ralph.endpoint, **ONE_TIMED_ATTEMPT)
    third = student_machine(tmp_path / "third", "ann", ralph.endpoint, **ONE_TIMED_ATTEMPT)
    try:
        started = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
        registration = begin_on_laptop(laptop, started)
        assert outbox_status(laptop).waiting == 1  # the start, queued as the attempt began
        send_all(laptop, "ann", ralph)
        stored = stored_statements(ralph, agent='{"mbox": "mailto:ann@school.example.org"}')
        assert [(s["verb"]["id"], datetime.fromisoformat(s["timestamp"]),
                 s["context"]["registration"]) for s in stored] == [
            (VERBS["attempted"], started, registration)]

        elsewhere = attempts_elsewhere(lab, QUIZ, ask_lrs(lab, "ann", ralph), LIMIT_S,
                                       datetime.now(UTC))
        assert elsewhere.attempts == 0  # the running attempt is continued, not one more
        assert elsewhere.continues is not None
        assert elsewhere.continues.registration == registration
        assert "20 min left" in elsewhere.note(LIMIT_S, datetime.now(UTC))
        session = start_quiz(lab, get_quiz(lab, QUIZ), rng=random.Random(2), begin=False,
                             attempts_elsewhere=elsewhere.attempts)
        session.continue_attempt(elsewhere.continues.registration,
                                 elsewhere.continues.started_at)
        left = session.time_left()
        assert left is not None and 19 * 60 < left <= 20 * 60
        while (question := session.current) is not None:
            session.answer(right_response(question))
        results = session.finish()
        assert results.attempt.started_at == started.isoformat()
        assert results.attempt.duration_s is not None and results.attempt.duration_s >= 600
        send_all(lab, "ann", ralph)

        # a third machine sees two registrations, one continuing the other: one attempt,
        # finished, so the limit of one is used up there
        third_view = attempts_elsewhere(third, QUIZ, ask_lrs(third, "ann", ralph), LIMIT_S,
                                        datetime.now(UTC))
        assert third_view.attempts == 1 and third_view.continues is None
        with pytest.raises(AttemptsExhaustedError, match="used all 1 attempt"):
            start_quiz(third, get_quiz(third, QUIZ), attempts_elsewhere=third_view.attempts)
        assert third.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 0
    finally:
        for col in (laptop, lab, third):
            col.close()


def test_an_attempt_whose_time_is_up_counts_and_a_further_one_is_refused(
        tmp_path: Path, ralph: Lrs, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    laptop = student_machine(tmp_path / "laptop", "bob", ralph.endpoint, **ONE_TIMED_ATTEMPT)
    lab = student_machine(tmp_path / "lab", "bob", ralph.endpoint, **ONE_TIMED_ATTEMPT)
    try:
        begin_on_laptop(laptop, datetime.now(UTC) - timedelta(minutes=40))  # never finished
        send_all(laptop, "bob", ralph)
        elsewhere = attempts_elsewhere(lab, QUIZ, ask_lrs(lab, "bob", ralph), LIMIT_S,
                                       datetime.now(UTC))
        assert elsewhere.attempts == 1 and elsewhere.continues is None
        with pytest.raises(AttemptsExhaustedError):
            start_quiz(lab, get_quiz(lab, QUIZ), attempts_elsewhere=elsewhere.attempts)
        assert lab.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 0
        assert outbox_status(lab).waiting == 0

        spec = get_quiz(lab, QUIZ)  # with a second attempt allowed: a fresh, full clock
        spec.attempts = 2
        save_quiz(lab, spec)
        session = start_quiz(lab, spec, begin=False, attempts_elsewhere=elsewhere.attempts)
        assert session.time_left() == LIMIT_S
        session.begin()
        assert session.time_left() is not None and session.time_left() > LIMIT_S - 60
    finally:
        laptop.close()
        lab.close()
