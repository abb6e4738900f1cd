"""Quiz attempts in the collection: answers, their effect on scheduling, history, CSV.

Why here and not in the session: an attempt outlives the window that ran it.
Each answer is written in the same transaction as the review it causes, so
the scheduler and the quiz history can never disagree after a crash; the
attempts limit is checked in the transaction that starts an attempt, so no
UI path can get round it.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.articles.library import section_titles
from app.core.atomic import atomic_file
from app.core.changes import Change
from app.core.errors import AttemptsExhaustedError
from app.core.quiz.questions import Question, QuizError, Verdict, matching_lines
from app.core.storage.collection import Collection
from app.core.storage.sql import equal_filters
from app.core.student import STUDENT_NAME_KEY, student_name
from app.core.study.reviews import record_review

WRONG_RATING, DUE_RIGHT_RATING = 1, 3  # fsrs Again / Good


@dataclass(frozen=True)
class AnswerRecord:
    """One asked question of an attempt as stored: what was asked, given and expected."""

    position: int
    ask_as: str
    prompt: str
    given: str | None  # None: time ran out before it was answered
    correct_answer: str
    correct: bool
    section_idx: int | None
    card_ids: tuple[int, ...]
    wrong_card_ids: tuple[int, ...]
    options: tuple[str, ...] = ()  # mcq / truefalse: what was shown, in order (() if unknown)

    @property
    def pairs_right(self) -> int:
        """Matching: how many of its pairs were matched right (0 when unanswered)."""
        return 0 if self.given is None else len(self.card_ids) - len(self.wrong_card_ids)

    def summary(self) -> tuple[str, str]:
        """(given, correct) short enough for one table cell: a matching answer is
        "3/5 pairs" against "5 pairs", its pairs being in `pair_lines`."""
        given = "(not answered)" if self.given is None else self.given or "(empty)"
        if self.ask_as != "matching":
            return given, self.correct_answer
        n = len(self.card_ids)
        return (given if not self.given else f"{self.pairs_right}/{n} pairs", f"{n} pairs")

    def pair_lines(self) -> list[str]:
        """Matching: one line per pair, "✓ term → answer" or "✗ term → given (correct)"."""
        if self.ask_as != "matching":
            return []
        right = self.correct_answer.split("; ")
        given = self.given.split("; ") if self.given else []
        if len(right) != len(self.card_ids) or given and len(given) != len(right):
            return [f"Correct: {self.correct_answer}"]  # a term with "; " in it: no split
        wrong = set(self.wrong_card_ids) if self.given is not None else set(self.card_ids)
        pairs = [(pair.split(" → ", 1)[0], pair.split(" → ", 1)[-1]) for pair in right]
        picked = [g.split(" → ", 1)[-1] for g in given] if given else None
        return matching_lines(pairs, picked, [cid in wrong for cid in self.card_ids])


@dataclass(frozen=True)
class SectionScore:
    section_idx: int | None
    title: str
    right: int
    total: int


@dataclass(frozen=True)
class AttemptSummary:
    """One line of a quiz's history."""

    id: int
    quiz_id: str | None
    title: str
    student: str
    started_at: str
    finished_at: str | None
    duration_s: float | None
    score: int | None
    total: int
    passed: bool | None
    timed_out: bool
    uuid: str | None = None  # made when the attempt starts: its identity outside this file
    continues: str | None = None  # the uuid of an attempt begun on another machine it continues


@dataclass(frozen=True)
class QuizResults:
    """A finished attempt: score, pass or fail, time, sections and every answer."""

    attempt: AttemptSummary
    pass_mark: float
    answers: tuple[AnswerRecord, ...]
    sections: tuple[SectionScore, ...]

    @property
    def score(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def total(self) -> int:
        return self.attempt.total

    @property
    def passed(self) -> bool:
        return bool(self.attempt.passed)

    @property
    def mistakes(self) -> list[int]:
        """Cards answered wrong (or not at all), in question order, each once."""
        seen: dict[int, None] = {}
        for a in self.answers:
            for cid in (a.card_ids if a.given is None else a.wrong_card_ids):
                seen.setdefault(cid, None)
        return list(seen)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def attempts_used(col: Collection, quiz_id: str) -> int:
    """Every started attempt counts, so quitting half-way cannot reset a quiz."""
    row = col.execute("SELECT COUNT(*) FROM quiz_attempts WHERE quiz_id = ?", [quiz_id])
    return int(row.fetchone()[0])


def attempts_left(col: Collection, quiz_id: str, allowed: int, elsewhere: int = 0) -> int | None:
    """None when unlimited (allowed = 0). `elsewhere`: attempts the class's LRS holds
    from the student's other machines."""
    return None if allowed <= 0 else max(0, allowed - attempts_used(col, quiz_id) - elsewhere)


def check_attempts_left(col: Collection, quiz_id: str | None, allowed: int,
                        title: str, elsewhere: int = 0) -> None:
    """Refuse a quiz whose attempts are used up, before anything is written."""
    if (quiz_id is not None and allowed > 0
            and attempts_used(col, quiz_id) + elsewhere >= allowed):
        raise AttemptsExhaustedError(
            f"You have used all {allowed} attempt{'s' if allowed != 1 else ''} "
            f"allowed for “{title}”.")


def start_attempt(col: Collection, *, title: str, total: int, pass_mark: float,
                  quiz_id: str | None = None, article_id: str | None = None,
                  attempts_allowed: int = 0, now: datetime | None = None,
                  attempts_elsewhere: int = 0, continues: str | None = None) -> int:
    """Open an attempt, refusing when the quiz's attempts are used up. `continues`: the
    uuid of the attempt begun on another machine that this one continues."""
    if total < 1:
        raise QuizError(f"“{title}” has no questions to ask")
    now = now or datetime.now(UTC)
    with col.transaction(Change.QUIZZES):
        check_attempts_left(col, quiz_id, attempts_allowed, title, attempts_elsewhere)
        cursor = col.execute(
            "INSERT INTO quiz_attempts (quiz_id, article_id, title, student, started_at, total, "
            "pass_mark, uuid, continues) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [quiz_id, article_id, title, student_name(col),
             _iso(now), total, pass_mark, str(uuid.uuid4()), continues])
        return int(cursor.lastrowid)


def record_answer(col: Collection, attempt_id: int, position: int, question: Question,
                  verdict: Verdict, duration_ms: int, now: datetime | None = None) -> None:
    """Store an answer and its reviews together: a wrong card is failed, a right
    one counts only if it was due anyway. A card deleted since the quiz began
    (in the card browser, meanwhile) has no schedule to change: the answer is
    still kept, the quiz goes on."""
    now = now or datetime.now(UTC)
    wrong = [cid for cid, ok in verdict.per_card.items() if not ok]
    with col.transaction(Change.QUIZZES | Change.STUDY | Change.CARDS):
        _insert_answer(col, attempt_id, position, question, verdict.given, verdict.correct,
                       wrong, duration_ms, now)
        for cid, ok in verdict.per_card.items():
            if col.execute("SELECT 1 FROM cards WHERE id = ?", [cid]).fetchone() is None:
                continue
            if not ok:
                record_review(col, cid, WRONG_RATING, duration_ms, source="quiz", now=now)
            elif _is_due(col, cid, now):
                record_review(col, cid, DUE_RIGHT_RATING, duration_ms, source="quiz", now=now)


def _is_due(col: Collection, card_id: int, now: datetime) -> bool:
    row = col.execute("SELECT due FROM cards WHERE id = ?", [card_id]).fetchone()
    return bool(row and row[0] is not None and row[0] <= now.timestamp())


def _insert_answer(col: Collection, attempt_id: int, position: int, question: Question,
                   given: str | None, correct: bool, wrong: Sequence[int], duration_ms: int,
                   now: datetime | None) -> None:
    col.execute(
        "INSERT INTO quiz_answers (attempt_id, position, ask_as, card_ids, section_idx, prompt, "
        "given, correct_answer, correct, wrong_card_ids, answered_at, duration_ms, options) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [attempt_id, position, question.ask_as, json.dumps(list(question.card_ids)),
         question.section_idx, question.prompt, given, question.answer, int(correct),
         json.dumps(list(wrong)), _iso(now) if now else None, duration_ms,
         json.dumps(list(question.options)) if question.options else None])


def finish_attempt(col: Collection, attempt_id: int, unanswered: Sequence[tuple[int, Question]],
                   duration_s: float, timed_out: bool, now: datetime | None = None) -> None:
    """Close an attempt: questions left unanswered count as wrong; score and pass mark set.

    Unanswered questions do not touch the scheduler: the student never saw them.
    """
    now = now or datetime.now(UTC)
    with col.transaction(Change.QUIZZES | Change.STUDY | Change.CARDS):
        for position, question in unanswered:
            _insert_answer(col, attempt_id, position, question, None, False,
                           question.card_ids, 0, None)
        score = col.execute("SELECT COALESCE(SUM(correct), 0) FROM quiz_answers "
                           "WHERE attempt_id = ?", [attempt_id]).fetchone()[0]
        total, pass_mark = col.execute("SELECT total, pass_mark FROM quiz_attempts WHERE id = ?",
                                      [attempt_id]).fetchone()
        col.execute("UPDATE quiz_attempts SET finished_at = ?, duration_s = ?, score = ?, "
                   "passed = ?, timed_out = ? WHERE id = ?",
                   [_iso(now), round(duration_s, 1), score, int(score / total >= pass_mark),
                    int(timed_out), attempt_id])


def _summary(row: dict) -> AttemptSummary:
    return AttemptSummary(
        id=row["id"], quiz_id=row["quiz_id"], title=row["title"], student=row["student"],
        started_at=row["started_at"], finished_at=row["finished_at"],
        duration_s=row["duration_s"], score=row["score"], total=row["total"],
        passed=None if row["passed"] is None else bool(row["passed"]),
        timed_out=bool(row["timed_out"]), uuid=row.get("uuid"),
        continues=row.get("continues"))


QUICK = "quick"  # `history(quiz_id=QUICK)`: only the quick quizzes ("Quiz me")


def history(col: Collection, quiz_id: str | None = None,
            article_id: str | None = None) -> list[AttemptSummary]:
    """Finished attempts, newest first; of one quiz (QUICK: the quick quizzes), of an
    article, or both."""
    sql = "SELECT * FROM quiz_attempts WHERE finished_at IS NOT NULL"
    if quiz_id == QUICK:
        sql += " AND quiz_id IS NULL"
        quiz_id = None
    where, params = equal_filters(quiz_id=quiz_id, article_id=article_id)
    sql += where
    return [_summary(r) for r in col.query(sql + " ORDER BY started_at DESC, id DESC", params)]


def attempted_quizzes(col: Collection, article_id: str | None = None) -> list[tuple[str, str]]:
    """(quiz id, title) of instructor quizzes with attempts, so that the history of a quiz
    since deleted can still be picked."""
    sql = "SELECT quiz_id, title FROM quiz_attempts WHERE quiz_id IS NOT NULL"
    params: list[object] = []
    if article_id is not None:
        sql += " AND article_id = ?"
        params.append(article_id)
    latest: dict[str, str] = {}
    for quiz_id, title in col.execute(sql + " ORDER BY id", params):
        latest[quiz_id] = title
    return list(latest.items())


def load_answers(col: Collection, attempt_id: int) -> list[AnswerRecord]:
    return [
        AnswerRecord(
            position=r["position"], ask_as=r["ask_as"], prompt=r["prompt"], given=r["given"],
            correct_answer=r["correct_answer"], correct=bool(r["correct"]),
            section_idx=r["section_idx"], card_ids=tuple(json.loads(r["card_ids"])),
            wrong_card_ids=tuple(json.loads(r["wrong_card_ids"])),
            options=tuple(json.loads(r["options"] or "[]")))
        for r in col.query("SELECT * FROM quiz_answers WHERE attempt_id = ? ORDER BY position",
                              [attempt_id])
    ]


@dataclass(frozen=True)
class AnswerDetail:
    """What the results page shows for one question: why, and where in the article."""

    explanation: str
    source: str
    article_id: str | None
    section_idx: int | None


def answer_detail(col: Collection, answer: AnswerRecord) -> AnswerDetail:
    """The explanation and source sentence of the cards a stored answer asked about."""
    marks = ",".join("?" * len(answer.card_ids))
    notes = list(col.query(
        f"SELECT n.explanation, n.source, n.article_id FROM cards c JOIN notes n "
        f"ON n.id = c.note_id WHERE c.id IN ({marks})", list(answer.card_ids)))
    explanation = " ".join(n["explanation"] for n in notes if n["explanation"])
    source = notes[0]["source"] if len(notes) == 1 else ""
    return AnswerDetail(explanation, source, notes[0]["article_id"] if notes else None,
                        answer.section_idx)


def _card_sections(col: Collection, card_ids: list[int]) -> dict[int, int | None]:
    """The section of each card (cards deleted since are left out)."""
    if not card_ids:
        return {}
    return {r[0]: r[1] for r in col.execute(
        "SELECT c.id, n.section_idx FROM cards c JOIN notes n ON n.id = c.note_id "
        "WHERE c.id IN (SELECT value FROM json_each(?))", [json.dumps(card_ids)])}


def load_results(col: Collection, attempt_id: int) -> QuizResults:
    """The results page of any finished attempt, rebuilt from what was stored."""
    rows = list(col.query("SELECT * FROM quiz_attempts WHERE id = ?", [attempt_id]))
    if not rows:
        raise QuizError(f"no quiz attempt {attempt_id}")
    answers = load_answers(col, attempt_id)
    titles = dict(enumerate(section_titles(col, rows[0]["article_id"])))
    by_section: dict[int | None, list[bool]] = {}
    card_sections = _card_sections(col, [cid for a in answers if a.ask_as == "matching"
                                         for cid in a.card_ids])
    for a in answers:
        if a.ask_as == "matching":  # each pair counts for the section its card is from
            wrong = set(a.card_ids) if a.given is None else set(a.wrong_card_ids)
            for cid in a.card_ids:
                by_section.setdefault(card_sections.get(cid, a.section_idx), []).append(
                    cid not in wrong)
        else:
            by_section.setdefault(a.section_idx, []).append(a.correct)
    sections = tuple(
        SectionScore(idx, titles.get(idx, "Other") if idx is not None else "Other",
                     sum(oks), len(oks))
        for idx, oks in sorted(by_section.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
    return QuizResults(_summary(rows[0]), rows[0]["pass_mark"], tuple(answers), sections)


CSV_HEADER = ("student", "quiz_id", "quiz", "attempt", "started_at", "duration_s",
              "score", "total", "passed", "question", "section", "ask_as", "prompt",
              "given", "correct_answer", "correct", "question_id", "question_score")


def question_id(col: Collection, answer: AnswerRecord) -> str:
    """A question's identity across students and attempts: the notes it asks, by their
    stable ids (a shuffled quiz changes positions, and matching prompts are all alike)."""
    ids = []
    for cid in answer.card_ids:
        row = col.execute("SELECT note_id FROM cards WHERE id = ?", [cid]).fetchone()
        ids.append(row[0] if row else f"card-{cid}")
    return "+".join(ids)


def question_score(answer: AnswerRecord) -> float:
    """The share of the question's marks earned: a matching question counts each pair."""
    if answer.ask_as == "matching" and answer.card_ids:
        return answer.pairs_right / len(answer.card_ids)
    return 1.0 if answer.correct else 0.0


def set_student_name(col: Collection, name: str) -> None:
    """Remember the student's name (setting `student_name`) and put it on the attempts
    recorded without one, so an export names them; one transaction."""
    name = " ".join(name.split())
    if not name:
        raise QuizError("the student name is empty")
    with col.transaction(Change.SETTINGS):
        col.set_setting(STUDENT_NAME_KEY, name)
        col.execute("UPDATE quiz_attempts SET student = ? WHERE student = ''", [name])


def export_csv(col: Collection, path: str | Path, quiz_id: str | None = None,
               article_id: str | None = None) -> int:
    """Write one row per question per finished attempt (filtered as `history`);
    returns the number of rows. Atomic: an error leaves the old file as it was."""
    path = Path(path)
    rows = 0
    try:
        with atomic_file(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_HEADER)
            for attempt in reversed(history(col, quiz_id, article_id)):
                results = load_results(col, attempt.id)
                titles = {s.section_idx: s.title for s in results.sections}
                for a in results.answers:
                    writer.writerow([
                        attempt.student, attempt.quiz_id or "", attempt.title, attempt.id,
                        attempt.started_at, attempt.duration_s, attempt.score, attempt.total,
                        "yes" if attempt.passed else "no", a.position + 1,
                        titles.get(a.section_idx, ""), a.ask_as, a.prompt,
                        "" if a.given is None else a.given, a.correct_answer,
                        "yes" if a.correct else "no", question_id(col, a),
                        f"{question_score(a):.4g}"])
                    rows += 1
    except OSError as exc:
        raise QuizError(f"Cannot write {path}: {exc.strerror or exc}") from exc
    return rows
