"""Real saved web pages (Creative Commons; see tests/data/web/SOURCES.md): the title,
the section headings, sentences that must be in the text and the site's furniture
that must not. Every "must not" string is in the saved page itself, so each check
can fail."""

from __future__ import annotations

import pytest

from app.core.articles.importers import import_file
from app.core.articles.model import SourceList
from tests.helpers import ROOT

PAGES = ROOT / "tests" / "data" / "web"

# page, title, section titles, sentences that must be there, text that must not
CASES = [
    ("real-anarc-cdpath.html", "CDPATH replacements",
     ["Introduction", "What I use now", "Shell jumpers", "autojump", "fasd", "z", "fzf",
      "Emacs plugins not integrated with the shell", "projectile", "elpy", "bookmarks.el",
      "recentf"],
     ["I figured I might as well bite the bullet and improve on my CDPATH-related setup",
      "Those projects can be used to track files inside a project",
      "you can then access this list through a command or the menu"],
     ["Contact", "Copyleft © 2002-2016 The", "Add a comment", "emacswiki.org", "Anarcat"]),
    ("real-rueda-enchufla.html", "Enchufla Figuren",
     ["Enchufla", "Barbi", "Candelaria", "Cubanita", "Cubanito", "Cubanito Sombrero",
      "Enchufla mandolin", "Enchufla tumba princesa", "Martini", "Enchufla Martini",
      "Martini Vacilala", "Pulpo", "Enchufla switch", "Enchufla ariba switch",
      "Enchufla mentira switch", "Enchufla mentira switch quedate"],
     ["Platzwechsel, langsam erklärt", "Start, wenn man rechts auf rechts ist",
      "zieht die Folgende den Führenden an der Hüfte zurück"],
     ["Unless otherwise stated, the content of this page", "Other interesting sites",
      "Ansagen nach Grundschritt", "page revision", "last edited", "Rueda in Berlin",
      "Table of Contents"]),
    ("real-debian-reference-preface.html", "Preface",
     ["Introduction", "1. Disclaimer", "2. What is Debian", "3.1. Guiding rules",
      "3.2. Prerequisites", "3.3. Conventions", "3.4. The popcon", "3.5. The package size",
      "4. Reminders for new users", "5. Some quotes for new users"],
     ["The target reader is someone who is willing to learn shell scripts",
      "All warranties are disclaimed.", "Don't be root when you don't have to be"],
     # without reading DocBook's '<a id="x"/>' as an empty anchor, most of it is lost
     ["Prev", "Next", "Table of Contents"]),
    ("real-stackexchange-wurde-war.html",
     'When to use "wurde" versus "war" (eg "Ich wurde ausgeraubt" vs "Ich war ausgeraubt")',
     ["Introduction"],
     ["How does one know when to use wurde vs war in forming sentences like the following?",
      "Why didn't they use Ich war ausgeraubt in that context?",
      # the answers (schema.org Answer text), which trafilatura alone leaves out
      "I don't quite agree with the other two answers.",
      "The Perfekt/perfect tense construction would be \"Ich bin ausgeraubt worden\".",
      '"Wurde" is a "change of state" verb.'],
     ["Sorted by", "Hot Network Questions", "Your Answer", "Sign up", "CC BY-SA",
      "Improve this question", "Improve this answer", "2 months ago", "20:37",
      "What are you trying to stress in your narrative?", "@TonyM Exactly"]),
]


@pytest.mark.parametrize("name,title,sections,present,absent", CASES,
                         ids=[c[0] for c in CASES])
def test_real_page_keeps_the_article_only(name: str, title: str, sections: list[str],
                                          present: list[str], absent: list[str]) -> None:
    raw = (PAGES / name).read_text(encoding="utf-8")
    article = import_file(PAGES / name)
    assert article.title == title
    assert [s.title for s in article.sections] == sections
    text = " ".join([article.title, *(f"{s.title} {s.text}" for s in article.sections)])
    for sentence in present:
        assert sentence in text
    for junk in absent:
        assert junk in raw, f"{junk!r} is not even in the page"
        assert junk not in text, junk


def test_real_pages_metadata() -> None:
    blog = import_file(PAGES / "real-anarc-cdpath.html")
    assert (blog.date, blog.byline) == ("2020-10-18", None)
    assert blog.sources == (
        SourceList("references", ("https://www.emacswiki.org/emacs/LocateFilesAnywhere",)),)
    question = import_file(PAGES / "real-stackexchange-wurde-war.html")
    assert question.date == "2014-02-06"
    assert question.byline is None  # the page's author field says only "User"
    assert question.source_url == ("https://german.stackexchange.com/questions/10376/"
                                   "when-to-use-wurde-versus-war-eg-ich-wurde-ausgeraubt-vs-"
                                   "ich-war-ausgerau")

