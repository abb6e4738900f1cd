"""The article a deck names: never a file outside the deck's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.decks.store import load_deck_into_collection
from app.core.errors import DeckFileError
from app.core.storage.collection import Collection
from tests.helpers.decks import deck_problems, snapshot, valid_with, write


@pytest.mark.parametrize("article", ["../../../../etc/passwd", "/etc/passwd",
                                     "..\\\\..\\\\secret.txt", "articles/../../x.txt"])
def test_article_outside_the_deck_folder_is_refused(tmp_path: Path, article: str) -> None:
    text = valid_with('article = "russia-china-military-cooperation.txt"',
                      f'article = "{article}"')
    problems = deck_problems(write(tmp_path, text))
    assert any("not a path outside it" in p for p in problems), problems


def test_symlink_out_of_the_deck_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Secret\n\nA private file that must never become an article.\n")
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "notes.txt").symlink_to(secret)
    text = valid_with('article = "russia-china-military-cooperation.txt"', 'article = "notes.txt"')
    problems = deck_problems(write(folder, text))
    assert any("not found" in p for p in problems)


def test_hostile_article_path_imports_nothing(col: Collection, tmp_path: Path) -> None:
    text = valid_with('article = "russia-china-military-cooperation.txt"',
                      'article = "../../../../etc/passwd"')
    before = snapshot(col)
    with pytest.raises(DeckFileError):
        load_deck_into_collection(col, write(tmp_path, text))
    assert snapshot(col) == before
