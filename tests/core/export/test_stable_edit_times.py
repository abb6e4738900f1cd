"""A note's Anki edit time depends on the deck file, not on the collection exporting it:
a student's fresh collection, or a copied (newer) file, updates exactly the edited notes."""

from __future__ import annotations

import os
import sqlite3
import zipfile
from pathlib import Path

from anki.collection import Collection as AnkiCollection

from app.core.decks.store import deck_from_collection, load_deck_into_collection
from app.core.decks.writer import save_deck
from app.core.export.anki import deck_file_source, export_notes
from app.core.paths import bundled_decks_dir
from app.core.storage.collection import Collection
from tests.helpers.anki import card_in_anki, import_apkg

DECK = bundled_decks_dir() / "russia-china-military-cooperation.toml"


def _export_fresh(folder: Path, deck_path: Path, out: Path) -> Path:
    """A fresh collection (a student's first start) exports the deck file."""
    folder.mkdir()
    with Collection.open(folder / "col.sqlite3") as col:
        from app.core.changes import Change

        with col.transaction(Change.DECKS | Change.NOTES | Change.CARDS):
            _, source = deck_file_source(col, deck_path)
            return export_notes(source, out).path


def _edit_times(package: Path) -> dict[str, int]:
    with zipfile.ZipFile(package) as z:
        data = z.read("collection.anki2")
    db = package.with_suffix(".db")
    db.write_bytes(data)
    conn = sqlite3.connect(db)
    try:
        return {guid: mod for guid, mod in conn.execute("SELECT guid, mod FROM notes")}
    finally:
        conn.close()


def _teachers_file(tmp_path: Path, col: Collection) -> Path:
    """The instructor saves the curated deck from StudyDesk: each card records its edit time."""
    original = tmp_path / "teacher.toml"
    original.write_text(DECK.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(original, (1_700_000_000, 1_700_000_000))
    summary = load_deck_into_collection(col, original)
    save_deck(deck_from_collection(col, deck_id=summary.deck_id), original)
    return original


def test_fresh_collections_agree_and_a_hand_edit_updates_exactly_two_notes(
        col_with_article: Collection, tmp_path: Path, anki: AnkiCollection) -> None:
    teacher = _teachers_file(tmp_path, col_with_article)
    student_copy = tmp_path / "downloaded.toml"  # a download: same text, a newer file time
    student_copy.write_text(teacher.read_text(encoding="utf-8"), encoding="utf-8")
    first = _export_fresh(tmp_path / "a", teacher, tmp_path / "a.apkg")
    second = _export_fresh(tmp_path / "b", student_copy, tmp_path / "b.apkg")
    assert _edit_times(first) == _edit_times(second)

    import_apkg(anki, first)
    mine = card_in_anki(anki, "thaw-period").note()
    mine["Remarks"] = "my own mnemonic"
    anki.update_note(mine)

    text = student_copy.read_text(encoding="utf-8")
    edited = text.replace('explanation = "True: during the Cold War',
                          'explanation = "Indeed: during the Cold War', 1)
    edited = edited.replace('"The clash took place in March 1969,', '"The clash was in March 1969,',
                            1)
    assert edited.count("Indeed: during") == 1 and "The clash was in" in edited
    student_copy.write_text(edited, encoding="utf-8")  # by hand, in a text editor
    log = import_apkg(anki, _export_fresh(tmp_path / "c", student_copy, tmp_path / "c.apkg"))
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 2, 107)
    assert "Indeed" in card_in_anki(anki, "cold-war-rivalry").note()["Explanation"]
    assert "was in March" in card_in_anki(anki, "damansky-clash-year").note()["Explanation"]
    assert card_in_anki(anki, "thaw-period").note()["Remarks"] == "my own mnemonic"


def test_a_card_removed_from_the_deck_is_tagged_in_anki(
        col_with_article: Collection, tmp_path: Path, anki: AnkiCollection) -> None:
    from app.core.changes import Change

    deck_path = tmp_path / "deck.toml"
    deck_path.write_text(DECK.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(deck_path, (1_700_000_000, 1_700_000_000))
    with col_with_article.transaction(Change.DECKS | Change.NOTES | Change.CARDS):
        _, source = deck_file_source(col_with_article, deck_path)
        import_apkg(anki, export_notes(source, tmp_path / "v1.apkg").path)
    text = deck_path.read_text(encoding="utf-8")
    start = text.index('[[cards]]\nid = "thaw-period"')
    end = text.index("[[cards]]", start + 1)
    deck_path.write_text(text[:start] + text[end:], encoding="utf-8")  # the instructor deletes it
    with col_with_article.transaction(Change.DECKS | Change.NOTES | Change.CARDS):
        summary, source = deck_file_source(col_with_article, deck_path)
        assert summary.deactivated == 1 and [n.id for n in source.removed] == ["thaw-period"]
        result = export_notes(source, tmp_path / "v2.apkg")
    assert "1 note removed from the deck" in result.message and result.removed == 1
    log = import_apkg(anki, result.path)
    assert len(log.updated) == 1 and not log.new
    card = card_in_anki(anki, "thaw-period")
    assert "StudyDesk::removed" in card.note().tags
    assert card_in_anki(anki, "cold-war-rivalry").queue != -1


def test_a_first_import_puts_removed_cards_in_the_removed_subdeck(
        col_with_article: Collection, tmp_path: Path, anki: AnkiCollection) -> None:
    from app.core.export.anki import article_source
    from app.core.notes.store import deactivate_note

    summary = load_deck_into_collection(col_with_article, DECK)
    deactivate_note(col_with_article, "thaw-period")
    import_apkg(anki, export_notes(article_source(col_with_article, summary.article_id),
                                   tmp_path / "a.apkg").path)
    card = card_in_anki(anki, "thaw-period")
    assert anki.decks.name(card.did).endswith("::Removed")
    assert "StudyDesk::removed" in card.note().tags


def test_anki_never_moves_or_suspends_an_existing_card_even_with_scheduling(
        col_with_article: Collection, tmp_path: Path, anki: AnkiCollection) -> None:
    """Why a removed card is only tagged: Anki's importer adds the cards a note lacks and
    updates notes (fields, tags), but leaves every existing card's deck and queue as
    they are, with "Import scheduling" too (rslib import/cards.rs: "could update
    existing card"). The package does put it in "…::Removed", suspended; the tag is
    what reaches the student's Anki, and `tag:StudyDesk::removed` finds it there."""
    from app.core.changes import Change
    from app.core.export.scheduling import collect_scheduling

    deck_path = tmp_path / "deck.toml"
    deck_path.write_text(DECK.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(deck_path, (1_700_000_000, 1_700_000_000))
    with col_with_article.transaction(Change.DECKS | Change.NOTES | Change.CARDS):
        _, source = deck_file_source(col_with_article, deck_path)
        import_apkg(anki, export_notes(source, tmp_path / "v1.apkg").path, with_scheduling=True)
    note_cards = card_in_anki(anki, "thaw-period").note().card_ids()
    before = {cid: (anki.get_card(cid).did, anki.get_card(cid).queue) for cid in note_cards}
    text = deck_path.read_text(encoding="utf-8")
    start = text.index('[[cards]]\nid = "thaw-period"')
    end = text.index("[[cards]]", start + 1)
    deck_path.write_text(text[:start] + text[end:], encoding="utf-8")
    with col_with_article.transaction(Change.DECKS | Change.NOTES | Change.CARDS):
        _, source = deck_file_source(col_with_article, deck_path)
        result = export_notes(source, tmp_path / "v2.apkg", scheduling=collect_scheduling(
            col_with_article, [*source.notes, *source.removed]))
    with zipfile.ZipFile(result.path) as z:  # in the package: moved and suspended
        (tmp_path / "v2.db").write_bytes(z.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "v2.db") as conn:
        decks = conn.execute("SELECT decks FROM col").fetchone()[0]
        queues = {q for (q,) in conn.execute(
            "SELECT c.queue FROM cards c JOIN notes n ON n.id = c.nid "
            "WHERE n.tags LIKE '%StudyDesk::removed%'")}
    assert "::Removed" in decks and queues == {-1}

    log = import_apkg(anki, result.path, with_scheduling=True)
    assert len(log.updated) == 1 and not log.new
    anki_cards = [anki.get_card(cid) for cid in note_cards]
    assert {c.id: (c.did, c.queue) for c in anki_cards} == before
    assert all(c.queue != -1 and not anki.decks.name(c.did).endswith("::Removed")
               for c in anki_cards)
    assert "StudyDesk::removed" in anki_cards[0].note().tags
    assert sorted(anki.find_cards("tag:StudyDesk::removed")) == sorted(note_cards)
