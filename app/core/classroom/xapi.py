"""A quiz attempt as xAPI 1.0.3 statements: attempted, one answered per question,
completed, and passed or failed.

Why these ids: the quiz and the deck are activities named from their stable ids,
and each question from the note it asks (not its position, which a shuffled quiz
changes), so an instructor's LRS groups the same question across students and
attempts. Statement ids are UUIDs derived from this collection's own id, the
attempt and the question: made the moment the answer is recorded, the same on
every resend, so an LRS that has a statement already simply keeps one copy.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from app.core.changes import Change
from app.core.classroom.outbox import enqueue
from app.core.classroom.settings import ClassSettings, load_class_settings
from app.core.classroom.vocabulary import (
    ACTIVITY_BASE,
    ASSESSMENT,
    INTERACTION,
    VERBS,
    deck_activity,
    duration,
    lang,
    statement_id,
)
from app.core.quiz.attempts import (
    AnswerRecord,
    QuizResults,
    load_results,
    question_id,
    question_score,
)
from app.core.storage.collection import Collection
from app.core.student import student_name

INTERACTION_TYPES = {"mcq": "choice", "truefalse": "true-false", "typed": "fill-in",
                     "matching": "matching"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def attempt_uuid(col: Collection, attempt_id: int) -> str:
    """The attempt's own UUID (made when it started; given now to an attempt recorded
    before attempts had one). It is the attempt's xAPI registration."""
    row = col.execute("SELECT uuid FROM quiz_attempts WHERE id = ?", [attempt_id]).fetchone()
    if row and row[0]:
        return str(row[0])
    value = str(uuid.uuid4())
    with col.transaction(Change.QUIZZES):
        col.execute("UPDATE quiz_attempts SET uuid = ? WHERE id = ?", [value, attempt_id])
    return value


def quiz_activity_id(deck_id: str | None, quiz_id: str) -> str:
    return f"{ACTIVITY_BASE}/decks/{deck_id or 'none'}/quizzes/{quiz_id}"


def choice_id(text: str) -> str:
    """An interaction component id for an option: no spaces or [,] (xAPI forbids them)."""
    return "c" + hashlib.sha1(text.casefold().encode()).hexdigest()[:10]


def is_number(text: str) -> bool:
    """A plain decimal number, as a GIFT numerical question's answer is stored ("42",
    "-3.5"): such a typed question is xAPI's numeric interaction."""
    return _NUMBER.fullmatch(text.strip()) is not None


def interaction_type(answer: AnswerRecord) -> str:
    if answer.ask_as == "typed" and is_number(answer.correct_answer):
        return "numeric"
    return INTERACTION_TYPES.get(answer.ask_as, "other")


def _answered(col: Collection, answer: AnswerRecord, quiz_activity: str) -> tuple[dict, dict]:
    """(object, result) of one answered question."""
    kind = interaction_type(answer)
    definition: dict[str, Any] = {"type": INTERACTION, "name": lang(answer.prompt[:200]),
                                  "description": lang(answer.prompt),
                                  "interactionType": kind}
    given = answer.given or ""
    if kind == "choice":
        # every option shown, in order; an attempt stored before options were kept
        # knows only the right one and the one picked
        shown = answer.options or tuple(sorted({answer.correct_answer, *([given] if given
                                                                         else [])}))
        definition["choices"] = [{"id": choice_id(c), "description": lang(c)}
                                 for c in dict.fromkeys(shown)]
        definition["correctResponsesPattern"] = [choice_id(answer.correct_answer)]
        response = choice_id(given) if given else ""
    elif kind == "true-false":
        definition["correctResponsesPattern"] = [answer.correct_answer.strip().lower()]
        response = given.strip().lower()
    elif kind == "matching":
        pairs = [p.split(" → ", 1) for p in answer.correct_answer.split("; ")]
        definition["source"] = [{"id": f"s{i}", "description": lang(p[0])}
                                for i, p in enumerate(pairs)]
        definition["target"] = [{"id": f"t{i}", "description": lang(p[-1])}
                                for i, p in enumerate(pairs)]
        definition["correctResponsesPattern"] = ["[,]".join(f"s{i}[.]t{i}"
                                                            for i in range(len(pairs)))]
        targets = {p[-1]: f"t{i}" for i, p in enumerate(pairs)}
        picked = [g.split(" → ", 1)[-1] for g in given.split("; ")] if given else []
        response = "[,]".join(f"s{i}[.]{targets.get(p, 'none')}" for i, p in enumerate(picked))
    elif kind == "numeric":  # the exact value: a range from it to itself
        value = answer.correct_answer.strip()
        definition["correctResponsesPattern"] = [f"{value}[:]{value}"]
        response = given.strip()
    else:
        definition["correctResponsesPattern"] = [answer.correct_answer]
        response = given
    obj = {"objectType": "Activity",
           "id": f"{quiz_activity}/questions/{question_id(col, answer)}",
           "definition": definition}
    top = len(answer.card_ids) if answer.ask_as == "matching" else 1
    raw = round(question_score(answer) * top)
    result: dict[str, Any] = {"success": answer.correct, "completion": answer.given is not None,
                              "score": {"raw": raw, "min": 0, "max": top,
                                        "scaled": round(raw / top, 4) if top else 0.0}}
    if answer.given is not None:
        result["response"] = response
    return obj, result


def attempt_statements(col: Collection, results: QuizResults, actor: dict[str, object],
                       deck_id: str | None) -> list[dict[str, Any]]:
    """Every statement of one finished instructor-quiz attempt, in order."""
    attempt = results.attempt
    if attempt.quiz_id is None:
        return []
    registration = attempt.uuid or attempt_uuid(col, attempt.id)
    quiz = {"objectType": "Activity", "id": quiz_activity_id(deck_id, attempt.quiz_id),
            "definition": {"type": ASSESSMENT, "name": lang(attempt.title)}}
    context: dict[str, Any] = {"registration": registration,
                               "contextActivities": {}, "platform": "StudyDesk"}
    if attempt.continues:  # begun on another machine: its clock and its place in the limit
        context["statement"] = {"objectType": "StatementRef",
                                "id": statement_id(attempt.continues, "attempted")}
    if deck_id:
        context["contextActivities"]["grouping"] = [deck_activity(deck_id)]

    def statement(part: str, verb: str, obj: dict, when: str, result: dict | None = None,
                  parent: bool = False) -> dict[str, Any]:
        ctx = {**context, "contextActivities": dict(context["contextActivities"])}
        if parent:
            ctx["contextActivities"]["parent"] = [{"objectType": "Activity", "id": quiz["id"]}]
        if not ctx["contextActivities"]:
            del ctx["contextActivities"]
        out = {"id": statement_id(registration, part), "actor": actor,
               "verb": {"id": VERBS[verb], "display": lang(verb)}, "object": obj,
               "context": ctx, "timestamp": when}
        if result is not None:
            out["result"] = result
        return out

    finished = attempt.finished_at or attempt.started_at
    out = [statement("attempted", "attempted", quiz, attempt.started_at)]
    for answer in results.answers:
        obj, result = _answered(col, answer, quiz["id"])
        out.append(statement(f"answered/{answer.position}", "answered", obj,
                             finished, result, parent=True))
    total = results.total
    final = {"score": {"raw": results.score, "min": 0, "max": total,
                       "scaled": round(results.score / total, 4) if total else 0.0},
             "success": results.passed, "completion": True,
             "duration": duration(attempt.duration_s or 0.0)}
    out.append(statement("completed", "completed", quiz, finished, final))
    out.append(statement("result", "passed" if results.passed else "failed", quiz,
                         finished, final))
    return out


def queue_attempt(col: Collection, attempt_id: int,
                  settings: ClassSettings | None = None, start_only: bool = False) -> int:
    """Queue an attempt's statements (if the student set up a class and agreed); call
    inside the transaction that finishes the attempt. `start_only`: just "attempted",
    inside the transaction that begins it, so the LRS learns of a running attempt
    (limits.py: its clock and its place in the attempt limit on other machines); the
    finish then queues the rest (the start, the same statement, is not queued twice).
    Returns how many were queued."""
    settings = settings or load_class_settings(col)
    if not (settings.active and settings.send_quizzes):
        return 0
    results = load_results(col, attempt_id)
    if results.attempt.quiz_id is None:
        return 0  # a quick quiz is the student's own practice, not the instructor's quiz
    row = col.execute("SELECT deck_id FROM quizzes WHERE id = ?",
                      [results.attempt.quiz_id]).fetchone()
    statements = attempt_statements(col, results, settings.actor(student_name(col)),
                                    row[0] if row else None)
    if start_only:
        statements = statements[:1]
    with col.transaction(Change.QUIZZES):
        enqueue(col, statements, attempt_id)
    return len(statements)
