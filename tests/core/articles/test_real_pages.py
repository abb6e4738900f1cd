"""Real web pages from Debian's documentation packages (see tests/data/web/SOURCES.md): the title,
the section headings, sentences that must be in the text and the site's furniture
that must not. Every "must not" string is in the saved page itself, so each check
can fail."""

from __future__ import annotations

import pytest

from app.core.articles.importers import import_file
from tests.helpers import ROOT

PAGES = ROOT / "tests" / "data" / "web"

# page, title, section titles, sentences that must be there, text that must not
CASES = [
    ("real-debian-reference-preface.html", "Preface",
     ["Introduction", "1. Disclaimer", "2. What is Debian", "3.1. Guiding rules",
      "3.2. Prerequisites", "3.3. Conventions", "3.4. The popcon", "3.5. The package size",
      "4. Reminders for new users", "5. Some quotes for new users"],
     ["The target reader is someone who is willing to learn shell scripts",
      "All warranties are disclaimed.", "Don't be root when you don't have to be"],
     # without reading DocBook's '<a id="x"/>' as an empty anchor, most of it is lost
     ["Prev", "Next", "Table of Contents"]),
    ("real-debian-handbook-apt.html", "6.2. aptitude, apt-get, and apt Commands",
     ["Introduction", "6.2.1. Initialization", "6.2.2. Installing and Removing",
      "6.2.3. System Upgrade", "6.2.4. Configuration Options",
      "6.2.5. Managing Package Priorities", "6.2.6. Working with Several Distributions",
      "6.2.7. Tracking Automatically Installed Packages", "6.2.8. APT Patterns"],
     ["APT is a vast project, whose original plans included a graphical interface.",
      "Regular upgrades are recommended, because they include the latest security updates.",
      "Logic patterns can be combined with other packages to form more complex expressions."],
     # (the title's commands are inline elements: no space is put before their commas)
     ["Prev", "Next", "Home"]),
    ("real-python-sorting-howto.html", "Sorting HOW TO",
     ["Introduction", "Sorting Basics", "Key Functions", "Operator Module Functions",
      "Ascending and Descending", "Sort Stability and Complex Sorts",
      "Decorate-Sort-Undecorate", "Comparison Functions", "Odds and Ends"],
     ["Python lists have a built-in list.sort() method that modifies the list in-place.",
      "Sorts are guaranteed to be stable.",
      "This idiom is called Decorate-Sort-Undecorate after its three steps:"],
     # Sphinx's permalink mark beside every heading, its sidebar and its footer
     ["¶", "Previous topic", "Next topic", "Quick search", "Report a Bug",
      "Python Software Foundation", "Navigation"]),
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
