"""Real web pages from Debian packages (see tests/data/web/SOURCES.md) — an encyclopedia
article, a news post, a wiki how-to, and documentation from DocBook, Sphinx and Doxygen
(whose bodies are plain <div>s): the title, the section headings, sentences that must be
in the text and the site's furniture that must not. Every "must not" string is in the
saved page itself, so each check can fail."""

from __future__ import annotations

import pytest

from app.core.articles.importers import import_file
from tests.helpers import ROOT

PAGES = ROOT / "tests" / "data" / "web"

# page, title, section titles, sentences that must be there, text that must not
CASES = [
    ("real-debian-reference-preface.html", "Preface",
     ["Introduction", "1. Disclaimer", "2. What is Debian",
      "3. About this document › 3.1. Guiding rules",
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
    # Wikipedia's article HTML as its API returns it, with no <head>: the page names itself
    # nowhere, so the file does; trafilatura's guess from the first <h2> would be "Contents"
    ("real-wikipedia-poa-annua.html", "Real wikipedia poa annua",
     ["Introduction", "Description", "Etymology", "Distribution and habitat"],
     [("Poa annua, or annual meadow grass (known in America more commonly as annual bluegrass "
      "or simply poa), is a widespread low-growing turfgrass in temperate climates."),
      "Annua is Latin, meaning 'annual' or 'lasting a year'.",
      "It has appeared on King George Island in the Antarctic South Shetland Islands"],
     # the table of contents, the infobox's fields, the hidden short description, a reference
     ["Contents", "Scientific classification", "Kingdom:", "Species of plant",
      "Collins pocket guide"]),
    # a post of ikiwiki's news blog: the headline in a <span> of the page header
    ("real-ikiwiki-version-3.0.html", "ikiwiki version 3.0", ["Introduction"],
     ["Ikiwiki has reached version 3.0 and entered a new phase in its development cycle.",
      "The RecentChanges page is compiled statically, not generated from the CGI.",
      "Without you, ikiwiki would just be a little thing I use for my home page."],
     ["Last edited", "pagedate"]),
    # a wiki how-to with its discussion inline; "Step 4b" and "Scripts" have no text of
    # their own before their subheadings: the first subsection's title carries them
    ("real-ikiwiki-convert-mediawiki.html", "convert mediawiki to ikiwiki",
     ["Introduction", "Step 1: Getting a list of pages", "Parsing the output of Special:Allpages",
      "Querying the database", "namespaces", "Step 2: fetching the page data",
      "Method 1: via HTTP and action=raw", "Method 2: via HTTP and Special:Export",
      "Method 3: via the database", "Step 3: format conversion", "categories",
      "Step 4: Mediawiki plugin or Converting to Markdown", "Step 4a: Mediawiki plugin",
      "Step 4b: Converting pages › Converting to Markdown", "Scripts › media2iki", "mediawiki2gitikiwiki (ruby)",
      "levitation (xml to git)", "git-mediawiki", "mediawikigitdump"],
     ["Mediawiki is a dynamically-generated wiki which stores its data in a relational database.",
      "The next step is to convert Mediawiki conventions into Ikiwiki ones."],
     ["Links:", "Last edited"]),
    # Doxygen's manual: a body of <div>s, the project's name and then the headline in
    # styled <div>s, the <title> both ("Doxygen: Getting started")
    ("real-doxygen-getting-started.html", "Getting started",
     ["Introduction",
      "Step 0: Check if doxygen supports your programming/hardware description language",
      "Step 1: Creating a configuration file", "Step 2: Running doxygen", "HTML output",
      "LaTeX output", "RTF output", "XML output", "Man page output", "DocBook output",
      "Step 3: Documenting the sources"],
     [("The executable doxygen is the main program that parses the sources and generates the "
      "documentation."),
      "Doxygen uses a configuration file to determine all of its settings."],
     ["Generated by", "Doxygen: Getting started"]),
    # a Q&A page: Doxygen's FAQ, every question an <h1> (five of 16+ words: a page's own
    # heading markup is a heading however long), the answers with lists and code blocks
    # that trafilatura drops in part. (No schema.org QAPage markup: the answers are the
    # page's main text, not read from microdata.)
    ("real-doxygen-faq.html", "Frequently Asked Questions",
     ["How to get information on the index page in HTML?",
      "Help, some/all of the members of my class / file / namespace are not documented?",
      "When I set EXTRACT_ALL to NO none of my functions are shown in the documentation.",
      "My file with a custom extension is not parsed (properly) (anymore).",
      "How can I make doxygen ignore some code fragment?",
      "How can I change what is after the #include in the class documentation?",
      "How can I use tag files in combination with compressed HTML?",
      "I don't like the quick index that is put above each HTML page, what do I do?",
      ("The overall HTML output looks different, while I only wanted to use my own html "
       "header file"),
      "Why does doxygen use Qt?",
      "How can I exclude all test directories from my directory tree?",
      ("Doxygen automatically generates a link to the class MyClass somewhere in the "
       "running text. How do I prevent that at a certain place?"),
      "My favorite programming language is X. Can I still use doxygen?",
      ('Help! I get the cryptic message "input buffer overflow, can\'t enlarge buffer '
       'because scanner uses REJECT"'),
      'When running make in the latex directory I get "TeX capacity exceeded". Now what?',
      "Why are dependencies via STL classes not shown in the dot graphs?",
      "I have problems getting the search engine to work with PHP5 and/or windows",
      "Can I configure doxygen from the command line?", "How did doxygen get its name?",
      "What was the reason to develop doxygen?", "How to prevent interleaved output"],
     ["You can disable the index by setting DISABLE_INDEX to YES.",
      # the two list items trafilatura drops of three, and code blocks
      "Is your class / file / namespace documented?",
      "Are the members private?", "MACRO_EXPANSION = YES", "EXCLUDE_PATTERNS = */test/*",
      "/*! \\mainpage My Personal Index Page",
      "Doxygen got its name from playing with the words documentation and generator."],
     ["Table of Contents", "Generated by", "Doxygen: Frequently Asked Questions"]),
    # the headline in a <div>, then again as the first <h1> ("Doxygen's internals")
    ("real-doxygen-internals.html", "Doxygen's Internals",
     ["Introduction", "Config parser", "C Preprocessor", "Language parser", "Data organizer",
      "Tag file parser", "Documentation parser", "Source parser", "Output generators",
      "Debugging", "Testing", "Doxyfile differences"],
     ["Note that this section is still under construction!",
      "The parser itself is written using flex and can be found in src/config.l."],
     ["Generated by", "Doxygen: Doxygen"]),
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


@pytest.mark.parametrize("name,opening", [
    ("real-doxygen-getting-started.html", "The executable doxygen is the main program"),
    ("real-doxygen-internals.html", "Note that this section is still under construction!"),
    ("real-ikiwiki-version-3.0.html", "Ikiwiki has reached version 3.0"),
])
def test_the_site_name_and_the_headline_are_not_study_text(name: str, opening: str) -> None:
    """A site banner ("Doxygen") and the headline set in a <div> before the first
    paragraph are the page's title, not its first lines."""
    assert import_file(PAGES / name).sections[0].text.startswith(opening)


def test_a_wikipedia_articles_reference_lists_are_its_sources() -> None:
    article = import_file(PAGES / "real-wikipedia-poa-annua.html")
    assert [source.title for source in article.sources] == ["References", "External links"]
    references = article.sources[0].entries
    assert references[0].startswith("Collins pocket guide Grasses, Sedges, Rushes and Ferns.")


def test_a_manuals_sources_section_about_source_code_is_study_text() -> None:
    """The Debian Edu manual's "6.2.5. Sources" says in prose where the source code is:
    a source-list heading, but no list of sources, so it stays a section."""
    article = import_file(PAGES / "real-debian-edu-manual.html")
    assert article.title == "Debian Edu / Skolelinux 12 Bookworm Manual"
    titles = [s.title for s in article.sections]
    at = titles.index("6.2.5. Sources")
    assert titles[at - 1:at + 2] == ["6.2.4. Verification of downloaded image files",
                                     "6.2.5. Sources", "6.3. Installing Debian Edu"]
    assert article.sections[at].text.startswith(
        "Sources are available from the Debian archive at the usual locations")
    assert all("Debian archive" not in e for s in article.sources for e in s.entries)


@pytest.mark.parametrize("name,date", [
    ("real-wikipedia-poa-annua.html", None),  # not "Retrieved 2007-09-08" of a reference
    ("real-doxygen-faq.html", None),  # not the "in 2002" of an answer
    ("real-debian-edu-manual.html", "2024-01-31"),  # "Publish date: 2024-01-31" on top
    ("real-python-sorting-howto.html", "2026-10-07"),  # "Last updated on October 07, 2026."
    # "Last edited Sun Feb  2 20:23:50 2020": htmldate reads only the year, so no date
    ("real-ikiwiki-version-3.0.html", None),
    ("real-doxygen-getting-started.html", None),
    ("real-debian-handbook-apt.html", None),
])
def test_the_date_is_the_pages_own_never_one_from_its_text(name: str, date: str | None) -> None:
    assert import_file(PAGES / name).date == date
