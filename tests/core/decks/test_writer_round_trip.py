"""Saving a deck over, or "as", from an instructor's file keeps every comment, the order and
the formatting, and changes only what was edited (a tomlkit round trip)."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from app.core.decks.file import load_deck
from app.core.decks.store import deck_file_path, deck_from_collection, load_deck_into_collection
from app.core.decks.writer import save_deck
from app.core.notes.store import get_note, save_note


def _instructor_file(tmp_path: Path) -> Path:
    lines = ["# Vocabulary for week 1 -- written by hand", "[deck]",
             'id = "week-1"   # do not change', 'title = "Week 1"', ""]
    for i in range(24):
        lines += [f"# card {i}: check the spelling", "[[cards]]", f'id = "w{i}"',
                  'section = "Words"', 'kind = "basic"', f'front    = "word {i}"',
                  f'back = "meaning {i}"', ""]
    path = tmp_path / "week1.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))  # written by the instructor long ago
    return path


def test_save_deck_as_keeps_all_comments_and_changes_one_line(col, tmp_path: Path) -> None:
    original = _instructor_file(tmp_path)
    assert original.read_text().count("#") == 26
    load_deck_into_collection(col, original)
    note = get_note(col, "w3")
    note.fields["back"] = "a better meaning"
    save_note(col, note)
    out = tmp_path / "saved-as.toml"
    save_deck(deck_from_collection(col, deck_id="week-1"), out,
              original=deck_file_path(col, "week-1"))
    before, after = original.read_text().splitlines(), out.read_text().splitlines()
    changed = [ln for ln in difflib.unified_diff(before, after, lineterm="", n=0)
               if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    # every card gains the line recording its edit time (what Anki re-imports compare)
    assert [ln for ln in changed if not ln.startswith("+edited = ")] == [
        '-back = "meaning 3"', '+back = "a better meaning"']
    assert sum(ln.startswith("+edited = ") for ln in changed) == 24
    saved = load_deck(out)
    assert saved.cards[3].fields["back"] == "a better meaning"
    assert all(c.edited_unchanged for c in saved.cards)
    assert saved.cards[3].edited > saved.cards[2].edited


def test_removed_and_added_cards(col, tmp_path: Path) -> None:
    path = _instructor_file(tmp_path)
    deck = load_deck(path)
    deck.cards = [c for c in deck.cards if c.id != "w5"]
    deck.cards.append(type(deck.cards[0])(id="w-new", section="Words", kind="basic",
                                          fields={"front": "new", "back": "neu"}))
    save_deck(deck, path)
    text = path.read_text()
    assert 'id = "w5"' not in text and 'id = "w-new"' in text
    # the comment above a removed card goes with it; the next card keeps its own
    assert "# card 5:" not in text and '# card 6: check the spelling\n[[cards]]\nid = "w6"' in text
    assert text.count("# card") == 23
    assert [c.id for c in load_deck(path).cards][-1] == "w-new"
