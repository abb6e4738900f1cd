"""Suspending and deleting many cards: in batches, progress told between them, Cancel
changes nothing, and the whole action is still one Edit → Undo."""

from __future__ import annotations

import pytest

from app.core import batches
from app.core.errors import ActionCancelled
from app.core.notes import card_actions
from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last
from app.core.study.reviews import record_review

ARTICLE = "russia-china-military-cooperation"


def _notes(col: Collection, n: int = 23) -> list[str]:
    save_notes(col, [Note(f"b{i}", "basic", {"front": f"Q{i}", "back": "A"}, ARTICLE, 0,
                          position=i) for i in range(n)])
    for (card_id,) in col.execute("SELECT id FROM cards ORDER BY id LIMIT 5").fetchall():
        record_review(col, card_id, 3, 1000)
    return [f"b{i}" for i in range(n)]


def _snapshot(col: Collection) -> tuple[list, list, list]:
    return (col.execute("SELECT * FROM notes ORDER BY id").fetchall(),
            col.execute("SELECT * FROM cards ORDER BY id").fetchall(),
            col.execute("SELECT * FROM revlog ORDER BY id").fetchall())


def test_suspending_in_batches_tells_progress_and_undoes_as_one(
        col_with_article: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    col = col_with_article
    monkeypatch.setattr(batches, "BATCH", 10)
    _notes(col)
    before = _snapshot(col)
    card_ids = [r[0] for r in col.execute("SELECT id FROM cards")]
    seen: list[tuple[int, int]] = []
    assert card_actions.set_cards_suspended(col, card_ids, True,
                                      lambda d, t: seen.append((d, t)) or True) == 23
    assert seen == [(10, 23), (20, 23), (23, 23)]
    assert col.execute("SELECT COUNT(*) FROM cards WHERE suspended = 0").fetchone()[0] == 0
    assert undo_last(col) == "Suspend 23 Cards"
    assert _snapshot(col) == before


@pytest.mark.parametrize("action", ["suspend notes", "delete notes"])
def test_cancelling_a_bulk_action_changes_nothing(
        col_with_article: Collection, monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    col = col_with_article
    monkeypatch.setattr(batches, "BATCH", 10)
    monkeypatch.setattr(card_actions, "DELETE_BATCH", 10)
    note_ids = _notes(col)
    before, undo_depth = _snapshot(col), len(col.undo)
    calls: list[int] = []

    def cancel_at_second_batch(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 2

    with pytest.raises(ActionCancelled, match="nothing was changed"):
        if action == "suspend notes":
            card_actions.set_notes_suspended(col, note_ids, True, cancel_at_second_batch)
        else:
            card_actions.delete_notes(col, note_ids, cancel_at_second_batch)
    assert calls == [10, 20]
    assert _snapshot(col) == before and len(col.undo) == undo_depth


def test_deleting_in_batches_takes_cards_and_history_and_undo_brings_them_back(
        col_with_article: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    col = col_with_article
    monkeypatch.setattr(card_actions, "DELETE_BATCH", 7)
    note_ids = _notes(col)
    before = _snapshot(col)
    seen: list[int] = []
    card_actions.delete_notes(col, note_ids[:20], lambda d, t: seen.append(d) or True)
    assert seen == [7, 14, 20]
    notes, cards, revlog = _snapshot(col)
    assert [n[0] for n in notes if n[0].startswith("b")] == ["b20", "b21", "b22"]
    assert len(cards) == len(before[1]) - 20 and len(revlog) < len(before[2])
    assert undo_last(col) == "Delete 20 Cards"
    assert _snapshot(col) == before
