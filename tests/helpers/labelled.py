"""The generator's labelled set: articles whose candidates were judged good / weak / bad.

Labels (tests/data/generate/labels.json) are looked up by the candidate's kind,
prompt and answer (`label_key`), not its id, so an importer that numbers
sections differently does not orphan them; a candidate whose text the
generator changes is a new candidate and needs a new label. `score_top`
reports how many of the top candidates carry no label, so a stale set shows
instead of silently scoring less.

Criteria (see tests/data/generate/README.md): good = answerable from the card
alone, true to the article, a fact a teacher would ask about; weak = correct
but a detail, a plain true restatement, or slightly dependent on context;
bad = wrong, unanswerable, ungrammatical, a fragment or page furniture.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core.articles.importers import import_file
from app.core.generate import Candidate, generate_candidates
from app.core.generate.candidate import normalise
from tests.helpers import ROOT

LABELS = ROOT / "tests" / "data" / "generate" / "labels.json"
#: Not used for training the ranker (benchmarks/train_ranker.py): the figures are reported on these.
HELD_BACK = ("tests/data/generate/news-council-housing.txt",
             "tests/data/generate/science-hubble.txt",
             "tests/data/generate/culture-film-awards.txt")


@dataclass(frozen=True)
class TopScore:
    article: str
    n: int
    good: int
    weak: int
    bad: int
    unlabelled: int
    sections_total: int
    sections_covered: int

    @property
    def precision(self) -> float:
        return self.good / self.n if self.n else 0.0

    @property
    def bad_rate(self) -> float:
        return self.bad / self.n if self.n else 0.0


def label_key(kind: str, prompt: str, answer: str) -> tuple[str, str, str]:
    return (kind, normalise(prompt), normalise(answer))


@cache
def _labels() -> dict[str, dict[tuple[str, str, str], str]]:
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    return {article: {label_key(i["kind"], i["prompt"], i["answer"]): i["label"]
                      for i in items.values()}
            for article, items in data.items()}


def label_of(article: str, candidate: Candidate) -> str | None:
    """'good', 'weak', 'bad', or None for a candidate nobody has judged."""
    return _labels()[article].get(label_key(candidate.kind, candidate.prompt, candidate.answer))


def candidates_of(article: str) -> list[Candidate]:
    return generate_candidates(import_file(ROOT / article))


def score_top(article: str, top: int = 40) -> TopScore:
    """Precision, bad rate and section coverage of an article's best `top` candidates."""
    imported = import_file(ROOT / article)
    ranked = generate_candidates(imported)[:top]
    found = [label_of(article, c) for c in ranked]
    with_cards = {c.section_idx for c in generate_candidates(imported)}
    return TopScore(article, len(ranked), found.count("good"), found.count("weak"),
                    found.count("bad"), found.count(None), len(with_cards),
                    len({c.section_idx for c in ranked}))


def articles() -> list[str]:
    return sorted(_labels())


def training_articles() -> list[str]:
    return [a for a in articles() if a not in HELD_BACK]


def article_path(article: str) -> Path:
    return ROOT / article
