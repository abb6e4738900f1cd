"""Quiz questions made from cards, and how an answer to each is judged.

Why separate from sessions: the quick quiz, instructor quizzes and the quiz
builder's preview all ask the same card the same way, so a `Question` is built
in one place and is plain data that the UI shows without knowing card kinds.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from app.core.errors import QuizError
from app.core.generate import distractors_for
from app.core.notes.model import CardFace, Note, render
from app.core.notes.store import note_from_row
from app.core.numbers import SCALES
from app.core.quiz.spec import ASKABLE, AskAs
from app.core.storage.collection import Collection
from app.core.study.typed import grade_typed
from app.core.words import MINOR_WORDS

if TYPE_CHECKING:
    from app.core.articles.model import Article

MATCHING_MIN, MATCHING_MAX = 4, 6
#: What a student may answer: an option index, typed text, or a choice index per term.
Response = int | str | tuple[int | None, ...] | None


@dataclass(frozen=True)
class CardInfo:
    """One card with its note, as a quiz needs it."""

    card_id: int
    ord: int
    note: Note
    due: float | None
    suspended: bool

    @property
    def face(self) -> CardFace:
        return render(self.note.kind, self.note.fields, self.ord)

    @property
    def ask_as(self) -> tuple[AskAs, ...]:
        return ASKABLE.get(self.note.kind, ())


@dataclass(frozen=True)
class Question:
    """One question as the student sees it, with everything needed to judge it."""

    ask_as: AskAs
    prompt: str
    card_ids: tuple[int, ...]
    section_idx: int | None
    answer: str
    article_id: str | None = None
    options: tuple[str, ...] = ()  # mcq / truefalse, in display order
    alternatives: tuple[str, ...] = ()  # typed: other accepted answers
    terms: tuple[str, ...] = ()  # matching: left column
    choices: tuple[str, ...] = ()  # matching: right column, in display order
    key: tuple[int, ...] = ()  # matching: the right choice index for each term
    hint: str = ""
    explanation: str = ""
    source: str = ""


@dataclass(frozen=True)
class Verdict:
    """How one answer went: overall, per card (for the scheduler), and as text."""

    correct: bool
    given: str
    per_card: dict[int, bool] = field(default_factory=dict)
    #: A typed answer accepted though not written exactly so: the form it was taken for.
    accepted_as: str | None = None


_CARD_SQL = """
    SELECT c.id AS card_id, c.ord, c.due, c.suspended, n.*
    FROM cards c JOIN notes n ON n.id = c.note_id
"""


def _info(row: dict[str, Any]) -> CardInfo:
    return CardInfo(row["card_id"], row["ord"], note_from_row(row), row["due"],
                    bool(row["suspended"]))


def load_cards(col: Collection, article_id: str,
               sections: list[int] | None = None) -> list[CardInfo]:
    """Active, unsuspended cards of an article in article order."""
    sql = _CARD_SQL + " WHERE n.article_id = ? AND n.active = 1 AND c.suspended = 0"
    params: list[Any] = [article_id]
    if sections is not None:
        sql += f" AND n.section_idx IN ({','.join('?' * len(sections))})"
        params.extend(sections)
    sql += " ORDER BY n.section_idx, n.position, n.id, c.ord"
    return [_info(r) for r in col.query(sql, params)]


def card_for_note(col: Collection, note_id: str) -> CardInfo:
    """The card a quiz asks for a note (its first card: the front-to-back one)."""
    rows = list(col.query(_CARD_SQL + " WHERE n.id = ? ORDER BY c.ord LIMIT 1", [note_id]))
    if not rows:
        raise QuizError(f"the quiz names card {note_id!r}, which is not in the collection")
    return _info(rows[0])




def _base(info: CardInfo, ask_as: AskAs, prompt: str, answer: str, **extra: Any) -> Question:
    note = info.note
    return Question(ask_as=ask_as, prompt=prompt, card_ids=(info.card_id,),
                    section_idx=note.section_idx, answer=answer, article_id=note.article_id,
                    explanation=note.explanation, source=note.source, **extra)


def build_question(info: CardInfo, ask_as: AskAs, rng: random.Random,
                   shuffle_options: bool = True, article: Article | None = None,
                   typed_fallback: bool = False) -> Question:
    """Ask one card as `ask_as`; QuizError if that card cannot be asked that way.

    A fact card asked as MCQ without 3 wrong options in the answer's own format is
    asked typed instead when `typed_fallback` (an instructor quiz), else refused: a
    2-option or mixed-format MCQ gives the answer away.
    """
    if ask_as not in info.ask_as or ask_as == "matching":
        raise QuizError(f"card {info.note.id!r} ({info.note.kind}) cannot be asked as {ask_as}")
    face = info.face
    if ask_as == "truefalse":
        return _base(info, ask_as, face.front, face.answer, options=("True", "False"))
    if ask_as == "typed":
        alternatives = tuple(str(a) for a in info.note.fields.get("alternatives", []) or [])
        prompt = f"{face.instruction}: {face.front}" if face.instruction else face.front
        return _base(info, ask_as, prompt, face.answer, alternatives=alternatives,
                     hint=face.hint)
    answer = face.answer
    if info.note.kind == "mcq":
        options = list(face.options)
    else:
        answer = as_option(face.answer)
        try:
            options = [answer, *_distractors(info, answer, article, face.front)]
        except QuizError:
            if typed_fallback and "typed" in info.ask_as:
                return build_question(info, "typed", rng, shuffle_options, article)
            raise
        if not shuffle_options:
            options.sort(key=str.casefold)  # a stable order that does not give the answer away
    if shuffle_options:
        rng.shuffle(options)
    return _base(info, ask_as, face.front, answer, options=tuple(options), hint=face.hint)


MCQ_DISTRACTORS = 3
_MONEY_RE = re.compile(rf"^(?:us\s*\$|\$)?\s*(\d[\d.,]*(?:\s+(?:{'|'.join(SCALES)}))?)"
                       r"\s+(?:us\s+)?dollars?$", re.IGNORECASE)
_PERCENT_RE = re.compile(r"^(\d[\d.,]*)\s*(?:percent|per cent)$", re.IGNORECASE)
_YEAR_RE = re.compile(r"^(1[0-9]|20)\d\d$")
_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])


def as_option(text: str) -> str:
    """An answer written the way options are: "$16 billion", "12%", no leading "the"."""
    text = " ".join(text.split())
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if m := _MONEY_RE.match(text):
        return f"${m.group(1)}"
    if m := _PERCENT_RE.match(text):
        return f"{m.group(1)}%"
    return text


def option_format(text: str) -> tuple[object, ...] | None:
    """What makes options look alike: money, percent, a bare year, and for other values
    with digits the pattern of numbers, months and scale words. None: no digits (names),
    which the generator already matches by type."""
    if not any(ch.isdigit() for ch in text):
        return None
    words = re.findall(r"\d[\d.,]*|[^\W\d_]+", text.casefold())
    pattern = tuple("#" if w[0].isdigit() else "M" if w in _MONTHS
                    else "S" if w in SCALES else "w" for w in words)
    return (text.startswith("$"), "%" in text, bool(_YEAR_RE.match(text)), pattern)


def _distractors(info: CardInfo, answer: str, article: Article | None, prompt: str) -> list[str]:
    """Same-type wrong options from the generator, none already visible in the prompt;
    too few means no MCQ."""
    if article is None:
        raise QuizError(f"card {info.note.id!r} has no article to take wrong options from")
    shape = option_format(answer)
    picked: list[str] = []
    for d in distractors_for(article, answer, 4 * MCQ_DISTRACTORS, avoid=prompt):
        d = as_option(d)
        if (d.strip() and option_format(d) == shape
                and d.casefold() not in {p.casefold() for p in (answer, *picked)}):
            picked.append(d)
    if len(picked) < MCQ_DISTRACTORS:
        raise QuizError(f"not enough wrong options of the same kind as {answer!r} "
                        "in the article")
    return picked[:MCQ_DISTRACTORS]




def answers_itself(front: str, back: str) -> bool:
    """Whether a pair gives its answer away: the back is written in the front
    ("Peace Mission 2005" → "2005") or is the front's initialism
    ("Shanghai Cooperation Organization" → "SCO")."""
    b = " ".join(back.split()).casefold()
    if not b:
        return False
    if re.search(rf"(?<!\w){re.escape(b)}(?!\w)", " ".join(front.split()).casefold()):
        return True
    letters = re.sub(r"[^\w]", "", back)
    if " " in back.strip() or not 2 <= len(letters) <= 8:
        return False
    words = re.findall(r"[^\W\d_][\w'’]*", front)
    initials = {"".join(w[0] for w in words).casefold(),
                "".join(w[0] for w in words if w.casefold() not in MINOR_WORDS).casefold()}
    return letters.casefold() in initials


def build_matching(infos: list[CardInfo], rng: random.Random) -> Question:
    """Pair 4–6 cards' fronts with their backs; the backs are always shuffled.

    A pair that answers itself (see `answers_itself`) is left out when enough pairs
    remain, since matching it tests nothing; otherwise it stays, so an instructor's
    quiz never becomes impossible to take (the builder warns about such pairs).
    """
    giveaways = [i for i in infos if "matching" in i.ask_as
                 and answers_itself(i.face.front, i.face.answer)]
    if len(infos) - len(giveaways) >= MATCHING_MIN:
        infos = [i for i in infos if i not in giveaways]
    if not MATCHING_MIN <= len(infos) <= MATCHING_MAX:
        raise QuizError(f"matching needs {MATCHING_MIN}–{MATCHING_MAX} cards, not {len(infos)}")
    for info in infos:
        if "matching" not in info.ask_as:
            raise QuizError(f"card {info.note.id!r} ({info.note.kind}) has no front and back "
                            "to match")
    faces = [i.face for i in infos]
    if len({f.answer.casefold() for f in faces}) != len(faces):
        raise QuizError("two cards of a matching question have the same answer")
    order = list(range(len(faces)))
    while len(order) > 1 and order == sorted(order):
        rng.shuffle(order)
    choices = tuple(faces[i].answer for i in order)
    key = tuple(order.index(i) for i in range(len(faces)))
    sections = {i.note.section_idx for i in infos}
    return Question(
        ask_as="matching", prompt="Match each item with its answer.",
        card_ids=tuple(i.card_id for i in infos),
        section_idx=sections.pop() if len(sections) == 1 else infos[0].note.section_idx,
        answer="; ".join(f"{f.front} → {f.answer}" for f in faces),
        article_id=infos[0].note.article_id, terms=tuple(f.front for f in faces),
        choices=choices, key=key,
        explanation=" ".join(i.note.explanation for i in infos if i.note.explanation),
    )


def judge(question: Question, response: Response) -> Verdict:
    """Judge a response; an empty or missing one is simply wrong."""
    if question.ask_as in ("mcq", "truefalse"):
        if not isinstance(response, int) or not 0 <= response < len(question.options):
            return _all(question, False, "")
        given = question.options[response]
        return _all(question, given == question.answer, given)
    if question.ask_as == "typed":
        text = response if isinstance(response, str) else ""
        grade = grade_typed(text, question.answer, question.alternatives)
        verdict = _all(question, grade.correct, text.strip())
        if grade.correct and grade.misspelt and grade.matched is not None:
            return replace(verdict, accepted_as=grade.matched)
        return verdict
    picks = tuple(response) if isinstance(response, tuple) else ()
    picks = picks + (None,) * (len(question.terms) - len(picks))
    per_card = {cid: picks[i] == question.key[i] for i, cid in enumerate(question.card_ids)}
    given = "; ".join(f"{term} → {question.choices[p] if p is not None else '—'}"
                      for term, p in zip(question.terms, picks, strict=False))
    return Verdict(all(per_card.values()), given if any(p is not None for p in picks) else "",
                   per_card)


def _all(question: Question, ok: bool, given: str) -> Verdict:
    return Verdict(ok, given, {cid: ok for cid in question.card_ids})


def matching_lines(pairs: Sequence[tuple[str, str]], picked: Sequence[str] | None,
                   wrong: Sequence[bool]) -> list[str]:
    """A matching answer pair by pair: "✓ term → answer", or "✗ term → picked
    (correct: answer)". `picked` is what the student chose per term (None: unknown)."""
    lines = []
    for i, ((term, right), is_wrong) in enumerate(zip(pairs, wrong, strict=True)):
        if not is_wrong:
            lines.append(f"✓ {term} → {right}")
        else:
            chosen = picked[i] if picked else "—"
            lines.append(f"✗ {term} → {chosen}  (correct: {right})")
    return lines
