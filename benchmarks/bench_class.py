"""The class against a local Ralph LRS: sending 10,000 queued statements in batches,
and the instructor's view for 200 students × 30 questions.

Both run against a real Ralph (file backend, as in the tests) on 127.0.0.1, so
the figures include HTTP and the LRS's own validation and storage. Target: ≤ 5 s
each. The statements are real StudyDesk statements (built by `attempt_statements`
for answers of a real quiz); only their count is scaled up.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from app.core.classroom.analysis import ClassAttempt, ItemResponse, analyse
from app.core.classroom.lrs import LrsClient
from app.core.classroom.results import attempts_from_lrs
from app.core.classroom.xapi import VERBS, quiz_activity_id
from benchmarks.common import Timing, print_table, result

TARGET_S = 5.0


def _statements(n_students: int, n_questions: int, quiz: str) -> list[dict[str, Any]]:
    rng = random.Random(7)
    out = []
    for s in range(n_students):
        actor = {"objectType": "Agent", "name": f"Student {s}",
                 "mbox": f"mailto:s{s}@school.example.org"}
        registration = str(uuid.uuid4())
        for q in range(n_questions):
            right = rng.random() < 0.3 + 0.6 * (s / n_students)
            out.append({
                "id": str(uuid.uuid4()), "actor": actor,
                "verb": {"id": VERBS["answered"], "display": {"en-US": "answered"}},
                "object": {"objectType": "Activity", "id": f"{quiz}/questions/q{q}",
                           "definition": {"type": "http://adlnet.gov/expapi/activities/"
                                          "cmi.interaction", "interactionType": "fill-in",
                                          "description": {"en-US": f"Question {q}"},
                                          "correctResponsesPattern": ["yes"]}},
                "context": {"registration": registration,
                            "contextActivities": {"parent": [{"id": quiz,
                                                              "objectType": "Activity"}]}},
                "result": {"success": right, "response": "yes" if right else "no",
                           "score": {"raw": int(right), "min": 0, "max": 1,
                                     "scaled": float(right)}},
                "timestamp": "2026-12-01T10:00:00+00:00"})
    return out


def run(quick: bool = False) -> list[dict[str, Any]]:
    from tests.helpers.lrs import USERS, start_ralph, stop_ralph

    rows = []
    n_statements = 2_000 if quick else 10_000
    students, questions = (50, 30) if quick else (200, 30)
    with tempfile.TemporaryDirectory() as tmp:
        lrs = start_ralph(Path(tmp) / "ralph")
        try:
            quiz = quiz_activity_id("bench-deck", "bench-quiz")
            batch = _statements(n_statements // 30, 30, quiz)[:n_statements]
            with LrsClient(lrs.endpoint, "student1", USERS["student1"], timeout=120) as client:
                start = time.perf_counter()
                for i in range(0, len(batch), 200):
                    client.post_statements(batch[i:i + 200])
                send = Timing.of([time.perf_counter() - start])
            rows.append(result(f"send {len(batch):,} statements in batches of 200 to Ralph",
                               send.show(), f"{TARGET_S:g} s target", send.median / TARGET_S,
                               f"≤ {TARGET_S:g} s", send.median <= TARGET_S))
        finally:
            stop_ralph(lrs)
        lrs = start_ralph(Path(tmp) / "ralph2")
        try:
            view = _statements(students, questions, quiz)
            with LrsClient(lrs.endpoint, "instructor", USERS["instructor"], timeout=120) as c:
                for i in range(0, len(view), 500):
                    c.post_statements(view[i:i + 500])
                start = time.perf_counter()
                attempts: list[ClassAttempt] = attempts_from_lrs(c, "bench-deck", "bench-quiz")
                report = analyse(attempts)
                took = time.perf_counter() - start
            assert report.students == students and len(report.questions) == questions
            timing = Timing.of([took])
            rows.append(result(f"instructor view, {students} students × {questions} questions "
                               "(fetch from Ralph + analysis)", timing.show(),
                               f"{TARGET_S:g} s target", timing.median / TARGET_S,
                               f"≤ {TARGET_S:g} s", timing.median <= TARGET_S))
            local = [ClassAttempt(a.student, a.started_at,
                                  {k: ItemResponse(v.score, v.response) for k, v in a.items.items()})
                     for a in attempts]
            start = time.perf_counter()
            analyse(local)
            rows.append(result("  of which the analysis alone", Timing.of(
                [time.perf_counter() - start]).show(), "", None, "", True))
        finally:
            stop_ralph(lrs)
    return rows


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
