"""The class against a local Ralph LRS: sending 10,000 queued statements in batches,
and the instructor's view for 200 students × 30 questions.

Both run against a real Ralph (file backend, as in the tests) on 127.0.0.1, so
the figures include HTTP and the LRS's own validation and storage; the sending
goes through the outbox exactly as the background sender does. CPU seconds of
StudyDesk and of Ralph are shown beside the wall time (the machine may be shared). Target: ≤ 5 s
each. The statements are real StudyDesk statements (built by `attempt_statements`
for answers of a real quiz); only their count is scaled up.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from app.core.changes import Change
from app.core.classroom.analysis import analyse
from app.core.classroom.lrs import PAGE_LIMIT, LrsClient
from app.core.classroom.outbox import MAX_BATCH_BYTES, MAX_BATCH_STATEMENTS, enqueue, send_pending
from app.core.classroom.results import attempts_from_lrs, attempts_from_statements
from app.core.classroom.vocabulary import VERBS
from app.core.classroom.xapi import quiz_activity_id
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


def _cpu_s(pid: int) -> float:
    """CPU seconds a process (the LRS) has used so far: user + system, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_note(client_cpu: list[float], lrs_cpu: list[float]) -> str:
    return (f"CPU: StudyDesk {statistics.median(client_cpu):.2f} s, "
            f"Ralph {statistics.median(lrs_cpu):.2f} s")


def _send_once(folder: Path, statements: list[dict[str, Any]]) -> tuple[float, float, float]:
    """Queue the statements in a fresh collection and send them all to a fresh Ralph the
    way the background sender does (outbox batches); (wall, our CPU, Ralph's CPU)."""
    from app.core.storage.collection import Collection
    from tests.helpers.lrs import USERS, start_ralph, stop_ralph

    col = Collection.open(folder / "student.sqlite3")
    with col.transaction(Change.QUIZZES):
        enqueue(col, statements)
    lrs = start_ralph(folder / "ralph")
    try:
        with LrsClient(lrs.endpoint, "student1", USERS["student1"], timeout=120) as client:
            lrs_cpu, cpu, start = _cpu_s(lrs.process.pid), time.process_time(), time.perf_counter()
            report = send_pending(col, client, force=True)
            took = time.perf_counter() - start
            cpu, lrs_cpu = time.process_time() - cpu, _cpu_s(lrs.process.pid) - lrs_cpu
        assert report.sent == len(statements) and report.waiting == 0, report
    finally:
        stop_ralph(lrs)
        col.close()
    return took, cpu, lrs_cpu


def _view_once(client: LrsClient, pid: int, students: int,
               questions: int) -> tuple[float, float, float]:
    lrs_cpu, cpu, start = _cpu_s(pid), time.process_time(), time.perf_counter()
    report = analyse(attempts_from_lrs(client, "bench-deck", "bench-quiz"))
    took = time.perf_counter() - start
    cpu, lrs_cpu = time.process_time() - cpu, _cpu_s(pid) - lrs_cpu
    assert report.students == students and len(report.questions) == questions
    return took, cpu, lrs_cpu


def run(quick: bool = False) -> list[dict[str, Any]]:
    from tests.helpers.lrs import USERS, start_ralph, stop_ralph

    rows = []
    n_statements = 2_000 if quick else 10_000
    students, questions = (50, 30) if quick else (200, 30)
    runs = 1 if quick else 3
    quiz = quiz_activity_id("bench-deck", "bench-quiz")
    with tempfile.TemporaryDirectory() as tmp:
        statements = _statements(n_statements // 30 + 1, 30, quiz)[:n_statements]
        samples = [_send_once(Path(tmp) / f"send{i}", statements) for i in range(runs)]
        send = Timing.of([s[0] for s in samples])
        rows.append(result(f"send {len(statements):,} queued statements to Ralph (outbox "
                           f"batches of ≤ {MAX_BATCH_STATEMENTS} / {MAX_BATCH_BYTES // 1000} kB"
                           f"; {_cpu_note([s[1] for s in samples], [s[2] for s in samples])})",
                           send.show(), f"{TARGET_S:g} s target", send.median / TARGET_S,
                           f"≤ {TARGET_S:g} s", send.median <= TARGET_S))
        view = _statements(students, questions, quiz)
        # an institution's Ralph gives large pages when configured to; a default one 100
        for max_hits, label in ((PAGE_LIMIT, f"Ralph giving up to {PAGE_LIMIT:,} a page"),
                                (100, "a default Ralph (100 a page)")):
            if quick and max_hits == 100:
                continue
            lrs = start_ralph(Path(tmp) / f"view{max_hits}", max_hits=max_hits)
            try:
                with LrsClient(lrs.endpoint, "instructor", USERS["instructor"],
                               timeout=120) as c:
                    for i in range(0, len(view), MAX_BATCH_STATEMENTS):
                        c.post_statements(view[i:i + MAX_BATCH_STATEMENTS])
                    samples = [_view_once(c, lrs.process.pid, students, questions)
                               for _ in range(runs if max_hits == PAGE_LIMIT else 1)]
            finally:
                stop_ralph(lrs)
            timing = Timing.of([s[0] for s in samples])
            rows.append(result(f"instructor view, {students} students × {questions} questions "
                               f"(fetch from {label} + analysis; "
                               f"{_cpu_note([s[1] for s in samples], [s[2] for s in samples])})",
                               timing.show(), f"{TARGET_S:g} s target",
                               timing.median / TARGET_S, f"≤ {TARGET_S:g} s",
                               timing.median <= TARGET_S))
        attempts = attempts_from_statements(view, quiz)
        start = time.perf_counter()
        analyse(attempts)
        rows.append(result("  of which the analysis alone", Timing.of(
            [time.perf_counter() - start]).show(), "", None, "", True))
    return rows


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
