"""Study core: FSRS scheduling through app.core.study.session, on real collection files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import fsrs
import fsrs.scheduler as fsrs_scheduler
import pytest

from app.core.notes.model import Note, NoteError
from app.core.notes.store import deactivate_note, save_note
from app.core.storage.collection import Collection
from app.core.study import reviews as card_reviews
from app.core.study import scheduler as study
from app.core.study import settings as study_settings
from app.core.study.scheduler import SettingsError, fuzz_draws
from app.core.study.session import Scope, StudySession

ARTICLE = "russia-china-military-cooperation"
from tests.helpers import ROOT


class Clock:
    """A settable clock: tests move time instead of sleeping."""

    def __init__(self, when: datetime) -> None:
        self.now = when.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)

    def set_local(self, *args: int) -> None:
        self.now = datetime(*args).astimezone().astimezone(UTC)


def local(*args: int) -> datetime:
    return datetime(*args).astimezone()


def add_basic(col: Collection, n: int, section: int = 0, start: int = 0) -> list[int]:
    """n basic notes in a section; returns their card ids in article order."""
    for i in range(start, start + n):
        save_note(col, Note(id=f"n{section}-{i:03}", kind="basic",
                            fields={"front": f"Q{section}.{i}", "back": f"A{section}.{i}"},
                            article_id=ARTICLE, section_idx=section, position=i,
                            source=f"Sentence {i}."))
    return card_ids(col, section)


def card_ids(col: Collection, section: int | None = None) -> list[int]:
    sql = ("SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
           + ("WHERE n.section_idx = ? " if section is not None else "")
           + "ORDER BY n.section_idx, n.position, c.ord")
    return [r[0] for r in col.execute(sql, [section] if section is not None else [])]


def card_row(col: Collection, card_id: int) -> dict:
    return col.query("SELECT * FROM cards WHERE id = ?", [card_id])[0]


def set_limits(col: Collection, new: int = 20, reviews: int = 200) -> None:
    s = study_settings.load_settings(col)
    study_settings.save_settings(col, study_settings.StudySettings(new, reviews, s.desired_retention,
                                                 s.maximum_interval))


def seeded_fsrs_review(sched: fsrs.Scheduler, card: fsrs.Card, rating: int, when: datetime,
                       reps: int) -> fsrs.Card:
    """fsrs itself, with its fuzz drawing from the documented per-card seed."""
    saved = fsrs_scheduler.random
    fsrs_scheduler.random = fuzz_draws(card.card_id, reps)
    try:
        return sched.review_card(card, fsrs.Rating(rating), when)[0]
    finally:
        fsrs_scheduler.random = saved


@pytest.mark.parametrize("fuzz", [True, False])
def test_button_intervals_are_the_results_and_equal_fsrs(col_with_article, fuzz):
    col = col_with_article
    [cid] = add_basic(col, 1)
    clock = Clock(local(2026, 3, 10, 9, 0))
    session = StudySession(col, Scope(ARTICLE), clock)
    session.scheduler.fsrs.enable_fuzzing = fuzz
    reference = fsrs.Scheduler(enable_fuzzing=fuzz)
    ref_card = fsrs.Card(card_id=cid)
    ratings = [3, 3, 3, 3, 2, 1, 3, 4, 3, 3]
    for reps, rating in enumerate(ratings):
        card = session.next_card()
        assert card is not None and card.card_id == cid
        shown = card.outcomes[rating]
        after = session.answer(card, rating, 1500)
        row = card_row(col, cid)
        assert row["due"] - clock.now.timestamp() == pytest.approx(shown.interval_seconds)
        assert after.due == row["due"]
        if reps == 0:
            ref_card.due = clock.now
        ref_card = seeded_fsrs_review(reference, ref_card, rating, clock.now, reps)
        assert row["due"] == pytest.approx(ref_card.due.timestamp())
        assert row["stability"] == pytest.approx(ref_card.stability)
        assert row["difficulty"] == pytest.approx(ref_card.difficulty)
        assert row["state"] == int(ref_card.state)
        clock.now = datetime.fromtimestamp(row["due"], UTC)
    assert col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == len(ratings)
    labels = [o.label for o in StudySession(col, Scope(ARTICLE), clock).next_card().outcomes.values()]
    assert all(label and label[0].isdigit() for label in labels)


def test_new_card_labels_are_the_learning_steps(col_with_article):
    add_basic(col_with_article, 1)
    session = StudySession(col_with_article, Scope(ARTICLE), Clock(local(2026, 3, 10, 9, 0)))
    card = session.next_card()
    assert card.labels[1] == "1m"
    assert card.labels[2] == "6m"
    assert card.labels[3] == "10m"
    assert card.labels[4].endswith("d")


def test_daily_new_limit_and_4am_rollover(col_with_article):
    col = col_with_article
    ids = add_basic(col, 25)
    clock = Clock(local(2026, 3, 10, 10, 0))
    session = StudySession(col, Scope(ARTICLE), clock)
    assert session.counts().new == 20
    seen = []
    while (card := session.next_card()) is not None:
        seen.append(card.card_id)
        session.answer(card, 4, 1000)
    assert seen == ids[:20], "new cards come in article order, up to the daily limit"
    clock.set_local(2026, 3, 11, 3, 59)
    assert StudySession(col, Scope(ARTICLE), clock).counts().new == 0
    clock.set_local(2026, 3, 11, 4, 1)
    later = StudySession(col, Scope(ARTICLE), clock)
    assert later.counts().new == 5
    assert later.next_card().card_id == ids[20]


def test_limit_is_per_article_and_shared_by_its_sections(col_with_article):
    col = col_with_article
    set_limits(col, new=3)
    add_basic(col, 2, section=0)
    add_basic(col, 4, section=1)
    clock = Clock(local(2026, 3, 10, 10, 0))
    s0 = StudySession(col, Scope(ARTICLE, 0), clock)
    for _ in range(2):
        s0.answer(s0.next_card(), 3, 1000)
    assert StudySession(col, Scope(ARTICLE, 1), clock).counts().new == 1
    assert StudySession(col, Scope(card_ids=tuple(card_ids(col, 1))), clock).counts().new == 4


def test_daily_review_limit(col_with_article):
    col = col_with_article
    set_limits(col, new=50, reviews=3)
    add_basic(col, 6)
    clock = Clock(local(2026, 3, 10, 10, 0))
    session = StudySession(col, Scope(ARTICLE), clock)
    while (card := session.next_card()) is not None:
        session.answer(card, 4, 1000)
    clock.set_local(2026, 6, 1, 10, 0)
    session = StudySession(col, Scope(ARTICLE), clock)
    assert session.counts().review == 3
    for _ in range(3):
        card = session.next_card()
        assert card.queue == study.REVIEW
        session.answer(card, 3, 1000)
    assert session.next_card() is None
    assert StudySession(col, Scope(ARTICLE), clock).counts().review == 0


def test_learning_cards_come_back_when_due(col_with_article):
    col = col_with_article
    ids = add_basic(col, 3)
    clock = Clock(local(2026, 3, 10, 10, 0))
    session = StudySession(col, Scope(ARTICLE), clock)
    first = session.next_card()
    session.answer(first, 1, 1000)  # Again: due in 1 minute
    assert session.counts().learning == 1
    assert session.next_card().card_id == ids[1], "not due yet: the next new card comes first"
    clock.advance(seconds=61)
    back = session.next_card()
    assert back.card_id == first.card_id and back.queue == study.LEARNING
    session.answer(back, 3, 1000)  # Good: next step, 10 minutes
    for _ in range(2):
        session.answer(session.next_card(), 4, 1000)
    # Nothing else left: a learning card due within 20 minutes is shown early, as in Anki.
    early = session.next_card()
    assert early.card_id == first.card_id
    session.answer(early, 3, 1000)
    assert session.next_card() is None
    assert card_row(col, first.card_id)["state"] == study.REVIEW


def test_a_card_failed_just_before_the_4am_rollover_stays_in_the_sitting(col_with_article):
    """At 3:55 a failed card's step ends after the study day: it is still shown within the
    learn-ahead limit, counted, and put back by undo — not lost until the next day."""
    col = col_with_article
    ids = add_basic(col, 1)
    clock = Clock(local(2026, 3, 10, 10, 0))
    session = StudySession(col, Scope(ARTICLE), clock)
    session.answer(session.next_card(), 4, 1000)  # Easy: a review card, due in days
    overdue = datetime.fromtimestamp(card_row(col, ids[0])["due"]).astimezone() + timedelta(days=1)
    clock.set_local(overdue.year, overdue.month, overdue.day, 3, 55)  # the day after it is due
    session = StudySession(col, Scope(ARTICLE), clock)
    card = session.next_card()
    assert card is not None and card.card_id == ids[0]
    session.answer(card, 1, 1000)  # Again: relearning, due after 4:00
    assert card_row(col, ids[0])["due"] > clock.now.timestamp() + 60
    assert session.counts().learning == 1
    again = session.next_card()
    assert again is not None and again.card_id == ids[0] and again.queue == study.RELEARNING
    assert StudySession(col, Scope(ARTICLE), clock).next_card().card_id == ids[0]
    session.undo()
    assert session.next_card().card_id == ids[0]


def test_bury_until_next_day(col_with_article):
    col = col_with_article
    ids = add_basic(col, 2)
    clock = Clock(local(2026, 3, 10, 10, 0))
    session = StudySession(col, Scope(ARTICLE), clock)
    session.bury(session.next_card())
    assert session.counts().new == 1
    assert session.next_card().card_id == ids[1]
    assert StudySession(col, Scope(ARTICLE), clock).counts().new == 1
    clock.set_local(2026, 3, 11, 4, 0, 1)
    tomorrow = StudySession(col, Scope(ARTICLE), clock)
    assert tomorrow.next_card().card_id == ids[0]


def test_suspend_and_unsuspend(col_with_article):
    col = col_with_article
    ids = add_basic(col, 2)
    clock = Clock(local(2026, 3, 10, 10, 0))
    session = StudySession(col, Scope(ARTICLE), clock)
    session.suspend(session.next_card())
    assert session.next_card().card_id == ids[1]
    clock.set_local(2026, 4, 10, 10, 0)
    assert StudySession(col, Scope(ARTICLE), clock).counts().new == 1
    card_reviews.set_suspended(col, [ids[0]], False)
    assert StudySession(col, Scope(ARTICLE), clock).next_card().card_id == ids[0]


def test_undo_chain_restores_cards_and_removes_log_rows(col_with_article):
    col = col_with_article
    ids = add_basic(col, 3)
    clock = Clock(local(2026, 3, 10, 10, 0))
    session = StudySession(col, Scope(ARTICLE), clock)
    before = {cid: card_row(col, cid) for cid in ids}
    order = []
    for rating in (3, 1, 4):
        card = session.next_card()
        order.append(card.card_id)
        session.answer(card, rating, 2000)
        clock.advance(seconds=5)
    session.bury(session.next_card())  # the Again card, learned ahead
    assert col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 3
    assert session.studied == 3 and session.again == 1
    assert session.undo() == "bury"
    for expected_left, cid in zip((2, 1, 0), reversed(order)):
        assert session.undo() == "answer"
        assert card_row(col, cid) == before[cid]
        assert session.next_card().card_id == cid, "the undone card is shown again"
        assert col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == expected_left
    assert session.undo() is None
    assert session.studied == 0 and session.again == 0 and session.duration_ms == 0


def test_undo_is_refused_when_the_card_was_answered_since(col_with_article):
    col = col_with_article
    [cid] = add_basic(col, 1)
    new_state = card_reviews._read_state(col, cid)
    card_reviews.record_review(col, cid, 3, 1000)
    first = col.execute("SELECT MIN(id) FROM revlog").fetchone()[0]
    card_reviews.record_review(col, cid, 3, 1000)
    with pytest.raises(study_settings.StudyError, match="answered again"):
        card_reviews.undo_review(col, first, new_state)


def _answered_history(col: Collection, clock: Clock) -> list[int]:
    ids = add_basic(col, 4)
    for day in range(4):
        session = StudySession(col, Scope(ARTICLE), clock)
        while (card := session.next_card()) is not None:
            hard = card.card_id == ids[0] and card.queue == study.REVIEW
            session.answer(card, 2 if hard else 3, 3000)
        clock.advance(days=7)
    return ids


def _change_retention(col: Collection, retention: float, reschedule: bool) -> int:
    """Study Options → desired retention, the other options as they are."""
    s = study_settings.load_settings(col)
    return card_reviews.update_study_options(col, s.new_per_day, s.reviews_per_day, retention,
                                             s.maximum_interval, reschedule, "")


def test_reschedule_after_retention_change(col_with_article):
    col = col_with_article
    clock = Clock(local(2026, 3, 10, 10, 0))
    ids = _answered_history(col, clock)
    before = {cid: card_row(col, cid) for cid in ids}
    with pytest.raises(SettingsError, match="between 0.70 and 0.97"):
        _change_retention(col, 0.99, True)
    assert _change_retention(col, 0.80, False) == 0
    assert {cid: card_row(col, cid) for cid in ids} == before
    assert _change_retention(col, 0.90, False) == 0
    assert _change_retention(col, 0.80, True) == len(ids)
    reference = fsrs.Scheduler(desired_retention=0.80, enable_fuzzing=False)
    for cid in ids:
        row = card_row(col, cid)
        logs = [fsrs.ReviewLog(cid, fsrs.Rating(r), datetime.fromtimestamp(t, UTC), None)
                for r, t in col.execute(
                    "SELECT rating, reviewed_at FROM revlog WHERE card_id = ?", [cid])]
        ref = reference.reschedule_card(fsrs.Card(card_id=cid), logs)
        assert row["stability"] == pytest.approx(ref.stability)
        assert row["difficulty"] == pytest.approx(ref.difficulty)
        unfuzzed = (ref.due - ref.last_review).days
        interval = (row["due"] - row["last_review"]) / 86400
        assert abs(interval - unfuzzed) <= max(1, 0.16 * unfuzzed)
        assert row["due"] - row["last_review"] > before[cid]["due"] - before[cid]["last_review"]
    assert study_settings.load_settings(col).desired_retention == 0.80
    # Going back to 0.90 reproduces the original schedule exactly: the fuzz is deterministic.
    _change_retention(col, 0.90, True)
    assert {cid: card_row(col, cid) for cid in ids} == before


def test_record_review_from_quiz_and_retrievability(col_with_article):
    col = col_with_article
    [cid] = add_basic(col, 1)
    t0 = local(2026, 3, 10, 10, 0).astimezone(UTC)
    assert card_reviews.card_retrievability(col, cid, t0) is None
    card_reviews.record_review(col, cid, 4, 1200, now=t0)
    r = card_reviews.card_retrievability(col, cid, t0 + timedelta(days=30))
    assert 0 < r < 1
    t1 = t0 + timedelta(days=40)
    card_reviews.record_review(col, cid, 1, 800, source="quiz", now=t1)
    row = card_row(col, cid)
    assert row["state"] == study.RELEARNING and row["lapses"] == 1
    assert row["due"] - t1.timestamp() == pytest.approx(600)
    log = list(col.query("SELECT * FROM revlog ORDER BY id"))
    assert [(x["source"], x["rating"], x["queue"]) for x in log] == [
        (0, 4, study.NEW), (1, 1, study.REVIEW)]  # source 0 flashcards, 1 quiz
    session = StudySession(col, Scope(card_ids=(cid,)), lambda: t1 + timedelta(minutes=1))
    assert session.next_card().card_id == cid, "review mistakes shows it straight away"
    with pytest.raises(study_settings.StudyError, match="unknown review source"):
        card_reviews.record_review(col, cid, 3, 1, source="exam")


def test_inactive_notes_are_not_studied(col_with_article):
    col = col_with_article
    add_basic(col, 2)
    deactivate_note(col, "n0-000")
    session = StudySession(col, Scope(ARTICLE), Clock(local(2026, 3, 10, 10, 0)))
    assert session.counts().new == 1


def test_cloze_with_several_deletions_gives_one_card_per_number(col_with_article):
    col = col_with_article
    save_note(col, Note(id="cz", kind="cloze", article_id=ARTICLE, section_idx=0,
                        fields={"text": "In {{c1::1991}} the {{c2::border}} deal was "
                                        "signed in {{c3::Moscow::city}}; {{c1::1991}} again."}))
    rows = list(col.query("SELECT id, ord FROM cards WHERE note_id = 'cz' ORDER BY ord"))
    assert [r["ord"] for r in rows] == [0, 1, 2]
    # siblings are buried after one is answered; here all three are looked at in a row
    study_settings.save_settings(col, study_settings.StudySettings(bury_related=False))
    session = StudySession(col, Scope(ARTICLE), Clock(local(2026, 3, 10, 10, 0)))
    faces = []
    while (card := session.next_card()) is not None:
        faces.append(card.face)
        session.answer(card, 4, 500)
    assert [f.answer for f in faces] == ["1991, 1991", "border", "Moscow"]
    assert faces[2].front.count("[city]") == 1 and "1991" in faces[2].front


@pytest.mark.parametrize("kind, fields, message", [
    ("basic", {"front": "  ", "back": "x"}, "front"),
    ("cloze", {"text": "No deletion here."}, "at least one deletion"),
    ("typed", {"front": "", "back": "x"}, "front"),
])
def test_empty_front_or_cloze_without_deletion_is_refused(col_with_article, kind, fields, message):
    col = col_with_article
    with pytest.raises(NoteError, match=message):
        save_note(col, Note(id="bad", kind=kind, fields=fields, article_id=ARTICLE))
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0
    assert col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0


def test_editing_a_note_to_an_empty_front_is_refused_and_keeps_it(col_with_article):
    col = col_with_article
    add_basic(col, 1)
    from app.core.notes.store import get_note
    note = get_note(col, "n0-000")
    note.fields = {"front": "", "back": "x"}
    with pytest.raises(NoteError):
        save_note(col, note)
    assert get_note(col, "n0-000").fields["front"] == "Q0.0"


def test_crash_right_after_answer_keeps_the_review(col_with_article, tmp_path):
    col = col_with_article
    [cid] = add_basic(col, 1)
    path = col.path
    col.close()
    script = textwrap.dedent(f"""
        import sys, time
        from app.core.storage.collection import Collection
        from app.core.study.session import Scope, StudySession
        col = Collection.open({str(path)!r})
        session = StudySession(col, Scope({ARTICLE!r}))
        card = session.next_card()
        session.answer(card, 3, 4321)
        print("answered", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout.readline().strip() == "answered"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    reopened = Collection.open(path)
    try:
        log = list(reopened.db.query("SELECT * FROM revlog"))
        assert [(x["card_id"], x["rating"], x["duration_ms"]) for x in log] == [(cid, 3, 4321)]
        assert log[0]["queue"] == study.NEW  # answered as a new card
        row = card_row(reopened, cid)
        assert row["last_review"] is not None and row["reps"] == 1
    finally:
        reopened.close()


def test_review_mistakes_shows_a_buried_card_but_the_article_does_not(col_with_article) -> None:  # type: ignore[no-untyped-def]
    from app.core.notes.model import Note
    from app.core.notes.store import save_note
    from app.core.study.reviews import bury_card, record_review

    col = col_with_article
    save_note(col, Note("m1", "basic", {"front": "Q?", "back": "A"},
                        "russia-china-military-cooperation", 0))
    card_id = col.execute("SELECT id FROM cards WHERE note_id = 'm1'").fetchone()[0]
    record_review(col, card_id, 1, 1000, source="quiz")  # a quiz mistake: due again now
    bury_card(col, card_id)
    assert StudySession(col, Scope("russia-china-military-cooperation")).next_card() is None
    picked = StudySession(col, Scope(card_ids=(card_id,))).next_card()
    assert picked is not None and picked.card_id == card_id


def test_a_card_buried_while_reviewing_mistakes_stays_away_after_a_recount(col_with_article) -> None:  # type: ignore[no-untyped-def]
    from app.core.notes.model import Note
    from app.core.notes.store import save_note
    from app.core.study.reviews import record_review

    col = col_with_article
    ids = []
    for i in range(2):
        save_note(col, Note(f"mk{i}", "basic", {"front": f"Q{i}?", "back": "A"},
                            "russia-china-military-cooperation", 0, position=i))
        card_id = col.execute("SELECT id FROM cards WHERE note_id = ?", [f"mk{i}"]).fetchone()[0]
        record_review(col, card_id, 1, 1000, source="quiz")
        ids.append(card_id)
    session = StudySession(col, Scope(card_ids=tuple(ids)))
    first = session.next_card()
    assert first is not None
    session.bury(first)
    session.rebuild()  # e.g. the overview recounting after an edit in the browser
    assert session.counts().total == 1
    second = session.next_card()
    assert second is not None and second.card_id != first.card_id
    session.undo()  # undoing the bury brings it back
    session.rebuild()
    assert session.counts().total == 2
