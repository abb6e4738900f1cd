"""What an instructor-built quiz is: its questions and its rules.

Shared by the deck file (which reads and writes it), the collection (which
keeps a copy so quizzes survive a moved file) and quiz sessions (which run it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AskAs = Literal["mcq", "truefalse", "typed", "matching"]
ASK_AS: tuple[AskAs, ...] = ("mcq", "truefalse", "typed", "matching")
#: How each note kind may be asked (the one table; MCQ for a fact card needs generated
#: distractors at quiz time).
ASKABLE: dict[str, tuple[AskAs, ...]] = {
    "mcq": ("mcq",),
    "truefalse": ("truefalse",),
    "cloze": ("typed", "mcq"),
    "basic": ("typed", "mcq", "matching"),
    "reversed": ("typed", "mcq", "matching"),
    "typed": ("typed", "mcq", "matching"),
}


def kinds_askable_as(ask_as: str) -> tuple[str, ...]:
    """The note kinds a question asked as `ask_as` accepts (ASKABLE read the other way)."""
    return tuple(kind for kind, ways in ASKABLE.items() if ask_as in ways)


Order = Literal["fixed", "shuffled"]
Feedback = Literal["each", "end"]


@dataclass
class QuestionSpec:
    """One question: a card asked as `ask_as`; matching pairs 4–6 cards' fronts and backs."""

    ask_as: AskAs
    card: str | None = None
    cards: list[str] = field(default_factory=list)

    @property
    def card_ids(self) -> list[str]:
        return list(self.cards) if self.ask_as == "matching" else [self.card] if self.card else []


@dataclass
class QuizSpec:
    id: str
    title: str
    questions: list[QuestionSpec]
    instructions: str = ""
    order: Order = "fixed"
    shuffle_options: bool = True
    time_limit: int | None = None  # seconds; None = untimed
    pass_mark: float = 0.7  # fraction of questions right
    feedback: Feedback = "each"
    attempts: int = 0  # 0 = unlimited
    deck_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """"15 questions, 15 min": what a student wants to know before choosing a quiz."""
        n = len(self.questions)
        text = f"{n} question{'s' if n != 1 else ''}"
        return f"{text}, {limit_text(self.time_limit)}" if self.time_limit else text

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuizSpec:
        data = dict(data)
        data["questions"] = [QuestionSpec(**q) for q in data.get("questions", [])]
        return cls(**data)


def limit_text(seconds: int | None) -> str:
    """A time limit as people say it: "15 min", "1 min 30 s", "45 s", "no time limit"."""
    if not seconds:
        return "no time limit"
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")
