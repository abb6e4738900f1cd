"""One study step on a big collection, StudyDesk vs the real Anki backend, same run.

A step = record the answer durably, compute the new state, fetch the next card
(with its four possible outcomes). StudyDesk: `StudySession.answer` +
`next_card` on 50,000 cards with 500,000 review-log rows. Anki: `answer_card`
+ `get_queued_cards` on a 50,000-note collection (FSRS on, cards turned into
due reviews). Target: median ratio ≤ 1.0. Also key press → next card painted
in the real ReviewWidget (offscreen), p95 ≤ 16 ms.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.core.collection import Collection
from app.core.study import Scope, StudySession, StudySettings, save_settings
from benchmarks.common import print_table, result

ARTICLE_ID = "bench-article"
DAY = 86400.0


def build_studydesk(path: Path, n_cards: int, n_revlog: int) -> None:
    """A synthetic collection written with bulk inserts (seconds, not minutes)."""
    rng = random.Random(7)
    now = time.time()
    with Collection.open(path) as col, col.transaction() as db:
        conn = db.conn
        conn.execute(
            "INSERT INTO articles (id, title, source_name, content_hash, imported_at, position) "
            "VALUES (?, 'Bench', 'bench.txt', 'x', '2026-01-01', 0)", (ARTICLE_ID,))
        for s in range(10):
            conn.execute("INSERT INTO sections (article_id, idx, title, words) VALUES (?,?,?,0)",
                         (ARTICLE_ID, s, f"Section {s}"))
        conn.executemany(
            "INSERT INTO notes (id, article_id, section_idx, kind, fields, position, created, "
            "modified) VALUES (?, ?, ?, 'basic', ?, ?, '2026', '2026')",
            ((f"n{i}", ARTICLE_ID, i % 10,
              json.dumps({"front": f"Question number {i}?", "back": f"Answer {i}"}), i)
             for i in range(n_cards)))
        per_card = n_revlog // n_cards
        cards, logs = [], []
        for i in range(n_cards):
            last = now - rng.uniform(1, 30) * DAY
            due = last + rng.uniform(1, 60) * DAY  # about half are due today
            cards.append((i + 1, f"n{i}", 2, rng.uniform(2, 60), rng.uniform(3, 8), due, last,
                          per_card))
            before = json.dumps({"state": 2, "step": None, "stability": 5.0, "difficulty": 5.0,
                                 "due": last, "last_review": last - DAY, "reps": 0, "lapses": 0})
            logs.extend((i + 1, 3, last - k * DAY, 3000, before) for k in range(per_card))
        conn.executemany(
            "INSERT INTO cards (id, note_id, ord, state, step, stability, difficulty, due, "
            "last_review, reps) VALUES (?, ?, 0, ?, NULL, ?, ?, ?, ?, ?)", cards)
        conn.executemany(
            "INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, source, before, queue) "
            "VALUES (?, ?, ?, ?, 'flashcards', ?, 2)", logs)
        save_settings(col, StudySettings(new_per_day=100_000, reviews_per_day=100_000))


def time_studydesk(path: Path, steps: int) -> list[float]:
    with Collection.open(path) as col:
        session = StudySession(col, Scope(ARTICLE_ID))
        card = session.next_card()
        samples = []
        for i in range(steps):
            assert card is not None, "ran out of due cards"
            start = time.perf_counter()
            session.answer(card, 3 if i % 5 else 2, 4000)
            card = session.next_card()
            samples.append(time.perf_counter() - start)
        return samples


def time_anki(folder: Path, n_notes: int, steps: int) -> list[float]:
    from anki.collection import AddNoteRequest
    from anki.collection import Collection as AnkiCollection
    from anki.scheduler.v3 import CardAnswer

    col = AnkiCollection(str(folder / "anki.anki2"))
    try:
        model = col.models.by_name("Basic")
        deck_id = col.decks.id("Bench")
        requests = []
        for i in range(n_notes):
            note = col.new_note(model)
            note["Front"], note["Back"] = f"Question number {i}?", f"Answer {i}"
            requests.append(AddNoteRequest(note, deck_id))
        col.add_notes(requests)
        conf = col.decks.config_dict_for_deck_id(deck_id)
        conf["new"]["perDay"], conf["rev"]["perDay"] = 9999, 9999
        col.decks.update_config(conf)
        col.set_config("fsrs", True)
        card_ids = list(col.find_cards(f"did:{deck_id}"))
        col.sched.set_due_date(card_ids, "0-30")  # reviews, about half due today
        col.decks.select(deck_id)
        samples = []
        queued = col.sched.get_queued_cards(fetch_limit=1)
        for i in range(steps):
            start = time.perf_counter()
            qc = queued.cards[0]
            card = col.get_card(qc.card.id)
            card.start_timer()
            rating = CardAnswer.GOOD if i % 5 else CardAnswer.HARD
            col.sched.answer_card(col.sched.build_answer(card=card, states=qc.states,
                                                         rating=rating))
            queued = col.sched.get_queued_cards(fetch_limit=1)
            samples.append(time.perf_counter() - start)
        assert col.db.scalar("SELECT COUNT() FROM revlog WHERE type != 4") >= steps, \
            "Anki did not record the answers"
        return samples
    finally:
        col.close()


def time_keypress(path: Path, presses: int) -> list[float]:
    """Key '3' (Good) → the next question painted, in the real ReviewWidget offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui.review import ReviewWidget

    app = QApplication.instance() or QApplication([])
    with Collection.open(path) as col:
        widget = ReviewWidget(col, Scope(ARTICLE_ID), "Bench")
        widget.resize(900, 650)
        widget.show()
        app.processEvents()
        widget.start()
        samples = []
        for _ in range(presses):
            QTest.keyClick(widget, Qt.Key.Key_Space)  # show the answer (not timed)
            widget.repaint()
            start = time.perf_counter()
            QTest.keyClick(widget, Qt.Key.Key_3)
            widget.repaint()
            app.processEvents()
            samples.append(time.perf_counter() - start)
        widget.close()
        widget.deleteLater()
        app.processEvents()
    return samples


def _p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]


def run(quick: bool = False) -> list[dict[str, Any]]:
    n_cards = 5_000 if quick else 50_000
    n_revlog = n_cards * 10
    steps = 100 if quick else 400
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "studydesk.sqlite3"
        build_studydesk(path, n_cards, n_revlog)
        ours = time_studydesk(path, steps)
        theirs = time_anki(folder, n_cards, steps)
        paint = time_keypress(path, 60 if quick else 200)
    mine, ref = statistics.median(ours), statistics.median(theirs)
    p95 = _p95(paint)
    return [
        result(f"study step ({n_cards:,} cards, {n_revlog:,} revlog), median",
               f"{mine * 1e3:.3f} ms", f"Anki {ref * 1e3:.3f} ms", mine / ref, "≤ 1.0",
               mine <= ref, "ms"),
        result("key press → next card painted, p95", f"{p95 * 1e3:.2f} ms", "16 ms target",
               p95 / 0.016, "≤ 16 ms", p95 <= 0.016, "ms"),
    ]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
