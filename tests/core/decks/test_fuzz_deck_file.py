"""Fuzzing the deck parser: any text is a deck or a DeckFileError whose every line is
`file:line: message`; a refused deck changes nothing in the collection."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from hypothesis import given
from hypothesis import strategies as st

from app.core.decks.file import load_deck
from app.core.decks.store import load_deck_into_collection
from app.core.errors import DeckFileError
from app.core.storage.collection import Collection
from tests.helpers.decks import VALID
from tests.helpers.fuzz import fuzz, imported_or_refused

NASTY = st.sampled_from(['"', "'", '"""', "[", "]", "{", "}", "=", "\n", "#", "[[cards]]",
                         "[[quizzes]]", "[deck]", "answer = 1", "answer = true", "10e300",
                         "nan", "inf", "-0", "99999999999999999999", "\x00", "\\", "\\u0000",
                         "../../../../etc/passwd", "ask_as = ", "{{c1::", "}}", "<script>"])


@st.composite
def mutated_valid(draw: st.DrawFn) -> str:
    """The valid test deck with a few spans replaced by nasty or random text."""
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 40)))
        insert = draw(st.one_of(NASTY, st.text(max_size=20)))
        text = text[:start] + insert + text[end:]
    return text


SCALARS = st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(),
                    st.sampled_from(["mcq", "typed", "cloze", "basic", "truefalse", "reversed",
                                     "matching", "Introduction", "fixed", "each"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["id", "kind", "answer", "options", "text", "card", "cards", "ask_as", "front",
         "back", "section", "source"]), inner, max_size=5)), max_leaves=20)
TABLE = st.dictionaries(st.sampled_from(
    ["id", "title", "article", "section", "kind", "question", "options", "answer", "text",
     "front", "back", "statement", "source", "time_limit", "pass_mark", "attempts",
     "questions", "order", "feedback", "tags", "extra"]), VALUES, max_size=8)
STRUCTURED = st.fixed_dictionaries({}, optional={
    "deck": TABLE, "cards": st.lists(TABLE, max_size=4), "quizzes": st.lists(TABLE, max_size=3),
    "other": VALUES})


def _check(path: Path) -> None:
    try:
        load_deck(path)
    except DeckFileError as exc:
        lines = str(exc).splitlines()
        assert lines and all(line.startswith(f"{path}:") for line in lines), lines


@fuzz
@given(text=mutated_valid())
def test_mutated_deck_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(path)


@fuzz
@given(document=STRUCTURED)
def test_structured_nonsense(tmp_path: Path, document: dict) -> None:
    path = tmp_path / "deck.toml"
    try:
        text = tomlkit.dumps(document)
    except Exception:  # noqa: BLE001 - a value TOML cannot hold (e.g. a NaN key) is no input
        return
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(path)


@fuzz
@given(data=st.binary(max_size=2000))
def test_binary(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "deck.toml"
    path.write_bytes(data)
    _check(path)


@fuzz
@given(text=mutated_valid())
def test_a_refused_deck_changes_nothing(fuzz_col: Collection, tmp_path: Path, text: str) -> None:
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    imported_or_refused(fuzz_col.path, path, lambda: load_deck_into_collection(fuzz_col, path))
