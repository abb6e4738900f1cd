"""Ordering candidates so the top of the list is the article's key facts.

Why more than sorting by score: the best facts often yield three or four
candidates each (a cloze, a question, a multiple choice), and a student who
keeps the top hundred should get a hundred facts, not thirty facts thrice.
So each candidate is scored by the learned model (ranker.py), near-duplicates
and second answers to one question are dropped, each further candidate on a
fact already ranked, or from a sentence already used, counts for less, and the
ways of asking one fact of one sentence become one suggestion with
alternatives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from rapidfuzz import fuzz

from app.core.generate.builders import Raw
from app.core.generate.candidate import Candidate, normalise
from app.core.generate.ranker import probability_good

NEAR_DUPLICATE = 90  # rapidfuzz token-set ratio of two prompts with the same kind and answer
SAME_FACT = 0.6  # each earlier candidate on the same fact multiplies the score by this
SAME_SENTENCE = 0.85


def _order(raw: Raw) -> tuple[float, str]:
    return (-raw.candidate.score, raw.candidate.id)


def _duplicate_group(raw: Raw) -> tuple[str, ...]:
    """Candidates that could be near-duplicates: same kind and answer — and for true/false,
    whose answer is only True or False, the same fact (so the groups stay small and the
    comparison linear in the article's size)."""
    c = raw.candidate
    if c.kind == "truefalse":
        return (c.kind, normalise(c.answer), raw.fact_key.split("|", 1)[1])
    return (c.kind, normalise(c.answer))


def _article_order(raw: Raw) -> tuple[int, int, str]:
    section, index = raw.sentence_key.split("|")
    return (int(section), int(index), raw.candidate.id)


def drop_near_duplicates(raws: list[Raw]) -> list[Raw]:
    """Keep the best of candidates that ask the same thing in nearly the same words."""
    groups: dict[tuple[str, ...], list[tuple[Raw, str]]] = defaultdict(list)
    for raw in sorted(raws, key=_order):
        kept = groups[_duplicate_group(raw)]
        prompt = normalise(raw.candidate.prompt)
        if any(other == prompt or fuzz.token_set_ratio(prompt, other) >= NEAR_DUPLICATE
               for _, other in kept):
            continue
        kept.append((raw, prompt))
    return [r for group in groups.values() for r, _ in group]


def drop_same_question(raws: list[Raw]) -> list[Raw]:
    """One question, one answer: 'Who is X?' asked twice with two roles keeps the best.

    A cloze prompt holds its gap in place, so two clozes with the same prompt
    cannot have two answers; questions and multiple choice can, and a student
    shown both would learn that either answer is wrong. The answer kept is the
    one from where the article says it first ("Who is X?": the role the
    article introduces them with), not the higher score, so it does not
    change with the ranker.
    """
    best: dict[tuple[str, str], Raw] = {}
    kept = []
    for raw in sorted(raws, key=_article_order):
        c = raw.candidate
        if c.kind in ("qa", "mcq"):
            key = (c.kind, normalise(c.prompt))
            if key in best and normalise(best[key].candidate.answer) != normalise(c.answer):
                continue
            best.setdefault(key, raw)
        kept.append(raw)
    return kept


def learned(raw: Raw) -> Raw:
    """The raw with its score replaced by the shipped model's P(good) (ranker.py), or as it
    was when there is no model."""
    p = probability_good(raw.features) if raw.features else None
    if p is None:
        return raw
    return replace(raw, candidate=replace(raw.candidate, score=round(p, 4)))


def rank(raws: list[Raw]) -> list[Candidate]:
    """Best first, deterministic; scores are the learned P(good) with the repetition discount."""
    scored = [learned(raw) for raw in raws]
    unique = sorted(drop_near_duplicates(drop_same_question(scored)), key=_order)
    seen_facts: Counter[str] = Counter()
    seen_sentences: Counter[str] = Counter()
    ranked: list[Candidate] = []
    question_of: dict[str, str] = {}
    for raw in unique:
        factor = (SAME_FACT ** seen_facts[raw.fact_key]) * \
            (SAME_SENTENCE ** seen_sentences[raw.sentence_key])
        seen_facts[raw.fact_key] += 1
        seen_sentences[raw.sentence_key] += 1
        ranked.append(replace(raw.candidate, score=round(raw.candidate.score * factor, 4)))
        question_of[raw.candidate.id] = question_key(raw)
    ranked.sort(key=lambda c: (-c.score, c.id))
    return fold_variants(ranked, question_of)


def question_key(raw: Raw) -> str:
    """One fact of one sentence: its cloze, question, multiple choice and true/false ask it."""
    return f"{raw.sentence_key}|{raw.fact_key.split('|', 1)[1]}"


def fold_variants(ranked: list[Candidate], question_of: dict[str, str]) -> list[Candidate]:
    """The best candidate of each question, with the others as its alternatives (issue 12 §5:
    no question asked twice; the student picks the kind in the Generate dialog)."""
    groups: dict[str, list[Candidate]] = {}
    for c in ranked:
        groups.setdefault(question_of[c.id], []).append(c)
    return [replace(group[0], alternatives=tuple(group[1:]))
            for group in groups.values()]
