"""Typed facts in one sentence: numbers with their meaning, and named things.

Why typed: a card is only as good as its gap, and a multiple-choice question is
only fair when its distractors are of the answer's kind (a year for a year, a
sum for a sum). So every span the generator may hide carries a type, and its
`value` is the canonical form shown as an option ("60-million-dollar" is
offered as "$60 million" beside "$1.8 billion").

Numbers come from regular expressions here; names come from capitalised-phrase
chunking in `app.core.generate.names`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from app.core.numbers import SCALES

#: Fact types, with how much a student gains from remembering one (ranking weight).
TYPE_WEIGHT: dict[str, float] = {
    "treaty": 1.0, "exercise": 1.0, "date": 0.95, "money": 0.95, "percent": 0.95,
    "person": 0.9, "weapon": 0.9, "ship": 0.8, "year": 0.85, "count": 0.85, "org": 0.75,
    "place": 0.55, "duration": 0.5, "term": 0.5, "class": 0.7, "vehicle": 0.8,
    "acronym": 1.0, "work": 0.85, "measure": 0.8,
}
NUMERIC_TYPES = frozenset({"year", "date", "money", "percent", "count", "duration", "measure"})
#: Numeric types whose distractors must share the answer's unit: people for people,
#: metres for metres — a crew of 15 people is not offered 140 films, 82 km not 9 degrees.
UNIT_TYPES = frozenset({"count", "measure"})



@dataclass(frozen=True)
class Fact:
    """A span of a sentence worth hiding. `text` is exactly what the sentence says."""

    type: str
    text: str
    start: int
    end: int
    value: str  # canonical form, used for options and for comparing facts
    role: str = ""  # persons and named things: what the text says they are; counts: the unit


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MONTH = "(?:" + "|".join(MONTHS) + ")"
NUMBER_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
_NUMWORD = "(?:" + "|".join(NUMBER_WORDS) + ")"
_ANY_NUMBER = re.compile(rf"\d|\b{_NUMWORD}\b", re.IGNORECASE)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = rf"(?:{'|'.join(SCALES)})"

_DATE = re.compile(rf"\b(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}},?|{_MONTH})\s+(1[5-9]\d\d|20\d\d)\b")
_YEAR = re.compile(r"(?<![\w\-–$.,])(1[5-9]\d\d|20\d\d)(?![\w\-–%]|,\d)")
_MONEY = re.compile(
    rf"(?P<cur>(?:US)?\$|£|€|¥)\s?(?P<a>{_NUM})(?:\s?(?P<as>{_SCALE}|bn|m)\b)?"
    rf"|\b(?P<b>{_NUM}|{_NUMWORD})[\s-](?P<bs>{_SCALE})[\s-](?:US[\s-])?dollars?\b"
    rf"|\b(?P<c>{_NUM})\s(?:US\s)?dollars\b", re.IGNORECASE)
_PERCENT = re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_COUNT = re.compile(
    rf"(?<![\w$.,\-])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{_NUMWORD})"
    r"\s+(?P<unit>(?:[A-Z][a-z]+\s+)?(?:[a-z][a-z]*-[a-z\-]+\s+)?"  # "67,000 fixed-term research staff"
    r"(?:[a-z][a-z\-]*[a-rt-z]s|(?:[a-z]+\s+)?(?:people|personnel|men|women|staff)))\b")
_DURATION = re.compile(rf"(?<![\w$.,\-])(?P<n>\d+|{_NUMWORD})\s+(?P<unit>years|months|weeks|days|decades)\b",
                       re.IGNORECASE)
#: Units of measurement, in any field: a number with one of these is a measure
#: ("2.4 metres", "82 kilometres", "9 degrees Celsius", "48 seconds").
MEASURE_UNITS = (
    "metres", "meters", "metre", "meter", "kilometres", "kilometers", "kilometre",
    "kilometer", "km", "centimetres", "centimeters", "millimetres", "millimeters",
    "micrometres", "micrometers", "nanometres", "nanometers", "miles", "mile", "feet",
    "foot", "inches", "yards", "kilograms", "kilogram", "kg", "grams", "tonnes", "tons",
    "pounds", "litres", "liters", "gallons", "hectares", "acres", "seconds", "minutes",
    "hours", "knots", "degrees", "volts", "watts", "kilowatts", "megawatts", "gigawatts",
    "light-years",
)
_TIME_UNITS = frozenset({"seconds", "minutes", "hours"})
_MEASURE = re.compile(
    rf"(?<![\w$.,\-])(?P<n>{_NUM}|{_NUMWORD})[\s-](?P<unit>{'|'.join(MEASURE_UNITS)})\b"
    r"(?:\s(?P<scale>Celsius|Fahrenheit))?")
_NOT_COUNT_UNITS = frozenset({"years", "months", "weeks", "days", "decades", "hours", "minutes",
                              "seconds", "times",
                              "percent", "dollars", "countries", "sides", "others"})


def count_unit(unit: str) -> str:
    """What a count counts, singular and lower case ('Chinese officers' → 'officer'), so a
    distractor counts the same things: a crew of 15 people is not offered 140 films."""
    head = unit.split()[-1].casefold()
    for plural, singular in (("people", "person"), ("men", "man"), ("women", "woman"),
                             ("staff", "staff"), ("personnel", "personnel")):
        if head == plural:
            return singular
    if head.endswith("ies"):
        return head[:-3] + "y"
    return head.removesuffix("s")


def canonical_money(amount: str, scale: str | None, currency: str = "$") -> str:
    """'60', 'million' → '$60 million'; word numbers become digits; '£' and '€' are kept."""
    amount = str(NUMBER_WORDS.get(amount.lower(), amount))
    scale = {"bn": "billion", "m": "million"}.get((scale or "").lower(), (scale or "").lower())
    symbol = currency.removeprefix("US") or "$"
    return f"{symbol}{amount} {scale}".strip()


def number_value(text: str) -> float | None:
    """The numeric value of a fact's canonical form, for ordering distractors by closeness."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        return None
    value = float(m.group(0).replace(",", ""))
    for word, factor in SCALES.items():
        if word in text.lower():
            value *= factor
    return value


def numeric_facts(text: str) -> list[Fact]:
    """Dates, years, sums of money, percentages, counts and durations, without overlaps.

    More specific patterns win: a date's year is not also a year, the "16" of
    "16 billion dollars" is not also a count.
    """
    if not _ANY_NUMBER.search(text):
        return []  # most sentences hold no number at all: skip the patterns
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, value: str, unit: str = "") -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        facts.append(Fact(kind, text[start:end], start, end, value, unit))

    for m in _MONEY.finditer(text):
        if m.group("a"):
            value = canonical_money(m.group("a"), m.group("as"), m.group("cur"))
        elif m.group("b"):
            value = canonical_money(m.group("b"), m.group("bs"))
        else:
            value = canonical_money(m.group("c"), None)
        add("money", m.start(), m.end(), value)
    for m in _PERCENT.finditer(text):
        add("percent", m.start(), m.end(), f"{m.group('n')}%")
    for m in _DATE.finditer(text):
        add("date", m.start(), m.end(), " ".join(m.group(0).replace(",", "").split()))
    for m in _DURATION.finditer(text):
        if _ends_a_range(text, m.start()):
            continue
        add("duration", m.start(), m.end(),
            f"{NUMBER_WORDS.get(m.group('n').lower(), m.group('n'))} {m.group('unit').lower()}")
    for m in _lone_measures(text):
        unit = " ".join(filter(None, (m.group("unit").lower(), m.group("scale"))))
        number = str(NUMBER_WORDS.get(m.group("n").lower(), m.group("n")))
        add("measure", m.start(), m.end(), f"{number} {unit}", measure_unit(unit))
    for m in _YEAR.finditer(text):
        add("year", m.start(), m.end(), m.group(1))
    for m in _COUNT.finditer(text):
        number, unit = m.group("n"), m.group("unit")
        if unit.split()[-1] in _NOT_COUNT_UNITS or unit.split()[0] in MONTHS:
            continue
        if number.isdigit() and 1500 <= int(number) <= 2099:
            continue  # "in 2018 forces ..." is a year, not a count
        value = str(NUMBER_WORDS.get(number.lower(), number))
        add("count", m.start("n"), m.end("n"), value, count_unit(unit))
    facts.sort(key=lambda f: f.start)
    return facts


def measure_unit(unit: str) -> str:
    """The unit a measure's distractors share: 'metre' for metres and meters alike."""
    head = unit.split()[0].replace("meter", "metre").replace("liter", "litre")
    return {"km": "kilometre", "kg": "kilogram", "foot": "feet"}.get(head, head.removesuffix("s"))


def _lone_measures(text: str) -> list[re.Match[str]]:
    """Measures, without the parts of a time written in parts ('2 hours, 5 minutes and 12
    seconds' is one time: none of its parts is a fact on its own)."""
    found = list(_MEASURE.finditer(text))
    joined = set()
    for a, b in itertools.pairwise(found):
        if {a.group("unit").lower(), b.group("unit").lower()} <= _TIME_UNITS and \
                re.fullmatch(r",?\s*(?:and\s+)?", text[a.end():b.start()]):
            joined.update((a.start(), b.start()))
    return [m for m in found if m.start() not in joined and not _ends_a_range(text, m.start())]


_RANGE_START = re.compile(rf"(?:\d[\d,.]*|\b{_NUMWORD})\s*(?:to|or|and|-|–)\s*$", re.IGNORECASE)


def _ends_a_range(text: str, start: int) -> bool:
    """'eight to ten hours': 'ten hours' alone is half a fact, and a gap there a fragment."""
    return _RANGE_START.search(text[max(0, start - 24):start]) is not None


def classify_value(answer: str) -> str | None:
    """The type of a bare answer string, when its shape alone says it."""
    s = answer.strip()
    checks = (("date", _DATE), ("money", _MONEY), ("percent", _PERCENT),
              ("duration", _DURATION), ("measure", _MEASURE), ("year", _YEAR))
    for kind, pattern in checks:
        m = pattern.fullmatch(s) if kind != "year" else re.fullmatch(r"1[5-9]\d\d|20\d\d", s)
        if m:
            return kind
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", s):
        return "count"
    return None


def canonical_value(answer: str, kind: str) -> str:
    """The canonical form of a bare answer of a known numeric type."""
    facts = [f for f in numeric_facts(answer) if f.type == kind]
    return facts[0].value if facts else answer.strip()
