"""Quiz results reach the class's LRS (a real Ralph on 127.0.0.1): queued with the
attempt, sent once, kept safe when the LRS is down, the key is wrong or a
statement is refused."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.classroom.lrs import LrsClient
from app.core.classroom.outbox import outbox_status, send_pending
from app.core.classroom.settings import ClassSettings, load_class_settings, save_class_settings
from app.core.classroom.vocabulary import VERBS
from tests.helpers.classroom import QUIZ, student_collection, take_quiz
from tests.helpers.lrs import USERS, Lrs, free_port, start_ralph, stop_ralph, stored_statements

N_QUESTIONS = 6


def quiz_length(col) -> int:  # type: ignore[no-untyped-def]
    from app.core.decks.store import get_quiz

    return len(get_quiz(col, QUIZ).questions)


def test_three_students_results_are_stored_once(tmp_path: Path, ralph: Lrs,
                                                memory_keyring) -> None:  # type: ignore[no-untyped-def]
    offline = f"http://127.0.0.1:{free_port()}/xAPI/"  # nothing listens there
    students = {u: student_collection(tmp_path, u, ralph.endpoint)
                for u in ("student1", "student2", "student3")}
    try:
        n = quiz_length(students["student1"])
        queued = {}
        for i, (user, col) in enumerate(students.items()):
            take_quiz(col, [(q + i) % 3 != 0 for q in range(n)])
            queued[user] = outbox_status(col).waiting
            assert queued[user] == n + 3  # attempted, one answered each, completed, passed/failed
        # student3 is offline until the end
        with LrsClient(offline, "student3", USERS["student3"], timeout=2) as client:
            report = send_pending(students["student3"], client)
        assert report.sent == 0 and report.error is not None and report.error.reason == "offline"
        status = outbox_status(students["student3"])
        assert status.waiting == queued["student3"]
        assert status.text() == f"{n + 3} results waiting to be sent — the LRS cannot be reached"
        for user in ("student1", "student2"):
            with LrsClient(ralph.endpoint, user, USERS[user]) as client:
                assert send_pending(students[user], client).sent == queued[user]
        with LrsClient(ralph.endpoint, "student3", USERS["student3"]) as client:
            assert send_pending(students["student3"], client, force=True).sent == queued["student3"]
            # a lost reply makes the student send again: the LRS keeps one copy
            col = students["student3"]
            col.execute("UPDATE xapi_outbox SET sent_at = NULL")
            assert send_pending(col, client, force=True).sent == queued["student3"]
        for user, col in students.items():
            assert outbox_status(col).waiting == 0
            mine = stored_statements(ralph, agent=json.dumps(
                {"mbox": f"mailto:{user}@school.example.org"}))
            assert len(mine) == queued[user]
            assert len({s["id"] for s in mine}) == queued[user]
            verbs = sorted(s["verb"]["id"].rsplit("/", 1)[-1] for s in mine)
            assert verbs.count("answered") == n and "attempted" in verbs and "completed" in verbs
            answered = [s for s in mine if s["verb"]["id"] == VERBS["answered"]]
            assert all(s["object"]["definition"]["interactionType"] in
                       ("choice", "true-false", "fill-in", "matching", "numeric") for s in answered)
            assert all("success" in s["result"] and "score" in s["result"] for s in answered)
    finally:
        for col in students.values():
            col.close()


def test_bad_credentials_keep_the_results_and_say_so(tmp_path: Path, ralph: Lrs,
                                                     memory_keyring) -> None:  # type: ignore[no-untyped-def]
    col = student_collection(tmp_path, "student1", ralph.endpoint)
    try:
        take_quiz(col, [True] * quiz_length(col))
        waiting = outbox_status(col).waiting
        with LrsClient(ralph.endpoint, "student1", "not-the-secret") as client:
            report = send_pending(col, client)
        assert report.sent == 0 and report.error is not None
        assert report.error.reason == "credentials" and "Settings → Class" in str(report.error)
        assert outbox_status(col).waiting == waiting
        assert "check the LRS key and secret" in outbox_status(col).text()
        with LrsClient(ralph.endpoint, "student1", USERS["student1"]) as client:
            assert send_pending(col, client, force=True).sent == waiting
    finally:
        col.close()


def test_a_refused_statement_is_set_aside_with_the_lrs_message(tmp_path: Path, ralph: Lrs,
                                                               memory_keyring) -> None:  # type: ignore[no-untyped-def]
    col = student_collection(tmp_path, "student2", ralph.endpoint)
    try:
        take_quiz(col, [False] * quiz_length(col))
        waiting = outbox_status(col).waiting
        # damage one queued statement the way a buggy exporter might: no verb
        sid, text = col.execute("SELECT id, statement FROM xapi_outbox ORDER BY seq "
                                "LIMIT 1").fetchone()
        broken = json.loads(text)
        del broken["verb"]
        col.execute("UPDATE xapi_outbox SET statement = ? WHERE id = ?", [json.dumps(broken), sid])
        with LrsClient(ralph.endpoint, "student2", USERS["student2"]) as client:
            report = send_pending(col, client)
        assert report.sent == waiting - 1 and report.error is not None
        status = outbox_status(col)
        assert status.waiting == 1 and status.reason == "refused"
        assert "verb" in status.message  # the LRS's own words
    finally:
        col.close()


def test_nothing_is_queued_without_the_students_agreement(tmp_path: Path, ralph: Lrs,
                                                          memory_keyring) -> None:  # type: ignore[no-untyped-def]
    col = student_collection(tmp_path, "student1", ralph.endpoint)
    try:
        settings = load_class_settings(col)
        save_class_settings(col, ClassSettings(**{**settings.__dict__, "agreed": False}))
        take_quiz(col, [True] * quiz_length(col))
        assert outbox_status(col).waiting == 0
    finally:
        col.close()


def test_attempt_limits_count_the_students_other_machine(tmp_path: Path,
                                                         memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from app.core.classroom.limits import attempts_elsewhere, remote_attempts
    from app.core.decks.store import get_quiz, save_quiz
    from app.core.errors import AttemptsExhaustedError
    from app.core.quiz.session import start_quiz

    ralph = start_ralph(tmp_path / "lrs")  # its own LRS: no attempts of other tests
    laptop = student_collection(tmp_path / "laptop", "student1", ralph.endpoint)
    lab = student_collection(tmp_path / "lab", "student1", ralph.endpoint)
    deck = "russia-china-military-cooperation"
    try:
        for col in (laptop, lab):  # the instructor allows two attempts
            spec = get_quiz(col, QUIZ)
            spec.attempts = 2
            save_quiz(col, spec)
        n = quiz_length(laptop)
        for _ in range(2):
            take_quiz(laptop, [True] * n)
        with LrsClient(ralph.endpoint, "student1", USERS["student1"]) as client:
            assert send_pending(laptop, client).error is None
            actor = load_class_settings(lab).actor("Student1")
            remote = remote_attempts(client, actor, QUIZ, deck)
        assert attempts_elsewhere(laptop, QUIZ, remote).attempts == 0  # its own attempts
        elsewhere = attempts_elsewhere(lab, QUIZ, remote).attempts
        assert elsewhere == 2
        try:
            start_quiz(lab, get_quiz(lab, QUIZ), attempts_elsewhere=elsewhere)
        except AttemptsExhaustedError as exc:
            assert "used all 2 attempts" in str(exc)
        else:
            raise AssertionError("the lab machine allowed a third attempt")
        assert lab.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 0
    finally:
        laptop.close()
        lab.close()
        stop_ralph(ralph)


def test_batches_are_cut_by_size_and_count(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from app.core.changes import Change
    from app.core.classroom.outbox import enqueue, next_batch

    col = student_collection(tmp_path, "student1", "http://127.0.0.1:9/xAPI/")
    try:
        statements = [{"id": f"00000000-0000-4000-8000-{i:012d}", "pad": "x" * 1000}
                      for i in range(30)]
        with col.transaction(Change.QUIZZES):
            enqueue(col, statements)
        size = len(json.dumps(statements[0])) + 1
        assert len(next_batch(col, force=True, max_bytes=10 * size)) == 10
        assert len(next_batch(col, force=True, limit=7)) == 7
        assert len(next_batch(col, force=True, max_bytes=1)) == 1  # never none at all
        assert [json.loads(r[1])["id"] for r in next_batch(col, force=True)] == \
            [s["id"] for s in statements]  # in the order queued
    finally:
        col.close()
