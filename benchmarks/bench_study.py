"""One study step at 10k, 100k and 300k cards, StudyDesk vs the real Anki backend, same run.

A step = record the answer durably, compute the new state, fetch the next card
and render it. StudyDesk: `StudySession.answer` + `next_card` (its face and
four outcomes); Anki: `answer_card` + `get_queued_cards` + rendering the card's
question and answer (FSRS on). Both sides run WAL at synchronous=FULL (one
fsync per answer), the same daily limits (9999) and today's counts. Both
collections hold the same cards with the same realistic histories (about ten
answers a card, see benchmarks/histories.py), and each run starts from a fresh,
fsynced copy of them, answering the same sequence of ratings. A figure is the median
over runs of each run's median step, with the min and max of those run
medians. Target: ratio ≤ 1.0 at every size. Also key press → next card
painted in the real ReviewWidget (offscreen) on the largest collection: the
median over runs of each run's p95 (target ≤ 16 ms), with min and max.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

from app.core.changes import Change
from app.core.clock import day_start, utcnow
from app.core.storage.collection import Collection
from app.core.study import daycounts
from app.core.study.scheduler import LEARNING, NEW, RELEARNING, REVIEW, CardState
from app.core.study.session import Scope, StudySession
from app.core.study.settings import StudySettings, save_settings
from benchmarks.common import Timing, print_table, result
from benchmarks.fixtures import DURABILITY, discard, fresh_copy, open_anki, open_studydesk, prepared
from benchmarks.histories import DAY, History, HistoryMaker, describe

ARTICLE_ID = "bench-article"
#: The ratings answered in turn during a timed run: mostly Good, like a student.
RATINGS = (3, 3, 3, 1, 3, 3, 2, 3, 3, 4)
ANKI_RATINGS = {1: "AGAIN", 2: "HARD", 3: "GOOD", 4: "EASY"}
#: Daily new and review limits on both sides (Anki's deck options allow at most 9999).
LIMIT = 9999


def _histories(n_cards: int, n_revlog: int, now: float) -> list[History]:
    return HistoryMaker().make(n_cards, n_revlog / n_cards, now)


def build_studydesk(path: Path, n_cards: int, n_revlog: int,
                    histories: list[History] | None = None) -> str:
    """A synthetic collection with realistic histories, written with bulk inserts.

    Returns a short description of the state and rating mix.
    """
    now = time.time()
    histories = histories or _histories(n_cards, n_revlog, now)
    with Collection.open(path) as col, col.transaction(Change.everything()):
        conn = col.conn
        conn.execute(
            "INSERT INTO articles (id, title, source_name, content_hash, imported_at, position) "
            "VALUES (?, 'Bench', 'bench.txt', 'x', '2026-01-01', 0)", (ARTICLE_ID,))
        for s in range(10):
            conn.execute("INSERT INTO sections (article_id, idx, title, words) VALUES (?,?,?,0)",
                         (ARTICLE_ID, s, f"Section {s}"))
        conn.executemany(
            "INSERT INTO notes (id, article_id, section_idx, kind, fields, position, created, "
            "modified) VALUES (?, ?, ?, 'basic', ?, ?, '2026', '2026')",
            ((f"n{i}", ARTICLE_ID, i * 10 // n_cards,
              json.dumps({"front": f"Question number {i}?", "back": f"Answer {i}"}), i)
             for i in range(n_cards)))
        conn.executemany(
            "INSERT INTO cards (id, note_id, ord, state, step, stability, difficulty, due, "
            "last_review, reps, lapses) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_card_row(i + 1, f"n{i}", h) for i, h in enumerate(histories)))
        conn.executemany(
            "INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, source, queue, "
            "interval, last_interval) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
            (row for i, h in enumerate(histories) for row in _revlog_rows(i + 1, h)))
        daycounts.recount(col, utcnow())  # the log was written in bulk, not answer by answer
        save_settings(col, StudySettings(new_per_day=LIMIT, reviews_per_day=LIMIT))
    return describe(histories)


def _shifted(value: float | None, shift: float) -> float | None:
    return None if value is None else value + shift


def _card_row(card_id: int, note_id: str, h: History) -> tuple[Any, ...]:
    s = h.state
    if s is None:
        return (card_id, note_id, 1, None, None, None, None, None, 0, 0)
    return (card_id, note_id, s.state, s.step, s.stability, s.difficulty,
            _shifted(s.due, h.shift), _shifted(s.last_review, h.shift), s.reps, s.lapses)


def _revlog_rows(card_id: int, h: History) -> Iterator[tuple[Any, ...]]:
    """The rows StudyDesk itself writes: the queue and interval before the answer and
    the interval it gave."""
    for a in h.answers:
        b, after = a.before, a.after
        last = None if b.is_new or b.due is None else round(b.due - (b.last_review or 0))
        assert after.due is not None
        yield (card_id, a.rating, a.at + h.shift, a.duration_ms, b.queue,
               round(after.due - a.at), last)


def build_anki(path: Path, histories: list[History]) -> None:
    """The same cards and histories in a real Anki collection (FSRS on).

    Notes are added through the backend; card states, FSRS memory states and
    review-log rows are then written in bulk with sqlite3, in Anki's own
    formats (the formats the backend itself writes when a card is answered).
    """
    from anki.collection import AddNoteRequest
    from anki.collection import Collection as AnkiCollection

    col = AnkiCollection(str(path))
    col.db.execute("UPDATE col SET crt = ?", col.crt - 6 * 365 * int(DAY))  # history fits
    col.close()
    col = AnkiCollection(str(path))
    try:
        model = col.models.by_name("Basic")
        deck_id = col.decks.id("Bench")
        requests = []
        for i in range(len(histories)):
            note = col.new_note(model)
            note["Front"], note["Back"] = f"Question number {i}?", f"Answer {i}"
            requests.append(AddNoteRequest(note, deck_id))
        col.add_notes(requests)
        conf = col.decks.config_dict_for_deck_id(deck_id)
        conf["new"]["perDay"], conf["rev"]["perDay"] = LIMIT, LIMIT
        col.decks.update_config(conf)
        col.set_config("fsrs", True)
        # StudyDesk's new-card limit does not shrink with the reviews left; Anki's
        # does unless told so
        col.set_config("newCardsIgnoreReviewLimit", True)
        # the answers already given today count against the daily limits on both sides
        deck = col.decks.get(deck_id)
        studied = answered_today(histories)
        deck["newToday"] = [col.sched.today, studied[NEW]]
        deck["revToday"] = [col.sched.today, studied[REVIEW]]
        col.decks.save(deck)
        card_ids = col.db.list("SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid "
                               "ORDER BY n.id, c.ord")
        today, day_start = col.sched.today, col.sched.day_cutoff - DAY
        col.decks.select(deck_id)
    finally:
        col.close()
    # the backend's executemany commits row by row; plain sqlite3 writes it in seconds
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, reps = ?, lapses = ?, "
            "left = ?, data = ? WHERE id = ?",
            [(*_anki_card(h, today, day_start), cid)
             for cid, h in zip(card_ids, histories, strict=True) if h.state is not None])
        conn.executemany("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, 2500, ?, ?)",
                         _anki_revlog(card_ids, histories))


def answered_today(histories: list[History]) -> dict[int, int]:
    """Answers given this study day by the queue they came from, as StudyDesk counts them."""
    start = day_start(utcnow()).timestamp()
    counts = {NEW: 0, LEARNING: 0, REVIEW: 0, RELEARNING: 0}
    for h in histories:
        for a in h.answers:
            if a.at + h.shift >= start:
                counts[a.before.queue] += 1
    return counts


def _anki_interval(s: CardState) -> int:
    """Anki's revlog interval: days, or negative seconds below a day."""
    assert s.due is not None and s.last_review is not None
    seconds = s.due - s.last_review
    return round(seconds / DAY) if seconds >= DAY else -round(seconds)


def _anki_card(h: History, today: int, day_start: float) -> tuple[Any, ...]:
    s = h.state
    assert s is not None and s.due is not None and s.last_review is not None
    due_ts, last_ts = s.due + h.shift, s.last_review + h.shift
    data = json.dumps({"s": round(s.stability or 0, 4), "d": round(s.difficulty or 0, 3),
                       "dr": 0.9, "lrt": int(last_ts)})
    ivl = max(1, round((s.due - s.last_review) / DAY))
    if s.state == REVIEW:
        return 2, 2, today + int((due_ts - day_start) // DAY), ivl, s.reps, s.lapses, 0, data
    if s.state == LEARNING:
        return 1, 1, int(due_ts), 0, s.reps, s.lapses, 2 - (s.step or 0), data
    return 3, 1, int(due_ts), max(1, round(s.stability or 1)), s.reps, s.lapses, 1, data


def _anki_revlog(card_ids: list[int], histories: list[History]) -> list[tuple[Any, ...]]:
    kinds = {NEW: 0, LEARNING: 0, REVIEW: 1, RELEARNING: 2}
    rows, used = [], set()
    for cid, h in zip(card_ids, histories, strict=True):
        for a in h.answers:
            rid = int((a.at + h.shift) * 1000)
            while rid in used:  # revlog ids are millisecond times and must be unique
                rid += 1
            used.add(rid)
            last = 0 if a.before.is_new else _anki_interval(a.before)
            rows.append((rid, cid, a.rating, _anki_interval(a.after), last, a.duration_ms,
                         kinds[a.before.queue]))
    return rows


def time_studydesk(path: Path, steps: int) -> list[float]:
    with open_studydesk(path) as col:
        session = StudySession(col, Scope(ARTICLE_ID))
        card = session.next_card()
        samples = []
        for i in range(steps):
            assert card is not None, "ran out of due cards"
            start = time.perf_counter()
            session.answer(card, RATINGS[i % len(RATINGS)], 4000)
            card = session.next_card()
            samples.append(time.perf_counter() - start)
        return samples


def anki_next(col: Any) -> tuple[Any, Any]:
    """Anki's next card as its reviewer gets it: the queue head, the card, rendered
    (question and answer, as StudyDesk's `next_card` renders the card's face)."""
    queued = col.sched.get_queued_cards(fetch_limit=1)
    card = col.get_card(queued.cards[0].card.id)
    card.render_output(reload=True)
    return queued.cards[0], card


def anki_answer(col: Any, qc: Any, card: Any, rating: int) -> None:
    from anki.scheduler.v3 import CardAnswer

    card.start_timer()
    col.sched.answer_card(col.sched.build_answer(
        card=card, states=qc.states, rating=getattr(CardAnswer, ANKI_RATINGS[rating])))


def time_anki(path: Path, steps: int) -> list[float]:
    col = open_anki(path)
    try:
        before = col.db.scalar("SELECT COUNT() FROM revlog")
        samples = []
        qc, card = anki_next(col)
        for i in range(steps):
            start = time.perf_counter()
            anki_answer(col, qc, card, RATINGS[i % len(RATINGS)])
            qc, card = anki_next(col)
            samples.append(time.perf_counter() - start)
        assert col.db.scalar("SELECT COUNT() FROM revlog") == before + steps, \
            "Anki did not record the answers"
        return samples
    finally:
        col.close()


def time_keypress(path: Path, presses: int) -> tuple[list[float], list[float]]:
    """Key '3' (Good) → the next question painted, in the real ReviewWidget offscreen.

    Returns (to the paint, to the key handled): the widget paints the next card inside
    the answer's transaction and commits (the sync) right after, in the same call, so
    the second figure adds the durable commit to the first.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui.study.review import ReviewWidget

    app = QApplication.instance() or QApplication([])
    with open_studydesk(path) as col:
        widget = ReviewWidget(col, Scope(ARTICLE_ID), "Bench")
        widget.resize(900, 650)
        widget.show()
        app.processEvents()
        widget.start()
        painted_at: list[float] = []
        widget.painted.connect(lambda: painted_at.append(time.perf_counter()))
        to_paint, to_handled = [], []
        for _ in range(presses):
            QTest.keyClick(widget, Qt.Key.Key_Space)  # show the answer (not timed)
            widget.repaint()
            app.processEvents()
            painted_at.clear()
            start = time.perf_counter()
            QTest.keyClick(widget, Qt.Key.Key_3)
            handled = time.perf_counter()
            assert len(painted_at) == 1, "the next card was not painted by the key press"
            to_paint.append(painted_at[0] - start)
            to_handled.append(handled - start)
            app.processEvents()
        widget.close()
        widget.deleteLater()
        app.processEvents()
    return to_paint, to_handled


def _p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]


def _step_row(n_cards: int, n_revlog: int, runs: int, mine: Timing, ref: Timing) -> dict[str, Any]:
    return result(
        f"study step (answer + next card rendered), {n_cards:,} cards / {n_revlog:,} revlog, "
        f"{DURABILITY} (median of {runs} runs' median step [min–max])",
        mine.show("ms"), "Anki " + ref.show("ms"), mine.median / ref.median, "≤ 1.0",
        mine.median <= ref.median, "ms")


def run(quick: bool = False) -> list[dict[str, Any]]:
    sizes = (1_000, 10_000) if quick else (10_000, 100_000, 300_000)
    runs, steps = (3, 60) if quick else (5, 100)
    rows = []
    for n_cards in sizes:
        built = prepared(n_cards)
        ours, theirs = [], []
        for r in range(runs):  # alternate, so machine noise hits both alike
            copy = fresh_copy(built.ours, f"step-ours{r}")
            ours.append(statistics.median(time_studydesk(copy, steps)))
            discard(copy)
            copy = fresh_copy(built.anki, f"step-anki{r}")
            theirs.append(statistics.median(time_anki(copy, steps)))
            discard(copy)
        rows.append(_step_row(n_cards, built.n_revlog, runs, Timing.of(ours), Timing.of(theirs)))
    presses = 40 if quick else 100
    paint_p95s, handled_p95s = [], []
    for r in range(runs):
        copy = fresh_copy(built.ours, f"keys{r}")
        to_paint, to_handled = time_keypress(copy, presses)
        paint_p95s.append(_p95(to_paint))
        handled_p95s.append(_p95(to_handled))
        discard(copy)
    p95, handled = Timing.of(paint_p95s), Timing.of(handled_p95s)
    rows.append(result(
        f"key press → next card painted, {n_cards:,} cards, {DURABILITY}; the commit's sync "
        f"follows the paint in the same call (median of {runs} runs' p95 of {presses} "
        "presses [min–max])",
        p95.show("ms"), "16 ms target", p95.median / 0.016, "≤ 16 ms",
        p95.median <= 0.016, "ms"))
    rows.append(result(
        f"key press → answer durable (paint + commit with its sync), {n_cards:,} cards "
        f"(median of {runs} runs' p95 [min–max]; no target: the disk's sync time)",
        handled.show("ms"), "—", None, "—", True, "ms"))
    return rows


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
