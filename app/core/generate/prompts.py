"""Turning a sentence into a real question, where its grammar allows a safe one.

Why only a few templates: a malformed question is worse than none, so each
template matches a shape it can rephrase reliably — "X was signed in 1991" →
"When was X signed?", "more than 3,600 Chinese officers had been trained …" →
"How many Chinese officers had been trained …?", "12% of Russian arms exports
were sold …" → "What share of Russian arms exports were sold …?", and the role
a sentence gives a person or a thing → "Who is …?" / "What is …?". Everything
else stays a cloze.

Templates work on text where the fact is marked by MARK (see context.py).
"""

from __future__ import annotations

import re

from app.core.generate.context import MARK
from app.core.generate.facts import Fact
from app.core.generate.names import TITLES
from app.core.generate.subtypes import place_kind

_M = re.escape(MARK)
_PASSIVE_WHEN = re.compile(
    rf"(?:^|,\s+)(?P<subj>(?:[Tt]he|[Aa]n?)\s[^,;:]{{3,90}}?)\s(?P<aux>was|were)\s"
    rf"(?P<verb>[a-z]+(?:ed|en|eld|ld|gned|ned|held|built|made|set up))\s(?:in|on)\s{_M}[.,]?")
_COUNT_SUBJECT = re.compile(
    rf"^(?P<pre>.*?)(?:(?i:more than|over|some|about|nearly|almost|at least)\s+)?{_M}\s+"
    r"(?P<rest>(?:[A-Z][a-z]+\s+)?[a-z][a-z\-]*(?:\s+of\s+[a-z\s]+?)?\s+"
    r"(?:had|have|has|were|was|are|attended|took|joined|participated)\b[^;:]*?)\.?$")
_SHARE = re.compile(
    rf"^(?P<pre>.*?)\b(?:that\s+)?{_M}\s+of\s+(?P<rest>[^,;:]+?(?:were|was|is|are|went|came)"
    r"\s[^,;:]+?)(?:[,;:].*)?\.?$")
_SPEAKER = re.compile(r"(?:^|,\s+)(?P<who>[^,]+?)\s+(?:stated|said|noted|announced|reported|"
                      r"claimed|estimated)\s*$")
_AMOUNT = re.compile(rf"(?:^|,\s+)(?P<subj>[^,]+?)\s+amounted to\s+{_M}")


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() \
            and not re.match(r"^[A-Z][a-z]+ [A-Z]", text):
        return text[0].lower() + text[1:]
    return text


def _tidy(question: str) -> str:
    question = re.sub(r"\s+([,?])", r"\1", " ".join(question.split()))
    return question[0].upper() + question[1:]


#: What a bare title is a title *of*: a party office needs its party, a head of state a country.
_PARTY_TITLES = frozenset(["secretary", "chairman"])
_STATE_TITLES = frozenset(["president", "premier", "prime", "minister"])
_PARTY = re.compile(r"(?:[A-Z][\w’'\-]*\s+)*(?:Party|Committee|Commission)"
                    r"(?:\s+of\s+the\s+(?:[A-Z][\w’'\-]*\s*)+)?")


def is_bare_title(role: str) -> bool:
    """'President', 'General Secretary': a rank that says nothing without what it is a rank of."""
    words = [w.casefold() for w in role.split()]
    return bool(words) and all(w in TITLES for w in words)


def qualified_role(role: str, sentence_facts: tuple[Fact, ...]) -> str:
    """A bare title completed from its sentence ('General Secretary of the Communist Party of
    the Soviet Union'), or '' when the sentence does not say unambiguously what it is of.

    Why '': "Who is Vladimir Putin?" → "President" teaches nothing and a guess
    (the only organisation in the sentence may be a club he spoke at) would
    teach something false, so an unsupported bare title makes no card.
    """
    role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(), flags=re.IGNORECASE)
    if not is_bare_title(role):
        return role
    words = {w.casefold() for w in role.split()}
    if words & _PARTY_TITLES:
        parties = {m.group(0).strip() for f in sentence_facts if f.type == "org"
                   for m in [_PARTY.search(f.text)] if m}
        if len(parties) == 1:
            return f"{role} of the {parties.pop()}"
    if words & _STATE_TITLES:
        countries = {f.value for f in sentence_facts
                     if f.type == "place" and place_kind(f.value) == "country"}
        if len(countries) == 1:
            country = countries.pop()
            return f"{role} of {country}"
    return ""


def role_question(fact: Fact, sentence_facts: tuple[Fact, ...] = ()) -> tuple[str, str] | None:
    """'Who is Sergei Shoygu?' → 'Russian defence minister' (the role the text gives)."""
    role = qualified_role(fact.role, sentence_facts)
    if not role:
        return None
    if fact.type == "person":
        return f"Who is {fact.value}?", role
    if fact.type in ("org", "weapon", "ship", "place", "class", "vehicle"):
        return f"What is {fact.text}?", role
    return None


def template_question(marked: str, fact: Fact) -> str | None:
    """A question whose answer is `fact`, from the marked sentence, or None."""
    text = marked.rstrip()
    if fact.type in ("year", "date"):
        m = _PASSIVE_WHEN.search(text)
        if m and re.search(r"\b[A-Z0-9]", m.group("subj")[1:]):  # "When was the fault …?" needs
            subj = m.group("subj")  # a name to be answerable out of context
            subj = subj[0].lower() + subj[1:] if subj.split()[0] in ("The", "A", "An") else subj
            return _tidy(f"When {m.group('aux')} {subj} {m.group('verb')}?")
    if fact.type == "count":
        m = _COUNT_SUBJECT.match(text)
        if m:
            pre = re.sub(r"\s*\[[^\]]*\]", "", m.group("pre")).strip().rstrip(",")
            tail = f", {_lower_first(pre)}" if pre and len(pre) < 90 else ""
            return _tidy(f"How many {m.group('rest')}{tail}?")
    if fact.type == "percent":
        m = _SHARE.match(text)
        if m:
            speaker = _SPEAKER.search(m.group("pre").strip())
            lead = f"According to {speaker.group('who')}, what" if speaker else "What"
            return _tidy(f"{lead} share of {m.group('rest')}?")
    if fact.type == "money":
        m = _AMOUNT.search(text)
        if m:
            pre = text[:m.start("subj")].strip().rstrip(",")
            lead = f"{pre}, how much" if pre else "How much"
            return _tidy(f"{lead} did {_lower_first(m.group('subj'))} amount to?")
    return None
