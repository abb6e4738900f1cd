"""Flashcard reviews as xAPI statements (Settings → Class "send flashcard reviews"),
against a real Ralph LRS: queued with the review only when the student chose it,
only for the class's deck cards, stored once each with success, response and time."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from app.core.classroom.flashcards import card_activity_id
from app.core.classroom.lrs import LrsClient
from app.core.classroom.outbox import outbox_status, send_pending
from app.core.classroom.settings import load_class_settings, save_class_settings
from app.core.classroom.vocabulary import VERBS
from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.study.reviews import record_review
from tests.helpers.classroom import student_collection
from tests.helpers.lrs import USERS, Lrs, stored_statements

DECK = "russia-china-military-cooperation"


def test_reviews_are_sent_only_when_chosen_and_only_for_deck_cards(
        tmp_path: Path, ralph: Lrs, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    col = student_collection(tmp_path, "eve", ralph.endpoint)
    try:
        deck_cards = [int(r[0]) for r in col.execute(
            "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id "
            "WHERE n.deck_id = ? ORDER BY c.id LIMIT 2", [DECK])]
        record_review(col, deck_cards[0], 3, 1500)  # not chosen yet (the default)
        assert outbox_status(col).waiting == 0

        save_class_settings(col, replace(load_class_settings(col), send_reviews=True))
        record_review(col, deck_cards[0], 3, 2500)
        record_review(col, deck_cards[1], 1, 4000)
        record_review(col, deck_cards[1], 1, 900, source="quiz")  # the quiz sends its own
        save_notes(col, [Note("my-own-card", "basic", {"front": "Mine", "back": "private"},
                              DECK, 0)])
        own = int(col.execute("SELECT id FROM cards WHERE note_id = 'my-own-card'")
                  .fetchone()[0])
        record_review(col, own, 4, 1000)  # the student's own card stays private
        assert outbox_status(col).waiting == 2
        with LrsClient(ralph.endpoint, "eve", USERS["eve"]) as client:
            assert send_pending(col, client).sent == 2
        # a lost reply: sending again stores nothing twice
        col.execute("UPDATE xapi_outbox SET sent_at = NULL")
        with LrsClient(ralph.endpoint, "eve", USERS["eve"]) as client:
            assert send_pending(col, client, force=True).sent == 2
        cards = {cid: col.execute("SELECT note_id, ord FROM cards WHERE id = ?", [cid])
                 .fetchone() for cid in deck_cards}
    finally:
        col.close()
    stored = stored_statements(ralph, agent=json.dumps({"mbox": "mailto:eve@school.example.org"}))
    assert len(stored) == 2 and all(s["verb"]["id"] == VERBS["answered"] for s in stored)
    by_card = {s["object"]["id"]: s for s in stored}
    good = by_card[card_activity_id(DECK, *cards[deck_cards[0]])]["result"]
    again = by_card[card_activity_id(DECK, *cards[deck_cards[1]])]["result"]
    assert (good["success"], good["response"], good["duration"]) == (True, "3", "PT2.50S")
    assert (again["success"], again["response"], again["duration"]) == (False, "1", "PT4.00S")
    grouping = stored[0]["context"]["contextActivities"]["grouping"]
    assert grouping[0]["id"].endswith(f"/decks/{DECK}")
