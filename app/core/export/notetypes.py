"""StudyDesk's own Anki note types: ids, fields, templates and the stylesheet.

Why these are frozen: Anki matches an incoming note type by its id, and refuses
to update notes whose note type changed its fields ("conflicting"). So every
id below is a constant that must never change, and every note type carries
the same generous set of fields from day one (hint, source sentence,
explanation, section, article, media, remarks, StudyDesk id) even where the
exporter leaves some empty. Templates and CSS may be improved freely: Anki
takes them over on re-import because the note type's mtime is newer.

Pure data: the exporter (`app.core.export.anki`) turns it into genanki models.
"""

from __future__ import annotations

from dataclasses import dataclass

# Common fields after each kind's own ones. Never reorder, rename or remove.
COMMON_FIELDS: tuple[str, ...] = (
    "Hint", "Source", "Explanation", "Section", "Article", "Media", "Remarks", "StudyDesk ID",
)


@dataclass(frozen=True)
class NoteTypeSpec:
    """One Anki note type. `templates` are (name, front, back) triples."""

    model_id: int
    name: str
    own_fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]
    cloze: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return self.own_fields + COMMON_FIELDS


_HEADER = '<div class="sd-section">{{Section}}</div>\n'
_HINT = '{{#Hint}}<div class="sd-hint">{{hint:Hint}}</div>{{/Hint}}\n'
_DETAILS = (
    '{{#Explanation}}<div class="sd-explanation">{{Explanation}}</div>{{/Explanation}}\n'
    '{{#Source}}<blockquote class="sd-source">{{Source}}</blockquote>{{/Source}}\n'
    '{{#Media}}<div class="sd-media">{{Media}}</div>{{/Media}}\n'
    '{{#Remarks}}<div class="sd-remarks">{{Remarks}}</div>{{/Remarks}}\n'
    '<div class="sd-footer">{{Article}}</div>\n'
)
_ANSWER = '{{FrontSide}}\n<hr id="answer">\n'


def _qa(question: str, answer: str) -> tuple[str, str]:
    front = _HEADER + f'<div class="sd-question">{question}</div>\n' + _HINT
    back = _ANSWER + f'<div class="sd-answer">{answer}</div>\n' + _DETAILS
    return front, back


BASIC = NoteTypeSpec(
    1893629158, "StudyDesk Basic", ("Front", "Back"),
    (("Card 1", *_qa("{{Front}}", "{{Back}}")),),
)
REVERSED = NoteTypeSpec(
    1619250457, "StudyDesk Basic (and reversed)", ("Front", "Back"),
    (("Card 1", *_qa("{{Front}}", "{{Back}}")),
     ("Card 2", *_qa("{{Back}}", "{{Front}}"))),
)
CLOZE = NoteTypeSpec(
    1619204023, "StudyDesk Cloze", ("Text", "Extra"),
    (("Cloze",
      _HEADER + '<div class="sd-question sd-cloze">{{cloze:Text}}</div>\n' + _HINT,
      _HEADER + '<div class="sd-question sd-cloze">{{cloze:Text}}</div>\n'
      '<hr id="answer">\n'
      '{{#Extra}}<div class="sd-answer">{{Extra}}</div>{{/Extra}}\n' + _DETAILS),),
    cloze=True,
)
TYPED = NoteTypeSpec(
    2120344569, "StudyDesk Typed answer", ("Front", "Back", "Alternatives"),
    (("Card 1",
      _HEADER + '<div class="sd-question">{{Front}}</div>\n' + _HINT
      + '<div class="sd-type">{{type:Back}}</div>\n',
      _HEADER + '<div class="sd-question">{{Front}}</div>\n'
      '<hr id="answer">\n<div class="sd-type">{{type:Back}}</div>\n'
      '{{#Alternatives}}<div class="sd-alternatives">Also accepted: {{Alternatives}}</div>'
      '{{/Alternatives}}\n' + _DETAILS),),
)
MCQ = NoteTypeSpec(
    1830857004, "StudyDesk Multiple choice",
    ("Question", "Options", "Answer", "Options (answer marked)"),
    (("Card 1",
      _HEADER + '<div class="sd-question">{{Question}}</div>\n'
      '<div class="sd-options">{{Options}}</div>\n' + _HINT,
      _HEADER + '<div class="sd-question">{{Question}}</div>\n<hr id="answer">\n'
      '<div class="sd-options">{{Options (answer marked)}}</div>\n'
      '<div class="sd-answer">{{Answer}}</div>\n' + _DETAILS),),
)
TRUEFALSE = NoteTypeSpec(
    1840565994, "StudyDesk True/False", ("Statement", "Answer"),
    (("Card 1",
      _HEADER + '<div class="sd-question">{{Statement}}</div>\n'
      '<div class="sd-prompt">True or false?</div>\n' + _HINT,
      _HEADER + '<div class="sd-question">{{Statement}}</div>\n<hr id="answer">\n'
      '<div class="sd-answer">{{Answer}}</div>\n' + _DETAILS),),
)

#: StudyDesk note kind → its Anki note type.
NOTE_TYPES: dict[str, NoteTypeSpec] = {
    "basic": BASIC, "reversed": REVERSED, "cloze": CLOZE,
    "typed": TYPED, "mcq": MCQ, "truefalse": TRUEFALSE,
}

#: One stylesheet for every note type; `.nightMode` is set by Anki's dark mode.
CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: #1f2328;
  background-color: #fbfaf7;
  max-width: 40em;
  margin: 0 auto;
  padding: 0 0.75em;
}
.sd-section { font-size: 0.7em; color: #6b6f76; text-transform: uppercase;
  letter-spacing: 0.04em; margin-bottom: 0.8em; }
.sd-question { font-weight: 600; }
.sd-prompt, .sd-hint { margin-top: 0.6em; color: #6b6f76; font-size: 0.9em; }
.sd-answer { font-weight: 600; color: #0b5cad; margin: 0.4em 0; }
.sd-options ol { padding-left: 1.6em; margin: 0.6em 0; }
.sd-options li { margin: 0.25em 0; }
.sd-options li.sd-correct { font-weight: 700; color: #1a7f37; }
.sd-type { margin-top: 0.8em; }
.sd-alternatives { font-size: 0.9em; color: #6b6f76; }
.sd-explanation { margin-top: 0.9em; }
.sd-source { margin: 0.9em 0 0 0; padding: 0.3em 0.9em; border-left: 3px solid #d0d7de;
  color: #57606a; font-style: italic; font-size: 0.9em; }
.sd-remarks { margin-top: 0.9em; font-size: 0.9em; }
.sd-footer { margin-top: 1.2em; font-size: 0.7em; color: #8c959f; }
.cloze { font-weight: 700; color: #0b5cad; }
#typeans { font-size: 1em; }

.nightMode.card, .night_mode.card, .nightMode .card, .night_mode .card {
  color: #e6e6e6; background-color: #1e1f22; }
.nightMode .sd-section, .nightMode .sd-prompt, .nightMode .sd-hint,
.nightMode .sd-alternatives { color: #a0a4ab; }
.nightMode .sd-answer, .nightMode .cloze { color: #79b8ff; }
.nightMode .sd-options li.sd-correct { color: #56d364; }
.nightMode .sd-source { border-left-color: #444c56; color: #b1bac4; }
.nightMode .sd-footer { color: #768390; }
"""
