"""The facts of a whole article, found once and shared by every card builder.

Why a whole-article pass: a surname alone ("Shoygu") is a person only because
the article named "Sergei Shoygu" somewhere; distractors must come from the
same article; and "how often is this mentioned" tells a key fact from a
background one ("China" in an article about China is no fact at all).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.core.articles.model import Article
from app.core.generate.candidate import normalise
from app.core.generate.facts import UNIT_TYPES, Fact, numeric_facts
from app.core.generate.gate import is_body_sentence
from app.core.generate.keyterms import STOP_WORDS
from app.core.generate.names import Named, classify
from app.core.generate.subtypes import fine_type, head_group

_NAME_BEFORE = re.compile(r"\b(?!(?:In|On|At|By|Of|For|From|To|With|About|Some|Over)\b)"
                          r"[A-Z][\w\-]*\s$")  # "Apollo 11": the number is part of a name


@dataclass(frozen=True)
class SentenceFacts:
    section_idx: int
    index: int  # sentence number within its section
    text: str
    in_quote: bool  # a block quote: someone's words, not the article's
    facts: tuple[Fact, ...]
    centrality: float = 0.0  # 0..1: how much of the article's repeated vocabulary it uses
    position: float = 0.0  # 0 = first body sentence of its section, 1 = last


@dataclass
class ArticleFacts:
    sentences: list[SentenceFacts] = field(default_factory=list)
    pools: dict[str, list[str]] = field(default_factory=dict)  # type → values, article order
    value_types: dict[str, str] = field(default_factory=dict)  # casefolded value/text → type
    mentions: Counter[str] = field(default_factory=Counter)  # casefolded value → count
    heads: dict[str, str] = field(default_factory=dict)  # casefolded weapon → kind (subtypes.py)
    units: dict[str, set[str]] = field(default_factory=dict)  # count value → what it counted
    texts: set[str] = field(default_factory=set)  # every body sentence, as statement_key
    cache: dict[str, Any] = field(default_factory=dict)  # derived lookups, built on demand
    title_words: frozenset[str] = frozenset()  # casefolded words of the article's title

    def type_of(self, answer: str) -> str | None:
        return self.value_types.get(" ".join(answer.split()).casefold())

    def fine_type_of(self, kind: str, value: str) -> str:
        """The fine type a distractor must share (subtypes.fine_type, with what the text says)."""
        return fine_type(kind, value, self.heads.get(" ".join(value.split()).casefold(), ""))


def _named_fact(named: Named, full_names: dict[str, str]) -> Fact:
    value = named.text
    if named.type == "person":
        value = full_names.get(named.text.split()[-1], named.text)
    return Fact(named.type, named.text, named.start, named.end, value, named.role)


def statement_key(text: str) -> str:
    """A sentence as compared with another: spacing, case and the final stop do not count."""
    return normalise(text).rstrip(" .…")


_NAME_WORD = re.compile(r"[A-Z][\w’'\-]*")
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]+")


def _common_word_opening(named: Named, text: str, lower_words: frozenset[str]) -> bool:
    """'Astronauts visited …': a sentence's capitalised first word that the article also
    writes in lower case is a common noun, not a name."""
    words = named.text.split()
    return (len(words) == 1 and not text[:named.start].strip(" “\"‘'(")
            and named.text.casefold() in lower_words)


def _sentence_facts(text: str, found: list[Named], full_names: dict[str, str],
                    lower_words: frozenset[str] = frozenset()) -> tuple[Fact, ...]:
    """Named facts first; a number inside a name ('Tsentr-2019') is not a separate fact.

    `found` is the sentence's classification (names.classify) with the article's surnames.
    """
    named = [_named_fact(n, full_names) for n in found
             if not _common_word_opening(n, text, lower_words)]
    spans = [(f.start, f.end) for f in named]
    numbers = [f for f in numeric_facts(text)
               if not any(f.start < e and s < f.end for s, e in spans)
               and not (f.type == "count" and _NAME_BEFORE.search(text[:f.start]))]
    return tuple(sorted(named + numbers, key=lambda f: f.start))


_CONTENT_WORD = re.compile(r"[a-z][a-z\-]{3,}")


def _centrality(texts: list[str]) -> list[float]:
    """Each sentence's share of the article's repeated vocabulary (mean log count of its
    content words, scaled so the most central sentence is 1): the sentences that carry
    the article's subject, for the ranker (see ranker.py)."""
    words = [set(_CONTENT_WORD.findall(t.casefold())) - STOP_WORDS for t in texts]
    counts: Counter[str] = Counter(w for ws in words for w in ws)
    raw = [sum(math.log(counts[w]) for w in ws) / len(ws) if ws else 0.0 for ws in words]
    top = max(raw, default=0.0) or 1.0
    return [r / top for r in raw]


@lru_cache(maxsize=4)
def analyse(article: Article) -> ArticleFacts:
    """Every body sentence's typed facts, plus per-type pools of the article's values.

    Sentences the gate refuses (captions, references, bylines, fragments) are
    left out entirely: they give no card, no key term and no distractor.
    """
    raw: list[tuple[int, int, str, bool]] = []
    for s_idx, section in enumerate(article.sections):
        n = 0
        for block in section.blocks:
            for sentence in block.sentences:
                if is_body_sentence(sentence.text):  # see gate.py: no cards, terms or options
                    raw.append((s_idx, n, sentence.text, block.kind == "quote"))
                n += 1
    # first pass: people named in full give the surnames that later stand alone
    full_names: dict[str, str] = {}
    first_pass: list[list[Named]] = []
    for _, _, text, _ in raw:
        first_pass.append(classify(text))
        for named in first_pass[-1]:
            parts = named.text.split()
            if named.type == "person" and len(parts) >= 2:
                full_names.setdefault(parts[-1], named.text)
                if len(parts) == 2:  # Chinese names put the surname first: "Zhou Chenming"
                    full_names.setdefault(parts[0], named.text)
    surnames = frozenset(full_names)
    lower_words = frozenset(w for _, _, text, _ in raw for w in _LOWER_WORD.findall(text))
    result = ArticleFacts(title_words=frozenset(re.findall(r"[\w’'\-]+", article.title.casefold())))
    centrality = _centrality([text for _, _, text, _ in raw])
    sizes = Counter(s_idx for s_idx, _, _, _ in raw)
    order_in_section: Counter[int] = Counter()
    for (s_idx, n, text, in_quote), weight, found in zip(raw, centrality, first_pass, strict=True):
        words = {w.removesuffix("’s").removesuffix("'s") for w in _NAME_WORD.findall(text)}
        if surnames & words:  # a surname standing alone may be a person now: classify again
            found = classify(text, surnames)
        facts = _sentence_facts(text, found, full_names, lower_words)
        position = order_in_section[s_idx] / max(1, sizes[s_idx] - 1)
        order_in_section[s_idx] += 1
        result.sentences.append(SentenceFacts(s_idx, n, text, in_quote, facts, weight, position))
        result.texts.add(statement_key(text))
        for fact in facts:
            key = fact.value.casefold()
            result.mentions[key] += 1
            pool = result.pools.setdefault(fact.type, [])
            if key not in result.value_types:
                pool.append(fact.value)
            result.value_types.setdefault(key, fact.type)
            result.value_types.setdefault(" ".join(fact.text.split()).casefold(), fact.type)
            if fact.type in UNIT_TYPES and fact.role:
                result.units.setdefault(fact.value, set()).add(fact.role)
            if fact.type == "weapon" and key not in result.heads:
                head = head_group(text[fact.end:fact.end + 60].split())
                if head:
                    result.heads[key] = head
    return result
