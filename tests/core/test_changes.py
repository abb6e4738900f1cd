"""The change hub: subscribers hear what committed actions changed, and nothing else."""

from __future__ import annotations

import pytest

from app.core.changes import Change
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.storage.collection import Collection
from app.core.study.reviews import set_suspended


def test_a_commit_tells_subscribers_what_changed_once(col: Collection) -> None:
    heard: list[Change] = []
    col.changes.subscribe(heard.append)
    with col.transaction(Change.NOTES):
        with col.transaction(Change.CARDS):
            pass
        assert heard == []  # nothing is told before the outermost commit
    assert heard == [Change.NOTES | Change.CARDS]


def test_a_rolled_back_action_tells_no_one(col: Collection) -> None:
    heard: list[Change] = []
    col.changes.subscribe(heard.append)
    with pytest.raises(RuntimeError), col.transaction(Change.NOTES):
        raise RuntimeError("boom")
    assert heard == []


def test_a_failed_nested_block_drops_its_own_changes(col: Collection) -> None:
    heard: list[Change] = []
    col.changes.subscribe(heard.append)
    with col.transaction(Change.NOTES):  # noqa: SIM117 (the nested block is the point)
        with pytest.raises(RuntimeError), col.transaction(Change.QUIZZES):
            raise RuntimeError("boom")
    assert heard == [Change.NOTES]


def test_core_actions_say_what_they_change(col_with_article: Collection) -> None:
    heard: list[Change] = []
    unsubscribe = col_with_article.changes.subscribe(heard.append)
    note = Note(id="n1", kind="basic", fields={"front": "Q", "back": "A"},
                article_id="russia-china-military-cooperation", section_idx=0)
    save_note(col_with_article, note)
    card_id = col_with_article.query("SELECT id FROM cards WHERE note_id = 'n1'")[0]["id"]
    set_suspended(col_with_article, [card_id], True)
    assert heard[0] & Change.CARDS and heard[0] & Change.NOTES
    assert heard[1] == Change.CARDS
    unsubscribe()
    set_suspended(col_with_article, [card_id], False)
    assert len(heard) == 2
