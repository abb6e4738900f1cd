"""`studydesk export --deck FILE` again after an edit: Anki updates only what changed.

The deck file is loaded into the collection before export, so each card keeps
the edit time it had unless its content changed. Checked with the real Anki
backend, imported as Anki desktop's File → Import does.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection

from app.cli import main
from app.core.decks.store import load_deck_into_collection
from app.core.notes.store import get_note, list_notes
from app.core.paths import bundled_decks_dir
from app.core.storage.collection import Collection
from tests.helpers.anki import answer_easy, card_in_anki, import_apkg

DECK = bundled_decks_dir() / "russia-china-military-cooperation.toml"
DECK_ID = "russia-china-military-cooperation"
EDIT = ('explanation = "True: during the Cold War', 'explanation = "Indeed: during the Cold War')
SECOND_CARD = '[[cards]]\nid = "damansky-clash-year"'
INSERTED = '''[[cards]]
id = "inserted-card"
section = "Introduction"
kind = "basic"
front = "Which two states are the subject of the article?"
back = "Russia and China"
source = "Between the 1950s and the end of the 1980s, the Soviet Union and China had border \
disputes and were vying for leadership of the communist world during the Cold War."

'''


@pytest.fixture
def deck_copy(tmp_path: Path) -> Path:
    """An instructor's working copy of the curated deck, outside the bundle."""
    path = tmp_path / "deck.toml"
    path.write_text(DECK.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    """The instructor changes the file, in a later second than the last load."""
    time.sleep(1.05)  # note edit times have one-second resolution, as Anki's have
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def export(deck: Path, out: Path, col_path: Path, *extra: str) -> int:
    return main(["export", "--apkg", str(out), "--deck", str(deck),
                 "--collection", str(col_path), *extra])


def scheduling(acol: AnkiCollection, card_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    return {cid: (acol.get_card(cid).due, acol.get_card(cid).ivl, acol.get_card(cid).type)
            for cid in card_ids}


def test_cli_reexport_after_editing_one_card_updates_exactly_that_note(
        deck_copy: Path, tmp_path: Path, anki: AnkiCollection,
        capsys: pytest.CaptureFixture[str]) -> None:
    col_path = tmp_path / "col.sqlite3"  # a fresh collection: the deck was never loaded
    assert export(deck_copy, tmp_path / "v1.apkg", col_path) == 0
    first = import_apkg(anki, tmp_path / "v1.apkg")
    assert len(first.new) == 109 and not first.updated
    assert "109 cards added" in capsys.readouterr().out

    studied = [card_in_anki(anki, "cold-war-rivalry").id,
               card_in_anki(anki, "damansky-river").id, card_in_anki(anki, "thaw-period").id]
    for cid in studied:
        answer_easy(anki, cid)
    before = scheduling(anki, studied)
    assert all(ivl > 0 and type_ == 2 for _, ivl, type_ in before.values())

    edit(deck_copy, *EDIT)
    assert export(deck_copy, tmp_path / "v2.apkg", col_path) == 0
    assert "0 cards added, 1 updated, 108 unchanged" in capsys.readouterr().out
    log = import_apkg(anki, tmp_path / "v2.apkg")

    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 1, 108)
    assert not log.conflicting
    assert log.updated[0].fields[-1] == "cold-war-rivalry"  # the StudyDesk ID field
    assert "Indeed: during the Cold War" in card_in_anki(anki, "cold-war-rivalry").note()[
        "Explanation"]
    assert anki.note_count() == 109
    assert scheduling(anki, studied) == before


def test_cli_reexport_after_inserting_a_card_adds_it_and_updates_nothing(
        deck_copy: Path, tmp_path: Path, anki: AnkiCollection) -> None:
    col_path = tmp_path / "col.sqlite3"
    assert export(deck_copy, tmp_path / "v1.apkg", col_path) == 0
    import_apkg(anki, tmp_path / "v1.apkg")

    edit(deck_copy, SECOND_CARD, INSERTED + SECOND_CARD)  # every later card moves down one
    assert export(deck_copy, tmp_path / "v2.apkg", col_path) == 0
    log = import_apkg(anki, tmp_path / "v2.apkg")
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (1, 0, 109)
    assert card_in_anki(anki, "inserted-card").note()["Back"] == "Russia and China"

    time.sleep(1.05)  # the same file exported again later
    assert export(deck_copy, tmp_path / "v3.apkg", col_path) == 0
    log = import_apkg(anki, tmp_path / "v3.apkg")
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 110)


def test_refused_deck_export_leaves_the_collection_as_it_was(
        deck_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    col_path = tmp_path / "col.sqlite3"
    assert export(deck_copy, tmp_path / "x.apkg", col_path, "--section", "Epilogue") == 1
    assert "No section 'Epilogue'" in capsys.readouterr().err
    assert export(deck_copy, tmp_path / "nowhere" / "x.apkg", col_path) == 1
    assert "does not exist" in capsys.readouterr().err
    with Collection.open(col_path) as col:
        assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0
        assert col.execute("SELECT COUNT(*) FROM decks").fetchone()[0] == 0
        assert col.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    assert not (tmp_path / "x.apkg").exists()


def test_reloading_keeps_edit_times_of_unchanged_and_moved_cards(
        col: Collection, deck_copy: Path) -> None:
    load_deck_into_collection(col, deck_copy)
    first = {n.id: (n.modified, n.position) for n in list_notes(col, deck_id=DECK_ID)}

    edit(deck_copy, *EDIT)
    edit(deck_copy, SECOND_CARD, INSERTED + SECOND_CARD)
    summary = load_deck_into_collection(col, deck_copy)
    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 108)

    after = {n.id: (n.modified, n.position) for n in list_notes(col, deck_id=DECK_ID)}
    assert after["cold-war-rivalry"][0] > first["cold-war-rivalry"][0]
    assert after["inserted-card"][1] == 1
    moved = [i for i in first if i != "cold-war-rivalry" and after[i][1] != first[i][1]]
    assert len(moved) == 108  # every card after the inserted one has a new place …
    assert all(after[i][0] == first[i][0] for i in first if i != "cold-war-rivalry")  # … same time
    assert get_note(col, "damansky-clash-year").position == 2
