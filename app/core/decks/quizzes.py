"""A deck's quizzes: read from the file, and the rules every quiz obeys.

Why the rules live here: a quiz written in a deck file and one built in the
app (`quiz_problems`) must be refused for the same reasons, within the same limits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.decks.checker import Checker, read_id
from app.core.decks.model import ID_RE
from app.core.notes.model import NOTE_KINDS
from app.core.quiz.spec import ASK_AS, QuestionSpec, QuizSpec, kinds_askable_as

QUIZ_KEYS = ("id", "title", "instructions", "order", "shuffle_options", "time_limit",
             "pass_mark", "feedback", "attempts", "questions")
MAX_TIME_LIMIT = 24 * 60 * 60  # seconds: a quiz longer than a day is a typo
MAX_ATTEMPTS = 1000


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_quiz(table: dict[str, Any], j: int, check: Checker, kinds: dict[str, Any],
              quiz_ids: dict[str, int]) -> QuizSpec | None:
    """One `[[quizzes]]` table as a QuizSpec, or None (its problems added to `check`)."""
    where = ("quizzes", j)
    lines = check.lines
    before = len(check.problems)
    quiz_id, label = read_id(table, where, check, quiz_ids, "quiz", "quiz id")
    check.unknown_keys(table, QUIZ_KEYS, where, label)
    title = check.string(table, "title", where, label)
    instructions = check.string(table, "instructions", where, label, required=False)
    spec = QuizSpec(id=quiz_id, title=title, questions=[], instructions=instructions)
    rules: list[tuple[str, Callable[[Any], bool], str]] = [
        ("order", lambda v: v in ("fixed", "shuffled"), "must be \"fixed\" or \"shuffled\""),
        ("shuffle_options", lambda v: isinstance(v, bool), "must be true or false"),
        ("time_limit", lambda v: _is_int(v) and 0 < v <= MAX_TIME_LIMIT,
         f"must be a whole number of seconds from 1 to {MAX_TIME_LIMIT} (24 hours)"),
        ("pass_mark", lambda v: (_is_int(v) or isinstance(v, float)) and 0 <= v <= 1,
         "must be a number from 0 to 1"),
        ("feedback", lambda v: v in ("each", "end"), "must be \"each\" or \"end\""),
        ("attempts", lambda v: _is_int(v) and 0 <= v <= MAX_ATTEMPTS,
         f"must be a whole number from 0 to {MAX_ATTEMPTS} (0 = unlimited)"),
    ]
    for key, ok, message in rules:
        if key in table:
            if ok(table[key]):
                setattr(spec, key, float(table[key]) if key == "pass_mark" else table[key])
            else:
                check.add(lines.key(*where, key), f"{label}: {key!r} {message}")
    questions = table.get("questions")
    if questions is None:
        check.add(lines.table(*where), f"{label}: missing field 'questions'")
    elif not isinstance(questions, list) or not questions:
        check.add(lines.key(*where, "questions"),
                  f"{label}: 'questions' must be a non-empty list of {{ card = ..., ask_as = ... }}")
    else:
        for k, q in enumerate(questions):
            line = lines.item("quizzes", j, "questions", k)
            question = _read_question(q, f"{label}, question {k + 1}", line, check)
            if question is not None:
                for message in question_problems(question, kinds):
                    check.add(line, f"{label}, question {k + 1}: {message}")
                spec.questions.append(question)
    return spec if len(check.problems) == before else None


def _read_question(q: Any, label: str, line: int, check: Checker) -> QuestionSpec | None:
    if not isinstance(q, dict):
        check.add(line, f"{label}: must be an inline table like {{ card = \"id\", ask_as = \"typed\" }}")
        return None
    ok = True
    for key in q:
        if key not in ("card", "cards", "ask_as"):
            check.add(line, f"{label}: unknown field {key!r} (allowed: card, cards, ask_as)")
            ok = False
    ask_as = q.get("ask_as")
    if ask_as not in ASK_AS:
        check.add(line, f"{label}: 'ask_as' must be one of {', '.join(ASK_AS)}")
        return None
    card, cards = q.get("card"), q.get("cards")
    if ask_as == "matching":
        if card is not None or not isinstance(cards, list) \
                or not all(isinstance(c, str) for c in cards):
            check.add(line, f"{label}: a matching question needs 'cards' = [4 to 6 card ids]")
            return None
        return QuestionSpec(ask_as=ask_as, cards=list(cards)) if ok else None
    if cards is not None or not isinstance(card, str):
        check.add(line, f"{label}: needs 'card' = one card id ('cards' is for matching)")
        return None
    return QuestionSpec(ask_as=ask_as, card=card) if ok else None


def question_problems(question: QuestionSpec, kinds: dict[str, Any]) -> list[str]:
    """What is wrong with a question, given the kinds of the cards it may use."""
    if question.ask_as not in ASK_AS:
        return [f"'ask_as' must be one of {', '.join(ASK_AS)}"]
    allowed = kinds_askable_as(question.ask_as)
    problems = []
    ids = question.card_ids
    if question.ask_as == "matching":
        if not 4 <= len(ids) <= 6:
            problems.append(f"a matching question needs 4 to 6 cards, not {len(ids)}")
        if len(set(ids)) != len(ids):
            problems.append("a matching question lists the same card twice")
    elif not ids:
        problems.append("no card given")
    for card_id in ids:
        kind = kinds.get(card_id, "")
        if card_id not in kinds:
            problems.append(f"unknown card {card_id!r}")
        elif kind in NOTE_KINDS and kind not in allowed:  # a bad kind is reported on its card
            problems.append(f"card {card_id!r} is a {kind} card and cannot be asked as "
                            f"{question.ask_as} (needs {', '.join(allowed)})")
    return problems


def quiz_problems(spec: QuizSpec, kinds: dict[str, Any]) -> list[str]:
    """Everything wrong with a QuizSpec built in the app (the same rules as the file)."""
    problems = []
    if not ID_RE.match(spec.id or ""):
        problems.append(f"quiz id {spec.id!r} must be lower-case letters, digits and dashes")
    if not spec.title.strip():
        problems.append("the quiz has no title")
    if not spec.questions:
        problems.append("the quiz has no questions")
    if spec.order not in ("fixed", "shuffled"):
        problems.append("order must be fixed or shuffled")
    if spec.feedback not in ("each", "end"):
        problems.append("feedback must be each or end")
    if spec.time_limit is not None and not (_is_int(spec.time_limit)
                                            and 0 < spec.time_limit <= MAX_TIME_LIMIT):
        problems.append(f"the time limit must be a whole number of seconds from 1 to "
                        f"{MAX_TIME_LIMIT}")
    if not 0 <= spec.pass_mark <= 1:
        problems.append("the pass mark must be from 0 to 1")
    if not (_is_int(spec.attempts) and 0 <= spec.attempts <= MAX_ATTEMPTS):
        problems.append(f"attempts must be a whole number from 0 to {MAX_ATTEMPTS}")
    for k, q in enumerate(spec.questions, 1):
        problems.extend(f"question {k}: {m}" for m in question_problems(q, kinds))
    return problems
