"""Quiz core: building questions, quick quizzes, instructor quizzes, attempts, results."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.quiz.attempts import AttemptsExhaustedError, export_csv, history, load_results
from app.core.quiz.questions import (
    QuizError,
    build_matching,
    build_question,
    card_for_note,
    judge,
)
from app.core.quiz.session import (
    QuickQuizOptions,
    QuizSession,
    quick_quiz_questions,
    start_quiz,
)
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from tests.helpers.quizdata import ARTICLE, FakeClock, card_id, right_response, wrong_response


def _spec(**kw: object) -> QuizSpec:
    base: dict[str, object] = {"id": "intro", "title": "Introduction", "questions": [
        QuestionSpec("typed", "border-year"),
        QuestionSpec("truefalse", "border-tf"),
        QuestionSpec("mcq", "first-fighter"),
        QuestionSpec("typed", "rosoboron-deputy"),
    ], "order": "fixed", "shuffle_options": False}
    base.update(kw)
    return QuizSpec(**base)  # type: ignore[arg-type]


# -- questions -----------------------------------------------------------------

def test_mcq_card_is_asked_with_its_own_options(qcol: Collection) -> None:
    info = card_for_note(qcol, "first-fighter")
    q = build_question(info, "mcq", random.Random(1))
    assert sorted(q.options) == sorted(["Su-27", "Su-35", "MiG-29", "J-20"])
    assert judge(q, q.options.index("Su-27")).correct
    assert not judge(q, q.options.index("MiG-29")).correct
    assert not judge(q, None).correct


def test_cloze_asked_typed_is_a_fill_in(qcol: Collection) -> None:
    q = build_question(card_for_note(qcol, "border-year"), "typed", random.Random())
    assert q.prompt == "The Sino-Soviet Border Agreement was signed in [...]."
    assert judge(q, "in 1991").correct and not judge(q, "1992").correct


def test_typed_alternatives_are_accepted(qcol: Collection) -> None:
    q = build_question(card_for_note(qcol, "rosoboron-deputy"), "typed",
                       random.Random())
    assert judge(q, "Scherbinin").correct


def test_truefalse_only_from_truefalse_cards(qcol: Collection) -> None:
    with pytest.raises(QuizError, match="cannot be asked as truefalse"):
        build_question(card_for_note(qcol, "peace-mission"), "truefalse",
                       random.Random())


def test_matching_judges_each_pair(qcol: Collection) -> None:
    infos = [card_for_note(qcol, n)
             for n in ("peace-mission", "s400", "su35", "air-patrols")]
    q = build_matching(infos, random.Random(3))
    assert list(q.choices) != [i.face.answer for i in infos]  # shuffled
    assert judge(q, q.key).correct
    swapped = (q.key[1], q.key[0], *q.key[2:])
    verdict = judge(q, swapped)
    assert not verdict.correct
    assert [cid for cid, ok in verdict.per_card.items() if not ok] == [i.card_id
                                                                      for i in infos[:2]]
    with pytest.raises(QuizError, match="4–6"):
        build_matching(infos[:3], random.Random())


# -- quick quiz ----------------------------------------------------------------

def test_quick_quiz_has_no_repeats_and_respects_count(qcol: Collection) -> None:
    opts = QuickQuizOptions(count=4, kinds=("mcq", "truefalse", "typed"), prefer_weak=False)
    questions = quick_quiz_questions(qcol, ARTICLE, opts, random.Random(5))
    assert len(questions) == 4
    cards = [c for q in questions for c in q.card_ids]
    assert len(cards) == len(set(cards))


def test_quick_quiz_spreads_across_chosen_sections(qcol: Collection) -> None:
    opts = QuickQuizOptions(sections=[0, 1, 2], count=3, kinds=("typed", "truefalse", "mcq"),
                            prefer_weak=False)
    for seed in range(5):
        questions = quick_quiz_questions(qcol, ARTICLE, opts, random.Random(seed))
        assert sorted(q.section_idx for q in questions) == [0, 1, 2]


def test_quick_quiz_only_the_chosen_kinds_and_sections(qcol: Collection) -> None:
    opts = QuickQuizOptions(sections=[0, 2], count=10, kinds=("truefalse",), prefer_weak=False)
    questions = quick_quiz_questions(qcol, ARTICLE, opts, random.Random())
    assert {q.ask_as for q in questions} == {"truefalse"}
    assert {q.section_idx for q in questions} == {0, 2}
    with pytest.raises(QuizError, match="no cards"):
        quick_quiz_questions(qcol, ARTICLE, QuickQuizOptions(sections=[4], prefer_weak=False))


def test_quick_quiz_can_include_a_matching_question(qcol: Collection) -> None:
    opts = QuickQuizOptions(sections=[2], count=5, kinds=("matching", "truefalse"),
                            prefer_weak=False)
    questions = quick_quiz_questions(qcol, ARTICLE, opts, random.Random(2))
    assert sorted(q.ask_as for q in questions) == ["matching", "truefalse"]
    assert len(next(q for q in questions if q.ask_as == "matching").terms) == 4


def test_quick_quiz_never_asks_to_type_a_sentence(qcol: Collection) -> None:
    save_note(qcol, Note("why-warning", "typed", {
        "front": "Besides the missile threat, why does Russia help China build a warning system?",
        "back": "To show that Russia is able to create strategic systems for its partners"},
        ARTICLE, 4))
    typed_only = QuickQuizOptions(sections=[4], kinds=("typed",), prefer_weak=False)
    with pytest.raises(QuizError, match="None of the cards"):
        quick_quiz_questions(qcol, ARTICLE, typed_only)


def test_prefer_weak_asks_recently_failed_cards_first(qcol: Collection) -> None:
    from app.core.study.reviews import record_review

    weak = card_id(qcol, "su35")
    record_review(qcol, weak, 1, 1000)
    opts = QuickQuizOptions(sections=[2], count=1, kinds=("typed",), prefer_weak=True)
    for seed in range(4):
        [q] = quick_quiz_questions(qcol, ARTICLE, opts, random.Random(seed))
        assert q.card_ids == (weak,)


# -- instructor quizzes and sessions -------------------------------------------------

def test_instructor_quiz_taken_to_results(qcol: Collection) -> None:
    session = start_quiz(qcol, _spec(pass_mark=0.75), clock=FakeClock())
    assert session.progress == "1 / 4"
    assert [q.ask_as for q in session.questions] == ["typed", "truefalse", "mcq", "typed"]
    first = session.current
    assert session.answer("1991").correct
    assert session.progress == "2 / 4"
    session.answer(right_response(session.current))
    session.answer(wrong_response(session.current))
    session.answer("Scherbinin")
    assert session.finished
    results = session.finish()
    assert (results.score, results.total) == (3, 4)
    assert results.passed  # 0.75 ≥ pass mark 0.75
    assert results.answers[0].prompt == first.prompt and results.answers[0].given == "1991"
    assert results.answers[2].correct_answer == "Su-27" and not results.answers[2].correct
    assert [(s.title, s.right, s.total) for s in results.sections] == [
        ("Introduction", 2, 2), ("Military cooperation in recent years", 1, 2)]
    assert results.mistakes == [card_id(qcol, "first-fighter")]


def test_pass_mark_is_applied(qcol: Collection) -> None:
    session = start_quiz(qcol, _spec(pass_mark=0.8), clock=FakeClock())
    for answer in ("1991", 0, 0, "nobody"):  # True is option 0; Su-27 is option 0 (sorted)
        session.answer(answer)
    results = session.finish()
    assert (results.score, results.passed) == (3, False)


def test_time_limit_auto_submits(qcol: Collection) -> None:
    clock = FakeClock()
    session = start_quiz(qcol, _spec(time_limit=60), clock=clock)
    session.answer("1991")
    clock.now += 30
    assert session.time_left() == 30 and not session.tick()
    clock.now += 31
    assert session.time_left() == 0
    assert session.tick()
    assert session.finished and session.current is None
    results = session.results
    assert results is not None and results.attempt.timed_out
    assert (results.score, results.total) == (1, 4)
    assert [a.given for a in results.answers] == ["1991", None, None, None]
    assert results.attempt.duration_s == 60
    with pytest.raises(QuizError, match="over"):
        session.answer(0)


def test_answer_after_time_is_up_is_refused_and_submits(qcol: Collection) -> None:
    clock = FakeClock()
    session = start_quiz(qcol, _spec(time_limit=10), clock=clock)
    clock.now += 11
    with pytest.raises(QuizError, match="Time is up"):
        session.answer("1991")
    assert session.results is not None and session.results.score == 0


def test_attempts_limit_holds(qcol: Collection) -> None:
    spec = _spec(attempts=2)
    for _ in range(2):
        start_quiz(qcol, spec, clock=FakeClock()).finish()
    before = qcol.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0]
    with pytest.raises(AttemptsExhaustedError, match="all 2 attempts"):
        start_quiz(qcol, spec, clock=FakeClock())
    assert qcol.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == before
    start_quiz(qcol, _spec(id="other", attempts=2), clock=FakeClock())  # per quiz


def test_fixed_order_kept_shuffled_order_varies(qcol: Collection) -> None:
    in_spec = [(card_id(qcol, q.card),) for q in _spec().questions if q.card]
    for seed in range(6):
        fixed = [q.card_ids for q in start_quiz(qcol, _spec(), random.Random(seed)).questions]
        assert fixed == in_spec
    orders = {tuple(q.card_ids for q in start_quiz(qcol, _spec(order="shuffled"),
                                                  random.Random(s)).questions)
              for s in range(6)}
    assert len(orders) > 1
    assert all(sorted(order) == sorted(in_spec) for order in orders)


def test_unknown_card_in_spec_is_a_clear_error(qcol: Collection) -> None:
    spec = _spec(questions=[QuestionSpec("typed", "no-such-card")])
    with pytest.raises(QuizError, match="question 1.*no-such-card"):
        start_quiz(qcol, spec)
    assert qcol.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 0


# -- the scheduler ------------------------------------------------------------------

def test_wrong_answer_makes_the_card_due_now_in_flashcard_study(qcol: Collection) -> None:
    from app.core.study.reviews import record_review
    from app.core.study.session import Scope, StudySession

    cid = card_id(qcol, "first-fighter")
    long_ago = datetime.now(UTC) - timedelta(days=3)
    record_review(qcol, cid, 3, 1000, now=long_ago)
    record_review(qcol, cid, 4, 1000, now=long_ago + timedelta(minutes=10))
    assert StudySession(qcol, Scope(card_ids=(cid,))).next_card() is None  # known: not due for days
    session = QuizSession(qcol, [build_question(card_for_note(qcol, "first-fighter"), "mcq", random.Random())],
                          title="t", article_id=ARTICLE)
    session.answer(wrong_response(session.current))
    card = StudySession(qcol, Scope(card_ids=(cid,))).next_card()
    assert card is not None and card.card_id == cid
    rating, source = qcol.execute(
        "SELECT rating, source FROM revlog WHERE card_id = ? ORDER BY id DESC", [cid]).fetchone()
    assert (rating, source) == (1, 1)  # source 1: a quiz


def test_right_answer_on_a_card_not_due_changes_nothing(qcol: Collection) -> None:
    cid = card_id(qcol, "border-tf")
    before = qcol.execute("SELECT * FROM cards WHERE id = ?", [cid]).fetchone()
    session = QuizSession(qcol, [build_question(card_for_note(qcol, "border-tf"), "truefalse",
                                                random.Random())], title="t")
    session.answer(0)
    assert qcol.execute("SELECT * FROM cards WHERE id = ?", [cid]).fetchone() == before
    assert qcol.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0


def test_right_answer_on_a_due_card_counts_as_good(qcol: Collection) -> None:
    from app.core.study.reviews import record_review

    cid = card_id(qcol, "border-tf")
    record_review(qcol, cid, 3, 1000, now=datetime.now(UTC) - timedelta(days=90))
    session = QuizSession(qcol, [build_question(card_for_note(qcol, "border-tf"), "truefalse",
                                                random.Random())], title="t")
    session.answer(session.current.options.index("True"))
    rows = qcol.execute("SELECT rating, source FROM revlog WHERE card_id = ? ORDER BY id",
                           [cid]).fetchall()
    assert rows == [(3, 0), (3, 1)]  # the log's numbers: 0 flashcards, 1 quiz
    due = qcol.execute("SELECT due FROM cards WHERE id = ?", [cid]).fetchone()[0]
    assert due > datetime.now(UTC).timestamp()


def test_answer_and_review_are_one_transaction(qcol: Collection,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.quiz import attempts as quiz_attempts

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(quiz_attempts, "record_review", broken)
    session = start_quiz(qcol, _spec(), clock=FakeClock())
    with pytest.raises(RuntimeError):
        session.answer("1990")  # wrong: needs a review, which fails
    assert qcol.execute("SELECT COUNT(*) FROM quiz_answers").fetchone()[0] == 0
    assert session.progress == "1 / 4"  # still on the same question


# -- history and export --------------------------------------------------------------

def test_history_and_csv_export(qcol: Collection, tmp_path: Path) -> None:
    qcol.set_setting("student_name", "Ada Lovelace")
    for answers in (("1991", 0, 0, "Scherbinin"), ("1990", 1, 1, "x")):
        session = start_quiz(qcol, _spec(), clock=FakeClock())
        for a in answers:
            session.answer(a)
        session.finish()
    rows = history(qcol, "intro")
    assert [(r.score, r.total) for r in rows] == [(0, 4), (4, 4)]
    out = tmp_path / "results.csv"
    assert export_csv(qcol, out, quiz_id="intro") == 8
    with out.open(newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert {r["student"] for r in table} == {"Ada Lovelace"}
    assert [r["given"] for r in table[:4]] == ["1991", "True", "Su-27", "Scherbinin"]
    assert table[4]["correct"] == "no" and table[4]["correct_answer"] == "1991"
    assert load_results(qcol, rows[0].id).score == 0


def test_csv_export_to_unwritable_place_says_where(qcol: Collection, tmp_path: Path) -> None:
    with pytest.raises(QuizError, match="Cannot write"):
        export_csv(qcol, tmp_path / "missing" / "x.csv")


def test_a_card_deleted_during_the_quiz_does_not_stop_it(qcol: Collection) -> None:
    from app.core.notes.store import delete_note

    session = start_quiz(qcol, _spec(), clock=FakeClock())
    delete_note(qcol, "border-year")  # in the card browser, while the quiz runs
    assert not session.answer("1990").correct  # wrong, but nothing to reschedule
    assert session.progress == "2 / 4"
    assert qcol.execute("SELECT COUNT(*) FROM quiz_answers").fetchone()[0] == 1
