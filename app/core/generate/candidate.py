"""A generated card before the user accepts it, and the quality rules every one must pass.

Why ids from content: the same article must give the same candidates with the
same ids, so a candidate accepted twice updates one note instead of making two.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from app.core.notes.model import GAP
from app.core.words import MINOR_WORDS

CandidateKind = Literal["cloze", "qa", "mcq", "truefalse"]
CANDIDATE_KINDS: tuple[CandidateKind, ...] = ("cloze", "qa", "mcq", "truefalse")



@dataclass(frozen=True)
class Candidate:
    """One proposed card. `prompt` is what the student sees (a cloze gap is [...])."""

    id: str
    kind: CandidateKind
    section_idx: int
    section: str
    prompt: str
    answer: str
    source: str  # the article's sentence, as written
    score: float
    fact_type: str  # year, money, person, exercise, … (see app.core.generate.facts)
    options: tuple[str, ...] = ()  # mcq: every option, the answer included
    #: the same fact asked another way (a cloze's multiple choice, its true/false): one
    #: suggestion, so the list does not ask one thing three times (see ranking.fold_variants)
    alternatives: tuple[Candidate, ...] = ()

    def variants(self) -> tuple[Candidate, ...]:
        """This candidate and its alternatives, best first."""
        return (replace(self, alternatives=()), *self.alternatives)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "section": self.section, "section_idx": self.section_idx,
            "type": self.kind, "fact": self.fact_type, "prompt": self.prompt,
            "answer": self.answer, "options": list(self.options), "source": self.source,
            "score": self.score, "alternatives": [a.to_json() for a in self.alternatives],
        }


def every_variant(candidates: list[Candidate]) -> list[Candidate]:
    """Each suggestion followed by its alternatives: every candidate the generator made."""
    return [v for c in candidates for v in c.variants()]


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def candidate_id(kind: str, section_idx: int, prompt: str, answer: str) -> str:
    """Stable: a hash of kind, section and normalised content."""
    digest = hashlib.sha1(
        f"{kind}\x1f{section_idx}\x1f{normalise(prompt)}\x1f{normalise(answer)}".encode()
    ).hexdigest()
    return f"gen-{digest[:16]}"


def gives_away(prompt: str, answer: str) -> bool:
    """True if the answer, or any significant word of a multi-word answer, shows in the prompt."""
    shown = normalise(prompt.replace(GAP, " "))
    wanted = normalise(answer)
    if not wanted or wanted in shown:
        return True
    words = [w for w in wanted.split() if w not in MINOR_WORDS]
    if len(words) < 2:
        return False
    shown_words = set(re.findall(r"\w+", shown))  # whole words: one set, not a regex per word
    return any((w in shown_words) if w.isalnum() else
               re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", shown) is not None
               for w in words if len(w) >= 3 or w.isdigit())


def shuffled(options: list[str], seed: str) -> tuple[str, ...]:
    """A deterministic shuffle: the same question always lists its options the same way."""
    return tuple(sorted(options, key=lambda o: hashlib.sha1(f"{seed}\x1f{o}".encode()).digest()))
