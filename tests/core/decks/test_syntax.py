"""TOML mistakes in a deck file: each reported at the line where it starts."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.decks import VALID, deck_problems, valid_with, write


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    text = valid_with('kind = "typed"', 'kind = "typed')
    line = VALID.splitlines().index('kind = "typed"') + 1
    (problem,) = deck_problems(write(tmp_path, text))
    assert problem.startswith(f"{line}: TOML syntax error")


def test_deep_nesting_is_a_message(tmp_path: Path) -> None:
    text = VALID + "\n[extra]\nvalue = " + "[" * 600 + "]" * 600 + "\n"
    (problem,) = deck_problems(write(tmp_path, text))
    assert "nested more than" in problem


def test_unclosed_multiline_string_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = valid_with('It opened a decade of purchases."""', "It opened a decade of purchases.")
    opening = VALID.splitlines().index('explanation = """Russia\'s first big arms sale to China.')
    (problem,) = deck_problems(write(tmp_path, text))
    assert problem.startswith(f"{opening + 1}: ") and "never closed" in problem
    assert "multi-line string" in problem


def test_unclosed_array_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = VALID.rstrip().removesuffix("]") + "\n"
    opening = VALID.splitlines().index("questions = [")
    (problem,) = deck_problems(write(tmp_path, text))
    assert problem.startswith(f"{opening + 1}: ") and "array" in problem


def test_unclosed_string_on_one_line(tmp_path: Path) -> None:
    text = valid_with('title = "Introduction"', 'title = "Introduction')
    line = VALID.splitlines().index('title = "Introduction"') + 1
    (problem,) = deck_problems(write(tmp_path, text))
    assert problem.startswith(f"{line}: ") and "not closed" in problem
