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
