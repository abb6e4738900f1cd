"""Quizzes: choosing the questions (quick or instructor-built) and running a session.

Why a session object: the quiz window, the time limit and the tests all need
the same rules — one question at a time, no going back, answers stored as they
are given, auto-submit when the time is up — and the UI should only show what
the session says. Time comes from an injectable clock so tests never sleep.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from app.core.articles.library import load_article
from app.core.articles.model import Article
from app.core.changes import Change
from app.core.classroom.xapi import queue_attempt
from app.core.notes.model import TYPED_ANSWER_MAX_WORDS
from app.core.quiz.attempts import (
    QuizResults,
    attempts_left,
    check_attempts_left,
    finish_attempt,
    load_results,
    record_answer,
    start_attempt,
)
from app.core.quiz.questions import (
    MATCHING_MIN,
    CardInfo,
    Question,
    QuizError,
    Response,
    Verdict,
    answers_itself,
    build_matching,
    build_question,
    card_for_note,
    judge,
    load_cards,
)
from app.core.quiz.spec import ASK_AS, AskAs, QuizSpec
from app.core.storage.collection import Collection
from app.core.study.reviews import retrievabilities

RECENT_FAILURE_DAYS = 7
UNKNOWN_WEAKNESS = 0.3  # a never-reviewed card: less urgent than a forgotten one
#: A quick quiz asks only what fits the form: short typed answers, short matching terms.
MATCHING_MAX_CHARS = 80


@dataclass
class QuickQuizOptions:
    """What the "Quiz me" dialog asks; `sections` None means the whole article."""

    sections: list[int] | None = None
    count: int = 10
    kinds: tuple[AskAs, ...] = ASK_AS
    prefer_weak: bool = True


# -- choosing questions ---------------------------------------------------------


def _recent_failures(col: Collection, card_ids: Iterable[int], now: datetime) -> set[int]:
    since = (now - timedelta(days=RECENT_FAILURE_DAYS)).timestamp()
    ids = list(card_ids)
    if not ids:
        return set()
    rows = col.execute(
        f"SELECT card_id FROM revlog WHERE rating = 1 AND reviewed_at >= ? "
        f"AND card_id IN ({','.join('?' * len(ids))})", [since, *ids])
    return {r[0] for r in rows}


def weakness(col: Collection, cards: list[CardInfo], now: datetime) -> dict[int, float]:
    """0 (solid) … 1 (weak): recently failed, else 1 − retrievability."""
    failed = _recent_failures(col, (c.card_id for c in cards), now)
    recall = retrievabilities(col, (c.card_id for c in cards if c.card_id not in failed), now)
    scores = {}
    for c in cards:
        if c.card_id in failed:
            scores[c.card_id] = 1.0
            continue
        r = recall.get(c.card_id)
        scores[c.card_id] = UNKNOWN_WEAKNESS if r is None else 1.0 - r
    return scores


def _spread(cards: list[CardInfo],
            rank: Callable[[CardInfo], tuple[float, float]]) -> list[CardInfo]:
    """Round-robin over sections (best-ranked first in each) so no section dominates."""
    groups: dict[int | None, list[CardInfo]] = {}
    for c in cards:
        groups.setdefault(c.note.section_idx, []).append(c)
    queues = [sorted(g, key=rank) for g in groups.values()]
    queues.sort(key=lambda q: rank(q[0]))
    ordered: list[CardInfo] = []
    while any(queues):
        for q in queues:
            if q:
                ordered.append(q.pop(0))
    return ordered


def quick_quiz_questions(col: Collection, article_id: str, options: QuickQuizOptions,
                         rng: random.Random | None = None,
                         now: datetime | None = None) -> list[Question]:
    """Up to `count` questions on the chosen sections, one per fact, kinds balanced."""
    rng = rng or random.Random()
    now = now or datetime.now(UTC)
    kinds = tuple(k for k in ASK_AS if k in options.kinds)
    if not kinds:
        raise QuizError("Choose at least one kind of question.")
    cards = [c for c in load_cards(col, article_id, options.sections)
             if set(c.ask_as) & set(kinds)]
    if not cards:
        raise QuizError("There are no cards to quiz on in the chosen sections "
                        f"that can be asked as {', '.join(kinds)}.")
    jitter = {c.card_id: rng.random() for c in cards}
    weak = weakness(col, cards, now) if options.prefer_weak else {}
    ordered = _spread(cards, lambda c: (-weak.get(c.card_id, 0.0), jitter[c.card_id]))
    questions = _assign(ordered, kinds, options.count, rng, load_article(col, article_id))
    if not questions:
        raise QuizError("None of the cards in the chosen sections can be asked as "
                        f"{', '.join(kinds)}: try other kinds of question.")
    return questions


def _assign(ordered: list[CardInfo], kinds: tuple[AskAs, ...], count: int,
            rng: random.Random, article: Article) -> list[Question]:
    """Walk the ranked cards, asking each the least-used kind it allows."""
    used_notes: set[str] = set()
    tally = dict.fromkeys(kinds, 0)
    questions: list[Question] = []
    for i, info in enumerate(ordered):
        if len(questions) >= count:
            break
        if info.note.id in used_notes:
            continue  # no repeats: one question per fact
        for kind in sorted((k for k in kinds if k in info.ask_as), key=lambda k: tally[k]):
            question = _try_build(info, kind, ordered[i + 1:], used_notes, rng, article)
            if question is not None:
                questions.append(question)
                tally[kind] += 1
                break
    return questions


def _fits(info: CardInfo, kind: AskAs) -> bool:
    """Whether the card reads well as `kind`: nobody should type a sentence from memory."""
    face = info.face
    if kind == "typed":
        return len(face.answer.split()) <= TYPED_ANSWER_MAX_WORDS
    if kind == "matching":
        return (len(face.front) <= MATCHING_MAX_CHARS and len(face.answer) <= MATCHING_MAX_CHARS
                and not answers_itself(face.front, face.answer))
    return True


def _try_build(info: CardInfo, kind: AskAs, rest: list[CardInfo], used: set[str],
               rng: random.Random, article: Article) -> Question | None:
    if not _fits(info, kind):
        return None
    try:
        if kind == "matching":
            group = [info]
            answers = {info.face.answer.casefold()}
            for other in rest:
                if len(group) == MATCHING_MIN:
                    break
                if ("matching" in other.ask_as and _fits(other, "matching")
                        and other.note.id not in used
                        and other.note.id not in {g.note.id for g in group}
                        and other.face.answer.casefold() not in answers):
                    group.append(other)
                    answers.add(other.face.answer.casefold())
            question = build_matching(group, rng)
            used.update(g.note.id for g in group)
            return question
        question = build_question(info, kind, rng, article=article)
    except QuizError:
        return None
    used.add(info.note.id)
    return question


def spec_questions(col: Collection, spec: QuizSpec, rng: random.Random | None = None,
                   article: Article | None = None) -> list[Question]:
    """An instructor quiz's questions in its order, options shuffled if it says so."""
    rng = rng or random.Random()
    questions = []
    for n, qs in enumerate(spec.questions, 1):
        try:
            if qs.ask_as == "matching":
                infos = [card_for_note(col, cid) for cid in qs.cards]
                questions.append(build_matching(infos, rng))
                continue
            if not qs.card:
                raise QuizError("no card given")
            info = card_for_note(col, qs.card)
            if article is None and info.note.article_id:
                article = load_article(col, info.note.article_id)
            questions.append(build_question(info, qs.ask_as, rng, spec.shuffle_options, article,
                                            typed_fallback=True))
        except QuizError as exc:
            raise QuizError(f"Quiz “{spec.title}”, question {n}: {exc}") from exc
    if spec.order == "shuffled":
        rng.shuffle(questions)
    return questions


# -- running a quiz -----------------------------------------------------------


@dataclass
class QuizClock:
    """Monotonic seconds for the time limit, wall time for the records."""

    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


class QuizSession:
    """One attempt at a quiz, from the first question to the results."""

    def __init__(self, col: Collection, questions: list[Question], *, title: str,
                 article_id: str | None = None, quiz_id: str | None = None,
                 time_limit: int | None = None, pass_mark: float = 0.7,
                 feedback: str = "each", attempts_allowed: int = 0,
                 instructions: str = "", clock: QuizClock | None = None,
                 begin: bool = True, attempts_elsewhere: int = 0) -> None:
        """`begin=False` waits for `begin()` (a start page): no attempt is used and no
        clock runs until the student says so, but a used-up quiz is refused at once."""
        self.col = col
        self.questions = list(questions)
        self.title = title
        self.instructions = instructions
        self.time_limit = time_limit
        self.pass_mark = pass_mark
        self.feedback = feedback
        self.quiz_id, self.article_id = quiz_id, article_id
        self.attempts_allowed = attempts_allowed
        self.attempts_elsewhere = attempts_elsewhere  # on the student's other machines (LRS)
        self.clock = clock or QuizClock()
        # an attempt begun on another machine that this one continues (classroom.limits):
        # (its uuid, its start); the time limit runs from that start
        self.continues: tuple[str, datetime] | None = None
        self.attempt_id: int | None = None
        self.index = 0
        self._started = self._shown = 0.0
        self._results: QuizResults | None = None
        if begin:
            self.begin()
        else:
            if not self.questions:
                raise QuizError(f"“{title}” has no questions to ask")
            check_attempts_left(col, quiz_id, attempts_allowed, title, attempts_elsewhere)

    def begin(self) -> int:
        """Open the attempt and start the clock; idempotent. Returns the attempt id. The
        start is queued for the class's LRS at once (when the student agreed), so other
        machines know this attempt is running."""
        if self.attempt_id is None:
            start = self.continues[1] if self.continues else self.clock.wall()
            with self.col.transaction(Change.QUIZZES):
                self.attempt_id = start_attempt(
                    self.col, title=self.title, total=len(self.questions),
                    pass_mark=self.pass_mark, quiz_id=self.quiz_id, article_id=self.article_id,
                    attempts_allowed=self.attempts_allowed, now=start,
                    attempts_elsewhere=self.attempts_elsewhere,
                    continues=self.continues[0] if self.continues else None)
                queue_attempt(self.col, self.attempt_id, start_only=True)
            self._shown = self.clock.monotonic()
            self._started = self._shown - self._run_elsewhere()
        return self.attempt_id

    def continue_attempt(self, uuid: str, started_at: datetime) -> None:
        """Before `begin`: this attempt continues one begun on another machine at
        `started_at`; its time limit runs from then."""
        if self.begun:
            raise QuizError("This attempt has begun already.")
        self.continues = (uuid, started_at)

    def _run_elsewhere(self) -> float:
        """Seconds the continued attempt ran before it came here (0 when none)."""
        if self.continues is None:
            return 0.0
        return max(0.0, (self.clock.wall() - self.continues[1]).total_seconds())

    @property
    def begun(self) -> bool:
        return self.attempt_id is not None

    def attempts_left(self) -> int | None:
        """Attempts the student still has, counting this one until it begins; None: no limit."""
        if self.quiz_id is None:
            return None
        return attempts_left(self.col, self.quiz_id, self.attempts_allowed,
                             self.attempts_elsewhere)

    # -- where we are
    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if not self.finished else None

    @property
    def progress(self) -> str:
        """"3 / 10": the number of the question on screen."""
        return f"{min(self.index + 1, self.total)} / {self.total}"

    @property
    def finished(self) -> bool:
        return self._results is not None or self.index >= self.total

    def time_left(self) -> float | None:
        """Seconds left, never negative; None when untimed."""
        if self.time_limit is None:
            return None
        if not self.begun:
            return max(0.0, self.time_limit - self._run_elsewhere())
        return max(0.0, self.time_limit - (self.clock.monotonic() - self._started))

    @property
    def expired(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    # -- answering
    def answer(self, response: Response) -> Verdict:
        """Judge and store the answer to the current question, then move on."""
        if self._results is not None or self.index >= self.total:
            raise QuizError("This quiz is over.")
        if self.expired:
            self.finish()
            raise QuizError("Time is up: the quiz was submitted.")
        attempt_id = self.begin()
        question = self.questions[self.index]
        verdict = judge(question, response)
        spent = int((self.clock.monotonic() - self._shown) * 1000)
        record_answer(self.col, attempt_id, self.index, question, verdict, spent,
                      now=self.clock.wall())
        self.index += 1
        self._shown = self.clock.monotonic()
        return verdict

    def tick(self) -> bool:
        """Called by a timer: submits the quiz when the time is up; True if it did."""
        if self._results is None and self.expired:
            self.finish()
            return True
        return False

    def finish(self) -> QuizResults:
        """Submit: unanswered questions count as wrong; idempotent."""
        if self._results is None:
            attempt_id = self.begin()
            timed_out = self.expired
            elapsed = self.clock.monotonic() - self._started
            if self.time_limit is not None:
                elapsed = min(elapsed, float(self.time_limit))
            unanswered = [(i, q) for i, q in enumerate(self.questions) if i >= self.index]
            # the result and its statements for the class's LRS: one transaction
            with self.col.transaction(Change.QUIZZES | Change.STUDY | Change.CARDS):
                finish_attempt(self.col, attempt_id, unanswered, elapsed, timed_out,
                               now=self.clock.wall())
                queue_attempt(self.col, attempt_id)
            self.index = self.total
            self._results = load_results(self.col, attempt_id)
        return self._results

    @property
    def results(self) -> QuizResults | None:
        return self._results


def start_quick_quiz(col: Collection, article_id: str, options: QuickQuizOptions,
                     rng: random.Random | None = None, clock: QuizClock | None = None,
                     begin: bool = True, questions: list[Question] | None = None
                     ) -> QuizSession:
    """A "Quiz me" session: untimed, feedback after each question, pass mark 70 %.

    `questions`: those the "Quiz me" dialog already planned (and told the student how
    many there would be), so the quiz is exactly what it announced.
    """
    if questions is None:
        questions = quick_quiz_questions(col, article_id, options, rng)
    title = load_article(col, article_id).title
    return QuizSession(col, questions, title=f"Quiz: {title}", article_id=article_id,
                       clock=clock, begin=begin)


def start_quiz(col: Collection, spec: QuizSpec, rng: random.Random | None = None,
               clock: QuizClock | None = None, begin: bool = True,
               attempts_elsewhere: int = 0) -> QuizSession:
    """A session of an instructor quiz, refused once its attempts are used up;
    `begin=False` for a start page (see `QuizSession`)."""
    questions = spec_questions(col, spec, rng)
    article_id = next((q.article_id for q in questions if q.article_id), None)
    return QuizSession(col, questions, title=spec.title, article_id=article_id, quiz_id=spec.id,
                       time_limit=spec.time_limit, pass_mark=spec.pass_mark,
                       feedback=spec.feedback, attempts_allowed=spec.attempts,
                       instructions=spec.instructions, clock=clock, begin=begin,
                       attempts_elsewhere=attempts_elsewhere)
