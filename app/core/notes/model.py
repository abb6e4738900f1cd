"""Note kinds, their fields, and the cards each note produces.

A *note* is what an author writes (one fact); a *card* is one thing a student is
asked. Basic, typed, multiple-choice and true/false notes give one card; a
reversed note gives two; a cloze note gives one card per cloze number, as in
Anki. Everything here is pure: validation and rendering without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from app.core.errors import NoteError

NoteKind = Literal["basic", "reversed", "cloze", "typed", "mcq", "truefalse"]
NOTE_KINDS: tuple[NoteKind, ...] = ("basic", "reversed", "cloze", "typed", "mcq", "truefalse")

#: The fields each kind needs (required) and may have (optional).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "basic": ("front", "back"),
    "reversed": ("front", "back"),
    "cloze": ("text",),
    "typed": ("front", "back"),
    "mcq": ("question", "options", "answer"),
    "truefalse": ("statement", "answer"),
}
OPTIONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "basic": (),
    "reversed": (),
    "cloze": ("extra",),
    "typed": ("alternatives",),
    "mcq": (),
    "truefalse": (),
}

CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
GAP = "[...]"
#: The longest answer a student can fairly be asked to type from memory (in words).
#: The generator makes longer answers basic cards; a quick quiz asks them another way.
TYPED_ANSWER_MAX_WORDS = 5


@dataclass
class Note:
    """One authored fact. `id` is stable for life: Anki GUIDs are derived from it."""

    id: str
    kind: NoteKind
    fields: dict[str, Any]
    article_id: str | None = None
    section_idx: int | None = None
    deck_id: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str = ""
    explanation: str = ""
    position: int = 0
    #: ISO time of the last edit (set by the collection); Anki re-imports compare it.
    modified: str | None = field(default=None, compare=False)

    def validate(self) -> None:
        validate_fields(self.kind, self.fields, label=self.id)

    @property
    def ords(self) -> list[int]:
        return card_ords(self.kind, self.fields)


@dataclass(frozen=True)
class CardFace:
    """What one card shows: the question side and the answer side, as plain text.

    `options` lists the choices of a multiple-choice or true/false card so the
    UI can lay them out; `answer` is the bare expected answer (for typed and
    cloze comparison), `back` the full answer side.
    """

    front: str
    back: str
    answer: str
    options: tuple[str, ...] = ()
    hint: str = ""
    #: What to give, when the front is a bare term rather than a question ("SCO").
    instruction: str = ""


def cloze_numbers(text: str) -> list[int]:
    """Distinct cloze numbers in a cloze text, ascending."""
    return sorted({int(m.group(1)) for m in CLOZE_RE.finditer(text)})


# plain words for field names in messages a student reads ("The cloze text is empty.")
FIELD_WORDS = {"text": "cloze text", "options": "list of options"}


def validate_fields(kind: str, fields: dict[str, Any], label: str = "note") -> None:
    """Raise NoteError unless `fields` make a note of `kind` that yields cards."""
    if kind not in REQUIRED_FIELDS:
        raise NoteError(f"{label}: unknown kind {kind!r} (expected one of {', '.join(NOTE_KINDS)})")
    for name in REQUIRED_FIELDS[kind]:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise NoteError(f"{label}: The {FIELD_WORDS.get(name, name)} is empty.")
    if kind == "cloze" and 0 in cloze_numbers(fields["text"]):
        raise NoteError(f"{label}: cloze numbers start at 1 ({{{{c0::…}}}} is not a deletion)")
    if kind == "cloze" and not cloze_numbers(fields["text"]):
        raise NoteError(f"{label}: a cloze needs at least one deletion like {{{{c1::answer}}}}")
    if kind == "cloze":
        for m in CLOZE_RE.finditer(fields["text"]):
            if not m.group(2).strip():
                raise NoteError(f"{label}: cloze c{m.group(1)} has an empty answer")
    if kind == "mcq":
        options = fields["options"]
        if not isinstance(options, list) or len(options) < 2:
            raise NoteError(f"{label}: a multiple-choice question needs at least two options")
        if any(not str(o).strip() for o in options):
            raise NoteError(f"{label}: an option is empty")
        if len({str(o).strip().casefold() for o in options}) != len(options):
            raise NoteError(f"{label}: two options are the same")
        if fields["answer"] not in options:
            raise NoteError(f"{label}: the answer {fields['answer']!r} is not among the options")
    if kind == "truefalse" and not isinstance(fields["answer"], bool):
        raise NoteError(f"{label}: a true/false answer must be true or false")


def card_ords(kind: str, fields: dict[str, Any]) -> list[int]:
    """The ordinals of the cards a note produces."""
    if kind == "reversed":
        return [0, 1]
    if kind == "cloze":
        return [n - 1 for n in cloze_numbers(fields.get("text", ""))]
    return [0]


def cloze_front(text: str, number: int) -> str:
    """The question side: deletion `number` hidden (hint shown), the others revealed."""

    def replace(m: re.Match[str]) -> str:
        if int(m.group(1)) == number:
            return f"[{m.group(3)}]" if m.group(3) else GAP
        return m.group(2)

    return CLOZE_RE.sub(replace, text)


def cloze_answer(text: str, number: int) -> str:
    """The hidden text(s) of deletion `number`, joined when it appears twice."""
    return ", ".join(m.group(2) for m in CLOZE_RE.finditer(text) if int(m.group(1)) == number)


def cloze_plain(text: str) -> str:
    """The full sentence with every deletion revealed."""
    return CLOZE_RE.sub(lambda m: m.group(2), text)


def cloze_parts(text: str, number: int) -> list[tuple[str, bool]]:
    """The full sentence as (text, is the answer of deletion `number`) pieces.

    Why: the answer side shows the sentence with the recalled words emphasised, as
    Anki does, rather than the sentence again as plain text.
    """
    parts: list[tuple[str, bool]] = []
    end = 0
    for m in CLOZE_RE.finditer(text):
        parts.append((text[end:m.start()], False))
        parts.append((m.group(2), int(m.group(1)) == number))
        end = m.end()
    parts.append((text[end:], False))
    merged: list[tuple[str, bool]] = []
    for piece, is_answer in parts:
        if not piece:
            continue
        if merged and merged[-1][1] == is_answer:
            merged[-1] = (merged[-1][0] + piece, is_answer)
        else:
            merged.append((piece, is_answer))
    return merged


#: Words an abbreviation leaves out ("Organization of the Petroleum…" → OPEC keeps "of").
_ABBREVIATION_SKIPS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "&"})
_QUESTION_RE = re.compile(r"[?:]\s*$|^(who|what|when|where|which|why|how|name|give|list|"
                          r"define|explain|describe|translate)\b", re.IGNORECASE)


def _abbreviates(short: str, full: str) -> bool:
    """Whether `short` ("SCO", "U.S.") is made of the initials of `full`'s words."""
    letters = re.sub(r"[^A-Za-z]", "", short)
    if not 2 <= len(letters) <= 8 or letters.upper() != letters or " " in short.strip():
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", full)
    if len(words) < 2:
        return False
    initials = "".join(w[0] for w in words).upper()
    main = "".join(w[0] for w in words if w.casefold() not in _ABBREVIATION_SKIPS).upper()
    return letters in (initials, main)


def answer_instruction(front: str, answer: str, typed: bool = False) -> str:
    """What the student is asked to give when the front is a bare term, not a question.

    A card showing just "Shanghai Cooperation Organization" (answer "SCO") would
    otherwise leave the student guessing what is wanted.
    """
    prompt = front.strip()
    if not prompt or _QUESTION_RE.search(prompt):
        return ""
    if _abbreviates(answer.strip(), prompt):
        return "Give the abbreviation"
    if _abbreviates(prompt, answer):
        return "Give the full name"
    return "Type the answer" if typed else ""


def render(kind: str, fields: dict[str, Any], ord_: int) -> CardFace:
    """The two sides of card `ord_` of a note, as plain text."""
    if kind in ("basic", "typed"):
        front, back = fields["front"], fields["back"]
        return CardFace(front, back, back,
                        instruction=answer_instruction(front, back, typed=kind == "typed"))
    if kind == "reversed":
        front, back = (fields["front"], fields["back"])
        if ord_ == 1:
            front, back = back, front
        return CardFace(front, back, back, instruction=answer_instruction(front, back))
    if kind == "cloze":
        number = ord_ + 1
        text = fields["text"]
        hint = next((m.group(3) or "" for m in CLOZE_RE.finditer(text)
                     if int(m.group(1)) == number), "")
        back = cloze_plain(text)
        if fields.get("extra"):
            back += "\n\n" + fields["extra"]
        return CardFace(cloze_front(text, number), back, cloze_answer(text, number), hint=hint)
    if kind == "mcq":
        options = tuple(str(o) for o in fields["options"])
        return CardFace(fields["question"], fields["answer"], fields["answer"], options)
    if kind == "truefalse":
        answer = "True" if fields["answer"] else "False"
        return CardFace(fields["statement"], answer, answer, ("True", "False"))
    raise NoteError(f"unknown note kind {kind!r}")
