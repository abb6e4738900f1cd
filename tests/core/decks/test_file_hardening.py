"""Deck-file mistakes and hostile deck files: always `file:line: message`, never a
traceback, never a file outside the deck's folder, never another deck's cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.decks.file import load_deck
from app.core.decks.store import load_deck_into_collection
from app.core.errors import DeckFileError
from app.core.storage.collection import Collection
from tests.helpers.decks import VALID, snapshot, write


def _problems(path: Path) -> list[str]:
    with pytest.raises(DeckFileError) as caught:
        load_deck(path)
    lines = str(caught.value).splitlines()
    assert all(line.startswith(f"{path}:") for line in lines), lines
    return [line.removeprefix(f"{path}:") for line in lines]


def _replace(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_mcq_without_answer_is_a_line_not_a_key_error(tmp_path: Path) -> None:
    text = _replace('answer = "Su-27"\n', "")
    (problem,) = _problems(write(tmp_path, text))
    assert "missing field 'answer'" in problem and problem.split(":")[0].isdigit()


def test_mcq_answer_that_is_a_number(tmp_path: Path) -> None:
    (problem,) = _problems(write(tmp_path, _replace('answer = "Su-27"', "answer = 1")))
    line = VALID.splitlines().index('answer = "Su-27"') + 1
    assert problem == f"{line}: card 'su-27': 'answer' must be text"


def test_deep_nesting_is_a_message(tmp_path: Path) -> None:
    text = VALID + "\n[extra]\nvalue = " + "[" * 600 + "]" * 600 + "\n"
    (problem,) = _problems(write(tmp_path, text))
    assert "nested more than" in problem


def test_unclosed_multiline_string_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = _replace('It opened a decade of purchases."""', "It opened a decade of purchases.")
    opening = VALID.splitlines().index('explanation = """Russia\'s first big arms sale to China.')
    (problem,) = _problems(write(tmp_path, text))
    assert problem.startswith(f"{opening + 1}: ") and "never closed" in problem
    assert "multi-line string" in problem


def test_unclosed_array_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = VALID.rstrip().removesuffix("]") + "\n"
    opening = VALID.splitlines().index("questions = [")
    (problem,) = _problems(write(tmp_path, text))
    assert problem.startswith(f"{opening + 1}: ") and "array" in problem


def test_unclosed_string_on_one_line(tmp_path: Path) -> None:
    text = _replace('title = "Introduction"', 'title = "Introduction')
    line = VALID.splitlines().index('title = "Introduction"') + 1
    (problem,) = _problems(write(tmp_path, text))
    assert problem.startswith(f"{line}: ") and "not closed" in problem


@pytest.mark.parametrize(("key", "value", "words"), [
    ("time_limit = 300", "time_limit = 100000000000000000000", "from 1 to 86400"),
    ("time_limit = 300", "time_limit = 0", "from 1 to 86400"),
    ("attempts = 0", "attempts = 99999999", "from 0 to 1000"),
    ("pass_mark = 0.7", "pass_mark = nan", "from 0 to 1"),
    ("pass_mark = 0.7", "pass_mark = inf", "from 0 to 1"),
])
def test_numbers_are_range_checked(tmp_path: Path, key: str, value: str, words: str) -> None:
    (problem,) = _problems(write(tmp_path, _replace(key, value)))
    assert words in problem


@pytest.mark.parametrize("article", ["../../../../etc/passwd", "/etc/passwd",
                                     "..\\\\..\\\\secret.txt", "articles/../../x.txt"])
def test_article_outside_the_deck_folder_is_refused(tmp_path: Path, article: str) -> None:
    text = _replace('article = "russia-china-military-cooperation.txt"',
                    f'article = "{article}"')
    problems = _problems(write(tmp_path, text))
    assert any("not a path outside it" in p for p in problems), problems


def test_symlink_out_of_the_deck_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Secret\n\nA private file that must never become an article.\n")
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "notes.txt").symlink_to(secret)
    text = _replace('article = "russia-china-military-cooperation.txt"', 'article = "notes.txt"')
    problems = _problems(write(folder, text))
    assert any("not found" in p for p in problems)


def test_hostile_article_path_imports_nothing(col: Collection, tmp_path: Path) -> None:
    text = _replace('article = "russia-china-military-cooperation.txt"',
                    'article = "../../../../etc/passwd"')
    before = snapshot(col)
    with pytest.raises(DeckFileError):
        load_deck_into_collection(col, write(tmp_path, text))
    assert snapshot(col) == before


def test_another_file_reusing_a_deck_id_is_refused_naming_both(col: Collection,
                                                               tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "first.toml")
    load_deck_into_collection(col, first)
    before = snapshot(col)
    start = VALID.index("[[cards]]")
    other = VALID[:start] + "[[cards]]" + VALID[start:].split("[[cards]]")[1]  # one card
    second = write(tmp_path, other, "second.toml")
    with pytest.raises(DeckFileError) as caught:
        load_deck_into_collection(col, second)
    message = str(caught.value)
    assert message.startswith(f"{second}:2: ") and str(first) in message
    assert snapshot(col) == before


def test_the_same_deck_moved_elsewhere_still_loads(col: Collection, tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "first.toml")
    load_deck_into_collection(col, first)
    moved = tmp_path / "moved.toml"
    first.rename(moved)
    assert load_deck_into_collection(col, moved).unchanged == 7


def test_nul_byte_and_huge_files_are_refused_with_a_line(tmp_path: Path) -> None:
    text = VALID + "\n" * 70_000 + "# \0\n"
    (problem,) = _problems(write(tmp_path, text))
    assert problem.startswith(f"{VALID.count(chr(10)) + 70_001}: ") and "NUL" in problem
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (21 * 1024 * 1024))
    (problem,) = _problems(big)
    assert "larger than" in problem
