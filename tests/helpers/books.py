"""Small EPUB and PDF files built for the importer tests (ebooklib, reportlab: test-only)."""

from __future__ import annotations

from pathlib import Path


def make_epub(path: Path, chapters: list[tuple[str, list[str]]], *, title: str = "A Small Book",
              author: str = "Ada Writer") -> Path:
    """An EPUB 3 with a cover page, a nav document, a copyright page and `chapters`
    ((heading, paragraphs) each), in that spine order."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("test-book-1")
    book.set_title(title)
    book.set_language("en")
    book.add_author(author)
    cover = epub.EpubHtml(title="Cover", file_name="cover.xhtml", lang="en")
    cover.content = "<html><body><h1>COVER ART</h1><p>Cover page text.</p></body></html>"
    rights = epub.EpubHtml(title="Copyright", file_name="copyright.xhtml", lang="en")
    rights.content = ("<html><body epub:type='copyright-page'><p>Copyright 2024 by the "
                      "publisher. All rights reserved.</p></body></html>")
    items = [cover, rights]
    for i, (heading, paragraphs) in enumerate(chapters, 1):
        chapter = epub.EpubHtml(title=heading, file_name=f"chapter{i}.xhtml", lang="en")
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        chapter.content = f"<html><body><h1>{heading}</h1>{body}</body></html>"
        items.append(chapter)
    for item in items:
        book.add_item(item)
    book.toc = [i for i in items[2:]]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    epub.write_epub(str(path), book)
    return path


def make_pdf(path: Path, sections: list[tuple[str, list[str]]], *, title: str,
             running_header: str = "The Journal of Small Tests", columns: int = 1,
             notes: tuple[str, ...] = ()) -> Path:
    """A PDF with a title, bold headings, body paragraphs, a running header and page
    numbers on every page; `columns=2` sets the body in two columns. `notes` are set
    as footnotes at the foot of the first page, below a short rule, in small print
    (Paragraph markup: "<super>1</super> The text" or "1 The text")."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

    width, height = A4
    margin = 60
    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=14,
                          spaceAfter=8)
    heading = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=15, leading=19,
                             spaceBefore=10, spaceAfter=6)
    title_style = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=22, leading=28,
                                 spaceAfter=14)

    note_style = ParagraphStyle("note", fontName="Times-Roman", fontSize=8, leading=10)
    notes_height = 14 * len(notes) + 12 if notes else 0

    def furniture(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
        canvas.drawString(margin, height - 30, running_header)  # type: ignore[attr-defined]
        canvas.drawCentredString(width / 2, 25, str(doc.page))  # type: ignore[attr-defined]
        if notes and doc.page == 1:  # type: ignore[attr-defined]
            top = margin + notes_height - 4
            canvas.line(margin, top, margin + 120, top)  # type: ignore[attr-defined]
            for note in notes:
                paragraph = Paragraph(note, note_style)
                _, used = paragraph.wrapOn(canvas, width - 2 * margin, 40)
                top -= used + 4
                paragraph.drawOn(canvas, margin, top)
        canvas.restoreState()  # type: ignore[attr-defined]

    gap = 20
    frame_width = (width - 2 * margin - gap * (columns - 1)) / columns
    frames = [Frame(margin + i * (frame_width + gap), margin + notes_height, frame_width,
                    height - 2 * margin - notes_height, id=f"col{i}") for i in range(columns)]
    doc = BaseDocTemplate(str(path), pagesize=A4)
    doc.addPageTemplates([PageTemplate(id="page", frames=frames, onPage=furniture)])
    story: list[object] = [Paragraph(title, title_style)]
    for name, paragraphs in sections:
        story.append(Paragraph(name, heading))
        story.extend(Paragraph(p, body) for p in paragraphs)
        story.append(Spacer(1, 6))
    doc.build(story)
    return path


_NOTED_CHAPTERS = [
    # EPUB 3: a noteref and an <aside epub:type="footnote"> in the same chapter
    ("The Wall", "chapter1.xhtml",
     ('<p>The wall was rebuilt in a single year.<a epub:type="noteref" href="#n1">1</a> '
     'The masons worked through the winter.</p>'
     '<aside epub:type="footnote" id="n1"><p>Harbour Survey Office, Report on the Wall, '
     'p. 12.</p></aside>')),
    # an older book: a raised number linked to a numbered paragraph, numbers from 1 again
    ("The Masons", "chapter2.xhtml",
     ('<p>Nobody expected it, least of all the masons.<sup><a href="#fn1" id="r1">1</a></sup> '
     'They had said it would take three years.</p>'
     '<div class="footnotes"><p id="fn1"><a href="#r1">1</a>. Minutes of the town council, '
     '3 March 1931.</p></div>')),
    # endnotes in a chapter of their own; and a numbered link that is no note reference
    ("The Harbour", "chapter3.xhtml",
     ('<p>The harbour opened again in the spring.<a epub:type="noteref" '
     'href="notes.xhtml#en1">1</a> As chapter <a href="chapter1.xhtml#wall">1</a> told, '
     'the wall came first.</p>')),
    ("Notes", "notes.xhtml",
     ('<section epub:type="endnotes"><h2>Notes</h2><ol><li id="en1"><p>The harbour master\'s '
     'log, April 1932. <a href="chapter3.xhtml#back1">↩</a></p></li></ol></section>')),
]


def make_epub_with_notes(path: Path) -> Path:
    """An EPUB whose three chapters each refer to a note the usual way of one kind of book
    (EPUB 3 footnote, numbered paragraph, endnote in a chapter of notes); every chapter's
    note is number 1 of that chapter."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("notes-book")
    book.set_title("The Harbour Wall")
    book.set_language("en")
    chapters = []
    for heading, name, body in _NOTED_CHAPTERS:
        chapter = epub.EpubHtml(title=heading, file_name=name, lang="en")
        anchor = ' id="wall"' if name == "chapter1.xhtml" else ""
        title = "" if name == "notes.xhtml" else f"<h1{anchor}>{heading}</h1>"
        chapter.content = f"<html><body><section>{title}{body}</section></body></html>"
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters[:3]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(path), book)
    return path
