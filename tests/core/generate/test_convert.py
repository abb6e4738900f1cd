"""Adding a suggestion that is already a card never saves over the user's card."""

from __future__ import annotations

from app.core.articles.library import load_article
from app.core.generate import generate_candidates, save_candidates
from app.core.generate.convert import already_added
from app.core.notes.store import get_note, save_note
from app.core.storage.collection import Collection
from app.core.study.reviews import record_review

ARTICLE = "russia-china-military-cooperation"


def test_re_adding_a_candidate_keeps_the_edited_studied_card(col_with_article: Collection) -> None:
    col = col_with_article
    candidates = generate_candidates(load_article(col, ARTICLE), section_idx=0, limit=5)
    assert len(candidates) == 5
    assert save_candidates(col, ARTICLE, candidates[:2]) == 2
    note = get_note(col, candidates[0].id)
    note.tags = ["mine"]
    note.explanation = "My own words."
    save_note(col, note)
    card_id = col.execute("SELECT id FROM cards WHERE note_id = ?", [note.id]).fetchone()[0]
    record_review(col, card_id, 3, 2000)

    assert already_added(col, candidates) == {candidates[0].id, candidates[1].id}
    assert save_candidates(col, ARTICLE, candidates[:3]) == 1  # only the new one
    kept = get_note(col, candidates[0].id)
    assert kept.tags == ["mine"] and kept.explanation == "My own words."
    assert col.execute("SELECT COUNT(*) FROM revlog WHERE card_id = ?", [card_id]).fetchone()[0] == 1


def test_dialog_shows_already_added_candidates_as_added(qtbot, col_with_article: Collection) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from app.ui.cards.generate_dialog import GenerateDialog

    col = col_with_article
    first = generate_candidates(load_article(col, ARTICLE), section_idx=0)[0]
    save_candidates(col, ARTICLE, [first])
    dialog = GenerateDialog(col, ARTICLE, 0)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=20000)
    row = next(i for i, c in enumerate(dialog.candidates) if c.id == first.id)
    keep = dialog.table.item(row, 0)
    assert keep.text() == "added"
    assert not keep.flags() & Qt.ItemFlag.ItemIsUserCheckable
