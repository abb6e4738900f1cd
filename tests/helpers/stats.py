"""A hand-built review history with known figures, for the statistics tests.

The rows are written straight into `cards` and `revlog` (the way a long study
history would have left them), so every expected number in the tests can be
counted by hand from the table below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.core.changes import Change
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.storage.collection import Collection
from app.core.study import daycounts

ARTICLE = "russia-china-military-cooperation"
DAY = 86400.0

#: "now" of the hand-built history: noon local time, far from any DST change.
NOW = datetime(2026, 6, 15, 12, 0).astimezone()


def local(day: int, hour: int, minute: int = 0) -> float:
    """Unix time of `hour:minute` local on the day `day` days from NOW's date."""
    return (datetime(2026, 6, 15, hour, minute) + timedelta(days=day)).astimezone().timestamp()


@dataclass(frozen=True)
class Card:
    name: str
    section: int
    state: int                  # 1 learning, 2 review, 3 relearning
    last_review: float | None   # None: new
    due: float | None
    stability: float | None = None
    difficulty: float | None = None
    suspended: bool = False
    buried_until: float | None = None


CARDS = [
    Card("c1", 0, 1, local(0, 10, 5), local(0, 10, 15), 1.0, 5.0),
    Card("c2", 0, 3, local(0, 11), local(0, 11, 10), 0.5, 7.5),
    Card("c3", 0, 2, local(0, 11, 1), local(40, 11, 1), 40.0, 4.2),
    Card("c4", 0, 2, local(-1, 9, 30), local(1, 9, 30), 2.0, 6.0),
    Card("c5", 0, 2, local(-40, 9), local(-5, 9), 35.0, 3.0),
    Card("c6", 1, 2, local(0, 11, 30), local(3, 11, 30), 3.0, 2.5),
    Card("c7", 0, 1, None, None),
    Card("c8", 0, 2, local(-10, 9), local(10, 9), 20.0, 5.5, suspended=True),
    Card("c9", 1, 1, None, None, buried_until=local(1, 4)),
]

#: (card, day, hour, minute, queue, interval before (days), rating, duration ms)
REVIEWS = [
    ("c1", 0, 10, 0, 0, None, 3, 5000),
    ("c1", 0, 10, 5, 1, None, 3, 4000),
    ("c2", 0, 11, 0, 2, 5, 1, 6000),
    ("c3", 0, 11, 1, 2, 30, 3, 3000),
    ("c6", 0, 11, 30, 2, 3, 3, 2000),
    ("c2", -1, 9, 0, 2, 2, 3, 2000),
    ("c4", -1, 9, 30, 3, None, 3, 1000),
    ("c3", -3, 20, 0, 2, 25, 4, 1500),
    ("c5", -40, 9, 0, 2, 10, 2, 2500),
]


def build_history(col: Collection) -> dict[str, int]:
    """The cards and reviews above in the bundled article; returns card name → card id."""
    ids: dict[str, int] = {}
    for i, card in enumerate(CARDS):
        save_note(col, Note(id=f"stats-{card.name}", kind="basic",
                            fields={"front": f"Question {card.name}", "back": f"Answer {card.name}"},
                            article_id=ARTICLE, section_idx=card.section, position=i,
                            source=f"Source sentence of {card.name}."))
        ids[card.name] = col.execute(
            "SELECT id FROM cards WHERE note_id = ?", [f"stats-{card.name}"]).fetchone()[0]
    with col.transaction(Change.CARDS | Change.STUDY):
        for card in CARDS:
            col.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                "last_review = ?, reps = ?, suspended = ?, buried_until = ? WHERE id = ?",
                [card.state, None if card.state == 2 else 0, card.stability, card.difficulty, card.due, card.last_review,
                 sum(r[0] == card.name for r in REVIEWS), int(card.suspended),
                 card.buried_until, ids[card.name]])
        for name, day, hour, minute, queue, interval, rating, ms in REVIEWS:
            at = local(day, hour, minute)
            col.execute("INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, source, "
                        "last_interval, queue) VALUES (?, ?, ?, ?, 0, ?, ?)",
                        [ids[name], rating, at, ms,
                         None if interval is None else round(interval * DAY), queue])
        # written straight into the log: the daily counters are rebuilt from it
        for at in sorted({local(day, hour, minute) for _, day, hour, minute, *_ in REVIEWS}):
            daycounts.recount(col, datetime.fromtimestamp(at).astimezone())
    return ids


def failing(monkeypatch: Any, module: Any, name: str, message: str) -> list[str]:
    """Make `module.name` (a computation a window runs in the background) raise a
    StudyDeskError with `message`; returns the list the window's `show_error` calls
    append "title: message" to, instead of opening a message box."""
    from app.core.errors import StudyDeskError

    shown: list[str] = []
    monkeypatch.setattr(module, "show_error",
                        lambda parent, title, exc: shown.append(f"{title}: {exc}"))

    def broken(*args: object) -> None:
        raise StudyDeskError(message)

    monkeypatch.setattr(module, name, broken)
    return shown
