"""Fine types inside a fact type, so a wrong option is the same sort of thing as the answer.

Why: "place" alone lets "Yellow Sea" stand in for "Soviet Union" and "China"
for "Tashkent"; a student rules those out by their kind, not by knowing the
fact, and a false statement built from them reads as nonsense ("After the
breakup of the Black Sea"). Places are split into countries (ISO 3166 names
from pycountry, plus the common and historical names articles use), seas and
other waters, regions (continents, macro-regions, islands, provinces) and
cities (the rest: a place named after "in"/"near" that is none of those).
Other types keep one fine type: the name typing in names.py already keeps
ship classes and manufacturers out of ships and weapons.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

#: Country names that ISO 3166 does not spell as articles do.
_COUNTRY_ALIASES = frozenset([
    "russia", "soviet union", "ussr", "us", "usa", "u.s.", "america", "united states of america",
    "britain", "great britain", "uk", "czechoslovakia", "yugoslavia", "east germany",
    "west germany", "burma", "persia", "prc", "people's republic of china", "korea",
])
_REGIONS = frozenset([
    "africa", "asia", "europe", "eurasia", "north america", "south america",
    "latin america", "oceania", "antarctica", "antarctic", "arctic", "asia-pacific",
    "indo-pacific", "middle east", "near east", "far east", "central asia", "east asia",
    "south asia", "southeast asia", "siberia", "caucasus", "balkans", "scandinavia",
    "caribbean", "sahel", "maghreb", "levant", "eastern europe", "western europe",
    "central europe", "the west", "moon", "mars",
])
_WATER_WORDS = re.compile(r"\b(?:sea|ocean|gulf|bay|strait|straits|river|lake|channel|sound|"
                          r"canal|waters)\b", re.IGNORECASE)
_REGION_WORDS = re.compile(r"\b(?:region|province|island|islands|peninsula|mountains|desert|"
                           r"valley|horn|territory|oblast|krai|state|county|district|coast|"
                           r"plateau|basin)\b", re.IGNORECASE)
_COUNTRY_WORDS = re.compile(r"\b(?:union|federation|kingdom|republic|emirates)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    names: set[str] = set(_COUNTRY_ALIASES)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.casefold())
                names.add(value.split(",")[0].casefold())
    return frozenset(names)


@lru_cache(maxsize=4096)
def place_kind(name: str) -> str:
    """'country', 'water', 'region' or 'city' for a place name."""
    folded = " ".join(name.split()).casefold()
    folded = folded.removeprefix("the ")
    if folded in _countries():
        return "country"
    if _WATER_WORDS.search(folded):
        return "water"
    if folded in _REGIONS or _REGION_WORDS.search(folded):
        return "region"
    if _COUNTRY_WORDS.search(folded):
        return "country"
    return "city"


#: What the noun after a weapon's name says it is ("S-400 air defence system" → missile).
_HEAD_GROUPS: dict[str, str] = {
    **dict.fromkeys(("fighter", "fighters", "aircraft", "bomber", "bombers", "jet", "jets",
                     "helicopter", "helicopters", "drone", "drones", "plane", "planes"), "aircraft"),
    **dict.fromkeys(("missile", "missiles", "system", "systems", "rocket", "rockets",
                     "launcher", "launchers"), "missile"),
    **dict.fromkeys(("tank", "tanks", "vehicle", "vehicles"), "armour"),
}
_TAKES_THE = frozenset(["arctic", "antarctic", "us", "uk", "netherlands", "philippines",
                        "caribbean", "balkans", "caucasus", "middle east", "far east", "sahel",
                        "levant", "maghreb", "west", "moon"])


def head_group(words_after: list[str]) -> str:
    """The kind of weapon the words after its name give, or '' if they say none."""
    for word in words_after[:4]:
        group = _HEAD_GROUPS.get(word.strip(".,;:)”’\"").casefold())
        if group:
            return group
    return ""


def takes_the(place: str) -> bool:
    """Whether a place is written 'the Black Sea', not 'the Mongolia' (for swapped statements)."""
    folded = " ".join(place.split()).casefold()
    return bool(folded in _TAKES_THE or _WATER_WORDS.search(folded) or
                _REGION_WORDS.search(folded) or _COUNTRY_WORDS.search(folded)
                or folded.startswith("the "))


def fine_type(kind: str, value: str, head: str = "") -> str:
    """The type a distractor must share with the answer.

    Places by their kind; weapons by what the article calls them (`head`, from
    head_group), so a fighter is never offered as an air defence system.
    """
    if kind == "place":
        return f"place:{place_kind(value)}"
    if kind == "weapon" and head:
        return f"weapon:{head}"
    return kind
