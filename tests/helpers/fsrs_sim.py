"""A student simulated from known FSRS parameters: their review log, for the optimiser tests.

Each card is introduced on a day of the first weeks and then answered when
the scheduler (with the *true* parameters, no fuzz) says it is due; whether
the student recalls it is drawn from the true retrievability at that moment.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import fsrs

from app.core.storage.collection import Collection

#: A student who remembers much better than FSRS's defaults assume at first.
TRUE_PARAMETERS = (0.6, 3.5, 8.0, 20.0, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
                   1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658,
                   0.1542)
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def simulate_log(cards: int, days: int, seed: int = 7,
                 parameters: tuple[float, ...] = TRUE_PARAMETERS) -> list[list[tuple[int, float]]]:
    """Per card, its answers as (rating, unix time), oldest first."""
    rng = random.Random(seed)
    scheduler = fsrs.Scheduler(parameters=parameters, desired_retention=0.9, enable_fuzzing=False)
    end = START + timedelta(days=days)
    logs = []
    for card_id in range(1, cards + 1):
        at = START + timedelta(days=rng.randrange(max(1, days // 3)), minutes=rng.randrange(600))
        card = fsrs.Card(card_id=card_id, due=at)
        log: list[tuple[int, float]] = []
        while at < end:
            if card.last_review is None:
                rating = rng.choices((1, 2, 3, 4), (0.2, 0.1, 0.6, 0.1))[0]
            elif rng.random() < scheduler.get_card_retrievability(card, at):
                rating = rng.choices((2, 3, 4), (0.15, 0.75, 0.1))[0]
            else:
                rating = 1
            log.append((rating, at.timestamp()))
            card, _ = scheduler.review_card(card, fsrs.Rating(rating), at)
            at = max(card.due, at + timedelta(minutes=1))
        logs.append(log)
    return logs


def store_log(col: Collection, logs: list[list[tuple[int, float]]]) -> None:
    """Write the simulated answers into a collection: one note and card per log, a revlog row
    per answer (as years of study would have left them)."""
    import json

    from app.core.changes import Change

    with col.transaction(Change.NOTES | Change.CARDS | Change.STUDY):
        for i, log in enumerate(logs):
            note_id = f"sim-{i}"
            col.execute("INSERT INTO notes (id, kind, fields, position, created, modified) "
                        "VALUES (?, 'basic', ?, ?, '2025-01-01', '2025-01-01')",
                        [note_id, json.dumps({"front": f"Q{i}", "back": f"A{i}"}), i])
            card_id = col.execute("INSERT INTO cards (note_id, ord) VALUES (?, 0)",
                                  [note_id]).lastrowid
            col.executemany(
                "INSERT INTO revlog (card_id, rating, reviewed_at, source, queue) "
                "VALUES (?, ?, ?, 0, 2)",
                [(card_id, rating, at) for rating, at in log])
