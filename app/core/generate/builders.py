"""From one sentence and its facts to candidate cards of every kind.

Each fact worth hiding becomes a cloze; where the article holds three values of
the same type it also becomes a multiple-choice question; where the grammar
allows, a question; and the sentence's best fact gives one true/false
statement (false ones swap the fact for a same-type distractor). Every
candidate passes the quality rules (candidate.gives_away, context.reshape)
before it is scored.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from app.core.generate.acronyms import acronyms
from app.core.generate.candidate import Candidate, CandidateKind, candidate_id, gives_away, shuffled
from app.core.generate.context import MARK, Reshaped, reshape, stands_alone
from app.core.generate.distractors import pick_distractors
from app.core.generate.facts import MONTHS, NUMERIC_TYPES, TYPE_WEIGHT, UNIT_TYPES, Fact
from app.core.generate.index import ArticleFacts, SentenceFacts, statement_key
from app.core.generate.keyterms import KeyTerm, TermIndex, key_terms, shows_term
from app.core.generate.names import DEMONYMS, FUNCTION_WORDS, GEO_WORDS, ORG_WORDS, TITLES
from app.core.generate.prompts import role_question, template_question
from app.core.generate.ranker import features
from app.core.generate.subtypes import takes_the
from app.core.notes.model import GAP

KIND_WEIGHT: dict[str, float] = {"cloze": 1.0, "qa": 1.0, "mcq": 0.9, "truefalse": 0.75}
_HEDGES = re.compile(r"\b(?:probably|possibly|perhaps|might|may|seems?|could|likely|"
                     r"arguably|reportedly)\b", re.IGNORECASE)
_KEY_EVENTS = re.compile(r"\b(?:signed|first|largest|established|began|ratified|launched|"
                         r"agreed|founded|trained|withdr[ae]w|sold|bought|decreased|increased)\b",
                         re.IGNORECASE)
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_HEAD = r"(?:agreement|treaty|accord|exercises?|system)"
_DOUBLED_HEAD = re.compile(rf"\b{_HEAD}\s+{_HEAD}\b", re.IGNORECASE)  # "Agreement treaty" reads false
_BOUND = re.compile(r"\b(?:more than|over|at least|fewer than|less than|under|up to|nearly|almost|"
                    r"about|around|some|roughly|approximately|about|at most)\s*[$£€]?$",
                    re.IGNORECASE)
_NAME_WORD_BEFORE = re.compile(r"(?<![.!?:;]\s)(?<!^)\b([A-Z][\w’'\-]*)\s+$")
_POSSESSIVE_BEFORE = re.compile(r"\b[A-Z][\w\-]*(?:’s|'s)\s+$")
_JOINED_BEFORE = re.compile(r"\b[A-Z][\w’'\-]*\s+(?:and|of|&|for|de|du|von|van)\s+$")
_NAME_WORD_AFTER = re.compile(r"^\s+[A-Z][a-z]")
_JOINED_AFTER = re.compile(r"^\s+(?:and|&)\s+[A-Z][a-z]")
MIN_ROLE_WORDS = 2  # "French director", "Russian defence minister"; a bare "author" says nothing
MIN_PROMPT_WORDS = 5  # "Fast-forwarding [...] …" asks nothing
MIN_TERM_WORDS = 8  # a term's cloze needs enough sentence around the gap to be answerable
COMMON_MENTIONS = 4  # a place or organisation named more often is background, not a fact


@dataclass(frozen=True)
class Raw:
    """A candidate with what ranking needs to spread the top of the list over many facts."""

    candidate: Candidate
    fact_key: str
    sentence_key: str
    features: tuple[float, ...] = ()  # for the learned ranker (ranker.py)


def sentence_quality(sf: SentenceFacts, prompt: str) -> float:
    """How good a sentence is as card material, 0..~1.1."""
    q = 1.0
    if sf.in_quote:
        q *= 0.5
    quoted = sum(len(m.group(0)) for m in _QUOTED.finditer(prompt))
    if quoted > 0.3 * len(prompt):
        q *= 0.6
    if _HEDGES.search(prompt):
        q *= 0.85
    words = len(prompt.split())
    if words < 7:
        q *= 0.7
    elif words > 40:
        q *= 0.85
    if _KEY_EVENTS.search(sf.text):
        q *= 1.1
    return q


def splits_a_name(text: str, fact: Fact) -> bool:
    """Whether gapping the fact would cut a longer name in two.

    'University and [...]' (College Union), "European People's [...]" (Party),
    'Mrs [...]', '[...] Ji-won': the student could only guess where the name
    ends. A full name after its title ('Colonel General [...]' for Wei Fenghe)
    is a whole name, so it stays.
    """
    if fact.text.startswith(("“", '"')):
        return False
    before, after = text[:fact.start], text[fact.end:]
    if _JOINED_BEFORE.search(before):
        return True
    if _POSSESSIVE_BEFORE.search(before) and fact.text.casefold() in ORG_WORDS | GEO_WORDS:
        return True  # "the European People's [...]" → Party: the name's own head word
    if fact.type not in NUMERIC_TYPES and (_JOINED_AFTER.match(after) or (
            _NAME_WORD_AFTER.match(after) and after.split()[0].casefold() not in DEMONYMS)):
        return True
    m = _NAME_WORD_BEFORE.search(before)
    if m is None or m.group(1).endswith(("’s", "'s")):
        return False
    word = m.group(1).casefold()
    if word in FUNCTION_WORDS or word in DEMONYMS or m.group(1) in MONTHS:
        return False
    return not (word in TITLES and len(fact.text.split()) >= 2)


_SPEAKS = re.compile(r"^\s*(?:,[^,]{0,60},\s*)?(?:said|says|told|tells|added|adds|reported|reports|"
                     r"noted|notes|wrote|writes|stated|states|claimed|claims)\b")


def asks_only_who_spoke(text: str, fact: Fact) -> bool:
    """'“…,” [...] said.', '[...] reported that …': which person or outlet said a thing,
    with nothing saying who they are, is trivia no reader can answer from the card."""
    return fact.type in ("person", "org") and not fact.role \
        and _SPEAKS.match(text[fact.end:]) is not None


def worth_asking(facts: ArticleFacts, fact: Fact) -> bool:
    """Skip background names: 'China' in an article about China is no fact, nor 'Hubble'
    in one about the Hubble telescope."""
    if fact.type in ("place", "org") and facts.mentions[fact.value.casefold()] > COMMON_MENTIONS:
        return False
    if fact.type in ("place", "org", "person") and " " not in fact.text.strip() \
            and fact.text.casefold() in facts.title_words | ORG_WORDS | GEO_WORDS:
        return False  # "the [...]" → "Council", "Union": a bare head word is no name
    return fact.type in TYPE_WEIGHT


def _reads_like(marked: str, fact: Fact, swap: str) -> bool:
    """A swapped place keeps the grammar: no 'the breakup of the Mongolia'."""
    if fact.type != "place":
        return True
    after_the = re.search(r"\bthe\s*$", marked[:marked.index(MARK)], re.IGNORECASE) is not None
    return after_the == takes_the(swap) or after_the != takes_the(fact.text)


_DEFINES = re.compile(r"^\s*(?:\(|[—–]|,\s+(?:which|i\.e\.)|(?:is|are|was|were|refers?|means?|"
                      r"relies|rely|describes?|involves?)\b)")


def term_weight(term: KeyTerm, after: str) -> float:
    """A term is worth more where the sentence defines it and the more the article uses it."""
    defining = 1.3 if _DEFINES.match(after) else 1.0
    return defining * (1.0 + 0.1 * min(term.count - 1, 3))


class SentenceBuilder:
    """Builds every candidate of one sentence; the article context comes in once."""

    def __init__(self, facts: ArticleFacts, section_title: str, subject: str,
                 speaker: str = "", dated: str = "") -> None:
        self.facts = facts
        self.section_title = section_title
        self.subject = subject
        self.dated = dated  # the article's dated subject, for 'This year …' (context.dated_subject)
        self.speaker = speaker  # the interviewee, whose first-person answers are facts

    def build(self, sf: SentenceFacts, previous: SentenceFacts | None) -> list[Raw]:
        out: list[Raw] = []
        prev_text = previous.text if previous else ""
        prev_facts = previous.facts if previous else ()
        best: tuple[float, Fact, Reshaped] | None = None
        for fact in sf.facts:
            if not worth_asking(self.facts, fact):
                continue
            if splits_a_name(sf.text, fact) or asks_only_who_spoke(sf.text, fact):
                continue
            marked = sf.text[:fact.start] + MARK + sf.text[fact.end:]
            shaped = reshape(marked, prev_text, prev_facts, self.subject, sf.in_quote,
                             self.speaker, self.dated)
            if shaped is None:
                continue
            prompt = shaped.text.replace(MARK, GAP)
            if gives_away(prompt, fact.text) or gives_away(prompt, fact.value) \
                    or not stands_alone(prompt) or len(prompt.split()) < MIN_PROMPT_WORDS:
                continue
            base = TYPE_WEIGHT[fact.type] * shaped.penalty * sentence_quality(sf, prompt)
            out.append(self._make(sf, fact, "cloze", prompt, fact.text, base))
            out.extend(self._mcq(sf, fact, prompt, base))
            question = template_question(shaped.full, fact)
            if question and not gives_away(question, fact.text) \
                    and stands_alone(question, question=True):
                out.append(self._make(sf, fact, "qa", question, fact.text, base))
            if best is None or base > best[0]:
                best = (base, fact, shaped)
            out.extend(self._role_qa(sf, fact))
        if best is not None:
            out.extend(self._truefalse(sf, *best))
        out.extend(self._key_term(sf, prev_text, prev_facts))
        out.extend(self._acronym_qa(sf))
        return out

    def _acronym_qa(self, sf: SentenceFacts) -> list[Raw]:
        """'What does STScI stand for?' → 'Space Telescope Science Institute'."""
        out = []
        for found in acronyms(sf.text):
            fact = Fact("acronym", found.expansion, 0, 0, found.expansion, found.short)
            base = TYPE_WEIGHT["acronym"] * (0.5 if sf.in_quote else 1.0)
            out.append(self._make(sf, fact, "qa", f"What does {found.short} stand for?",
                                  found.expansion, base))
        return out

    def _terms(self) -> TermIndex:
        """The article's key terms, found and compiled once per article."""
        if "key_terms" not in self.facts.cache:
            self.facts.cache["key_terms"] = TermIndex(key_terms(s.text for s in self.facts.sentences))
        terms: TermIndex = self.facts.cache["key_terms"]
        return terms

    def _key_term(self, sf: SentenceFacts, prev_text: str,
                  prev_facts: tuple[Fact, ...]) -> list[Raw]:
        """One cloze gapping the sentence's key term (the longest), if the rest does not show it."""
        for term, m in self._terms().matches(sf.text):
            if any(m.start() < f.end and f.start < m.end() for f in sf.facts):
                continue
            marked = sf.text[:m.start()] + MARK + sf.text[m.end():]
            shaped = reshape(marked, prev_text, prev_facts, self.subject, sf.in_quote,
                             self.speaker, self.dated)
            if shaped is None:
                return []
            prompt = shaped.text.replace(MARK, GAP)
            if m.re.search(prompt) or shows_term(prompt, m.group(0)) \
                    or not stands_alone(prompt) or len(prompt.split()) < MIN_TERM_WORDS:
                return []
            base = TYPE_WEIGHT["term"] * shaped.penalty * sentence_quality(sf, prompt) \
                * term_weight(term, sf.text[m.end():])
            fact = Fact("term", m.group(0), m.start(), m.end(), term.text)
            return [self._make(sf, fact, "cloze", prompt, m.group(0), base)]
        return []

    def _make(self, sf: SentenceFacts, fact: Fact, kind: CandidateKind, prompt: str,
              answer: str, base: float, options: tuple[str, ...] = ()) -> Raw:
        score = round(base * KIND_WEIGHT[kind], 4)
        candidate = Candidate(
            id=candidate_id(kind, sf.section_idx, prompt, answer), kind=kind,
            section_idx=sf.section_idx, section=self.section_title, prompt=prompt,
            answer=answer, source=sf.text, score=score, fact_type=fact.type, options=options)
        vector = features(kind, fact.type, base, sf.centrality, sf.position, sf.index == 0,
                          prompt, answer, self.facts.mentions[fact.value.casefold()], sf.in_quote)
        return Raw(candidate, f"{sf.section_idx}|{fact.type}|{fact.value.casefold()}",
                   f"{sf.section_idx}|{sf.index}", vector)

    def _mcq(self, sf: SentenceFacts, fact: Fact, prompt: str, base: float) -> list[Raw]:
        answer = fact.value if fact.type in NUMERIC_TYPES or fact.type == "person" else fact.text
        distractors = pick_distractors(self.facts, fact.type, answer, 3, avoid=prompt,
                                       unit=fact.role if fact.type in UNIT_TYPES else "")
        if len(distractors) < 3 or gives_away(prompt, answer):
            return []
        options = shuffled([answer, *distractors], f"{sf.section_idx}|{prompt}")
        return [self._make(sf, fact, "mcq", prompt, answer, base, options)]

    def _role_qa(self, sf: SentenceFacts, fact: Fact) -> list[Raw]:
        qa = role_question(fact, sf.facts)
        if qa is None or gives_away(qa[0], qa[1]) or gives_away(qa[1], fact.text):
            return []
        if len(qa[1].split()) < MIN_ROLE_WORDS:
            return []  # "Who is Laura Kipnis?" → "author": true of thousands, learnt nothing
        base = TYPE_WEIGHT[fact.type] * (0.5 if sf.in_quote else 1.0)
        return [self._make(sf, fact, "qa", qa[0], qa[1], base)]

    def _truefalse(self, sf: SentenceFacts, base: float, fact: Fact,
                   shaped: Reshaped) -> list[Raw]:
        """True or false (by a stable coin: the sentence's hash) for the sentence's best fact."""
        true_text = shaped.text.replace(MARK, fact.text)
        if not stands_alone(true_text):
            return []
        coin = hashlib.sha1(sf.text.encode()).digest()[0] % 2
        statement, answer = true_text, "True"
        # "more than 100 pulsars" stays true for any smaller number, and is unknown for a
        # larger one: a bound is never falsified by swapping its number
        before = shaped.text[:shaped.text.index(MARK)]
        bounded = _BOUND.search(before) is not None
        # someone's quoted words are not the article's to change: "remove all cases from Ohio"
        quoted = before.count("“") > before.count("”") or before.count('"') % 2 == 1
        if coin and not bounded and not quoted:
            unit = fact.role if fact.type in UNIT_TYPES else ""
            for swap in pick_distractors(self.facts, fact.type, fact.value, 4, avoid=true_text,
                                         unit=unit):
                false_text = shaped.text.replace(MARK, swap)
                if not _DOUBLED_HEAD.search(false_text) and stands_alone(false_text) \
                        and _reads_like(shaped.text, fact, swap) \
                        and not self._article_says(false_text):
                    statement, answer = false_text, "False"
                    break
        return [self._make(sf, fact, "truefalse", statement, answer, base)]

    def _article_says(self, statement: str) -> bool:
        """A 'false' statement that the article itself makes would teach a falsehood."""
        return statement_key(statement) in self.facts.texts
