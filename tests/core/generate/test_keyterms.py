"""Key-term clozes and role answers that say more than a bare title."""

from __future__ import annotations

from app.core.articles.model import Article
from app.core.generate import Candidate
from app.core.generate.facts import Fact
from app.core.generate.keyterms import TermIndex, key_terms, term_pattern
from app.core.generate.prompts import is_bare_title, qualified_role


def _place(name: str) -> Fact:
    return Fact("place", name, 0, len(name), name)


# -- roles --------------------------------------------------------------------
def test_brezhnev_is_general_secretary_of_the_party_not_a_bare_title(
        candidates: list[Candidate]) -> None:
    answers = {c.answer for c in candidates if c.prompt == "Who is Leonid Brezhnev?"}
    assert answers == {"General Secretary of the Communist Party of the Soviet Union"}


def test_putin_is_never_just_president(candidates: list[Candidate]) -> None:
    answers = {c.answer for c in candidates if c.prompt in ("Who is Vladimir Putin?",
                                                            "Who is Putin?")}
    assert "President" not in {a.title() for a in answers}
    assert all(not is_bare_title(a) for a in answers)


def test_no_role_answer_is_a_bare_title(candidates: list[Candidate]) -> None:
    bare = [c for c in candidates if c.prompt.startswith(("Who is", "What is"))
            and is_bare_title(c.answer)]
    assert not bare, bare


def test_bare_title_is_completed_only_from_unambiguous_evidence() -> None:
    party = Fact("org", "Congress of the Communist Party of the Soviet Union", 0, 10,
                 "Congress of the Communist Party of the Soviet Union")
    assert qualified_role("General Secretary", (party,)) == \
        "General Secretary of the Communist Party of the Soviet Union"
    assert qualified_role("President", (_place("Russia"),)) == "President of Russia"
    assert qualified_role("President", (_place("Russia"), _place("China"))) == ""
    club = Fact("org", "Valdai International Discussion Club", 0, 10,
                "Valdai International Discussion Club")
    assert qualified_role("president", (club,)) == ""  # he spoke there; he does not lead it
    assert qualified_role("the Russian defence minister", ()) == "Russian defence minister"


# -- key terms ----------------------------------------------------------------
def test_key_terms_are_repeated_phrases_or_hyphenated_compounds() -> None:
    terms = {t.text for t in key_terms([
        "The missile attack warning system was built in 2019.",
        ("Russia helps China with its missile attack warning system and confidence-building "
        "measures."),
        "A warning system alone is not enough for technological nationalism.",
        "Each side's technological nationalism slows the joint work."])}
    assert "missile attack warning system" in terms
    assert "technological nationalism" in terms
    assert "confidence-building measures" in terms
    assert "attack warning" not in terms  # only ever part of the longer term
    assert "joint work" not in terms  # said once


def test_bundled_article_has_key_term_clozes(candidates: list[Candidate]) -> None:
    terms = {c.answer.casefold() for c in candidates if c.fact_type == "term"}
    assert {"missile attack warning system", "technological nationalism"} <= terms
    assert all(c.kind == "cloze" for c in candidates if c.fact_type == "term")


def test_no_key_term_gap_shows_the_term_elsewhere(candidates: list[Candidate]) -> None:
    for c in candidates:
        if c.fact_type != "term":
            continue
        assert "[...]" in c.prompt, c
        assert term_pattern(c.answer).search(c.prompt) is None, c
        visible = c.prompt.casefold().replace("-", " ")
        for word in c.answer.casefold().replace("-", " ").split():
            assert f" {word} " not in f" {visible} ", (word, c.prompt)


def test_key_terms_rank_below_the_key_facts(suggestions: list[Candidate]) -> None:
    top = suggestions[:15]
    assert not [c for c in top if c.fact_type == "term"]
    assert any(c.fact_type == "term" for c in suggestions[:150])


# -- the term index (issue 15 §6: linear in vocabulary) -------------------------
def test_term_index_finds_exactly_what_trying_every_term_finds(article: Article) -> None:
    """Looking terms up by a sentence's words must not lose or add a match."""
    sentences = [s.text for sec in article.sections for b in sec.blocks for s in b.sentences]
    terms = key_terms(sentences)
    index = TermIndex(terms)
    for sentence in sentences:
        brute = [(t.text, m.span()) for t in terms
                 for m in [term_pattern(t.text).search(sentence)] if m]
        assert [(t.text, m.span()) for t, m in index.matches(sentence)] == brute, sentence


def test_term_index_matches_hyphen_and_space_spellings() -> None:
    index = TermIndex(key_terms(["The early-warning system was built in time.",
                                 "An early warning system needs radar.",
                                 "Each early-warning system costs money."]))
    found = [(t.text, m.group(0)) for t, m in index.matches("Early warning system radars.")]
    assert found and found[0][1] == "Early warning system"
