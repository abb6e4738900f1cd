"""Moodle GIFT question banks → cards and one quiz (writing GIFT: `app.core.interop.moodle`).

Why lark for the answers: the inside of `{…}` is a small language (weights
`%50%`, feedback `#…`, general feedback `####…`, matching `->`, numerical
`#3:0.1` and `#1..5`, true/false) where a hand-written splitter is exactly
what turned Moodle's own sample into cards like `{ =Frog#Good! …}`. lark is a
well-kept, pure-Python parser generator; its LALR parser with a contextual
lexer reads each answer block in linear time and names the column of a
mistake. The question around the block (comments, `$CATEGORY:`, `::title::`,
`[html]` and the escapes `\\~ \\= \\# \\{ \\} \\:`) is split by an
escape-aware scanner that knows the line of every brace, so an unclosed `{`
is reported with its line.

What StudyDesk cannot represent (essays, descriptions, partial credit,
numeric tolerance, per-answer feedback of wrong answers) is listed in the
import summary, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from app.core.errors import InteropError
from app.core.interop.htmltext import html_to_text
from app.core.interop.model import ImportedDeck, Skipped, digest_of, stable_note_id
from app.core.notes.model import Note
from app.core.quiz.spec import QuestionSpec, QuizSpec

_GRAMMAR = r"""
    start: tf | numerical | choices |
    tf: TF feedback* general?
    numerical: "#" (NUMBER_SPEC | numchoice+) general?
    numchoice: MARK weight? NUMBER_SPEC feedback?
    choices: choice+ general?
    choice: MARK weight? TEXT feedback?
    weight: WEIGHT
    feedback: FEEDBACK_MARK TEXT?
    general: GENERAL_MARK TEXT?

    TF.3: /(TRUE|FALSE|T|F)(?=\s*(#|$))/
    MARK: /[=~]/
    WEIGHT.3: /%-?\d+(\.\d+)?%/
    NUMBER_SPEC.2: /\s*-?\d[\d.eE+-]*\s*((:|\.\.)\s*-?\d[\d.eE+-]*)?\s*/
    GENERAL_MARK.2: "####"
    FEEDBACK_MARK: "#"
    TEXT: /(\\.|[^\\=~#])+/s
    %ignore /\s+/
"""

ESCAPES = {"\\~": "~", "\\=": "=", "\\#": "#", "\\{": "{", "\\}": "}", "\\:": ":",
           "\\n": "\n", "\\\\": "\\"}
_ESCAPE_RE = re.compile(r"\\[~=#{}:n\\]")


@cache
def _parser():
    from lark import Lark

    return Lark(_GRAMMAR, parser="lalr", lexer="contextual")


def unescape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: ESCAPES[m.group(0)], text)


def escape(text: str) -> str:
    """Text safe inside GIFT: every special character escaped."""
    out = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", "\\n")


@dataclass
class Answer:
    text: str
    right: bool
    weight: float | None = None  # percent, when given
    feedback: str = ""
    match: str | None = None  # matching: what the text pairs with
    mark: str = "="  # "=" right (or graded by weight), "~" wrong (or graded by weight)


@dataclass
class Question:
    line: int
    title: str
    text: str  # the question, a blank "_____" where a missing-word block was
    category: str
    kind: str  # truefalse | mcq | short | numerical | matching | essay | description
    answers: list[Answer] = field(default_factory=list)
    truth: bool | None = None
    numbers: list[tuple[float, float, float | None]] = field(default_factory=list)  # lo, hi, weight
    general: str = ""
    text_format: str = "moodle"


# -- scanning the file ---------------------------------------------------------------------
def _chunks(path: Path, text: str) -> list[tuple[int, str, str]]:
    """(first line, category, question text) per question; comments and categories taken out."""
    chunks: list[tuple[int, str, str]] = []
    category = ""
    current: list[str] = []
    start = 0
    depth_open_line = 0
    depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw
        stripped = line.strip()
        if not depth and stripped.startswith("//"):
            continue
        if not depth and stripped.startswith("$CATEGORY:"):
            category = stripped[len("$CATEGORY:"):].strip().split("/")[-1].strip()
            continue
        if not stripped and not depth:
            if current:
                chunks.append((start, category, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        i = 0
        while i < len(line):
            ch = line[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "{":
                if depth:
                    raise InteropError(path, "this '{' is never closed: the answers of the "
                                             f"question end with '}}' (the next '{{' is on line "
                                             f"{number}; write \\{{ for a literal brace)",
                                       depth_open_line)
                depth, depth_open_line = 1, number
            elif ch == "}":
                if not depth:
                    raise InteropError(path, "a '}' without its '{' (write \\} for a literal "
                                             "brace)", number)
                depth = 0
            i += 1
        current.append(line)
    if depth:
        raise InteropError(path, "this '{' is never closed: the answers of the question end "
                                 "with '}'", depth_open_line)
    if current:
        chunks.append((start, category, "\n".join(current)))
    return chunks


def _split_block(chunk: str) -> tuple[str, str | None, str]:
    """Text before the answer block, the block's inside (None: no block), text after."""
    i = 0
    while i < len(chunk):
        if chunk[i] == "\\":
            i += 2
            continue
        if chunk[i] == "{":
            j = i + 1
            while j < len(chunk):
                if chunk[j] == "\\":
                    j += 2
                    continue
                if chunk[j] == "}":
                    return chunk[:i], chunk[i + 1:j], chunk[j + 1:]
                j += 1
        i += 1
    return chunk, None, ""


def _strip_comments(block: str) -> str:
    """`// comment` lines inside an answer block (Moodle allows them)."""
    return "\n".join(ln for ln in block.splitlines() if not ln.strip().startswith("//"))


def _clean(text: str, fmt: str) -> str:
    text = unescape(text.strip())
    return html_to_text(text) if fmt == "html" else text.strip()


def parse_gift(path: Path, text: str) -> list[Question]:
    """Every question of a GIFT file; a syntax error raises InteropError with its line."""
    from lark.exceptions import LarkError, UnexpectedInput

    questions = []
    for line, category, chunk in _chunks(path, text):
        title = ""
        m = re.match(r"\s*::((?:\\.|[^\\:]|:(?!:))*)::", chunk, re.DOTALL)
        if m:
            title, chunk = unescape(m.group(1).strip()), chunk[m.end():]
        fmt = "moodle"
        fm = re.match(r"\s*\[(html|moodle|plain|markdown)\]", chunk)
        if fm:
            fmt, chunk = fm.group(1), chunk[fm.end():]
        before, block, after = _split_block(chunk)
        if block is None:
            questions.append(Question(line, title, _clean(before, fmt), category, "description"))
            continue
        stem = _clean(before, fmt)
        rest = _clean(after, fmt)
        if rest:
            stem = f"{stem} _____ {rest}".strip()
        body = _strip_comments(block)
        try:
            tree = _parser().parse(body)
        except UnexpectedInput as exc:
            where = line + chunk[:chunk.index("{")].count("\n") + body[:exc.pos_in_stream or 0
                                                                        ].count("\n")
            raise InteropError(path, f"cannot read the answers of {title or stem[:40]!r}: "
                                     f"unexpected {body[exc.pos_in_stream or 0:][:20]!r}",
                               where) from exc
        except LarkError as exc:
            raise InteropError(path, f"cannot read the answers ({exc})", line) from exc
        questions.append(_question(tree, line, title, stem, category, fmt, path))
    return questions


def _text_of(node: object, fmt: str) -> str:
    for child in getattr(node, "children", []):
        if getattr(child, "type", "") == "TEXT":
            return _clean(str(child), fmt)
    return ""


def _question(tree: object, line: int, title: str, stem: str, category: str, fmt: str,
              path: Path) -> Question:
    from lark import Token, Tree

    assert isinstance(tree, Tree)
    q = Question(line, title, stem, category, "essay", text_format=fmt)
    if not tree.children:
        return q
    body = tree.children[0]
    assert isinstance(body, Tree)
    for node in body.children:
        if isinstance(node, Tree) and node.data == "general":
            q.general = _text_of(node, fmt)
    if body.data == "tf":
        q.kind = "truefalse"
        q.truth = str(body.children[0]).startswith("T")
        feedbacks = [_text_of(n, fmt) for n in body.children
                     if isinstance(n, Tree) and n.data == "feedback"]
        # GIFT: {T#shown when wrong#shown when right}
        if feedbacks:
            q.answers.append(Answer("wrong", False, feedback=feedbacks[0]))
        if len(feedbacks) > 1:
            q.answers.append(Answer("right", True, feedback=feedbacks[1]))
        return q
    if body.data == "numerical":
        q.kind = "numerical"
        for node in body.children:
            if isinstance(node, Token) and node.type == "NUMBER_SPEC":
                q.numbers.append((*_number_range(str(node), path, line), None))
            elif isinstance(node, Tree) and node.data == "numchoice":
                weight = None
                for part in node.children:
                    if isinstance(part, Tree) and part.data == "weight":
                        weight = float(str(part.children[0]).strip("%"))
                    elif isinstance(part, Token) and part.type == "NUMBER_SPEC":
                        lo, hi = _number_range(str(part), path, line)
                        q.numbers.append((lo, hi, weight))
        return q
    for node in body.children:
        if not (isinstance(node, Tree) and node.data == "choice"):
            continue
        mark = str(node.children[0])
        weight = None
        answer_text, feedback = "", ""
        for part in node.children[1:]:
            if isinstance(part, Tree) and part.data == "weight":
                weight = float(str(part.children[0]).strip("%"))
            elif isinstance(part, Tree) and part.data == "feedback":
                feedback = _text_of(part, fmt)
            elif isinstance(part, Token) and part.type == "TEXT":
                answer_text = str(part)
        match = None
        arrow = re.search(r"(?<!\\)->", answer_text)
        if arrow:
            answer_text, match = answer_text[:arrow.start()], _clean(answer_text[arrow.end():], fmt)
        right = mark == "=" or (weight is not None and weight > 0)
        q.answers.append(Answer(_clean(answer_text, fmt), right, weight, feedback, match, mark))
    if any(a.match is not None for a in q.answers):
        q.kind = "matching"
    elif all(a.mark == "=" for a in q.answers):
        q.kind = "short"
    else:
        q.kind = "mcq"
    return q


def _number_range(spec: str, path: Path, line: int) -> tuple[float, float]:
    spec = spec.strip()
    try:
        if ".." in spec:
            lo, hi = (float(x) for x in spec.split(".."))
            return lo, hi
        if ":" in spec:
            value, tolerance = (float(x) for x in spec.split(":"))
            return value - abs(tolerance), value + abs(tolerance)
        value = float(spec)
    except ValueError as exc:
        raise InteropError(path, f"{spec!r} is not a number (or number:tolerance, or "
                                 "low..high)", line) from exc
    return value, value


def _fmt_number(x: float) -> str:
    return f"{x:g}"


# -- GIFT → StudyDesk ------------------------------------------------------------------------
def gift_deck(path: Path, text: str, digest: str | None = None) -> ImportedDeck:
    """Cards for every question StudyDesk can ask, and one quiz asking them in file order."""
    questions = parse_gift(path, text)
    if not questions:
        raise InteropError(path, "holds no GIFT questions")
    deck = ImportedDeck(format="gift", path=path, title=path.stem,
                        digest=digest or digest_of(text.encode()))
    convert_questions(questions, deck, _quiz_id(path))
    return deck


def convert_questions(questions: list[Question], deck: ImportedDeck, quiz_id: str) -> None:
    """Moodle questions (from GIFT or Moodle XML) → the deck's cards, one quiz asking them
    in file order, and what could not be kept listed in `deck.skipped`."""
    quiz = QuizSpec(id=quiz_id, title=deck.path.stem.replace("_", " "), questions=[],
                    order="fixed", shuffle_options=True)
    for q in questions:
        _convert(q, deck, quiz)
    if quiz.questions:
        deck.quizzes.append(quiz)


def _quiz_id(path: Path) -> str:
    from app.core.articles.library import slugify

    return f"gift-{slugify(path.stem)}"


def _note_id(deck: ImportedDeck, q: Question, n: int = 0) -> str:
    return stable_note_id(deck.format, deck.path.name, q.title or q.text, n)


def _convert(q: Question, deck: ImportedDeck, quiz: QuizSpec) -> None:
    label = q.title or q.text[:50] or f"question on line {q.line}"
    section = deck.section(q.category or "Questions")

    def add(kind: str, fields: dict[str, object], ask_as: str | None, n: int = 0,
            explanation: str = "") -> Note:
        note = Note(id=_note_id(deck, q, n), kind=kind, fields=fields,  # type: ignore[arg-type]
                    section_idx=section, explanation=explanation or q.general,
                    tags=[deck.format] + ([q.title.replace(" ", "-")] if q.title else []))
        deck.notes.append(note)
        if ask_as is not None:
            quiz.questions.append(QuestionSpec(ask_as=ask_as, card=note.id))  # type: ignore[arg-type]
        return note

    if q.kind in ("essay", "description"):
        deck.skipped.append(Skipped(label, q.line, f"{q.kind}: StudyDesk cannot ask or grade "
                                                   "free text"))
        return
    if not q.text:
        deck.skipped.append(Skipped(label, q.line, "the question has no text"))
        return
    if q.kind == "truefalse":
        deck.converted.setdefault("true/false", "truefalse")
        feedback = "\n".join(a.feedback for a in q.answers if a.feedback)
        add("truefalse", {"statement": q.text, "answer": bool(q.truth)}, "truefalse",
            explanation="\n".join(p for p in (feedback, q.general) if p))
        return
    if q.kind == "short":
        deck.converted.setdefault("short answer", "typed (alternatives accepted)")
        answers = [a.text for a in q.answers if a.text]
        if not answers:
            deck.skipped.append(Skipped(label, q.line, "short answer without a right answer"))
            return
        add("typed", {"front": q.text, "back": answers[0],
                      **({"alternatives": answers[1:]} if answers[1:] else {})}, "typed",
            explanation=_feedback_text(q))
        return
    if q.kind == "numerical":
        if not q.numbers:
            deck.skipped.append(Skipped(label, q.line, "numerical question without an answer"))
            return
        full = [n for n in q.numbers if n[2] in (None, 100)] or q.numbers
        lo, hi, _ = full[0]
        exact = _fmt_number((lo + hi) / 2)
        deck.converted.setdefault("numerical", "typed (the exact value)")
        if lo != hi or len(q.numbers) > 1:
            deck.skipped.append(Skipped(label, q.line, f"accepted range {_fmt_number(lo)}.."
                                        f"{_fmt_number(hi)} (and partial credit) not kept: "
                                        f"typed card expects {exact}"))
        add("typed", {"front": q.text, "back": exact}, "typed", explanation=_feedback_text(q))
        return
    if q.kind == "matching":
        pairs = [a for a in q.answers if a.match is not None and a.text]
        deck.converted.setdefault("matching", "one basic card per pair, asked as matching")
        ids = [add("basic", {"front": a.text, "back": a.match}, None, n).id
               for n, a in enumerate(pairs)]
        if 4 <= len(ids) <= 6:
            quiz.questions.append(QuestionSpec(ask_as="matching", cards=ids))
        else:
            quiz.questions.extend(QuestionSpec(ask_as="typed", card=i) for i in ids)
            deck.skipped.append(Skipped(label, q.line, f"matching with {len(ids)} pairs "
                                        "(StudyDesk matches 4 to 6): each pair asked alone"))
        return
    right = [a for a in q.answers if a.right]
    options = [a.text for a in q.answers]
    if not right or len({o.casefold() for o in options}) != len(options) or len(options) < 2:
        deck.skipped.append(Skipped(label, q.line, "multiple choice needs two different "
                                                   "options and a right one"))
        return
    best = max(right, key=lambda a: a.weight if a.weight is not None else 100)
    if len(right) > 1 or any(a.weight not in (None, 100, 0) for a in q.answers):
        deck.skipped.append(Skipped(label, q.line, "partial credit / several right answers: "
                                    f"only {best.text!r} counts as right"))
    deck.converted.setdefault("multiple choice", "mcq")
    add("mcq", {"question": q.text, "options": options, "answer": best.text}, "mcq",
        explanation=_feedback_text(q))


def _feedback_text(q: Question) -> str:
    lines = [f"{a.text}: {a.feedback}" for a in q.answers if a.feedback]
    return "\n".join(p for p in ("\n".join(lines), q.general) if p)
