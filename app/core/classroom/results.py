"""A class's attempts at one quiz, read from the LRS or from students' CSV files.

Both sources become the same `ClassAttempt`s, so the instructor's view and
`studydesk class results` compute the same figures whichever way the results
arrived. From the LRS: the "answered" statements of the quiz, grouped by the
attempt (the statement's registration) and the student. From CSV: the files
StudyDesk's Quiz History exports, one row per question per attempt.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.core.classroom.analysis import ClassAttempt, ItemResponse
from app.core.classroom.lrs import LrsClient
from app.core.classroom.vocabulary import VERBS
from app.core.classroom.xapi import quiz_activity_id
from app.core.errors import ClassroomError
from app.core.quiz.attempts import CSV_HEADER

MAX_CSV_BYTES = 50 * 1024 * 1024


def _student(actor: dict) -> str:
    """A student is who the LRS identifies (mbox or account), whatever name they typed."""
    return (actor.get("mbox", "").removeprefix("mailto:")
            or (actor.get("account") or {}).get("name", "") or actor.get("mbox_sha1sum", "")
            or actor.get("name") or "unknown")


def _response_text(statement: dict) -> str:
    result = statement.get("result", {})
    if "response" not in result:
        return ""
    response = str(result["response"])
    definition = statement.get("object", {}).get("definition", {})
    names = {c["id"]: next(iter(c.get("description", {}).values()), c["id"])
             for key in ("choices", "source", "target") for c in definition.get(key, [])}
    if definition.get("interactionType") == "matching":
        pairs = [p.split("[.]") for p in response.split("[,]") if p]
        return "; ".join(f"{names.get(s, s)} → {names.get(t, t)}" for s, t in pairs)
    if definition.get("interactionType") == "choice":
        return "; ".join(names.get(r, r) for r in response.split("[,]"))
    return response


def attempts_from_statements(statements: Iterable[dict], quiz_activity: str) -> list[ClassAttempt]:
    by_attempt: dict[tuple[str, str], dict[str, ItemResponse]] = {}
    started: dict[tuple[str, str], str] = {}
    durations: dict[tuple[str, str], float] = {}
    for s in statements:
        verb = s.get("verb", {}).get("id")
        reg = s.get("context", {}).get("registration", s.get("id", ""))
        key = (_student(s.get("actor", {})), reg)
        stamp = s.get("timestamp", "")
        started[key] = min(started.get(key, stamp), stamp)
        obj = s.get("object", {})
        if verb == VERBS["answered"] and obj.get("id", "").startswith(quiz_activity + "/"):
            score = s.get("result", {}).get("score", {}).get("scaled", 0.0)
            definition = obj.get("definition", {})
            prompt = next(iter(definition.get("description", {}).values()), "")
            by_attempt.setdefault(key, {})[obj["id"].rsplit("/", 1)[-1]] = ItemResponse(
                float(score), _response_text(s), prompt)
        elif verb == VERBS["completed"] and obj.get("id") == quiz_activity:
            text = s.get("result", {}).get("duration", "")
            if text.startswith("PT") and text.endswith("S"):
                durations[key] = float(text[2:-1])
    return [ClassAttempt(student, started[(student, reg)], items, durations.get((student, reg)))
            for (student, reg), items in by_attempt.items()]


def attempts_from_lrs(client: LrsClient, deck_id: str | None, quiz_id: str) -> list[ClassAttempt]:
    """Every attempt the LRS holds for the quiz (questions are linked to it as parent)."""
    activity = quiz_activity_id(deck_id, quiz_id)
    statements = client.statements(activity=activity, related_activities="true")
    return attempts_from_statements(statements, activity)


def attempts_from_csv(paths: Sequence[Path], quiz: str | None = None) -> list[ClassAttempt]:
    """Attempts in StudyDesk's exported CSV files (`quiz`: an id or title to keep)."""
    rows: dict[tuple[str, str, str], dict[str, ItemResponse]] = {}
    meta: dict[tuple[str, str, str], tuple[str, float | None]] = {}
    for path in paths:
        for line, row in _csv_rows(path):
            if quiz and quiz not in (row["quiz_id"], row["quiz"]):
                continue
            # a student who never typed a name is known by the file they sent
            key = (row["student"] or path.stem, str(path), row["attempt"])
            try:
                duration = float(row["duration_s"]) if row["duration_s"] else None
            except ValueError as exc:
                raise ClassroomError(f"{path}:{line}: duration_s is not a number: "
                                     f"{row['duration_s']!r}") from exc
            if row["correct"] not in ("yes", "no"):
                raise ClassroomError(f"{path}:{line}: 'correct' must be yes or no, not "
                                     f"{row['correct']!r}")
            meta[key] = (row["started_at"], duration)
            try:  # files from before question_score existed: right or wrong
                score = float(row.get("question_score") or (row["correct"] == "yes"))
            except ValueError as exc:
                raise ClassroomError(f"{path}:{line}: question_score is not a number: "
                                     f"{row['question_score']!r}") from exc
            question = row.get("question_id") or row["prompt"]
            rows.setdefault(key, {})[question] = ItemResponse(score, row["given"], row["prompt"])
    return [ClassAttempt(key[0], meta[key][0], items, meta[key][1])
            for key, items in rows.items()]


def _csv_rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClassroomError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
    if len(data) > MAX_CSV_BYTES:
        raise ClassroomError(f"{path} is too large for a results file "
                             f"({len(data) / 1_048_576:.0f} MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClassroomError(f"{path} is not a UTF-8 text file (byte {exc.start}).") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_HEADER[:16] if c not in (reader.fieldnames or [])]
    if missing:
        raise ClassroomError(f"{path}:1: not a StudyDesk results file: the columns "
                             f"{', '.join(missing)} are missing.")
    for row in reader:
        if None in row.values():
            raise ClassroomError(f"{path}:{reader.line_num}: the row has too few columns.")
        yield reader.line_num, row


def report_json(report: object) -> str:
    """The figures as JSON (for scripts): the same numbers the window shows."""
    from dataclasses import asdict

    return json.dumps(asdict(report), ensure_ascii=False, indent=2)  # type: ignore[call-overload]


REPORT_CSV_HEADER = ("quiz", "question", "prompt", "attempts", "facility_pct", "sd_pct",
                     "discrimination_index", "discriminative_efficiency", "flagged",
                     "responses")


def export_report_csv(path: str | Path, reports: Sequence[tuple[str, object]]) -> int:
    """The instructor's figures as CSV, one row per question; atomic. Returns rows written."""
    from app.core.atomic import atomic_file

    rows = 0
    path = Path(path)
    try:
        with atomic_file(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(REPORT_CSV_HEADER)
            for title, report in reports:
                for q in report.questions:  # type: ignore[attr-defined]
                    def num(v: float | None) -> str:
                        return "" if v is None else f"{v:.2f}"
                    writer.writerow([title, q.question, q.prompt, q.attempts, num(q.facility),
                                     num(q.sd), num(q.discrimination), num(q.efficiency),
                                     "yes" if q.flagged else "no",
                                     "; ".join(f"{r} ({n})" for r, n in q.responses)])
                    rows += 1
    except OSError as exc:
        raise ClassroomError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    return rows
