"""Making a sentence stand on its own as a card.

A sentence lifted out of an article loses what came before it: "He noted
that…", "The treaty agreed…", "However, the latter remains…". A card must be
answerable without the article, so this module drops connectives, replaces a
leading reference with what it refers to when the previous sentence makes that
clear, prefixes the section's subject for a vaguer "these exercises", and
refuses (returns None) when a bare pronoun cannot be resolved.

The fact to hide is marked in the text by MARK, so trimming a long sentence
keeps the part around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.generate.facts import Fact

MARK = "\u2060\u2063"  # invisible placeholder for the fact while the text is reshaped
MAX_CHARS = 220
_GENERIC_TITLES = re.compile(r"^(?:Introduction|Conclusions?|Summary|Background|Part \d+\b.*)$",
                             re.IGNORECASE)

_CONNECTIVE = re.compile(
    r"^(?:However|But|And|Moreover|Furthermore|Thus|Therefore|Significantly|Nevertheless|"
    r"Nonetheless|Meanwhile|Indeed|In fact|At the same time|As a result|Even before this|"
    r"For instance|For example|In addition|Additionally|Consequently|Hence|Also|So|Still|"
    r"Notably|Importantly)\b,?\s+")
_EXPLETIVE = re.compile(r"^It (?:should be noted|is possible to say|is clear|is worth noting|"
                        r"seems|appears) that\s+")
_LIST_MARK = re.compile(r"^\(?[a-z0-9]\)\s+")
_BARE_PRONOUN = re.compile(
    r"^(?:(?:He|She|It|They|We|I|Its|Their|His|Her|Our|The latter|The former)\b"
    r"|(?:Some|Many|Most|All|None|Each|Both|One|Few|Several|Any|Either|Neither) of "
    r"(?:those|these|them|it|this|that)\b"
    r"|(?:One|Another|Others)\s+(?:is|was|are|were|will|would|has|have)\b"
    r"|The (?:remaining|rest|other)\b"
    r"|(?:This|That|These|Those|Such)\s+(?:is|was|are|were|has|have|had|will|would|may|might|"
    r"can|could|shows|means|suggests|makes|seems|allows|does|did|signals|led)\b)")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My)\b")
_DEMONSTRATIVE = re.compile(r"^(?:The|This|These|Those|That|Such)\s+([a-z][a-z-]+)\b")
_VAGUE = re.compile(r"^(?:(?:This|These|Those|That|Such)\s+(?!(?:year|week|month|time|summer|"
                    r"winter|spring|autumn|fall|morning|evening|season)\b)[a-z]|The (?:agreement|treaty|roadmap|"
                    r"system|exercises?|document|deal|contract|plan|latter|former)\b)")
_REFERRING_NOUNS = {
    "agreement": "treaty", "treaty": "treaty", "exercise": "exercise", "exercises": "exercise",
    "system": "weapon", "fighter": "weapon", "minister": "person", "expert": "person",
    # works, organisations and places by the kind of thing they are, in any field
    "film": "work", "book": "work", "novel": "work", "album": "work", "song": "work",
    "play": "work", "painting": "work", "series": "work", "opera": "work",
    "company": "org", "firm": "org", "union": "org", "institute": "org", "agency": "org",
    "city": "place", "town": "place", "village": "place", "island": "place",
}


_FRONTED_PRONOUN = re.compile(r"^(?:[^,.;:]{0,40}?,?\s)?(?:this|it|they|he|she)\s+(?:has|have|is|was|are|"
                              r"were|will|would|had|says|said|told|tells|thinks|thought|wants|"
                              r"wanted|believes|believed|adds|added|explains|explained)\b",
                              re.IGNORECASE)  # "After a few minutes' walk, he says …": who?


ANCHORED_CHARS = 300  # a sentence kept from its start may run this long before it is cut
_CLAUSE_START = re.compile(r"^(?:[A-Z][a-z]+\s|[A-Z]{2,}\b|“[A-Z])")  # a fresh clause: "Russia might …"
_MID_SENTENCE = re.compile(r"^(?:[a-z]|…|\.\.\.|[\]\)}”’»,;:.!?\-–—]|\"\s)")
_POINTING_BACK = re.compile(
    r"^[“\"(]?(?:He|She|It|They|We|I|Its|Their|His|Her|Him|Them|Our|Who|Whom|Whose|Which|And|"
    r"Or|But|Nor|This|That|These|Those|The latter|The former|Ed\.)\b")
_QUESTION_WORD = re.compile(r"^(?:Who|Which|What|When|Where|How|Why)\b.*\?$")


_PREVIOUS_SUBJECT = re.compile(r"^(The\s+(?:[A-Z][\w\-]*\s+){0,3}[a-z][\w\-]*)\s+"
                               r"(?:[a-z]+ed|was|is|has|had|cost|costs|remains|became)\b")


@dataclass(frozen=True)
class Reshaped:
    text: str  # still holds MARK where the fact was
    penalty: float  # 1.0 = the sentence stood alone; lower = context had to be supplied
    full: str  # the self-contained sentence before trimming (question templates need it all)


def section_subject(section_title: str, article_title: str) -> str:
    """What a section is about, for prefixing: its title unless that says nothing."""
    if _GENERIC_TITLES.match(section_title.strip()):
        return article_title.split(":")[0].strip()
    return section_title.strip().rstrip("?")


_YEAR_IN_TITLE = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_RELATIVE_TIME = re.compile(r"^(?:This|Last|Next) (?:year|month|week|season|spring|summer|autumn|"
                            r"fall|winter)\b")


def dated_subject(article_title: str) -> str:
    """The article's subject when its title dates it ('Harbour Film Awards 2024'), else ''.

    Why: 'This year the festival showed 140 films' is answerable only when the card
    says which year and which festival; a dated title says both.
    """
    head = article_title.split(":")[0].strip()
    return head if _YEAR_IN_TITLE.search(head) else ""


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _strip_lead(text: str) -> str:
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    elif text.startswith("(") and text.endswith(".)") and text.count("(") == 1:
        text = text[1:-2].strip() + "."
    text = _LIST_MARK.sub("", text)
    for _ in range(2):
        text = _CONNECTIVE.sub("", text)
        text = _EXPLETIVE.sub("", text)
    return _upper_first(text)


def _last_of(previous: tuple[Fact, ...], kinds: set[str]) -> Fact | None:
    for fact in reversed(previous):
        if fact.type in kinds:
            return fact
    return None


def _resolve(text: str, previous_text: str, previous: tuple[Fact, ...]) -> tuple[str, bool] | None:
    """Replace a leading reference by its referent; (text, resolved) or None if hopeless."""
    if re.match(r"^(?:He|She)\b", text):
        person = _last_of(previous, {"person"})
        return (person.value + text[text.index(" "):], True) if person else None
    if re.match(r"^They\b", text):
        m = re.search(r"\b([A-Z][a-z]+ and [A-Z][a-z]+)\b", previous_text)
        return (m.group(1) + text[4:], True) if m else None
    if re.match(r"^(?:It|This) (?:was|is)\b", text):
        named = [f for f in previous if f.type in ("exercise", "treaty", "weapon", "org")]
        if len({f.value for f in named}) == 1:
            return (named[0].value + text[text.index(" "):], True)
        return None
    m = re.match(r"^the latter\b", text, re.IGNORECASE)
    if m:
        tail = re.search(r"\b([a-z]+ [a-z]+)\.?$", previous_text.rstrip(". "))
        return (_upper_first(tail.group(1)) + text[m.end():], True) if tail else None
    m = _DEMONSTRATIVE.match(text)
    if m and m.group(1) in _REFERRING_NOUNS:
        referent = _last_of(previous, {_REFERRING_NOUNS[m.group(1)]})
        if referent is not None and referent.type == "work":  # 'The film “Winter Light”'
            return (f"The {m.group(1)} “{referent.value}”" + text[m.end():], True)
        if referent is not None:
            return ("The " + referent.value + text[m.end():], True)
    m = re.match(r"^It (?=[a-z]+ )", text)
    subject = _PREVIOUS_SUBJECT.match(previous_text) if m else None
    if subject:  # "It cost …" after "The Apollo program employed …"
        return subject.group(1) + text[2:], True
    if _BARE_PRONOUN.match(text) or _FRONTED_PRONOUN.match(text):
        return None
    return text, False


def trim(text: str, limit: int = MAX_CHARS) -> tuple[str, bool]:
    """Cut a long sentence to the clauses around MARK; (text, was it cut).

    Why the head is kept when it can be: a clause cut from the middle of a
    sentence usually lost its subject ("… who had taken the step of …"). So
    the sentence's own start is kept and only its tail cut, up to
    ANCHORED_CHARS; only a fact too far in falls back to a window around it,
    which `stands_alone` then judges like any other prompt.
    """
    if len(text) <= limit:
        return text, False
    anchored = _anchored(text)
    if anchored is not None:
        return anchored, True
    parts = re.split(r"(?<=[;:—])\s*|(?<=,)\s+(?=(?:and|but|while|which|although|as well as|"
                     r"adding|with|who)\b)", text)
    at = next((i for i, p in enumerate(parts) if MARK in p), 0)
    lo = hi = at
    length = len(parts[at])
    while True:
        grew = False
        if lo > 0 and length + len(parts[lo - 1]) <= limit:
            lo -= 1
            length += len(parts[lo]) + 1
            grew = True
        if hi + 1 < len(parts) and length + len(parts[hi + 1]) <= limit:
            hi += 1
            length += len(parts[hi]) + 1
            grew = True
        if not grew:
            break
    piece = " ".join(parts[lo:hi + 1]).strip().rstrip(",;:—")
    head, tail = lo > 0, hi + 1 < len(parts)
    if len(piece) > limit:  # one endless clause: keep a window of words around the fact
        words = piece.split(" ")
        at = next(i for i, w in enumerate(words) if MARK in w)
        lo_w, hi_w = at, at + 1
        while hi_w - lo_w < len(words) and len(" ".join(words[lo_w:hi_w])) < limit - 20:
            lo_w, hi_w = max(0, lo_w - 1), min(len(words), hi_w + 1)
        head, tail = head or lo_w > 0, tail or hi_w < len(words)
        piece = " ".join(words[lo_w:hi_w]).strip(" ,;:—")
    if head:
        piece = _upper_first(piece) if _CLAUSE_START.match(piece) else "… " + piece
    if tail:
        piece += " …"
    return piece, True


def _anchored(text: str) -> str | None:
    """The sentence from its start through the clause holding MARK, or None if too long."""
    at = text.index(MARK)
    cut = re.compile(r"[,;:—]\s|\s[—–]\s").search(text, at + len(MARK))
    end = cut.start() if cut else len(text)
    if end > ANCHORED_CHARS:
        return None
    piece = text[:end].rstrip(" ,;:—–")
    return piece if end >= len(text.rstrip()) else piece + " …"


def stands_alone(prompt: str, question: bool = False) -> bool:
    """Whether a finished prompt can be read without the article.

    Checked on the final text (after trimming), because a cut can remove a
    subject the earlier checks saw: a prompt must not open mid-sentence
    (lowercase, "…", a closing bracket or quote) or with a word pointing back
    ("he", "who", "which", "and"). Questions may open with "Who"/"Which".
    """
    text = prompt.lstrip()
    if not text or _MID_SENTENCE.match(text):
        return False
    if question and _QUESTION_WORD.match(text):
        return True
    return not (_POINTING_BACK.match(text) or _BARE_PRONOUN.match(text)
                or _FRONTED_PRONOUN.match(text))


_PRONOUN_SOURCE = re.compile(r"^(?:According to|For|In the view of)\s+(?:him|her|them|it|this)\b",
                             re.IGNORECASE)
_SPEAKER_OPENING = re.compile(r"^(?:I|We|My|Our)\b")
_QUESTION_TITLE = re.compile(r"\?\s*$")
MIN_INTERVIEW_QUESTIONS = 2
MIN_INTERVIEW_FIRST_PERSON = 3


def interviewee(section_titles: list[str], sentences: list[tuple[str, tuple[Fact, ...]]]) -> str:
    """The person answering, if the article is an interview; else ''.

    An interview asks questions (as headings or as sentences of their own) and
    answers them in the first person; the interviewee is the first person the
    article names. Their first-person answers are the article's facts, so they
    become cards in their name ("Ana Ferreira: “I studied … in [...].”")
    instead of being refused as a speaker nobody can identify.
    """
    questions = sum(1 for t in section_titles if _QUESTION_TITLE.search(t)) + sum(
        1 for text, _ in sentences if _QUESTION_TITLE.search(text))
    first_person = sum(1 for text, _ in sentences if _SPEAKER_OPENING.match(text)
                       or re.search(r"\b(?:I|we)\s+[a-z]", text))
    if questions < MIN_INTERVIEW_QUESTIONS or first_person < MIN_INTERVIEW_FIRST_PERSON:
        return ""
    for _, facts in sentences[:5]:
        for fact in facts:
            if fact.type == "person" and len(fact.value.split()) >= 2:
                return fact.value
    return ""


def reshape(text: str, previous_text: str, previous: tuple[Fact, ...], subject: str,
            in_quote: bool, speaker: str = "", dated: str = "") -> Reshaped | None:
    """The sentence (with MARK) made self-contained, or None if it cannot be.

    `speaker` is the interviewee (see `interviewee`): a first-person sentence
    becomes their quoted words instead of being refused. `dated` is the article's
    dated subject (see `dated_subject`): 'This year …' is asked under it, or not at all.
    """
    penalty = 1.0
    stripped = _strip_lead(text)
    if in_quote and (_BARE_PRONOUN.match(stripped) or _FRONTED_PRONOUN.match(stripped)):
        return None  # in someone's words, "they" may be anyone
    quoted_speaker = bool(speaker) and not in_quote and bool(_FIRST_PERSON.search(stripped)) \
        and not re.match(r"^(?:He|She|It|They|This|That|These|Those|Its|Their|His|Her)\b",
                         stripped)
    if quoted_speaker:
        body, cut = trim(stripped)
        if MARK not in body or _MID_SENTENCE.match(body):
            return None
        return Reshaped(f"{speaker}: “{body}”", 0.9 * (0.9 if cut else 1.0),
                        f"{speaker}: “{stripped}”")
    if _PRONOUN_SOURCE.match(stripped):
        return None  # "According to them, …": whose view it is went with the previous sentence
    resolved = _resolve(stripped, previous_text, previous)
    if resolved is None:
        return None
    body, did_resolve = resolved
    if did_resolve:
        penalty *= 0.95
    outside_quotes = re.sub(r"[“\"][^”\"]*[”\"]", "", body)
    if _FIRST_PERSON.search(outside_quotes) or (in_quote and _FIRST_PERSON.search(body)):
        return None
    if _VAGUE.match(body) and not did_resolve:
        body = f"{subject}: {body}"
        penalty *= 0.8
    elif _RELATIVE_TIME.match(body):
        if not dated:
            return None
        body = f"{dated}: {body}"
        penalty *= 0.9
    full = body
    body, cut = trim(body)
    if cut:
        penalty *= 0.9
    if MARK not in body or not stands_alone(body):
        return None
    return Reshaped(body, penalty, full)
