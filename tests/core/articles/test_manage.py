"""Renaming and deleting articles; a delete takes cards and history along and undoes exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.articles.library import (
    import_article_file,
    list_articles,
    load_article,
    set_section_read,
)
from app.core.articles.manage import (
    DELETE_BATCH,
    article_card_count,
    delete_article,
    reimport_article,
    rename_article,
)
from app.core.errors import ActionCancelled, ArticleError, ArticleImportError
from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last
from app.core.study.reviews import record_review

_TABLES = ("articles", "sections", "blocks", "section_reads", "notes", "cards", "revlog",
           "decks", "quizzes")


def _dump(col: Collection) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(tuple(r) for r in col.execute(f"SELECT * FROM {t}")) for t in _TABLES}


def test_rename_article(col_with_article: Collection) -> None:
    article_id = list_articles(col_with_article)[0].id
    rename_article(col_with_article, article_id, "  Russia and   China  ")
    assert load_article(col_with_article, article_id).title == "Russia and China"
    with pytest.raises(ArticleError, match="cannot be empty"):
        rename_article(col_with_article, article_id, "   ")
    with pytest.raises(ArticleError, match="no article"):
        rename_article(col_with_article, "nope", "Title")


def test_delete_takes_cards_and_history_and_edit_undo_restores_every_row(qcol: Collection) -> None:
    article_id = list_articles(qcol)[0].id
    first_card = qcol.execute("SELECT MIN(id) FROM cards").fetchone()[0]
    record_review(qcol, first_card, 3, 1500)  # some history that must come back too
    before = _dump(qcol)
    assert before["revlog"]
    cards = article_card_count(qcol, article_id)
    assert cards > 0
    assert delete_article(qcol, article_id) == cards
    assert list_articles(qcol) == []
    assert qcol.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0
    assert qcol.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0
    assert undo_last(qcol).startswith("Delete “")  # Edit → Undo
    assert _dump(qcol) == before


def _note(note_id: str, article_id: str, section: int, source: str) -> Note:
    return Note(id=note_id, kind="basic", fields={"front": f"Q {note_id}", "back": "A"},
                article_id=article_id, section_idx=section, source=source)


def test_reimport_keeps_history_of_unchanged_sentences_and_suspends_lost_ones(
        col: Collection, tmp_path: Path) -> None:
    path = tmp_path / "harbour.md"
    path.write_text("# Harbour\n\n## Old\n\nThe wall was granite. It stood for ages.\n\n"
                    "## Storm\n\nA storm broke the wall. Boats left.\n", encoding="utf-8")
    article_id = import_article_file(col, path).article_id
    save_notes(col, [_note("kept", article_id, 1, "A storm broke the wall."),
                     _note("lost", article_id, 0, "It stood for ages.")])
    kept_card = col.execute("SELECT id FROM cards WHERE note_id = 'kept'").fetchone()[0]
    record_review(col, kept_card, 3, 1000)
    set_section_read(col, article_id, 1)

    path.write_text("# Harbour\n\n## New intro\n\nA new opening paragraph.\n\n"
                    "## Old\n\nThe wall was granite.\n\n"
                    "## Storm\n\nA storm broke the wall. Boats left at dawn.\n", encoding="utf-8")
    result = reimport_article(col, article_id, path)
    assert result.changed and result.kept == 1 and result.suspended == ("It stood for ages.",)
    article = load_article(col, article_id)
    assert [s.title for s in article.sections] == ["New intro", "Old", "Storm"]
    assert col.execute("SELECT section_idx FROM notes WHERE id = 'kept'").fetchone()[0] == 2
    assert col.execute("SELECT COUNT(*) FROM revlog WHERE card_id = ?",
                       [kept_card]).fetchone()[0] == 1
    suspended = dict(col.execute("SELECT note_id, suspended FROM cards").fetchall())
    assert suspended == {"kept": 0, "lost": 1}
    assert list_articles(col)[0].read == {2}  # "Storm" is still read
    assert reimport_article(col, article_id, path).changed is False


def test_reimport_of_a_bad_file_changes_nothing(col_with_article: Collection,
                                                tmp_path: Path) -> None:
    article_id = list_articles(col_with_article)[0].id
    before = _dump(col_with_article)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ArticleImportError, match="empty.txt"):
        reimport_article(col_with_article, article_id, empty)
    assert _dump(col_with_article) == before


def _many_notes(col: Collection, article_id: str, count: int) -> None:
    """`count` cards on the article, more than one delete batch (DELETE_BATCH)."""
    save_notes(col, [_note(f"n{i}", article_id, 0, f"Sentence {i}.") for i in range(count)])


def test_delete_tells_progress_by_batches_of_notes(qcol: Collection) -> None:
    article_id = list_articles(qcol)[0].id
    _many_notes(qcol, article_id, 2 * DELETE_BATCH + 100)
    notes = qcol.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    told: list[tuple[int, int]] = []
    delete_article(qcol, article_id, lambda done, total: told.append((done, total)) or True)
    assert [done for done, _ in told] == [0, DELETE_BATCH, 2 * DELETE_BATCH, notes, notes]
    assert {total for _, total in told} == {notes}
    assert qcol.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def test_delete_cancelled_after_a_batch_rolls_everything_back(qcol: Collection) -> None:
    article_id = list_articles(qcol)[0].id
    _many_notes(qcol, article_id, DELETE_BATCH + 10)
    first_card = qcol.execute("SELECT MIN(id) FROM cards").fetchone()[0]
    record_review(qcol, first_card, 3, 1500)
    before = _dump(qcol)
    told: list[int] = []

    def stop_after_the_first_batch(done: int, total: int) -> bool:
        told.append(done)
        return done < DELETE_BATCH

    with pytest.raises(ActionCancelled, match="Deleting “.*” was cancelled; nothing was changed"):
        delete_article(qcol, article_id, stop_after_the_first_batch)
    assert told == [0, DELETE_BATCH]  # the first batch had been deleted
    assert _dump(qcol) == before
    assert qcol.undo.label is None  # nothing to take back


def test_delete_makes_a_backup_first_when_something_changed(qcol: Collection) -> None:
    from app.core.storage.backups import list_backups

    article_id = list_articles(qcol)[0].id
    cards = article_card_count(qcol, article_id)
    assert qcol.changed_since_backup  # the quiz notes were added since it opened
    delete_article(qcol, article_id)
    backups = list_backups(qcol.path)
    assert [b.reason for b in backups] == ["before-delete"]
    assert backups[0].cards == cards  # the backup holds what the delete took


def test_reimport_cancelled_leaves_the_article_as_it_was(col: Collection, tmp_path: Path) -> None:
    from app.core.articles.library import prepare_file
    from app.core.articles.manage import REIMPORT_BATCH, reimport_prepared

    path = tmp_path / "harbour.md"
    path.write_text("# Harbour\n\n## Old\n\nThe wall was granite.\n", encoding="utf-8")
    article_id = import_article_file(col, path).article_id
    _many_notes(col, article_id, REIMPORT_BATCH + 5)
    before = _dump(col)
    path.write_text("# Harbour\n\n## New\n\nThe wall was granite. Then it fell.\n",
                    encoding="utf-8")
    prepared = prepare_file(path)
    told: list[tuple[int, int]] = []

    def stop_among_the_notes(done: int, total: int) -> bool:
        told.append((done, total))
        return done < total - 5  # the text written, the first batch of notes placed

    with pytest.raises(ActionCancelled, match="Re-importing “Harbour” was cancelled"):
        reimport_prepared(col, article_id, prepared, str(path), stop_among_the_notes)
    blocks = 1
    assert told[-1] == (blocks + REIMPORT_BATCH, blocks + REIMPORT_BATCH + 5)
    assert _dump(col) == before
    assert load_article(col, article_id).sections[0].title == "Old"

    told.clear()
    result = reimport_prepared(col, article_id, prepared, str(path),
                               lambda done, total: told.append((done, total)) or True)
    assert result.changed and result.kept == 0 and len(result.suspended) == REIMPORT_BATCH + 5
    assert told[-1] == (blocks + REIMPORT_BATCH + 5,) * 2
    assert load_article(col, article_id).sections[0].title == "New"
