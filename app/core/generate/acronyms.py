"""Acronyms with their expansions: 'the Space Telescope Science Institute (STScI)'.

Why a fact of its own: what an acronym stands for is one of the first things a
teacher asks about a technical or political text ("What does FAST stand
for?"), and the expansion is only recognisable as such when its initials
spell the acronym — so that is the test, not a list of known acronyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.words import MINOR_WORDS

_IN_BRACKETS = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,11}?)(s?)\s*\)")
_JOINERS = MINOR_WORDS | {"&", "du", "at"}  # inside an expansion, without an initial of their own
_WORD = re.compile(r"[\w’'\-]+|&")
MAX_WORDS = 12


@dataclass(frozen=True)
class Acronym:
    short: str  # as written: "STScI", "MEPs"
    expansion: str  # as written before the brackets: "Space Telescope Science Institute"


def _initials(word: str) -> str:
    """'Five-hundred-meter' → 'F'; 'Aeronautics' → 'A'."""
    return word[:1].upper()


def acronyms(text: str) -> list[Acronym]:
    """Every 'Expansion (ACR)' in a sentence whose capitalised words' initials spell ACR."""
    found = []
    for m in _IN_BRACKETS.finditer(text):
        short, plural = m.group(1), m.group(2)
        letters = "".join(c for c in short if c.isupper())
        if len(letters) < 2:
            continue
        words = _WORD.findall(text[:m.start()])[-MAX_WORDS:]
        # the shortest tail of capitalised words (joiners allowed inside) spelling the letters
        initials = ""
        for k in range(len(words) - 1, -1, -1):
            word = words[k]
            if word.casefold() in _JOINERS:
                continue
            if not word[:1].isupper():
                break
            initials = _initials(word) + initials
            if initials == letters:
                expansion = " ".join(words[k:])
                found.append(Acronym(short + plural, expansion))
                break
            if len(initials) >= len(letters):
                break
    return found
