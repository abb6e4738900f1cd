"""The learned part of ranking: how likely a candidate is a good card, from its features.

Why learned: hand-set weights ranked year and place gaps above key terms,
which held on the bundled article and failed on general text. The weights
here come from a logistic regression trained offline on candidates that
were labelled good / weak / bad by hand on articles of different kinds
(tests/data/generate/labels.json; benchmarks/train_ranker.py fits them with
scikit-learn and writes ranker_weights.json). At run time the model is a dot
product over a dozen numbers: no library, no start-up cost.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("ranker_weights.json")

#: Fact types grouped so each group has enough labelled examples to learn from.
TYPE_GROUPS: dict[str, str] = {
    "year": "time", "date": "time", "duration": "time",
    "money": "quantity", "percent": "quantity", "count": "quantity", "measure": "quantity",
    "person": "person", "place": "place", "org": "org", "term": "term", "acronym": "acronym",
    "treaty": "named", "exercise": "named", "weapon": "named", "ship": "named",
    "class": "named", "vehicle": "named", "work": "named",
}
KINDS = ("cloze", "qa", "mcq", "truefalse")
GROUPS = ("time", "quantity", "person", "place", "org", "term", "acronym", "named")
FEATURE_NAMES: tuple[str, ...] = (
    *(f"kind:{k}" for k in KINDS), *(f"type:{g}" for g in GROUPS),
    "rule_score", "centrality", "position", "first_in_section", "prompt_words",
    "answer_words", "answer_mentions", "in_quote", "true_statement",
)


@dataclass(frozen=True)
class Model:
    weights: tuple[float, ...]
    bias: float


def features(kind: str, fact_type: str, rule_score: float, centrality: float, position: float,
             first_in_section: bool, prompt: str, answer: str, mentions: int,
             in_quote: bool) -> tuple[float, ...]:
    """The numbers the model sees for one candidate, in FEATURE_NAMES order."""
    group = TYPE_GROUPS.get(fact_type, "named")
    return (
        *(1.0 if kind == k else 0.0 for k in KINDS),
        *(1.0 if group == g else 0.0 for g in GROUPS),
        rule_score, centrality, position, 1.0 if first_in_section else 0.0,
        min(len(prompt.split()), 60) / 30.0, min(len(answer.split()), 10) / 5.0,
        math.log1p(mentions), 1.0 if in_quote else 0.0,
        1.0 if kind == "truefalse" and answer == "True" else 0.0,
    )


@cache
def model() -> Model | None:
    """The shipped weights, or None when the file is missing or does not fit FEATURE_NAMES
    (ranking then falls back to the rule score alone)."""
    try:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(data.get("features", ())) != FEATURE_NAMES:
        return None
    return Model(tuple(float(w) for w in data["weights"]), float(data["bias"]))


def probability_good(vector: tuple[float, ...]) -> float | None:
    """P(good card) by the shipped model, or None without one."""
    m = model()
    if m is None or len(vector) != len(m.weights):
        return None
    z = m.bias + sum(w * x for w, x in zip(m.weights, vector, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
