"""Deck-file text and writing it to a temporary folder, shared by the deck tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.changes import Change
from app.core.decks.file import load_deck
from app.core.errors import DeckFileError
from app.core.storage.collection import Collection

VALID = '''\
[deck]
id = "russia-china-military-cooperation"
title = "Military Cooperation Between Russia and China"
article = "russia-china-military-cooperation.txt"
description = "A test deck."

[[cards]]
id = "border-agreement-year"
section = "Introduction"
kind = "cloze"
text = "The Sino-Soviet Border Agreement was signed in {{c1::1991}}."
source = "After several years of negotiations, the Sino-Soviet Border Agreement was signed in 1991."
tags = ["treaties"]

[[cards]]
id = "su-27"
section = "introduction"
kind = "mcq"
question = "Which fighter did China buy from Russia in the early 1990s?"
options = ["Su-27", "MiG-29", "Tu-22M", "Su-57"]
answer = "Su-27"
source = "China bought Su-27 fighters."
explanation = """Russia's first big arms sale to China.
It opened a decade of purchases."""

[[cards]]
id = "peace-mission"
section = "Joint Exercises"
kind = "truefalse"
statement = "Peace Mission is a series of joint exercises."
answer = true
source = "The Peace Mission exercises began in 2005."

[[cards]]
id = "sco"
section = "Security in Central Asia: Sharing Responsibility or a Gordian Knot in Relations?"
kind = "typed"
front = "Which organisation do Russia and China lead in Central Asia?"
back = "the Shanghai Cooperation Organisation"
alternatives = ["SCO"]
source = "Both lead the SCO."

[[cards]]
id = "m1"
section = "Joint Exercises"
kind = "basic"
front = "Peace Mission"
back = "joint anti-terror exercise"
source = ""

[[cards]]
id = "m2"
section = "Joint Exercises"
kind = "reversed"
front = "Vostok"
back = "strategic exercise in the East"
source = ""

[[cards]]
id = "m3"
section = "Joint Exercises"
kind = "basic"
front = "Tsentr"
back = "strategic exercise in the centre"
source = ""

[[quizzes]]
id = "quiz-introduction"
title = "Introduction"
instructions = "Answer from memory."
order = "fixed"
shuffle_options = true
time_limit = 300
pass_mark = 0.7
feedback = "each"
attempts = 0
questions = [
  { card = "border-agreement-year", ask_as = "typed" },
  { card = "su-27", ask_as = "mcq" },
  { card = "peace-mission", ask_as = "truefalse" },
  { cards = ["m1", "m2", "m3", "sco"], ask_as = "matching" },
]
'''


def write(tmp_path: Path, text: str, name: str = "deck.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def valid_with(old: str, new: str) -> str:
    """VALID with its first `old` replaced by `new` (which must be there)."""
    assert old in VALID
    return VALID.replace(old, new, 1)


def deck_problems(path: Path) -> list[str]:
    """The problems loading `path` reports, each `line: message` (every one names the file)."""
    with pytest.raises(DeckFileError) as caught:
        load_deck(path)
    lines = str(caught.value).splitlines()
    assert all(line.startswith(f"{path}:") for line in lines), lines
    return [line.removeprefix(f"{path}:") for line in lines]


def card_row(col: Collection, note_id: str) -> dict:
    return col.query("SELECT * FROM cards WHERE note_id = ? AND ord = 0", [note_id])[0]


def review(col: Collection, note_id: str) -> int:
    """Give a card a review state and a log row, as studying would."""
    card_id = card_row(col, note_id)["id"]
    with col.transaction(Change.STUDY | Change.CARDS):
        col.execute("UPDATE cards SET state = 2, stability = 12.5, due = 1.9e9, reps = 3, "
                   "last_review = 1.8e9 WHERE id = ?", [card_id])
        col.execute("INSERT INTO revlog (card_id, rating, reviewed_at) "
                    "VALUES (?, 3, 1.8e9)", [card_id])
    return card_id


def snapshot(col: Collection) -> dict[str, list]:
    return {t: list(col.execute(f"SELECT * FROM {t} ORDER BY 1"))
            for t in ("articles", "decks", "notes", "cards", "revlog", "quizzes")}
