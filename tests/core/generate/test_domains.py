"""Good and bad cards on articles of several kinds, not only the bundled one.

The texts (tests/data/generate/, see its README for their source and licence)
are a local news report, an encyclopedia entry on politics, a science and
technology article, an interview and culture news on film awards.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from app.core.articles.importers import import_file
from app.core.articles.model import Article, Block, Section, Sentence
from app.core.generate import Candidate, every_variant, generate_candidates
from app.core.generate.acronyms import acronyms
from app.core.generate.candidate import gives_away
from app.core.generate.facts import numeric_facts
from app.core.generate.names import classify
from app.core.notes.model import GAP
from tests.helpers import ROOT

TEXTS = ROOT / "tests" / "data" / "generate"
KINDS = ["news-council-housing", "encyclopedia-european-parliament", "science-hubble",
         "interview-marine-biologist", "culture-film-awards"]


@cache
def generated(name: str) -> list[Candidate]:
    """Every candidate of a text: the suggestions and their alternatives."""
    return every_variant(generate_candidates(import_file(TEXTS / f"{name}.txt")))


def find(name: str, kind: str, answer: str, prompt_part: str = "") -> Candidate | None:
    for c in generated(name):
        if c.kind == kind and c.answer == answer and prompt_part.casefold() in c.prompt.casefold():
            return c
    return None


# -- good cards, by domain -----------------------------------------------------------
@pytest.mark.parametrize(("name", "kind", "answer", "prompt_part"), [
    # news
    ("news-council-housing", "cloze", "30 percent", "capped at [...] of household income"),
    ("news-council-housing", "qa", "1952", "When was the Riverton Housing Authority founded?"),
    ("news-council-housing", "cloze", "Samuel Reed", "previous director, [...], resigned"),
    ("news-council-housing", "qa", "600", "How many residents attended the public hearing"),
    # politics (encyclopedia)
    ("encyclopedia-european-parliament", "cloze", "Maastricht Treaty", "The [...], which was signed in 1992"),
    ("encyclopedia-european-parliament", "qa", "June 1979", "When were the first direct elections"),
    ("encyclopedia-european-parliament", "cloze", "Simone Veil", "the French politician [...] became"),
    ("encyclopedia-european-parliament", "qa", "Members of the European Parliament",
     "What does MEPs stand for?"),
    # science and technology: acronyms with their expansions
    ("science-hubble", "qa", "National Aeronautics and Space Administration", "What does NASA stand for?"),
    ("science-hubble", "qa", "Space Telescope Science Institute", "What does STScI stand for?"),
    ("science-hubble", "qa", "Corrective Optics Space Telescope Axial Replacement",
     "What does COSTAR stand for?"),
    ("science-hubble", "cloze", "Edwin Hubble", "named after the astronomer [...]"),
    ("science-hubble", "cloze", "primary mirror", "engineers found that the [...] had been ground"),
    # interview: first-person answers in the interviewee's name
    ("interview-marine-biologist", "cloze", "2011", "Ana Ferreira: “I studied biology"),
    ("interview-marine-biologist", "cloze", "60 percent", "Ana Ferreira: “In 2024 our team surveyed"),
    ("interview-marine-biologist", "cloze", "40,000", "more than [...] photographs"),
    # culture: who won what, titles of works
    ("culture-film-awards", "cloze", "Rafael Moura", "The Brazilian actor [...] won best actor"),
    ("culture-film-awards", "cloze", "Siobhan Keane", "Best actress went to the Irish actress [...]"),
    ("culture-film-awards", "qa", "Irish actress", "Who is Siobhan Keane?"),
    ("culture-film-awards", "cloze", "Winter Light", "drama \"[...]\" won the award for best film"),
    ("culture-film-awards", "cloze", "£50,000", "receives a grant of [...]"),
])
def test_good_card_is_generated(name: str, kind: str, answer: str, prompt_part: str) -> None:
    assert find(name, kind, answer, prompt_part), f"{name}: missing {kind} {prompt_part} → {answer}"


# -- bad cards, by domain --------------------------------------------------------------
def test_no_nationality_is_taken_for_a_place() -> None:
    answers = {c.answer for c in generated("culture-film-awards")}
    assert not answers & {"Irish", "Brazilian", "Korean", "Norwegian", "French"}


def test_a_film_title_is_a_work_and_its_options_are_films() -> None:
    mcq = [c for c in generated("culture-film-awards") if c.kind == "mcq" and c.fact_type == "work"]
    films = {"Winter Light", "Low Tide", "The Long Field", "Glass River"}
    for c in mcq:
        assert set(c.options) <= films, c.options
    assert all(c.fact_type == "work" for c in generated("culture-film-awards")
               if c.answer in films)


def test_count_options_count_the_same_things() -> None:
    """A crew of 15 people is never offered 140 films or 52,000 tickets as alternatives."""
    for name in KINDS:
        for c in generated(name):
            if c.kind == "mcq" and c.fact_type == "count":
                unit = re.search(r"\[\.\.\.\]\s+(\w+)", c.prompt)
                assert unit, c.prompt
                source_units = {m.group(1) for o in c.options
                                for m in [re.search(rf"\b{re.escape(o)}\s+(\w+)",
                                                    " ".join(x.source for x in generated(name)))]
                                if m}
                assert len(source_units) == 1, (c.prompt, c.options, source_units)


def test_no_gap_cuts_a_name_in_two() -> None:
    for name in KINDS:
        for c in generated(name):
            if c.kind != "cloze":
                continue
            assert not re.search(r"People[’']s \[\.\.\.\]|\b(?:Mrs|Mr|Dr) \[\.\.\.\]", c.prompt), c
            assert not re.search(r"\[\.\.\.\] (?:Ji-won|Party|Union)\b", c.prompt), c


def test_bare_head_words_and_the_subject_are_no_answers() -> None:
    """'the [...]' → 'Council', 'Union', or 'Hubble' in an article on the Hubble telescope."""
    for name in KINDS:
        for c in generated(name):
            assert c.answer not in ("Council", "Union", "Party"), c
    assert not [c for c in generated("science-hubble") if c.answer == "Hubble"]


def test_a_question_has_one_answer() -> None:
    for name in KINDS:
        seen: dict[str, str] = {}
        for c in generated(name):
            if c.kind in ("qa", "mcq"):
                assert seen.setdefault(c.prompt, c.answer) == c.answer, c.prompt


def test_when_questions_name_their_subject() -> None:
    """'When was the fault corrected?' cannot be answered without the article."""
    whens = [c for name in KINDS for c in generated(name) if c.prompt.startswith("When ")]
    assert whens
    for c in whens:
        assert re.search(r"\b[A-Z]", c.prompt[5:]), c.prompt


def test_every_card_of_every_domain_keeps_the_basic_rules() -> None:
    for name in KINDS:
        for c in generated(name):
            if c.kind in ("cloze", "mcq", "qa"):
                assert not gives_away(c.prompt, c.answer), (name, c.prompt, c.answer)
            if c.kind == "cloze":
                assert c.prompt.count(GAP) == 1
                assert len(c.prompt.split()) >= 5, c.prompt
            if c.kind == "mcq":
                assert len(set(c.options)) == len(c.options) == 4
                assert c.answer in c.options
                for o in c.options:
                    assert o.casefold() not in c.prompt.casefold().replace(GAP, "")
                    assert not any(o != p and o.casefold() in p.casefold() for p in c.options)


# -- true/false ----------------------------------------------------------------------
def _article(*sentences: str) -> Article:
    return Article("Notes", (Section("Survey", (Block("paragraph", tuple(
        Sentence(s) for s in sentences)),)),))


def test_a_bound_is_never_falsified() -> None:
    """'more than 100 pulsars' marked False with 36 would be true: bounds stay true."""
    article = _article(*(f"The survey number {i} found more than {n} pulsars in the sky."
                         for i, n in enumerate([36, 100, 240, 12, 57, 410, 9, 88])))
    tf = [c for c in every_variant(generate_candidates(article)) if c.kind == "truefalse"]
    assert tf
    assert all(c.answer == "True" for c in tf if "more than" in c.prompt)


def test_a_false_statement_is_never_one_the_article_makes() -> None:
    article = _article("The first bridge was opened in 1931.", "The first bridge was opened in 1954.",
                       "The old bridge was opened in 1977.", "The new bridge was opened in 1999.")
    statements = {s.text for s in article.sections[0].blocks[0].sentences}
    for c in every_variant(generate_candidates(article)):
        if c.kind == "truefalse" and c.answer == "False":
            assert c.prompt not in statements, c.prompt


# -- acronyms ------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("the Five-hundred-meter Aperture Spherical Telescope (FAST) in Guizhou",
     [("FAST", "Five-hundred-meter Aperture Spherical Telescope")]),
    ("known as Members of the European Parliament (MEPs).",
     [("MEPs", "Members of the European Parliament")]),
    ("the fee (USD) was high, and the price (in euros) too", []),
    ("the Intermediate-Range Nuclear Forces (INF) Treaty",
     [("INF", "Intermediate-Range Nuclear Forces")]),  # a hyphenated word gives one initial
    ("a report by the World Health Organization (UN) said", []),  # initials ≠ letters: no guess
])
def test_acronyms_are_found_only_where_the_initials_spell_them(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(a.short, a.expansion) for a in acronyms(text)] == expected


def test_interview_without_a_named_interviewee_gives_no_first_person_card() -> None:
    article = _article("I moved to Lisbon in 2009 and joined the institute.",
                       "We surveyed 85 reefs in 2024.", "I wrote 12 papers about it in 2019.",
                       "Our team grew to 40 people by 2021.")
    assert not [c for c in every_variant(generate_candidates(article)) if re.search(r"\b(?:I|We|Our)\b", c.prompt)]


def test_a_suggestion_carries_the_other_ways_of_asking_it_with_the_same_fields() -> None:
    suggestions = generate_candidates(import_file(TEXTS / "science-hubble.txt"))
    with_alternatives = [s for s in suggestions if s.alternatives]
    assert with_alternatives
    fields = {"type", "prompt", "answer", "options", "source", "section", "score"}
    for s in with_alternatives:
        data = s.to_json()
        assert fields <= set(data) and data["alternatives"]
        for alt in data["alternatives"]:
            assert fields <= set(alt) and alt["type"] != data["type"]
    questions = [(s.kind, s.prompt) for s in suggestions]
    assert len(questions) == len(set(questions))  # no question asked twice


@pytest.mark.parametrize(("text", "count", "unit"), [
    ("The universities employ 67,000 fixed-term research staff.", "67,000", "staff"),
    ("More than 3,600 Chinese officers had been trained.", "3,600", "officer"),
    ("A crew of 15 people shot the film.", "15", "person"),
])
def test_a_count_knows_what_it_counts(text: str, count: str, unit: str) -> None:
    facts = [f for f in numeric_facts(text) if f.type == "count"]
    assert [(f.text, f.role) for f in facts] == [(count, unit)]


# -- spans that hold in any domain (measured against spaCy: benchmarks/compare_spans.py) --
@pytest.mark.parametrize(("text", "name", "role"), [
    ("Kenyan runner Daniel Kiprop won the Northport Marathon on Sunday.", "Daniel Kiprop",
     "Kenyan runner"),
    ("Council member David Chen said the plan was the largest in the city's history.",
     "David Chen", "Council member"),
    ("The plan was proposed by Mayor Elena Ortiz in January.", "Elena Ortiz", "Mayor"),
    ("It began in 2006 as a project of Graydon Hoare, a software developer at Mozilla.",
     "Graydon Hoare", "a software developer at Mozilla"),
])
def test_a_person_is_known_by_a_role_noun_of_any_field(text: str, name: str, role: str) -> None:
    people = [n for n in classify(text) if n.type == "person"]
    assert [(p.text, p.role) for p in people] == [(name, role)]


@pytest.mark.parametrize(("text", "name"), [
    ("The film, directed by Ingrid Solberg, follows a lighthouse keeper.", "Ingrid Solberg"),
    ("Its president, Grace Owusu, said the union would ask for an audit.", "Grace Owusu"),
])
def test_a_person_is_known_by_what_the_sentence_says_they_did(text: str, name: str) -> None:
    assert [n.text for n in classify(text) if n.type == "person"] == [name]


def test_a_river_or_an_order_is_no_role() -> None:
    assert not [n for n in classify("The order Shanghai Cooperation went ahead.")
                if n.type == "person"]
    assert not [n for n in classify("They sailed up the river Thames Barrier Park.")
                if n.type == "person"]


def test_a_place_named_after_its_kind() -> None:
    named = classify("The awards are held every October in the port city of Aberdeen.")
    assert [(n.type, n.text) for n in named] == [("place", "Aberdeen")]


@pytest.mark.parametrize(("text", "measure", "unit"), [
    ("The telescope's primary mirror is 2.4 metres across.", "2.4 metres", "metre"),
    ("A waterway of about 82 kilometres connects the oceans.", "82 kilometres", "kilometre"),
    ("The temperature at the start was 9 degrees Celsius.", "9 degrees Celsius", "degree"),
    ("He broke the course record by 48 seconds.", "48 seconds", "second"),
])
def test_a_number_with_a_unit_of_measurement_is_a_measure(text: str, measure: str,
                                                          unit: str) -> None:
    assert [(f.type, f.text, f.role) for f in numeric_facts(text)] == [("measure", measure, unit)]


def test_half_a_range_and_the_parts_of_a_time_are_no_facts() -> None:
    assert numeric_facts("A passage through the canal takes about eight to ten hours.") == []
    assert [f.type for f in numeric_facts("He won in 2 hours, 5 minutes and 12 seconds.")] == []


def test_a_duration_in_words_is_a_duration() -> None:
    assert [(f.type, f.value) for f in numeric_facts("Elections are held every five years.")] \
        == [("duration", "5 years")]


def test_measure_options_share_the_answers_unit() -> None:
    for c in generated("science-hubble"):
        if c.kind == "mcq" and c.fact_type == "measure":
            units = {o.split()[-1].removesuffix("s") for o in c.options}
            assert len(units) == 1, c


def test_the_film_is_named_when_the_sentence_before_named_it() -> None:
    assert find("culture-film-awards", "cloze", "Ingrid Solberg",
                "The film “Winter Light”, directed by [...]") is not None


def test_who_said_it_is_asked_only_when_the_card_says_who_they_are() -> None:
    article = Article("Salon", (Section("News", (Block("paragraph", (
        Sentence("The salon has 25 locations across the city of Houston."),
        Sentence("“We will find the man who did this,” Hasib said on Wednesday night."),
        Sentence("Reuters News Agency reported that the complaint was filed in Miami."),
        Sentence("Russian scholar Vasily Kashin notes that the new level of cooperation is a change."),
    )),)),))
    answers = {c.answer for c in every_variant(generate_candidates(article))}
    assert "Hasib" not in answers and "Reuters News Agency" not in answers
    assert "Vasily Kashin" in answers


def test_a_verb_after_that_opens_no_key_term() -> None:
    from app.core.generate.keyterms import key_terms
    text = ("In a culture that values social harmony, people keep quiet. "
            "A culture that values social harmony is calm. Social harmony matters.")
    terms = {t.text for t in key_terms(text.split(". "))}
    assert not any(t.startswith("values") for t in terms), terms


def test_this_year_is_asked_under_the_dated_title_or_not_at_all() -> None:
    dated = find("culture-film-awards", "cloze", "140",
                 "Harbour Film Awards 2024: This year the festival showed [...] films")
    assert dated is not None
    undated = Article("Festival notes", (Section("Numbers", (Block("paragraph", (
        Sentence("The festival was founded in the port city of Aberdeen in 1998."),
        Sentence("This year the festival showed 140 films from 46 countries."),)),)),))
    assert not [c for c in every_variant(generate_candidates(undated)) if "This year" in c.prompt]
