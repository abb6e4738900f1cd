"""Item analysis: Moodle's figures, checked against the statistics module on known
responses, and the same figures from a real LRS and from students' CSV files."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from app.core.classroom.analysis import ClassAttempt, ItemResponse, analyse, choose_attempts
from app.core.classroom.lrs import LrsClient
from app.core.classroom.outbox import send_pending
from app.core.classroom.results import attempts_from_csv, attempts_from_lrs
from app.core.decks.store import get_quiz
from app.core.errors import ClassroomError
from app.core.quiz.attempts import export_csv
from tests.helpers.classroom import QUIZ, student_collection, take_quiz
from tests.helpers.lrs import USERS, Lrs, start_ralph, stop_ralph

# who got which of four questions right (1) or wrong (0)
MATRIX = {"ann": [1, 1, 1, 0], "bob": [1, 0, 1, 0], "cem": [1, 1, 0, 1],
          "dee": [0, 0, 1, 0], "eve": [1, 1, 1, 1]}


def attempts(matrix: dict[str, list[int]]) -> list[ClassAttempt]:
    return [ClassAttempt(s, "2026-12-01T10:00:00+00:00",
                         {f"q{i}": ItemResponse(float(x), "right" if x else "wrong")
                          for i, x in enumerate(row)}) for s, row in matrix.items()]


def expected(q: int) -> tuple[float, float, float]:
    item = [row[q] for row in MATRIX.values()]
    rest = [sum(row) - row[q] for row in MATRIX.values()]
    facility = 100 * statistics.mean(item)
    sd = 100 * statistics.stdev(item)
    discrimination = 100 * statistics.correlation(item, rest)
    return facility, sd, discrimination


def test_figures_equal_the_definitions() -> None:
    report = analyse(attempts(MATRIX))
    assert report.students == 5
    for q, stats in enumerate(report.questions):
        facility, sd, discrimination = expected(q)
        assert stats.facility == pytest.approx(facility)
        assert stats.sd == pytest.approx(sd)
        assert stats.discrimination == pytest.approx(discrimination)
        assert stats.flagged == (discrimination < 30)
        item = [row[q] for row in MATRIX.values()]
        rest = [sum(row) - row[q] for row in MATRIX.values()]
        best = statistics.covariance(sorted(item), sorted(rest))
        assert stats.efficiency == pytest.approx(100 * statistics.covariance(item, rest) / best)
    q0 = report.questions[0]
    assert dict(q0.responses) == {"right": 4, "wrong": 1}


def test_first_last_best_attempts() -> None:
    a = [ClassAttempt("ann", "2026-01-01", {"q": ItemResponse(0.0, "x")}),
         ClassAttempt("ann", "2026-01-02", {"q": ItemResponse(1.0, "y")}),
         ClassAttempt("ann", "2026-01-03", {"q": ItemResponse(0.0, "z")})]
    assert [x.started_at for x in choose_attempts(a, "first")] == ["2026-01-01"]
    assert [x.started_at for x in choose_attempts(a, "last")] == ["2026-01-03"]
    assert [x.started_at for x in choose_attempts(a, "best")] == ["2026-01-02"]
    assert len(choose_attempts(a, "all")) == 3


def _class_through_lrs(tmp_path: Path, ralph: Lrs, users: list[str]) -> tuple[list, int]:
    cols = [student_collection(tmp_path, u, ralph.endpoint) for u in users]
    n = len(get_quiz(cols[0], QUIZ).questions)
    for col, user in zip(cols, users, strict=True):
        row = MATRIX[user] + [1] * (n - len(MATRIX[user]))
        take_quiz(col, [bool(x) for x in row])
        with LrsClient(ralph.endpoint, user, USERS[user]) as client:
            assert send_pending(col, client).error is None
    return cols, n


def test_the_lrs_gives_the_same_figures(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    users = list(MATRIX)
    lrs = start_ralph(tmp_path / "class-lrs")  # its own LRS: only these five students
    try:
        cols, n = _class_through_lrs(tmp_path, lrs, users)
        try:
            with LrsClient(lrs.endpoint, "instructor", USERS["instructor"]) as client:
                got = attempts_from_lrs(client, "russia-china-military-cooperation", QUIZ)
            assert len(got) == 5
            spec = get_quiz(cols[0], QUIZ)
            report = analyse(got, question_order=[q.card for q in spec.questions])
            assert [q.question for q in report.questions] == [q.card for q in spec.questions]
            for q in range(4):
                stats = report.questions[q]
                facility, sd, discrimination = expected(q)
                assert stats.facility == pytest.approx(facility)
                assert stats.sd == pytest.approx(sd)
                # the other questions were all right: the rest score only shifts
                assert stats.discrimination == pytest.approx(discrimination)
            # the same figures from the students' CSV files
            files = []
            for col, user in zip(cols, users, strict=True):
                export_csv(col, tmp_path / f"{user}.csv", quiz_id=QUIZ)
                files.append(tmp_path / f"{user}.csv")
            from_csv = {q.prompt: q for q in analyse(attempts_from_csv(files)).questions}
            assert len(from_csv) == n
            for a in report.questions:
                b = from_csv[a.prompt]
                assert a.facility == pytest.approx(b.facility)
                assert (a.discrimination is None) == (b.discrimination is None)
                if a.discrimination is not None:
                    assert a.discrimination == pytest.approx(b.discrimination)
        finally:
            for col in cols:
                col.close()
    finally:
        stop_ralph(lrs)


def test_a_file_that_is_not_a_results_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("term,definition\nSCO,Shanghai Cooperation Organization\n")
    with pytest.raises(ClassroomError, match=r"notes.csv:1: not a StudyDesk results file"):
        attempts_from_csv([bad])
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00\x00garbage")
    with pytest.raises(ClassroomError, match="not a UTF-8 text file"):
        attempts_from_csv([binary])
