"""Named things in a sentence, found by capitalised-phrase chunking and the words around them.

Why rules and not a model: everything must work offline, start instantly and
give the same answer every time. Capitalised runs ("Sino-Soviet Border
Agreement", "Colonel General Wei Fenghe") are cut out of a sentence, then typed
by what they contain (Agreement → treaty, Sea → place) and by their neighbours
("exercise Mosi", "Su-35 fighter", "China expert Vasily Kashin"). Persons need
evidence — a role in front, an appositive, a speech verb after — because most
capitalised pairs are not people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.generate.facts import MONTHS


def word_set(words: str) -> frozenset[str]:
    """A word list written as text (one block, any spacing) as a set."""
    return frozenset(words.split())


_TOKEN = re.compile(r"[^\W\d_][\w’'\-]*|\d[\w\-]*|[^\w\s]")
_POSSESSIVE = re.compile(r"[’']s$")
_DESIGNATION = re.compile(r"^[A-Z][A-Za-z]{0,4}-\d{1,3}[A-Z]?$")

FUNCTION_WORDS = word_set(
    "a an the in on at after before since until following according however but and as by for "
    "from if it its this these that those they we i he she our their his her some several "
    "many most only even between besides moreover furthermore given notwithstanding thus "
    "while although with without when where what who why how significantly nowadays all no "
    "other to of early two three four five such there then also both each every not or nor so "
    "yet under over into during despite because")
DEMONYMS = word_set(
    "russian chinese soviet american british french german indian japanese iranian kyrgyz "
    "uzbek kazakh tajik pakistani african european asian western eastern northern southern "
    "sino russo ukrainian korean turkish syrian arab israeli mongolian afghan communist south "
    "north east west central irish scottish welsh english spanish portuguese italian dutch "
    "swedish danish finnish norwegian polish greek swiss austrian belgian czech hungarian "
    "romanian brazilian mexican canadian australian argentine chilean peruvian colombian "
    "cuban haitian jamaican nigerian kenyan egyptian ethiopian moroccan thai vietnamese "
    "indonesian filipino malaysian saudi emirati iraqi lebanese palestinian")
#: Endings of nationality adjectives not listed above ("Icelandic actor", "Bolivian film").
_DEMONYM_ENDING = re.compile(r"^[A-Z][a-z]+(?:ian|ish|ese|ean|ic)$")
TITLES = word_set(
    "president general colonel secretary minister admiral mr mrs ms dr prof professor "
    "chairman premier prime lieutenant major captain mayor governor senator judge")
ROLE_NOUNS = word_set(
    "minister expert analyst observer scholar president chairman ceo secretary general "
    "commander spokesman spokeswoman spokesperson director head chief ambassador professor "
    "researcher leader premier chancellor official officer diplomat journalist economist "
    "historian author adviser advisor pilot astronaut cosmonaut engineer scientist physicist "
    "senator governor mayor founder inventor captain navigator actor actress filmmaker "
    "singer writer artist player coach biologist chemist astronomer politician lawyer doctor "
    "teacher activist composer novelist poet photographer architect designer producer "
    "manager editor reporter correspondent owner")
#: Agent nouns by their form ("runner", "member", "developer", "economist"), so a role
#: before or after a name is recognised in any domain, not only for the nouns listed above.
_AGENT_NOUN = re.compile(r"[a-z]{2,}(?:er|or|ist|ian|ant|ent)s?")
_NOT_AGENT_NOUNS = word_set(
    "after over under other others never ever however whether either neither rather later "
    "order number numbers power water winter summer border borders river rivers paper letter "
    "matter quarter center centre computer chapter cancer major minor error mirror floor door "
    "corner silver weather register partner partners dinner monster cluster filter layer")


def is_role_noun(word: str) -> bool:
    """A noun that says what a person is: listed, or an agent noun by its form."""
    folded = word.casefold()
    return folded in ROLE_NOUNS or (_AGENT_NOUN.fullmatch(folded) is not None
                                    and folded not in _NOT_AGENT_NOUNS
                                    and not folded.endswith(("ment", "ments")))


ORG_WORDS = word_set(
    "organization organisation party commission force forces guard club pact agency ministry "
    "council committee congress navy army institute company corporation bank fund alliance")
ORG_NOUNS = word_set(
    "agency company companies conglomerate corporation firm holding manufacturer organisation "
    "organization")
GEO_WORDS = word_set(
    "sea ocean island river gulf bay strait mountains peninsula region horn arctic desert "
    "lake valley province union federation kingdom republic emirates")
SHIP_NOUNS = word_set(
    "frigate cruiser tanker destroyer corvette submarine carrier tug")
WEAPON_HEADS = word_set(
    "fighter fighters aircraft missile missiles system systems helicopter helicopters tank "
    "tanks frigate cruiser bomber bombers drone drones")
#: Makers whose name is used like a weapon's ("Sukhoi aircraft"): organisations, not weapons.
MANUFACTURERS = word_set(
    "sukhoi mikoyan tupolev ilyushin kamov yakovlev antonov boeing airbus lockheed northrop "
    "raytheon dassault saab embraer shenyang chengdu xian norinco kalashnikov almaz-antey "
    "uralvagonzavod rostec avic")
VEHICLE_HEADS = word_set(
    "rocket rockets spacecraft capsule lander launcher shuttle probe satellite telescope rover")
TREATY_WORDS = frozenset(["agreement", "treaty", "accord", "convention", "protocol"])
SPEECH_VERBS = word_set(
    "said says stated states noted notes argued argues believes believed announced explained "
    "explains told stresses stressed added adds puts put proposed visited wrote writes "
    "claimed claims emphasised emphasized warned")
AUXILIARIES = word_set(
    "would will is was are were has have had can could may might")
#: "the port city of Aberdeen", "the island of Madeira": a place named after its kind.
PLACE_NOUNS = word_set(
    "city town village port island islands province state county region district capital "
    "republic kingdom country municipality borough suburb")
LOCATIVES = frozenset(["in", "near", "at", "off", "from", "to", "into", "visited", "across"])
EXERCISE_WORDS = ("exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers")


@dataclass(frozen=True)
class Chunk:
    """A capitalised run of tokens: its text and character span in the sentence."""

    text: str
    start: int
    end: int
    first_token: int
    last_token: int


@dataclass(frozen=True)
class Named:
    type: str  # person | org | place | exercise | treaty | weapon
    text: str
    start: int
    end: int
    role: str = ""  # what the sentence says this is ("Russian defence minister")


def tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or bool(_DESIGNATION.match(tok))


def chunks(text: str, toks: list[re.Match[str]]) -> list[Chunk]:
    """Maximal capitalised runs; 'of (the)' joins two runs, a possessive ends one."""
    out: list[Chunk] = []
    i, n = 0, len(toks)
    while i < n:
        if (not _is_cap(toks[i].group()) or toks[i].group().casefold() in FUNCTION_WORDS
                or toks[i].group() in MONTHS):
            i += 1
            continue
        j = i
        while True:
            if _POSSESSIVE.search(toks[j].group()):
                break
            nxt = j + 1
            if nxt < n and toks[nxt].group() not in MONTHS and (_is_cap(toks[nxt].group())
                            or (toks[j].group() == "Type" and toks[nxt].group()[0].isdigit())):
                j = nxt
                continue
            if (nxt + 1 < n and re.fullmatch(r"[A-Z]", toks[j].group())
                    and toks[nxt].group() == "." and _is_cap(toks[nxt + 1].group())):
                j = nxt + 1  # an initial: "John F. Kennedy" is one name
                continue
            if nxt + 1 < n and toks[nxt].group() in ("of", "on") and _is_cap(toks[nxt + 1].group()):
                if toks[nxt].group() == "on" and toks[j].group().casefold() not in TREATY_WORDS:
                    break
                j = nxt + 1
                continue
            if (nxt + 2 < n and toks[nxt].group() == "of" and toks[nxt + 1].group() == "the"
                    and _is_cap(toks[nxt + 2].group())):
                j = nxt + 2
                continue
            if (nxt + 3 < n and toks[nxt].group() == "(" and _is_cap(toks[nxt + 1].group())
                    and toks[nxt + 2].group() == ")" and _is_cap(toks[nxt + 3].group())):
                j = nxt + 3  # "Intermediate Range Nuclear Forces (INF) Treaty"
                continue
            break
        start, end = toks[i].start(), toks[j].end()
        chunk_text = _POSSESSIVE.sub("", text[start:end])
        out.append(Chunk(chunk_text, start, start + len(chunk_text), i, j))
        i = j + 1
    return out


def _words(chunk: Chunk) -> list[str]:
    return chunk.text.replace("-", " ").split()


def _all_demonyms(chunk: Chunk, toks: list[re.Match[str]] | None = None) -> bool:
    """'Russian', 'Sino-Soviet' — or one word with a nationality's ending before a lower-case
    noun ('the Brazilian actor'): an adjective, not a name."""
    if all(w.casefold() in DEMONYMS for w in _words(chunk)):
        return True
    if toks is None or chunk.first_token != chunk.last_token \
            or not _DEMONYM_ENDING.match(chunk.text):
        return False
    nxt = toks[chunk.last_token + 1].group() if chunk.last_token + 1 < len(toks) else ""
    return nxt[:1].islower() and nxt.casefold() not in FUNCTION_WORDS | SPEECH_VERBS | AUXILIARIES


def _lower_after(toks: list[re.Match[str]], idx: int, k: int) -> list[str]:
    """Up to k lowercase words right after token idx (stopping at punctuation)."""
    out = []
    for t in toks[idx + 1: idx + 1 + k]:
        word = t.group()
        if not word[:1].isalpha() or not word[:1].islower():
            break
        out.append(word.casefold())
    return out


def _role_before(text: str, toks: list[re.Match[str]], first: int) -> str:
    """'Russian defence minister' in 'Two years later, Russian defence minister Sergei Shoygu'."""
    words: list[str] = []
    k = first - 1
    while k >= 0 and len(words) < 8:
        word = toks[k].group()
        if not word[:1].isalpha() or word.casefold() in FUNCTION_WORDS or \
                word.casefold() in SPEECH_VERBS:
            break
        words.insert(0, word)
        k -= 1
    if not words or not (words[-1].casefold() in ORG_NOUNS | SHIP_NOUNS
                         or is_role_noun(words[-1])):
        return ""
    while words and words[0][:1].isupper() and words[0].casefold() in ROLE_NOUNS and len(words) > 3:
        words.pop(0)
    return " ".join(words)


def _appositive_role(text: str, chunk: Chunk) -> str:
    """'The Chinese defence minister, Colonel General Wei Fenghe,' → 'Chinese defence minister'."""
    before = text[:chunk.start]
    m = re.search(r"(?:^|[\s(])[Tt]he ((?:[\w’'\-]+\s){0,11}[\w’'\-]+),\s*$", before)
    if not m:
        return ""
    role = m.group(1)
    head = role.split()[-1].casefold()
    role_words = {w.casefold() for w in role.split()}
    if head in ROLE_NOUNS or (role_words & ROLE_NOUNS and len(role.split()) <= 12):
        return role
    return ""


_ROLE_AFTER = re.compile(r",\s+(?:who (?:was|is) )?(?:the|a|an) ((?:[a-z][\w’'\-]*\s){0,5}"
                         r"[a-z][\w’'\-]*)(?:\s+(?:of|at|for|with)\s+[^,.;]{2,40})?[,.;]")


def _role_after(text: str, chunk: Chunk) -> str:
    """'Neil Armstrong, the mission commander,' or 'Michael Collins, who was the … pilot,'."""
    m = _ROLE_AFTER.match(text, chunk.end)
    if not m or not is_role_noun(m.group(1).split()[-1]):
        return ""
    return m.group(0).strip(",.; ").removeprefix("who was ").removeprefix("who is ")


def _descriptor_after(text: str, chunk: Chunk) -> str:
    """'Urumqi, the capital of …,' or 'Rostec [Russian state-owned holding conglomerate …]'."""
    rest = text[chunk.end:]
    m = re.match(r"\s*\[([^\]]{8,200}?)(?:—Ed\.)?\]", rest)
    if m:
        return m.group(1).rstrip(" .,—-")
    m = re.match(r",\s+(the (?:capital|largest|main|first) [^,;:.]{3,80}?)[,.]", rest)
    return m.group(1) if m else ""


def _split_title(chunk: Chunk) -> tuple[str, str]:
    """('Colonel General', 'Wei Fenghe') from 'Colonel General Wei Fenghe'."""
    words = chunk.text.split()
    k = 0
    while k < len(words) - 1 and words[k].casefold() in TITLES:
        k += 1
    return " ".join(words[:k]), " ".join(words[k:])


def classify(text: str, known_surnames: frozenset[str] = frozenset()) -> list[Named]:
    """Typed named things of one sentence. `known_surnames` come from the whole article."""
    toks = tokens(text)
    lowered = text.casefold()
    has_exercise = any(w in lowered for w in EXERCISE_WORDS)
    found: list[Named] = []
    for chunk in chunks(text, toks):
        if _all_demonyms(chunk, toks) or chunk.text.casefold() in FUNCTION_WORDS:
            continue
        named = _classify_chunk(text, toks, chunk, has_exercise, known_surnames)
        if named is not None:
            found.append(named)
    return found


def _is_class_name(name: str, after: list[str]) -> bool:
    """'Slava-class', or 'Type 054A' before a ship noun: a class of ships, not one ship."""
    if name.casefold().endswith("-class"):
        return True
    return re.match(r"^Type \d", name) is not None and bool(
        {w.split("-")[-1] for w in after[:3]} & SHIP_NOUNS)


def _classify_chunk(text: str, toks: list[re.Match[str]], chunk: Chunk, has_exercise: bool,
                    known_surnames: frozenset[str]) -> Named | None:
    words = _words(chunk)
    folded = [w.casefold() for w in words]
    after = _lower_after(toks, chunk.last_token, 4)
    prev = toks[chunk.first_token - 1].group().casefold() if chunk.first_token else ""
    prev2 = toks[chunk.first_token - 2].group().casefold() if chunk.first_token > 1 else ""

    def make(kind: str, role: str = "", start: int = chunk.start, body: str = chunk.text) -> Named:
        return Named(kind, body, start, start + len(body), role)

    possessive_end = _POSSESSIVE.search(toks[chunk.last_token].group()) is not None
    if text[chunk.start - 1:chunk.start] in ("“", '"') and text[chunk.end:chunk.end + 1] in ("”", '"'):
        return make("work")  # 'the thriller "Glass River"': the title of a film, book, song …
    if folded[-1] in TREATY_WORDS or (after and after[0] in ("treaty", "agreement")):
        return make("treaty")
    is_year_name = re.search(r"-(1[5-9]\d\d|20\d\d)$", chunk.text) is not None
    skip = [w for w in after if w not in ("military", "naval", "joint", "strategic", "command")]
    if has_exercise and (is_year_name or (skip and skip[0] in EXERCISE_WORDS)
                         or prev in EXERCISE_WORDS or prev in ("first", "latest", "annual")):
        return make("exercise")
    if after and after[0] in VEHICLE_HEADS and folded[0] not in DEMONYMS and not possessive_end:
        return make("vehicle")  # "the Saturn V rocket" names a thing, not a place
    if _is_class_name(chunk.text, after):
        return make("class")
    if folded[0] in MANUFACTURERS and len(words) == 1:
        return make("org")  # "Sukhoi aircraft": who makes them, not a weapon of its own
    if _DESIGNATION.match(chunk.text) or re.match(r"^Type \d", chunk.text):
        return make("weapon", _role_before(text, toks, chunk.first_token))
    if prev in SHIP_NOUNS:
        return make("ship", _role_before(text, toks, chunk.first_token))
    possessive = _POSSESSIVE.search(toks[chunk.last_token].group()) is not None
    if (set(after[:3]) & WEAPON_HEADS and folded[0] not in DEMONYMS and len(words) <= 2
            and chunk.first_token > 0 and not possessive and after[0] not in FUNCTION_WORDS
            and not set(after[:3]) & (SPEECH_VERBS | AUXILIARIES)):
        return make("ship" if set(after[:3]) & SHIP_NOUNS else "weapon")
    if set(folded) & ORG_WORDS:
        return make("org", _descriptor_after(text, chunk))
    if prev in ORG_NOUNS or prev2 in ORG_NOUNS or _descriptor_after(text, chunk).split(" ")[-1:] \
            and set(_descriptor_after(text, chunk).casefold().split()) & ORG_NOUNS:
        return make("org", _role_before(text, toks, chunk.first_token)
                    or _descriptor_after(text, chunk))
    if prev == "of" and prev2 in PLACE_NOUNS and folded[0] not in DEMONYMS:
        return make("place")
    if set(folded) & GEO_WORDS or (after and after[0] in ("region", "river", "province")):
        return make("place", _descriptor_after(text, chunk))
    person = _as_person(text, toks, chunk, (prev, prev2), after, known_surnames)
    if person is not None:
        return person
    after_locative = prev in LOCATIVES or (prev == "the" and prev2 in LOCATIVES)
    if re.match(r",\s+(?:who|whom|whose)\b", text[chunk.end:]):
        return None  # "in Donald Trump, who represents …": someone, not somewhere
    if re.match(r"\s*\d", text[chunk.end:]) or (prev == "the" and after and not (
            set(folded) & GEO_WORDS or after[0] in ("area", "region", "province", "district"))):
        return None  # "from Step 1", "in the Letters section": a name, but of no place
    if (after_locative and folded[0] not in DEMONYMS and folded[0] not in TITLES
            and not chunk.text.isupper() and not chunk.text.endswith("-based")
            and folded[-1] != "war"):
        return make("place", _descriptor_after(text, chunk))
    return None


#: "Its president, Grace Owusu,": a role owned by someone named before — evidence of a
#: person, but no role to ask about ("Who is Grace Owusu?" → "its president" needs context).
_POSSESSIVE_ROLE = re.compile(r"(?:^|\s)(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir) (?:[a-z\-]+ ){0,3}"
                              r"(?P<head>[a-z]+),\s*$")
_IRREGULAR_PARTICIPLES = word_set(
    "won led set built made written shot drawn sung taken given held run beaten chosen "
    "thrown sold told found begun known seen")


def _owned_role(before: str) -> bool:
    m = _POSSESSIVE_ROLE.search(before)
    return m is not None and is_role_noun(m.group("head"))


def _passive_agent(prev: str, prev2: str) -> bool:
    """'directed by Ingrid Solberg', 'won by …', 'proposed by …': the doer of a passive verb."""
    return prev == "by" and (prev2.endswith("ed") or prev2 in _IRREGULAR_PARTICIPLES)


def _as_person(text: str, toks: list[re.Match[str]], chunk: Chunk, before: tuple[str, str],
               after: list[str], known_surnames: frozenset[str]) -> Named | None:
    prev, prev2 = before  # the two words before the name, casefolded
    title, name = _split_title(chunk)
    names = name.split()
    if not names or len(names) > 4 or names[0].casefold() in DEMONYMS:
        return None
    if any(not re.fullmatch(r"[A-Z][a-z’'\-]+|[A-Z]\.", w) for w in names) \
            or names[-1].endswith("."):
        return None
    role = _appositive_role(text, chunk) or _role_after(text, chunk)
    if not role:
        role = _role_before(text, toks, chunk.first_token)
        if role.split()[-1:] and not (role.split()[-1].casefold() in ROLE_NOUNS
                                      or (len(names) >= 2 and is_role_noun(role.split()[-1]))):
            role = ""
    if title:
        role = f"{role} ({title})" if role and title.casefold() not in role.casefold() else (
            role or title)
    evidence = bool(role) or (after[:1] and after[0] in SPEECH_VERBS) or \
        (len(names) >= 2 and _passive_agent(prev, prev2)) or \
        (len(names) >= 2 and _owned_role(text[:chunk.start])) or \
        names[-1] in known_surnames or (len(names) >= 2 and prev == "to" and
                                       text[:chunk.start].rstrip().endswith("According to"))
    if not evidence:
        return None
    offset = chunk.text.find(name)
    return Named("person", name, chunk.start + offset, chunk.start + offset + len(name), role)
