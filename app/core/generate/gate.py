"""Which sentences may become cards at all: full sentences of the article's body.

Why a gate before any card: on real web pages most bad cards came from text
that is not a statement of the article — a reference line ("^ Visualizing
Representations … 2015"), a caption, a byline or time stamp ("John Lehr
December 22, 2016 at 5:52 pm"), a list of links, a formula, a headline
without a verb, a question. No rewording makes a good card out of those, so
they are refused once, here, and every builder sees only body sentences.
Rules are on the sentence's form only (never on one article's words), so
they hold in any domain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.core.generate.names import word_set

MIN_WORDS = 5


_TERMINAL = re.compile(r"[.!…:][”’\"')\]]*$")  # ':' ends a statement that introduces a list
SHOUTED_WORDS = 0.6  # more words in capitals than this: a banner, not a sentence
_FOLDED_WORD = re.compile(r"[^\W\d_]+")
LIST_MIN_WORDS = 8
LIST_CAPITALS = 0.55  # more capitalised words than this: names in a row, not a sentence
NO_VERB_MAX_WORDS = 10  # longer lines are sentences even when their verb is not one we know
_QUESTION = re.compile(r"\?[”’\"')\]]*$")
# Patterns below run on the casefolded sentence (faster than re.IGNORECASE on every call).
_REFERENCE = re.compile(
    r"^\s*[\^↑]|\bretrieved\b|\bdoi:|\bisbn\b|\bissn\b|\bpp?\.\s*\d|\bet al\.|archived from|"
    r"\[pdf\]|https?://|\bwww\.|\(\s*(?:19|20)\d\d[a-z]?\s*\)\.\s")
#: Literal pieces one of which every _REFERENCE / _BYLINE match holds: a cheap test first,
#: so an ordinary sentence never pays for the patterns (the gate sees every sentence).
_REFERENCE_HINTS = ("^", "↑", "retrieved", "doi:", "isbn", "issn", "p.", "et al", "archived",
                    "[pdf]", "http", "www.", "(19", "(20", "( 19", "( 20")
_BYLINE_STARTS = ("by", "published", "posted", "updated", "last updated", "edited", "created",
                  "modified", "written by", "filed under", "tag")
_BYLINE_HINTS = (":", "comment", "repl")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.\w")
_CAPTION = re.compile(
    r"^\s*(?:photo|image|picture|figure|fig\.|credit|courtesy|source|caption|video|table)\b"
    r"|\b(?:getty images|ap photo|reuters|shutterstock|istock)\b\)?\s*\.?$|\(photo\b")
_BYLINE = re.compile(
    r"^\s*(?:By\s+[A-Z]|Published|Posted|Updated|Last updated|Edited|Created|Modified|Written by|"
    r"Filed under|Tags?:)"
    r"|\b\d{1,2}:\d\d\s*(?:[ap]\.?m\.?)?(?:\s|$)|\b(?:comments?|replies)\b.*\b(?:below|add one)\b",
    re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"^\s*(?:share (?:this|on)|reply|subscribe|sign (?:up|in)|log in|click|tap here|follow us|"
    r"read more|related:|advertisement|donate|contact us|learn more|see also|skip to)\b"
    r"|\b(?:newsletter|subscription|subscribers?|cookies?)\b")
_LINK_LIST = re.compile(r"\s[|•·»]\s|\s/\s.*\s/\s")
_FORMULA = re.compile(r"[=\\{}^_∑∫√≤≥]|\\[a-z]+")  # "x = 2", "\\frac{a}{b}"
_AUXILIARIES = word_set("""
is are was were be been being am has have had will would can could may might must shall
should do does did
""")
#: Common verbs whose past or present forms do not end in -ed: enough to tell a sentence
#: from a headline fragment or a list of names, not a grammar.
_VERBS = word_set("""
said says say made makes make took takes take won wins win went goes go came comes come
became becomes become gave gives give began begins begin built builds found finds grew
grows led leads left leaves met meets ran runs saw sees sold sells spent spends told tells
wrote writes knew knows got gets held holds kept keeps lost loses paid pays put puts set
sets shot shows show stood stands brought brings bought buys thought thinks caught chose
drove rose rises fell falls flew drew threw wore broke spoke sent sends meant means felt
feels lies lay hit hits cut cuts let lets read reads heard hears sat sits won't can't
don't doesn't didn't isn't wasn't aren't weren't lives live works work plays play uses use
needs need wants want helps help remains remain includes include seems seem keep allows
allow requires require provides provide offers offer contains contain consists consist
depends depend belongs belong appears appear exists exist happens happen looks look moves
move turns turn calls call tries try believe believes argue argues serve serves owns own
lead hold cost costs spread hurt beat bore fed fled hung hid laid lent lit rode rang sang
sank shook shone shut slid slept spun split stole stuck struck swam swept tore understood
withdrew woke forgot froze dealt dug sought taught fought raise raises get touch touches
""")
_WORD = re.compile(r"[A-Za-z][a-z’']*")
#: Verbs that open an instruction in recipes, how-tos and manuals ("Stir together …",
#: "Bake for 20 minutes.", "Click Save.", "Install the package …"): what to do, not a fact.
_INSTRUCTION_VERBS = word_set("""
add bake beat blend boil bring chop combine cook cool cover cut drain drizzle fold fry
grate grill heat knead leave let melt mix place pour preheat push put reheat remove rinse
roast serve season simmer slice soak sprinkle spread stir store thaw toss transfer whisk
click tap press select choose open close type enter install run download save copy paste
restart delete drag scroll check make ensure try use go visit follow read note remember
keep avoid wait repeat start stop turn
""")
#: The reader addressed as the one acting ("If you are serving this …", "you'll get …",
#: "Ever since … you've devoted your life"): advice or promotion, not a fact of the article.
#: "Decorators enable you to …" (you as an object) stays.
_READER_AS_SUBJECT = re.compile(
    r"\b(?:you|you’ll|you'll|you’ve|you've|you’re|you're|you’d|you'd)\s+(?:are|were|can|could|"
    r"will|would|may|might|must|should|need|want|have|get|got|’ve|'ve|do|don’t|don't|"
    r"[a-z]+ed)\b|\b(?:you’ll|you'll|you’ve|you've|you’re|you're)\b|^if you\b", re.IGNORECASE)
#: Words that point at the page rather than state a fact: "as discussed above", "the
#: following", "as follows", "here's the full list", "see below".
_PAGE_DEIXIS = re.compile(r"\b(?:as (?:discussed|mentioned|shown|described|stated) (?:above|below|"
                          r"earlier)|see (?:above|below)|the following(?! (?:year|years|day|days|week|weeks|month|months|"
                          r"season|morning|evening|night|spring|summer|autumn|winter|decade|century))"
                          r"|as follows|(?:full|complete) "
                          r"list)\b", re.IGNORECASE)
#: A date line glued to the sentence after it: "July 7, 2020 The below letter …".
_DATE_LINE = re.compile(r"^(?:\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})\s+[A-Z]")
#: Letters of the other languages the web mixes in (see is_english).
_FOREIGN_LETTERS = re.compile(r"[äöüßàâçéèêëîïôùûœ]")
#: "Revised Edition Edited by Adrian Parr.": a credit line, wherever the credit stands.
_CREDIT = re.compile(r"\b(?:edited|written|translated|compiled|illustrated|photographed) by [A-Z]",
                     re.IGNORECASE)
BYLINE_MAX_WORDS = 8
_LEAD_ADVERB = re.compile(r"^(?:(?:Then|Next|Now|Finally|First|Second|Third|Afterwards|Lastly|"
                          r"Meanwhile|Once done|When done),?\s+)")
_PRESENT_AFTER_SUBJECT = re.compile(
    r"(?:\b[A-Z][\w’'-]*,?|,|\b(?:he|she|it|who|which|that))\s+(?:also\s+|now\s+|often\s+)?"
    r"[a-z]{3,}s\b|\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Ww]e|I|[Yy]ou)\s+[a-z]{2,}")


#: The commonest function words of English and of the languages most often met beside it on
#: the web; a sentence is English when English ones outnumber the others.
_ENGLISH = word_set("""
the a an of and to in is are was were it that for on with as by at from this be has have
not or which his her their they he she we you i but
""")
_OTHER = word_set("""
der die das und ist nicht mit dem den ein eine auf zu von sich des im für auch wird
le la les et est une des du pour dans sur qui que pas il elle au aux
el los las y es un una por con para del se
einer eines einem seine seinen seiner ihre ihren wurde wurden werden sind hat haben oder aber
wie nach bei aus über unter durch gegen ohne zum zur vom beim avec sont ont été cette ces mais
où comme pero más está fue
""")


def is_english(folded: str) -> bool:
    """Of a casefolded sentence: English when English function words outnumber the others
    (distinct ones, so a repeated 'die' in an English sentence does not tip it)."""
    words = set(_FOLDED_WORD.findall(folded))
    # two words with foreign letters weigh as one foreign function word ("Café … Montréal"
    # is English; "Denkmäler … präsentiert" with "die" is not)
    other = len(words & _OTHER) + sum(1 for w in words if _FOREIGN_LETTERS.search(w)) // 2
    return other < 2 or len(words & _ENGLISH) > other


def is_verb_form(word: str) -> bool:
    """An auxiliary, a common verb or a word in -ed: never the first word of a key term."""
    w = word.casefold()
    return w in _AUXILIARIES or w in _VERBS or (len(w) > 4 and w.endswith("ed")
                                                and not w.endswith("eed"))


def has_verb(text: str) -> bool:
    """A finite verb, by form: an auxiliary, a common verb, a word in -ed, or a word in -s
    right after a name or a pronoun ('Lavrov, explains', 'she argues')."""
    if _PRESENT_AFTER_SUBJECT.search(text):
        return True
    return any(is_verb_form(word) for word in _WORD.findall(text))


def _is_instruction(text: str) -> bool:
    """Opens with an instruction verb in its base form and no subject before it: 'Stir
    together …', 'Then bake for …' — but not 'Cook said …' (a name before a verb)."""
    words = _LEAD_ADVERB.sub("", text).split()
    if len(words) < 2 or words[0].casefold().strip(",") not in _INSTRUCTION_VERBS:
        return False
    second = words[1].casefold().strip(",.;:")
    return not (second in _AUXILIARIES or second in _VERBS or second.endswith("ed"))


@dataclass(frozen=True)
class _Form:
    """A sentence as the rules see it: as written, casefolded, and its words."""

    text: str
    folded: str
    words: list[str]


def _shouted(f: _Form) -> bool:
    return sum(1 for w in f.words if len(w) > 1 and w.isupper()) > SHOUTED_WORDS * len(f.words)


def _names_in_a_row(f: _Form) -> bool:
    capitalised = sum(1 for w in f.words if w[:1].isupper())
    return len(f.words) >= LIST_MIN_WORDS and capitalised > LIST_CAPITALS * len(f.words)


#: The rules, in order (the first that applies gives the reason): each on the form only.
_RULES: tuple[tuple[str, Callable[[_Form], object]], ...] = (
    ("a question, not a statement", lambda f: _QUESTION.search(f.text)),
    ("no closing full stop: a heading, list item or fragment",
     lambda f: not _TERMINAL.search(f.text)),
    ("an instruction, not a statement", lambda f: _is_instruction(f.text)),
    ("an aside in brackets", lambda f: f.text.startswith("(")),
    ("points at the page (a list, what is above or below), not a fact",
     lambda f: _PAGE_DEIXIS.search(f.text)),
    ("addressed to the reader: advice or promotion, not a fact",
     lambda f: _READER_AS_SUBJECT.search(f.text)),
    ("a date line glued to a sentence", lambda f: _DATE_LINE.match(f.text)),
    ("a byline or credit",
     lambda f: len(f.words) <= BYLINE_MAX_WORDS and _CREDIT.search(f.text)),
    ("a reference or link",
     lambda f: (any(h in f.folded for h in _REFERENCE_HINTS) and _REFERENCE.search(f.folded))
     or ("@" in f.folded and _EMAIL.search(f.folded))),
    ("a caption", lambda f: _CAPTION.search(f.folded)),
    ("a byline or time stamp",
     lambda f: (f.folded.startswith(_BYLINE_STARTS) or any(h in f.folded for h in _BYLINE_HINTS))
     and _BYLINE.search(f.text)),
    ("a call to action of the page", lambda f: _CALL_TO_ACTION.search(f.folded)),
    ("a list of links", lambda f: _LINK_LIST.search(f.text)),
    ("a formula or markup", lambda f: len(_FORMULA.findall(f.text)) >= 2),
    ("shouted in capitals: a headline or banner", _shouted),
    ("no verb", lambda f: len(f.words) <= NO_VERB_MAX_WORDS and not has_verb(f.text)),
    ("a list of names or titles", _names_in_a_row),
    ("not English: the generator's rules are for English text",
     lambda f: not is_english(f.folded)),
)


def refusal(text: str) -> str | None:
    """Why a sentence cannot be card material, or None if it can (the reason is for tests
    and for telling the user why a chosen sentence gave no card)."""
    stripped = text.strip()
    words = stripped.split()
    if len(words) < MIN_WORDS:
        return "too short to be a sentence"
    form = _Form(stripped, stripped.casefold(), words)
    return next((reason for reason, applies in _RULES if applies(form)), None)


def is_body_sentence(text: str) -> bool:
    return refusal(text) is None
