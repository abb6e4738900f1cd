"""Key-fact coverage: how many of the facts a teacher would ask about the best suggestions ask.

The key facts (tests/data/generate/keyfacts.json) were written from each text by a
developer, independently of the generator's output: `answer` is what the student must
recall, `in` words of the sentence that states it. A suggestion asks a key fact when one
of its ways of asking (the suggestion or an alternative) comes from that sentence and
expects that answer; a true/false statement does not count, since it makes the student
recognise, not recall.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from app.core.articles.importers import import_file
from app.core.generate import Candidate, generate_candidates
from tests.helpers import ROOT

KEY_FACTS = ROOT / "tests" / "data" / "generate" / "keyfacts.json"


@dataclass(frozen=True)
class KeyFact:
    answer: str
    sentence_words: str


@dataclass(frozen=True)
class Coverage:
    article: str
    top: int
    covered: int
    total: int
    missed: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0


def fold(text: str) -> str:
    """Casefolded words without punctuation or a leading article: '“Glass River”' ≈ 'glass river'."""
    words = re.sub(r"[^\w$£€%.,'-]+", " ", text.casefold()).replace("’", "'").split()
    words = [w.strip(".,") for w in words]
    return " ".join(w for w in (words[1:] if words[:1] in (["the"], ["a"], ["an"]) else words) if w)


@cache
def key_facts() -> dict[str, tuple[KeyFact, ...]]:
    data = json.loads(KEY_FACTS.read_text(encoding="utf-8"))
    return {article: tuple(KeyFact(f["answer"], f["in"]) for f in facts)
            for article, facts in data.items() if not article.startswith("_")}


def same_answer(given: str, expected: str) -> bool:
    """The answer asks for the fact: equal, or the fact with a word or two around it
    ('about 3,000' for '3,000'), or most of it ('Lesseps' is not 'Ferdinand de Lesseps')."""
    a, f = fold(given), fold(expected)
    if not a or not f:
        return False
    if a == f:
        return True
    if f" {f} " in f" {a} " and len(a.split()) <= len(f.split()) + 2:
        return True
    return f" {a} " in f" {f} " and len(a) >= 0.75 * len(f)


def asks(candidate: Candidate, fact: KeyFact) -> bool:
    source = fold(" ".join(candidate.source.split()))
    if fold(fact.sentence_words) not in source:
        return False
    return any(v.kind != "tf" and same_answer(v.answer, fact.answer) for v in candidate.variants())


def coverage_of(article: str, ranked: list[Candidate], top: int) -> Coverage:
    facts = key_facts()[article]
    best = ranked[:top]
    missed = tuple(f.answer for f in facts if not any(asks(c, f) for c in best))
    return Coverage(article, top, len(facts) - len(missed), len(facts), missed)


def coverage(article: str, top: int) -> Coverage:
    """Key facts asked by the article's best `top` suggestions."""
    return coverage_of(article, generate_candidates(import_file(ROOT / article)), top)
