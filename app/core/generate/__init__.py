"""Automatic card generation: ranked suggestions of cards from an imported article.

Public API:
    generate_candidates(article, section_idx=None, limit=None) -> list[Candidate]
    every_variant(suggestions) -> list[Candidate]   (each with its alternatives)
    build_raws(article, section_idx=None) -> list[Raw]   (before ranking; for training)
    distractors_for(article, answer, n=3) -> list[str]
    candidate_to_note(candidate, article_id, section_idx, position) -> Note
    edit_candidate(candidate, prompt, answer) -> Candidate
    save_candidates(col, article_id, candidates) -> int   (one transaction)

The pipeline: `gate` keeps only the article's full body sentences; `index.analyse`
finds typed facts in them (facts.py for numbers, dates and counts with their
units, names.py for people, places, organisations, works, …; acronyms.py for
acronyms and their expansions); `builders` turns each into cloze, question,
multiple-choice and true/false candidates that pass the quality rules (context.py:
standing alone, an interviewee's answers in their name), plus a cloze on each
sentence's key term (keyterms.py); `ranking` scores them with the learned model
(ranker.py, weights fitted offline on labelled cards), drops duplicates and
folds the ways of asking one fact into one suggestion. Offline and deterministic.
"""

from __future__ import annotations

from app.core.articles.model import Article
from app.core.generate.builders import Raw, SentenceBuilder
from app.core.generate.candidate import CANDIDATE_KINDS, Candidate, CandidateKind, every_variant
from app.core.generate.context import dated_subject, interviewee, section_subject
from app.core.generate.convert import candidate_to_note, edit_candidate, save_candidates
from app.core.generate.distractors import distractors_for
from app.core.generate.index import SentenceFacts, analyse
from app.core.generate.ranking import rank

__all__ = ["CANDIDATE_KINDS", "Candidate", "CandidateKind", "build_raws", "candidate_to_note",
           "distractors_for", "edit_candidate", "every_variant", "generate_candidates", "save_candidates"]


def generate_candidates(article: Article, section_idx: int | None = None,
                        limit: int | None = None) -> list[Candidate]:
    """Ranked suggestions for the whole article, or for one section (best first).

    Each suggestion is one question; the other ways of asking it (a cloze's multiple
    choice or true/false) are its `alternatives` — `every_variant` lists them all.
    """
    ranked = rank(build_raws(article, section_idx))
    return ranked[:limit] if limit is not None else ranked


def build_raws(article: Article, section_idx: int | None = None) -> list[Raw]:
    """Every candidate before ranking, with the features the ranker scores (the training
    tool reads these too, so the model learns from exactly what it later ranks)."""
    if section_idx is not None and not 0 <= section_idx < len(article.sections):
        raise IndexError(f"the article has no section {section_idx + 1}")
    facts = analyse(article)
    speaker = interviewee([s.title for s in article.sections],
                          [(sf.text, sf.facts) for sf in facts.sentences])
    raws: list[Raw] = []
    previous: SentenceFacts | None = None
    builder: SentenceBuilder | None = None
    for sf in facts.sentences:
        if section_idx is not None and sf.section_idx != section_idx:
            continue
        if builder is None or previous is None or sf.section_idx != previous.section_idx:
            title = article.sections[sf.section_idx].title
            builder = SentenceBuilder(facts, title, section_subject(title, article.title),
                                      speaker, dated_subject(article.title))
            previous = None
        elif sf.index != previous.index + 1:
            previous = None  # the sentence before was refused: nothing to resolve from
        raws.extend(builder.build(sf, previous))
        previous = sf
    return raws
