"""A grade paints the next card before its commit's sync, and commits before anything else.

The sync of a commit at synchronous=FULL can take longer than a frame, so the review
screen paints the next card inside the answer's transaction and commits right after,
in the same call (docs/DURABILITY.md). These tests hold it to that: at paint time the
answer is not yet visible to another connection and no window has been told; once the
key press has been handled it is committed, and only then are the windows told.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from PySide6.QtCore import Qt

from app.core.changes import Change
from app.core.notes.model import Note
from app.core.notes.store import save_note
from app.core.study.queues import Scope
from app.ui.changes import changes_of
from app.ui.study.review import ReviewWidget

ARTICLE = "russia-china-military-cooperation"


def _answers_seen_by_another_program(col) -> int:
    with closing(sqlite3.connect(col.path)) as other:
        return other.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]


def _two_cards_widget(qtbot, col) -> ReviewWidget:
    for i in range(2):
        save_note(col, Note(id=f"b{i}", kind="basic", fields={"front": f"Q{i}", "back": "A"},
                            article_id=ARTICLE, section_idx=1, position=i))
    w = ReviewWidget(col, Scope(ARTICLE, 1), "Study")
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_next_card_is_painted_before_the_commit_and_committed_before_the_key_returns(
        qtbot, col_with_article):
    col = col_with_article
    for i in range(3):
        save_note(col, Note(id=f"b{i}", kind="basic", fields={"front": f"Question {i}",
                                                              "back": f"Answer {i}"},
                            article_id=ARTICLE, section_idx=1, position=i))
    w = ReviewWidget(col, Scope(ARTICLE, 1), "Study")
    qtbot.addWidget(w)
    w.resize(800, 600)
    w.show()
    told: list[Change] = []
    changes_of(col).changed.connect(told.append)
    at_paint: list[tuple[object, bool, int, int, str]] = []
    w.painted.connect(lambda: at_paint.append(
        (w.card, col.conn.in_transaction, _answers_seen_by_another_program(col), len(told),
         w.question.text())))
    qtbot.keyClick(w, Qt.Key.Key_Space)  # Study Now
    first = w.card
    qtbot.keyClick(w, Qt.Key.Key_Space)  # show the answer
    qtbot.keyClick(w, Qt.Key.Key_3)      # Good

    [(shown, in_transaction, seen, told_then, text)] = at_paint
    assert shown is w.card and shown is not first and shown.face.front in text
    assert in_transaction and seen == 0 and told_then == 0  # painted first …
    assert not col.conn.in_transaction                      # … committed before returning
    assert _answers_seen_by_another_program(col) == 1
    assert len(told) == 1 and told[0] & Change.STUDY          # and only then told


def test_undo_paints_the_card_before_its_commit_and_says_undone_after(qtbot,
                                                                       col_with_article):
    col = col_with_article
    w = _two_cards_widget(qtbot, col)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    first = w.card
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClick(w, Qt.Key.Key_3)
    at_paint: list[tuple[int, bool, int, str]] = []
    w.painted.connect(lambda: at_paint.append(
        (w.card.card_id, col.conn.in_transaction, _answers_seen_by_another_program(col),
         w.message.text())))
    qtbot.keyClick(w, Qt.Key.Key_U)
    assert at_paint == [(first.card_id, True, 1, "")]  # painted, the answer still on disk
    assert _answers_seen_by_another_program(col) == 0 and w.message.text() == "Undone."


def test_a_retry_paints_only_after_its_commit(qtbot, col_with_article):
    """A kept answer saved by Retry Saving: "NOT saved" must never stand beside the next
    card, so that paint waits for the commit."""
    from tests.helpers.faults import another_program_holding_the_lock, short_busy_wait

    col = col_with_article
    w = _two_cards_widget(qtbot, col)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    short_busy_wait(col)
    with another_program_holding_the_lock(col.path):
        qtbot.keyClick(w, Qt.Key.Key_3)
    assert "NOT saved" in w.message.text()
    painted: list[bool] = []
    w.painted.connect(lambda: painted.append(True))
    qtbot.mouseClick(w.retry_button, Qt.MouseButton.LeftButton)
    assert painted == [] and w.message.text() == "Saved."
    assert not col.conn.in_transaction
    assert col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 1
