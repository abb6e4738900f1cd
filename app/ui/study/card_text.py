"""What the review screen writes, as rich text in the palette's colours: the card's
question and answer, the typed-answer comparison, the counts and the summary.

Why apart from the widget: these are pure functions of a card and a palette, so the
screen re-renders them whenever the palette changes (View → Appearance) and tests
can read them without a review session.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QGuiApplication, QPalette

from app.core.notes.model import GAP, cloze_parts
from app.core.study.queues import Counts
from app.core.study.scheduler import interval_label
from app.core.study.session import StudyCard, Summary
from app.core.study.typed_diff import TypedComparison
from app.ui import theme

#: The text role of each count (as Anki: new blue, learning red, review green).
COUNT_ROLES = {"new": "accent", "learning": "bad", "review": "good"}


def esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _mark_style(status: str, palette: QPalette | None) -> str:
    """How one segment of the typed-answer comparison looks (Anki's green/red/yellow)."""
    text = palette_text(palette)
    if status == "ignored":
        return f"color:{theme.css('muted', palette)}"
    style = f"background:{theme.tint_css(status, palette)};color:{text}"
    return style + (";text-decoration:line-through" if status == "wrong" else "")


def palette_text(palette: QPalette | None) -> str:
    p = palette if palette is not None else QGuiApplication.palette()
    return p.color(QPalette.ColorRole.Text).name()


def comparison_html(cmp: TypedComparison, palette: QPalette | None = None) -> str:
    """Anki-style marked-up typed answer: what was typed, then the expected answer."""
    def spans(segments: tuple) -> str:
        return "".join(f'<span style="{_mark_style(s.status, palette)}">{esc(s.text)}</span>'
                       for s in segments)

    if cmp.correct and cmp.misspelt:
        spelling = "".join(s.text for s in cmp.expected)
        verdict = f"✓ Accepted — the spelling is {esc(spelling)}"
    else:
        verdict = "✓ Correct" if cmp.correct else "✗ Not quite"
    role = "good" if cmp.correct else "bad"
    typed = spans(cmp.typed) or "<i>(nothing typed)</i>"
    mono = "<span style='font-family:monospace; font-size:18px'>{}</span>"
    return (f"<p style='font-size:17px; color:{theme.css(role, palette)}'><b>{verdict}</b></p>"
            f"<p style='font-size:16px'>You typed: {mono.format(typed)}</p>"
            f"<p style='font-size:16px'>Answer: {mono.format(spans(cmp.expected))}</p>")


def cloze_back_html(fields: dict, ord_: int, palette: QPalette | None = None) -> str:
    """The cloze sentence with the recalled words in bold and the accent colour (as Anki)."""
    accent = theme.css("accent", palette)
    return "".join(f"<b style='color:{accent}'>{esc(text)}</b>" if is_answer else esc(text)
                   for text, is_answer in cloze_parts(fields["text"], ord_ + 1))


def options_html(options: list[str], answer: str | None = None,
                 palette: QPalette | None = None) -> str:
    """The choices of a multiple-choice card as bullets; with `answer`, the right one marked."""
    items = []
    for option in options:
        if answer is not None and option == answer:
            items.append(f"<li><b style='color:{theme.css('good', palette)}'>✓ {esc(option)}"
                         "</b></li>")
        else:
            items.append(f"<li>{esc(option)}</li>")
    return "<ul style='text-align:left'>" + "".join(items) + "</ul>"


def summary_text(s: Summary, now: datetime) -> str:
    minutes, seconds = divmod(round(s.seconds), 60)
    lines = [f"Cards studied: {s.studied}", f"Again: {s.again}",
             f"Time spent: {minutes} min {seconds} s"]
    if s.next_due is not None:
        when = s.next_due.astimezone().strftime("%a %d %b, %H:%M")
        lines.append(f"Next cards due in {interval_label((s.next_due - now).total_seconds())} "
                     f"({when})")
    else:
        lines.append("No answered cards are scheduled yet.")
    if s.new_left:
        lines.append(f"Not started yet: {s.new_left} new cards, for the coming days")
    return "\n".join(lines)



def counts_html(counts: Counts, current: int | None = None) -> str:
    """New · Learning · Due, each in its colour; the queue of the card shown underlined."""
    def part(name: str, value: int, queue: int) -> str:
        style = f"color:{theme.css(COUNT_ROLES[name])}" + (
            ";text-decoration:underline" if current == queue else "")
        return f'<span style="{style}">{value}</span>'

    return (f"New {part('new', counts.new, 0)} · Learning "
            f"{part('learning', counts.learning, 1)} · Due {part('review', counts.review, 2)}")


def question_html(card: StudyCard, shown: bool, options: list[str],
                  media: Callable[[str], str]) -> str:
    """The card's front: a cloze's gap in the accent colour (filled in once `shown`), the
    hint, a multiple-choice card's `options` (the right one marked once `shown`).
    `media` turns escaped text with imported images and sounds into HTML."""
    face = card.face
    if shown and card.kind == "cloze":  # the gap filled in, where it was
        text = f"<p>{cloze_back_html(card.fields, card.ord)}</p>"
    elif card.kind == "cloze":  # the gap stands out as the answer will (as Anki)
        gap = esc(f"[{face.hint}]" if face.hint else GAP)
        text = "<p>" + esc(face.front).replace(
            gap, f"<b style='color:{theme.css('accent')}'>{gap}</b>") + "</p>"
    else:
        text = f"<p>{media(esc(face.front))}</p>"
    if face.hint and not shown:
        text += f"<p style='color:{theme.css('muted')}'>Hint: {esc(face.hint)}</p>"
    if options:  # recall them, then reveal: plain bullets, nothing to click
        text += options_html(options, face.answer if shown else None)
    return text


def answer_html(card: StudyCard, media: Callable[[str], str]) -> str:
    """Below a rule: the back (a cloze: only its extra, the sentence is above) and the
    explanation, muted."""
    if card.kind == "cloze":
        back = media(esc(card.fields.get("extra") or ""))
    else:
        back = media(esc(card.face.back))
    if card.explanation:
        back += f"<p style='color:{theme.css('muted')};font-size:15px'>{esc(card.explanation)}</p>"
    return "<hr>" + back
