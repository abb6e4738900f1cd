"""The card generator on the bundled article: good cards present, bad ones absent."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.articles.importers import import_file
from app.core.articles.model import Article, Block, Section, Sentence
from app.core.generate import (
    CANDIDATE_KINDS,
    Candidate,
    candidate_to_note,
    distractors_for,
    every_variant,
    generate_candidates,
)
from app.core.generate.candidate import gives_away
from app.core.generate.context import MARK, reshape, trim
from app.core.generate.distractors import answer_type
from app.core.generate.facts import numeric_facts
from app.core.generate.index import analyse
from app.core.notes.model import GAP, render
from app.core.notes.store import list_notes, save_notes
from tests.helpers import ROOT

PRONOUNS = re.compile(r"^(?:He|She|It|They|We|I|This|These|Those|That|The latter|The former)\b")


def find(candidates: list[Candidate], kind: str, answer: str, prompt_part: str = "",
         top: int | None = None) -> Candidate | None:
    pool = candidates[:top] if top else candidates
    for c in pool:
        if c.kind == kind and c.answer == answer and prompt_part.casefold() in c.prompt.casefold():
            return c
    return None


# -- coverage ---------------------------------------------------------------
def test_every_section_has_candidates_of_every_kind(article: Article,
                                                    candidates: list[Candidate]) -> None:
    for idx, section in enumerate(article.sections):
        kinds = {c.kind for c in candidates if c.section_idx == idx}
        assert kinds == set(CANDIDATE_KINDS), (section.title, kinds)
        assert all(c.section == section.title for c in candidates if c.section_idx == idx)


def test_true_and_false_statements_both_exist(candidates: list[Candidate]) -> None:
    answers = {c.answer for c in candidates if c.kind == "truefalse"}
    assert answers == {"True", "False"}


def test_false_statement_swaps_a_fact_for_a_same_type_one(candidates: list[Candidate]) -> None:
    false = [c for c in candidates if c.kind == "truefalse" and c.answer == "False"]
    for c in false:
        assert c.prompt != c.source
    vostok = [c for c in false if "took part in exercise" in c.prompt]
    assert vostok and "Mosi" not in vostok[0].prompt
    assert re.search(r"exercise (Vostok|Tsentr-2019|Peace Mission|Cooperation-2019)",
                     vostok[0].prompt)


# -- concrete good cards ------------------------------------------------------------
@pytest.mark.parametrize(("kind", "answer", "prompt_part"), [
    ("cloze", "1991", "Sino-Soviet Border Agreement was signed in [...]"),
    ("qa", "1991", "When was the Sino-Soviet Border Agreement signed?"),
    ("cloze", "Sino-Soviet Border Agreement", "the [...] was signed in 1991"),
    ("cloze", "Su-27", "first country to buy the [...] fourth-generation heavy fighter"),
    ("cloze", "Peace Mission", "starting with the first [...] in 2005"),
    ("cloze", "2005", "the first Peace Mission in [...]"),
    ("cloze", "12%", "[...] of Russian arms exports were sold to China"),
    ("qa", "12%", "what share of Russian arms exports were sold to China"),
    ("cloze", "3,600", "more than [...] Chinese officers had been trained"),
    ("qa", "3,600", "How many Chinese officers had been trained"),
    ("cloze", "60-million-dollar", "under the [...] contract"),
    ("mcq", "$60 million", "under the [...] contract"),
    ("cloze", "$1.8 billion", "decreased to [...]"),
    ("cloze", "16 billion dollars", "amounted to [...]"),
    ("cloze", "150", "[...] Kyrgyz troops attended"),
    ("cloze", "Vostok", "Russia’s [...] military exercise"),
    ("cloze", "Tsentr-2019", "participated in the [...] exercises"),
    ("cloze", "Mosi", "took part in exercise [...]"),
    ("cloze", "S-400", "the [...] air defence system"),
    ("cloze", "Pantsir", "the [...] surface-to-air missile system"),
    ("cloze", "New START", "the fate of the [...] treaty"),
    ("cloze", "February 1992", "ratified the agreement in [...]"),
    ("qa", "Russian defence minister", "Who is Sergei Shoygu?"),
    ("qa", "China expert", "Who is Vasily Kashin?"),
    ("cloze", "Wei Fenghe", "The Chinese defence minister, Colonel General [...]"),
    ("qa", "Russian state arms export agency", "What is Rosoboronexport?"),
])
def test_good_card_is_generated(candidates: list[Candidate], kind: str, answer: str,
                                prompt_part: str) -> None:
    assert find(candidates, kind, answer, prompt_part), f"missing {kind}: {prompt_part} → {answer}"


@pytest.mark.parametrize("answer", [
    "Sino-Soviet Border Agreement", "Peace Mission", "12%", "Su-27", "Vostok", "Mosi",
    "S-400", "New START", "Tsentr-2019", "February 1992", "3,600", "60-million-dollar",
    "three billion dollars", "Cooperation-2019",
])
def test_key_facts_are_in_the_top_hundred(suggestions: list[Candidate], answer: str) -> None:
    """The best hundred suggestions (each with the other ways of asking it) hold every key fact."""
    assert any(answer in (v.answer, *v.options) for c in suggestions[:100] for v in c.variants()), \
        answer


def test_pronoun_is_replaced_by_its_referent() -> None:
    article = Article("Notes", (Section("Border", (Block("paragraph", (
        Sentence("After years of talks, the Sino-Soviet Border Agreement was signed in 1991."),
        Sentence("The treaty set up 12 joint border posts along the Amur river."),
        Sentence("Russian defence minister Sergei Shoygu visited Beijing in 2018."),
        Sentence("He signed a deal worth $2 billion for new radars."),)),)),))
    result = every_variant(generate_candidates(article))
    treaty = [c for c in result if c.source.startswith("The treaty set up")]
    he = [c for c in result if c.source.startswith("He signed")]
    assert treaty and he  # the checks below must not pass on empty lists
    assert all(c.prompt.startswith("The Sino-Soviet Border Agreement set up") for c in treaty
               if c.kind != "qa"), [c.prompt for c in treaty]
    assert all(c.prompt.startswith("Sergei Shoygu signed") for c in he if c.kind != "qa"), \
        [c.prompt for c in he]
    assert any(c.kind == "cloze" and c.answer == "$2 billion" for c in he)


# -- concrete bad cards -------------------------------------------------------------
def test_no_footnote_number_is_an_answer(article: Article, candidates: list[Candidate]) -> None:
    footnotes = {str(n) for s in article.sections for n in s.footnotes}
    bare_numbers = {c.answer for c in candidates if re.fullmatch(r"\d{1,2}", c.answer)}
    assert not bare_numbers & footnotes
    for c in candidates:
        # a note number glued to punctuation ("border.1") would show here
        assert not re.search(r"[a-z][.,”’)]\d{1,2}\b", c.prompt), c.prompt


def test_no_answer_is_visible_in_its_prompt(candidates: list[Candidate]) -> None:
    for c in candidates:
        if c.kind in ("cloze", "mcq", "qa"):
            assert not gives_away(c.prompt, c.answer), (c.prompt, c.answer)
        if c.kind in ("cloze", "mcq"):
            assert c.prompt.count(GAP) == 1, c.prompt


def test_gap_whose_answer_stays_visible_is_rejected(candidates: list[Candidate]) -> None:
    # "in March 1969 … conflict in 1969": hiding one 1969 would leave the other showing
    assert not [c for c in candidates if c.answer == "1969" and c.kind == "cloze"]
    assert gives_away("After the conflict in [...], in March 1969 …", "1969")
    assert gives_away("Russian defence minister [...] said Shoygu", "Sergei Shoygu")


def test_no_prompt_starts_with_an_unresolved_pronoun(candidates: list[Candidate]) -> None:
    for c in candidates:
        if c.kind != "qa":
            assert not PRONOUNS.match(c.prompt), c.prompt
    assert not [c for c in candidates if c.source.startswith("This is very important")]
    assert not [c for c in candidates if c.source.startswith("I am probably")]


MID_SENTENCE = re.compile(r"^(?:[a-z]|…|\.\.\.|[\])}”’\"])")
POINTING_BACK = re.compile(r"^[“(]?(?:He|She|It|They|We|I|Its|Their|His|Her|Who|Whom|Whose|"
                           r"Which|And|But|Or|This|That|These|Those|The latter|The former)\b")


def test_every_prompt_stands_alone(candidates: list[Candidate]) -> None:
    """All candidates, not a sample: a cut sentence must not lose its subject."""
    assert len(candidates) > 200
    for c in candidates:
        assert not MID_SENTENCE.match(c.prompt), (c.kind, c.prompt)
        if c.kind == "qa":
            assert c.prompt.endswith("?"), c.prompt
            if not re.match(r"^(?:Who|Which|What) is ", c.prompt):
                assert not POINTING_BACK.match(c.prompt), c.prompt
        else:
            assert not POINTING_BACK.match(c.prompt), (c.kind, c.prompt)
    # the audit's examples now keep their subject
    inf = find(candidates, "cloze", "Intermediate Range Nuclear Forces (INF) Treaty")
    assert inf and inf.prompt.startswith("Beijing-based military expert Zhou Chenming said")
    tashkent = find(candidates, "cloze", "Tashkent")
    assert tashkent is None or tashkent.prompt.startswith("In a February 1981 speech")
    assert not [c for c in candidates if "Ed.], more than" in c.prompt[:20]]


def test_trim_keeps_the_sentence_start_or_refuses_a_headless_clause() -> None:
    sentence = ("Beijing-based expert Zhou Chenming said the remarks were a warning to Donald Trump, "
                "who had taken the unilateral step of withdrawing from the " + MARK
                + " signed between the US and Russia in 1987, and who then said a great many other "
                "things that go on and on for a long while, well past the limit of any card.")
    text, cut = trim(sentence)
    assert cut and text.startswith("Beijing-based expert") and MARK in text
    far = "Words that set the scene, " * 14 + "and he repeated his proposal in " + MARK + "."
    assert reshape(far, "", (), "Topic", False) is None  # "… and he repeated" has no subject


def test_reshape_refuses_a_bare_pronoun_and_prefixes_a_vague_subject() -> None:
    assert reshape(f"It was signed in {MARK}.", "Nothing here.", (), "Topic", False) is None
    shaped = reshape(f"These exercises began in {MARK}.", "x", (), "Joint Exercises", False)
    assert shaped is not None and shaped.text.startswith("Joint Exercises: These exercises")


def test_long_sentences_are_trimmed_around_the_fact() -> None:
    long = ("Filler words about nothing in particular, " * 8) + f"the deal was worth {MARK}; " \
        + "and then more words follow that do not matter at all, " * 4 + "end."
    text, cut = trim(long)
    assert cut and MARK in text and len(text) <= 240


def test_no_near_duplicates(candidates: list[Candidate]) -> None:
    from rapidfuzz import fuzz

    seen: dict[tuple[str, str], list[str]] = {}
    for c in candidates:
        for other in seen.get((c.kind, c.answer), []):
            assert fuzz.token_set_ratio(c.prompt, other) < 90 or c.prompt == other is False, \
                (c.prompt, other)
        seen.setdefault((c.kind, c.answer), []).append(c.prompt)
    assert len({c.id for c in candidates}) == len(candidates)
    shoygu = [c for c in candidates if c.kind == "qa" and c.answer == "Russian defence minister"]
    assert len(shoygu) == 1  # "Sergei" and "Sergey" Shoygu: one card


# -- multiple choice --------------------------------------------------------------
def test_every_mcq_has_three_same_type_distinct_distractors(article: Article,
                                                            candidates: list[Candidate]) -> None:
    facts = analyse(article)
    mcqs = [c for c in candidates if c.kind == "mcq"]
    assert len(mcqs) >= 20
    for c in mcqs:
        assert len(c.options) == 4 and c.answer in c.options
        assert len({o.casefold() for o in c.options}) == 4
        for option in c.options:
            assert answer_type(facts, option) == c.fact_type, (c.answer, option)
            if option == c.answer:
                continue
            a, o = c.answer.casefold(), option.casefold()
            assert a not in o and o not in a, (c.answer, option)
            assert option not in c.prompt


# Independent of the generator's own labels: what a reader would accept as a wrong option.
COUNTRIES = {"Mongolia", "Afghanistan", "China", "Russian Federation", "Russia", "Kazakhstan"}
EXPECTED_DISTRACTORS = {
    "Soviet Union": COUNTRIES,
    "Tashkent": {"Vladivostok", "Beijing", "Washington", "Forish", "Jizzakh"},
    "Type 054A": {"Slava-class", "Kaliningradneft’-class"},
    "Weifang": {"Marshal Ustinov", "Vyaz’ma"},
    "Su-27": {"MiG-29", "Su-35"},
    "Vostok": {"Peace Mission", "Tsentr-2019", "Mosi", "Cooperation-2019"},
}


@pytest.mark.parametrize("answer", sorted(EXPECTED_DISTRACTORS))
def test_distractors_are_of_the_fine_type(article: Article, candidates: list[Candidate],
                                          answer: str) -> None:
    expected = EXPECTED_DISTRACTORS[answer]
    options = distractors_for(article, answer)
    assert options and set(options) <= expected, options
    for c in candidates:
        if c.kind == "mcq" and c.answer == answer:
            assert set(c.options) - {answer} <= expected, c.options


def test_false_statements_swap_like_for_like(candidates: list[Candidate]) -> None:
    false = [c for c in candidates if c.kind == "truefalse" and c.answer == "False"]
    assert false
    for c in false:
        # no sea for a country, no bare country name after "the", no fighter as a missile system
        assert not re.search(r"breakup of the (?!Soviet Union|Russian Federation)", c.prompt)
        assert not re.search(r"\bthe (?:Mongolia|Afghanistan|Kazakhstan|Tashkent|Beijing)\b",
                             c.prompt), c.prompt
        assert not re.search(r"(?:Su-27|Su-35|MiG-29) (?:air defence|surface-to-air)", c.prompt)
        assert not re.search(r"(?:S-400|Pantsir) [\w-]* ?(?:heavy )?fighter", c.prompt)


def test_mcq_options_are_shuffled_deterministically(candidates: list[Candidate]) -> None:
    mcqs = [c for c in candidates if c.kind == "mcq"]
    positions = {c.options.index(c.answer) for c in mcqs}
    assert len(positions) > 1  # the answer is not always first


def test_distractors_for_matches_the_answer_type(article: Article) -> None:
    years = distractors_for(article, "1991")
    assert len(years) == 3 and all(re.fullmatch(r"\d{4}", y) for y in years)
    assert "1991" not in years
    money = distractors_for(article, "$1.8 billion")
    assert len(money) == 3 and all(m.startswith("$") for m in money)
    exercises = distractors_for(article, "Peace Mission")
    assert len(exercises) == 3
    assert set(exercises) <= {"Vostok", "Tsentr-2019", "Mosi", "Cooperation-2019"}
    weapons = distractors_for(article, "Su-27")  # fighters only: no air defence system
    assert weapons and set(weapons) <= {"MiG-29", "Su-35"}
    people = distractors_for(article, "Sergei Shoygu")
    assert len(people) == 3 and not any("Shoygu" in p for p in people)
    assert distractors_for(article, "no such thing here") == []
    assert distractors_for(article, "1991", n=5, avoid="between 1989 and 1992") \
        and "1989" not in distractors_for(article, "1991", n=5, avoid="between 1989 and 1992")


def test_numeric_facts_are_typed() -> None:
    facts = {(f.type, f.value) for f in numeric_facts(
        "In 2016 it cost $1.8 billion, 16 billion dollars and a 60-million-dollar deal; "
        "12% of 3,600 Chinese officers and 150 Kyrgyz troops, on 28 July 1986.")}
    assert {("year", "2016"), ("money", "$1.8 billion"), ("money", "$16 billion"),
            ("money", "$60 million"), ("percent", "12%"), ("count", "3,600"),
            ("count", "150"), ("date", "28 July 1986")} <= facts


# -- determinism and conversion ---------------------------------------------------
def test_generation_is_deterministic(article: Article, candidates: list[Candidate]) -> None:
    fresh = import_file(ROOT / "resources" / "articles" / "russia-china-military-cooperation.txt")
    again = every_variant(generate_candidates(fresh))
    assert [c.to_json() for c in again] == [c.to_json() for c in candidates]


def test_one_section_only(article: Article) -> None:
    only = generate_candidates(article, section_idx=2, limit=10)
    assert len(only) == 10 and {c.section_idx for c in only} == {2}
    with pytest.raises(IndexError):
        generate_candidates(article, section_idx=99)


def test_candidates_become_valid_notes_of_the_right_kind(candidates: list[Candidate]) -> None:
    expected = {"cloze": {"cloze"}, "qa": {"typed", "basic"}, "mcq": {"mcq"},
                "truefalse": {"truefalse"}}
    for c in candidates:
        note = candidate_to_note(c, "a", c.section_idx, 0)
        assert note.kind in expected[c.kind]
        face = render(note.kind, note.fields, 0)
        if c.kind == "cloze":
            assert face.front == c.prompt and face.answer == c.answer
        elif c.kind == "truefalse":
            assert face.answer == c.answer
        else:
            assert face.front == c.prompt and face.answer == c.answer


def test_accepted_candidates_are_saved_with_their_cards(col_with_article, article) -> None:
    from app.core.articles.library import load_article

    stored = load_article(col_with_article, "russia-china-military-cooperation")
    chosen = generate_candidates(stored)[:3]
    notes = [candidate_to_note(c, "russia-china-military-cooperation", c.section_idx, i)
             for i, c in enumerate(chosen)]
    assert save_notes(col_with_article, notes) == 3
    saved = list_notes(col_with_article, article_id="russia-china-military-cooperation")
    assert {n.id for n in saved} == {c.id for c in chosen}
    cards = col_with_article.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    assert cards == 3


# -- CLI -------------------------------------------------------------------------
def test_cli_generate_json(article_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "app", "generate", str(article_path), "--json",
                          "--limit", "25"], cwd=ROOT, capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert len(data) == 25
    for item in data:
        assert {"id", "section", "type", "prompt", "answer", "options", "source",
                "score"} <= item.keys()
        assert item["type"] in CANDIDATE_KINDS
    assert [d["score"] for d in data] == sorted((d["score"] for d in data), reverse=True)


def test_cli_generate_bad_file_names_it(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = subprocess.run([sys.executable, "-m", "app", "generate", str(empty), "--json"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 1 and "empty.txt" in out.stderr


def test_generic_article_without_names_still_works() -> None:
    plain = Article("Notes", (Section("Introduction", (Block("paragraph", (
        Sentence("The bridge opened in 1932 and cost 4 million dollars."),
        Sentence("It carried 12,000 cars a day by 1950."),)),)),))
    result = every_variant(generate_candidates(plain))
    assert any(c.answer == "1932" and c.kind == "cloze" for c in result)
    assert not any(c.prompt.startswith("It ") for c in result)


# -- another article: nothing above may be tuned to the bundled one --------------------------
@pytest.fixture(scope="module")
def apollo() -> list[Candidate]:
    return every_variant(generate_candidates(import_file(ROOT / "tests" / "data" / "apollo11.txt")))


@pytest.mark.parametrize(("kind", "answer", "prompt_part"), [
    ("qa", "mission commander", "Who is Neil Armstrong?"),
    ("qa", "Lunar module pilot", "Who is Buzz Aldrin?"),
    ("qa", "command module pilot", "Who is Michael Collins?"),
    ("cloze", "Buzz Aldrin", "Lunar module pilot [...] joined"),
    ("cloze", "John F. Kennedy", "President [...] set the goal"),
    ("cloze", "$25.4 billion", "The Apollo program cost [...] by 1973"),
    ("cloze", "Saturn V", "The [...] rocket lifted the crew"),
])
def test_apollo_article_gives_good_cards(apollo: list[Candidate], kind: str, answer: str,
                                         prompt_part: str) -> None:
    assert find(apollo, kind, answer, prompt_part), f"missing {kind}: {prompt_part} → {answer}"


def test_apollo_article_has_no_partial_names_or_misplaced_types(apollo: list[Candidate]) -> None:
    assert apollo
    for c in apollo:
        assert "John F. [...]" not in c.prompt and "[...] Kennedy" not in c.prompt, c.prompt
        assert "Apollo [...]" not in c.prompt, c.prompt  # "11" is part of the mission's name
        assert not MID_SENTENCE.match(c.prompt) and not c.prompt.startswith("It "), c.prompt
    assert not [c for c in apollo if c.answer == "Saturn V" and c.fact_type == "place"]
    assert {c.answer for c in apollo if c.fact_type == "person" and c.kind == "cloze"} >= {
        "Neil Armstrong", "Buzz Aldrin", "Michael Collins", "John F. Kennedy"}
