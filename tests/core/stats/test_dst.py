"""Study days and hours of the statistics across daylight-saving changes (Europe/Berlin).

A study day starts at 4 a.m. local time (app.core.clock); a day with a DST change is
23 or 25 hours long, so counting whole 24-hour steps back from today would put the
answers of the hour around 4 a.m. on the wrong day, and every answer before the
change an hour off in the hourly breakdown.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from app.core.changes import Change
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.stats.figures import compute_statistics
from app.core.stats.localtime import offset_changes, utc_offset
from app.core.storage.collection import Collection
from tests.helpers.stats import ARTICLE


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _at(*args: int) -> float:
    return datetime(*args).astimezone().timestamp()


def _card(col: Collection, name: str, due: float, last_review: float) -> int:
    save_note(col, Note(id=f"dst-{name}", kind="basic", fields={"front": name, "back": name},
                        article_id=ARTICLE, section_idx=0, position=0))
    card_id = col.execute("SELECT id FROM cards WHERE note_id = ?", [f"dst-{name}"]).fetchone()[0]
    with col.transaction(Change.CARDS | Change.STUDY):
        col.execute("UPDATE cards SET state = 2, stability = 10, difficulty = 5, due = ?, "
                    "last_review = ? WHERE id = ?", [due, last_review, card_id])
    return int(card_id)


def _answer(col: Collection, card_id: int, at: float) -> None:
    with col.transaction(Change.STUDY):
        col.execute("INSERT INTO revlog (card_id, rating, reviewed_at, duration_ms, queue, "
                    "last_interval) VALUES (?, 3, ?, 1000, 2, 86400)", [card_id, at])


def test_the_offsets_of_a_year_are_found_to_the_second(berlin: None) -> None:
    first, changes = offset_changes(_at(2026, 1, 1), _at(2027, 1, 1))
    assert first == 3600
    assert [(datetime.fromtimestamp(at).strftime("%m-%d %H:%M"), offset)
            for at, offset in changes] == [("03-29 03:00", 7200), ("10-25 02:00", 3600)]
    assert utc_offset(changes[0][0] - 1) == 3600 and utc_offset(changes[0][0]) == 7200


def test_answers_before_spring_forward_fall_on_their_local_day_and_hour(
        berlin: None, col_with_article: Collection) -> None:
    col = col_with_article
    card = _card(col, "spring", _at(2026, 4, 20, 9), _at(2026, 3, 29, 4, 30))
    # (local time of the answer, its study day relative to 30 March, its hour)
    answers = [((2026, 3, 27, 9, 15), -3, 9),
               ((2026, 3, 28, 3, 30), -3, 3),    # before 4 a.m.: still the 27th's study day
               ((2026, 3, 28, 20, 0), -2, 20),   # winter time, two days back
               ((2026, 3, 29, 3, 30), -2, 3),    # summer time since 3 a.m., before 4 a.m.
               ((2026, 3, 29, 4, 30), -1, 4)]
    for when, _day, _hour in answers:
        _answer(col, card, _at(*when))
    stats = compute_statistics(col, now=datetime(2026, 3, 30, 12).astimezone())
    assert {d: sum(kinds.values()) for d, kinds in stats.per_day.items()} == {-3: 2, -2: 2,
                                                                             -1: 1}
    expected_hours = {hour: 0 for hour in range(24)}
    for _when, _day, hour in answers:
        expected_hours[hour] += 1
    assert {h: n for h, (n, _) in enumerate(stats.hourly)} == expected_hours


def test_the_forecast_after_fall_back_counts_local_study_days(
        berlin: None, col_with_article: Collection) -> None:
    col = col_with_article
    now = datetime(2026, 10, 24, 12).astimezone()       # summer time; the clocks go back
    _card(col, "before-four", _at(2026, 10, 26, 3, 30), _at(2026, 10, 20, 9))  # on the 25th
    _card(col, "after-four", _at(2026, 10, 26, 4, 30), _at(2026, 10, 20, 9))
    forecast = compute_statistics(col, now=now).forecast
    assert forecast[:4] == [0, 1, 1, 0]
