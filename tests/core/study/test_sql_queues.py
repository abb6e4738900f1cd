"""Study queues from indexed SQL equal the old read-everything builder (the oracle in
tests/helpers/queue_oracle.py) on randomised collections: limits, day rollover,
sections, hand-picked lists, bury, suspend, inactive notes. And undo puts back
exactly the previous state without building the queues again."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from app.core.changes import Change
from app.core.clock import day_start
from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.storage.collection import Collection
from app.core.study import daycounts
from app.core.study.queues import Counts
from app.core.study.scheduler import LEARNING, NEW, RELEARNING, REVIEW
from app.core.study.session import Scope, StudySession
from app.core.study.settings import StudySettings, save_settings
from tests.helpers.queue_oracle import legacy_queues

ARTICLES = ("art-a", "art-b")
DAY = 86400.0


class Clock:
    def __init__(self, when: datetime) -> None:
        self.now = when.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now


def _random_collection(col: Collection, rng: random.Random, now: datetime) -> list[int]:
    """Two articles of cards in every state, some suspended, buried, inactive, with
    answers already given today; returns the card ids."""
    with col.transaction(Change.everything()):
        for i, article in enumerate(ARTICLES):
            col.execute("INSERT INTO articles (id, title, source_name, content_hash, imported_at, "
                       "position) VALUES (?, ?, 'x.txt', ?, '2026', ?)",
                       [article, article, article, i])
    notes = []
    for article in ARTICLES:
        positions = rng.sample(range(1000), 60)
        for k, position in enumerate(positions):
            cloze = rng.random() < 0.2
            fields = ({"text": "{{c1::Alpha}} and {{c2::beta}}"} if cloze
                      else {"front": f"Q {article} {k}", "back": "A"})
            notes.append(Note(f"{article}-{k}", "cloze" if cloze else "basic", fields,
                              article, rng.randrange(4), position=position))
    save_notes(col, notes)
    ts = now.timestamp()
    ids = [r[0] for r in col.execute("SELECT id FROM cards ORDER BY id")]
    with col.transaction(Change.CARDS | Change.STUDY):
        for card_id in ids:
            kind = rng.choice((NEW, NEW, LEARNING, REVIEW, REVIEW, REVIEW, RELEARNING))
            if kind != NEW:
                last = ts - rng.uniform(0, 30 * DAY)
                # due: overdue, later today (before or after the rollover), or days away
                due = rng.choice((ts - rng.uniform(0, 5 * DAY), ts + rng.uniform(0, DAY),
                                  ts + rng.uniform(0, 6 * 3600), ts + rng.uniform(DAY, 9 * DAY)))
                col.execute("UPDATE cards SET state = ?, step = 0, stability = 3.0, "
                           "difficulty = 5.0, due = ?, last_review = ?, reps = 2 WHERE id = ?",
                           [kind, round(due), last, card_id])
            if rng.random() < 0.08:
                col.execute("UPDATE cards SET suspended = 1 WHERE id = ?", [card_id])
            if rng.random() < 0.08:
                col.execute("UPDATE cards SET buried_until = ? WHERE id = ?",
                           [rng.choice((ts - 3600, ts + 3600)), card_id])
        for card_id in rng.sample(ids, 25):  # answers given earlier today (and yesterday)
            at = rng.choice((day_start(now).timestamp() + 60, day_start(now).timestamp() - 60))
            col.execute("INSERT INTO revlog (card_id, rating, reviewed_at, queue) "
                       "VALUES (?, 3, ?, ?)", [card_id, at, rng.choice((NEW, REVIEW, LEARNING))])
        col.execute("UPDATE notes SET active = 0 WHERE id IN (SELECT id FROM notes "
                   "ORDER BY id LIMIT 5)")
        daycounts.recount(col, now)  # answers written straight into the log, as an import
    save_settings(col, StudySettings(new_per_day=rng.choice((0, 3, 10, 200)),
                                     reviews_per_day=rng.choice((0, 5, 20, 500))))
    return ids


def _scopes(rng: random.Random, ids: list[int]) -> list[Scope]:
    return [Scope("art-a"), Scope("art-b"), Scope("art-a", rng.randrange(4)),
            Scope("art-b", rng.randrange(4)), Scope(card_ids=tuple(rng.sample(ids, 40)))]


def _random_sittings(col: Collection, rng: random.Random) -> tuple[Clock, list[Scope]]:
    """A random collection, its clock — some seeds study just before the 4 a.m.
    rollover, some right after it — and the scopes to study it in."""
    now = datetime(2026, 3, 2, rng.choice((3, 4, 10, 23)), rng.randrange(60)).astimezone()
    ids = _random_collection(col, rng, now)
    return Clock(now), _scopes(rng, ids)


@pytest.mark.parametrize("seed", range(8))
def test_sql_queues_equal_the_read_everything_builder(col: Collection, seed: int) -> None:
    rng = random.Random(seed)
    clock, scopes = _random_sittings(col, rng)
    for scope in scopes:
        session = StudySession(col, scope, clock)
        assert session.queues() == legacy_queues(col, scope, clock())
        # bury and suspend a few as a student would; the SQL rebuild still agrees
        buried = []
        for _ in range(3):
            card = session.next_card()
            if card is None:
                break
            if rng.random() < 0.5:
                session.bury(card)
                buried.append(card.card_id)
            else:
                session.suspend(card)
        session.rebuild()
        assert session.queues() == legacy_queues(col, scope, clock(), buried)
        # answers count against the daily limits at once (the counters follow the log)
        for _ in range(2):
            card = session.next_card()
            if card is not None:
                session.answer(card, rng.randint(1, 4), 1000)
        session.rebuild()
        assert session.queues() == legacy_queues(col, scope, clock(), buried)
    # the next study day: the queues follow the rollover by themselves
    clock.now += timedelta(days=1)
    session = StudySession(col, Scope("art-a"), clock)
    assert session.queues() == legacy_queues(col, Scope("art-a"), clock())


@pytest.mark.parametrize("seed", range(4))
def test_undo_restores_exactly_the_previous_state_without_a_rebuild(col: Collection,
                                                                   seed: int) -> None:
    rng = random.Random(100 + seed)
    now = datetime(2026, 3, 2, 10, 0).astimezone()
    _random_collection(col, rng, now)
    save_settings(col, StudySettings(new_per_day=4, reviews_per_day=5))  # limits that bind
    clock = Clock(now)
    session = StudySession(col, Scope("art-a"), clock)
    session.counts()
    tables = ("cards", "revlog")

    def state() -> tuple:
        return (session.queues(), session.counts(),
                {t: col.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables})

    history = []
    for _ in range(12):
        card = session.next_card()
        if card is None:
            break
        history.append((state(), card.card_id))
        action = rng.choice(("answer", "answer", "answer", "bury", "suspend"))
        if action == "answer":
            session.answer(card, rng.randint(1, 4), 2000)
        else:
            getattr(session, action)(card)
        clock.now += timedelta(seconds=rng.randint(5, 40))
    assert len(history) >= 6
    builds = session.builds
    for previous, card_id in reversed(history):
        assert session.undo() is not None
        assert state() == previous
        assert session.next_card().card_id == card_id, "the undone card is shown next"
    assert session.undo() is None
    assert session.builds == builds, "undo built the queues again"
    session.rebuild()  # and the daily counts were given back too
    assert session.queues() == legacy_queues(col, Scope("art-a"), clock())


class CommitFailed(Exception):
    """Raised where the commit would run: the transaction rolls back as on a real failure."""


def _sitting_state(session: StudySession) -> Callable[[], tuple]:
    """Everything a failed commit must leave as it was: the sitting and the tables."""
    col = session.col

    def state() -> tuple:
        return (session.queues(), session.counts(), session.studied, session.can_undo,
                {t: col.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                 for t in ("cards", "revlog", "day_counts")})
    return state


def _show_next_then_fail(session: StudySession) -> Callable[[], None]:
    """A `before_commit` that does what the review screen does there, then fails."""
    def show_next_then_fail() -> None:
        session.next_card()
        raise CommitFailed
    return show_next_then_fail


@pytest.mark.parametrize("seed", range(3))
def test_an_answer_failing_at_its_commit_leaves_the_sitting_as_it_was(col: Collection,
                                                                      seed: int) -> None:
    """The review screen paints the next card inside the answer's transaction
    (`before_commit`); when the commit then fails, the session must forget the answer
    as an undo would — queues, counts, tally, undo stack — and the collection too."""
    rng = random.Random(200 + seed)
    now = datetime(2026, 3, 2, 10, 0).astimezone()
    _random_collection(col, rng, now)
    save_settings(col, StudySettings(new_per_day=4, reviews_per_day=5, bury_related=True))
    clock = Clock(now)
    session = StudySession(col, Scope("art-a"), clock)

    state, show_next_then_fail = _sitting_state(session), _show_next_then_fail(session)

    failed = 0
    while (card := session.next_card()) is not None and failed < 6:
        previous = state()
        with pytest.raises(CommitFailed):
            session.answer(card, rng.randint(1, 4), 2000, before_commit=show_next_then_fail)
        assert state() == previous
        assert session.next_card().card_id == card.card_id, "the same card comes back"
        failed += 1
        session.answer(card, 3, 2000)  # and saving it then works as ever
        clock.now += timedelta(seconds=30)
    assert failed >= 3 and session.builds == 1


def test_an_undo_failing_at_its_commit_keeps_the_action_done_and_undoable(
        col: Collection) -> None:
    rng = random.Random(7)
    now = datetime(2026, 3, 2, 10, 0).astimezone()
    _random_collection(col, rng, now)
    clock = Clock(now)
    session = StudySession(col, Scope("art-a"), clock)

    state, show_then_fail = _sitting_state(session), _show_next_then_fail(session)

    for action in ("answer", "bury", "suspend"):
        card = session.next_card()
        session.answer(card, 3, 1000) if action == "answer" else getattr(session, action)(card)
        following = session.next_card()
        done = state()
        with pytest.raises(CommitFailed):
            session.undo(before_commit=show_then_fail)
        assert state() == done, action
        assert session.next_card().card_id == following.card_id, action
        assert session.undo() == action  # and it can still be undone
        assert session.next_card().card_id == card.card_id


def test_the_overview_recounting_twice_builds_the_queues_once(col: Collection) -> None:
    rng = random.Random(5)
    now = datetime(2026, 3, 2, 10, 0).astimezone()
    _random_collection(col, rng, now)
    session = StudySession(col, Scope("art-b"), Clock(now))
    assert session.builds == 0  # nothing read before something is asked
    session.rebuild()  # an edit elsewhere …
    session.rebuild()  # … and the overview being shown again
    session.counts()
    session.next_card()
    assert session.builds == 1


@pytest.mark.parametrize("seed", range(6))
def test_the_counted_queues_equal_the_built_ones(col: Collection, seed: int) -> None:
    """The overview counts the queues in SQL before any card is shown; the numbers are
    those of the queues built for the first card (limits, rollover, bury, suspend)."""
    clock, scopes = _random_sittings(col, random.Random(seed))
    for scope in scopes:
        counting = StudySession(col, scope, clock)
        counted = counting.counts()
        assert counting.builds == 0  # counted, not built
        built = StudySession(col, scope, clock).queues()
        assert counted == Counts(len(built.new), len(built.learning), len(built.review))
        card = counting.next_card()  # now built: the sitting's own queues from here on
        if card is not None:
            counting.bury(card)
            assert counting.counts().total == counted.total - 1
        counting.rebuild()  # and counted again, with that card buried
        if scope.limited:  # (a hand-picked list shows buried cards to a new sitting)
            assert counting.counts() == StudySession(col, scope, clock).counts()
