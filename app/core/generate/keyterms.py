"""Key terms of an article: the subject's vocabulary, found cheaply.

Why rules and not a keyword extractor: YAKE takes ~5.5 s per megabyte and a
model is not available offline, while an article's own vocabulary shows in
how it repeats itself. A key term is a lower-case phrase of two to four
content words ("missile attack warning system", "technological nationalism")
that occurs at least twice in the article, or a hyphenated compound that
does ("military-technical", "early-warning"). Shorter phrases inside a longer
key term are dropped unless they also stand on their own elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.generate.gate import is_verb_form
from app.core.generate.names import ROLE_NOUNS, TITLES

MIN_REPEATS = 2
MAX_WORDS = 4
BACKGROUND = 8  # a phrase used more often than this is the article's subject, not a term
_WEAK_COMPOUNDS = ("-based", "-year", "-old", "-long", "-ranking", "-term", "-level", "-like",
                   "-run", "-scale", "-wide")
_NOT_TERMS = re.compile(r"\b(?:dollars?|million|billion|thousand|percent|per cent)\b")
_WORD = re.compile(r"[A-Za-z][a-z]*(?:-[a-z]+)*|\S")
#: Words that cannot be part of a term: function words, common verbs, vague adjectives.
_STOP_TEXT = """
a about above after again against all also although am among an and another any are as at
be been before being below between both but by can could did do does doing done down during
each either even ever every few first for from further had has have having he her here hers
him his how however i if in into is it its itself just last later least less like made make
many may might more most much must my new next no nor not now of off often on once one only
or other our out over own per rather said same say says she should since so some still such
than that the their them then there these they this those though through thus to too two
under until up upon us very via was we well were what when where whether which while who
whom whose why will with within without would yet you your become became becomes according
including include includes included held hold holds given give gives taken take takes well
based used use uses using part parts way ways time times year years example main previous
recent recently possible likely current future further certain various several number
order level levels terms term area areas field fields number view point new old high long
because onto across along around behind beyond toward towards despite unless whereas himself
herself themselves yourself myself ourselves
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class KeyTerm:
    text: str  # lower-case, as most often written
    count: int  # occurrences in the article


def names_a_thing(phrase: str) -> bool:
    """A noun phrase by its form: no verb first ('get beauty services', 'touched …'), no
    adverb at either end ('safely apprehend', 'functioning optimally')."""
    words = phrase.split()
    first, last = words[0], words[-1]
    if first.endswith("ly") or last.endswith("ly") or is_verb_form(first):
        return False
    return not (len(words) > 1 and last.endswith("ed") and not last.endswith("eed"))


_RELATIVES = frozenset({"that", "which", "who"})


def _runs(sentence: str) -> Iterable[list[str]]:
    """Maximal runs of lower-case content words (a capital, digit or mark ends a run)."""
    run: list[str] = []
    before = ""
    for i, m in enumerate(_WORD.finditer(sentence)):
        word = m.group(0)
        if i == 0 and word[:1].isupper() and word[1:].islower():
            word = word.lower()  # "Early-warning missile-attack systems …" opens a sentence
        after_relative, before = before in _RELATIVES, word.casefold()
        if not run and after_relative and word.endswith("s") and not word.endswith("ss"):
            continue  # "a culture that values social harmony": a verb, not a term's first word
        if (word.isalpha() or "-" in word[1:]) and word.islower() \
                and word not in STOP_WORDS and len(word) > 2:
            run.append(word)
            continue
        if run:
            yield run
        run = []
    if run:
        yield run


def _ngrams(run: list[str]) -> Iterable[str]:
    for n in range(2, MAX_WORDS + 1):
        for i in range(len(run) - n + 1):
            yield " ".join(run[i:i + n])


def _key(phrase: str) -> str:
    """'early-warning' and 'early warning' are one term."""
    return phrase.replace("-", " ")


def _compound_phrase(phrase: str) -> bool:
    """'confidence-building measures': a hyphenated modifier before a head noun names a thing."""
    words = phrase.split()
    return len(words) == 2 and "-" in words[0] and "-" not in words[1] \
        and not words[0].endswith(_WEAK_COMPOUNDS)


def key_terms(sentences: Iterable[str]) -> list[KeyTerm]:
    """The article's key terms, longest first (so a longer term is gapped before its parts)."""
    sentences = list(sentences)
    counts: Counter[str] = Counter()
    whole: set[str] = set()  # phrases that were a whole run: nothing follows their head noun
    spelling: dict[str, Counter[str]] = {}
    for sentence in sentences:
        for run in _runs(sentence):
            whole.add(_key(" ".join(run)))
            grams = list(_ngrams(run)) + [w for w in run if "-" in w]
            for gram in grams:
                counts[_key(gram)] += 1
                spelling.setdefault(_key(gram), Counter())[gram] += 1
    background = max(BACKGROUND, len(sentences) // 20)
    # Why: a gap must hide a thing, not an action ("[...] for women" ← "touched himself")
    chosen: dict[str, int] = {}
    for key, count in counts.items():
        text = spelling[key].most_common(1)[0][0]
        if count > background or not names_a_thing(text) or _NOT_TERMS.search(text) \
                or text.split()[-1] in ROLE_NOUNS \
                or text.split()[-1] in TITLES or \
                (" " in text and "-" in text.split()[-1]):
            continue
        repeated = count >= MIN_REPEATS and (" " in text or not text.endswith(_WEAK_COMPOUNDS))
        if repeated or (key in whole and _compound_phrase(text)):
            chosen[key] = count
    kept: dict[str, int] = {}
    containing: dict[str, list[str]] = {}  # a run of words → kept terms holding it
    for key in sorted(chosen, key=lambda p: (-len(p.split()), -len(p), p)):
        if any(chosen[key] - kept[k] < MIN_REPEATS for k in containing.get(key, ())):
            continue  # only ever seen as part of a longer term
        kept[key] = chosen[key]
        words = key.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                containing.setdefault(" ".join(words[i:j]), []).append(key)
    return [KeyTerm(spelling[k].most_common(1)[0][0], c)
            for k, c in sorted(kept.items(), key=lambda kv: (-len(kv[0]), kv[0]))]


def term_words(text: str) -> list[str]:
    """A term's or a sentence's words, casefolded, hyphen parts apart ('early-warning' → 2)."""
    return [w for w in re.split(r"[^\w]+|_", text.casefold()) if w]


class TermIndex:
    """The article's key terms with their patterns compiled once, found by a sentence's words.

    Why: trying every term on every sentence made generation quadratic in the
    article's vocabulary (a 1 MB article of different texts took minutes).
    A term is indexed under its rarest word, so a sentence is tried only
    against terms whose every word it contains — work grows with the
    sentence, not with the article.
    """

    def __init__(self, terms: list[KeyTerm]) -> None:
        self.terms = terms
        self._patterns = [term_pattern(t.text) for t in terms]
        self._words = [frozenset(term_words(t.text)) for t in terms]
        frequency: Counter[str] = Counter(w for words in self._words for w in words)
        self._by_word: dict[str, list[int]] = {}
        for order, words in enumerate(self._words):
            if words:
                rarest = min(words, key=lambda w: (frequency[w], w))
                self._by_word.setdefault(rarest, []).append(order)

    def matches(self, sentence: str) -> Iterable[tuple[KeyTerm, re.Match[str]]]:
        """The terms a sentence contains, in the index's order (longest first), with the match."""
        seen = set(term_words(sentence))
        orders = sorted({o for w in seen for o in self._by_word.get(w, ())})
        for order in orders:
            if self._words[order] <= seen:
                m = self._patterns[order].search(sentence)
                if m is not None:
                    yield self.terms[order], m


def term_pattern(term: str) -> re.Pattern[str]:
    """Finds a term as written either way ('early-warning' / 'Early warning'), whole words only."""
    parts = [re.escape(w) for w in re.split(r"[\s-]+", term)]
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(parts) + r"(?![\w-])", re.IGNORECASE)


def shows_term(prompt: str, term: str) -> bool:
    """Whether any word of the term (hyphen parts included) is still readable in the prompt."""
    seen = set(re.split(r"[^\w]+", prompt.casefold()))
    return any(w in seen for w in re.split(r"[\s-]+", term.casefold()) if w)
