"""Text that mixes encodings is decoded line by line; a NUL byte anywhere is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.articles.importers import import_file
from app.core.articles.library import import_article_file
from app.core.errors import ArticleImportError
from app.core.storage.collection import Collection

PARAGRAPH = ("The delegation met in Moscow to discuss the treaty, and the talks went on "
             "for several days before both sides signed it.")


def _text(article) -> str:  # type: ignore[no-untyped-def]
    return " ".join(s.text for sec in article.sections for b in sec.blocks for s in b.sentences)


def test_utf8_and_windows_1252_lines_are_both_read_right(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Café talks\n\n".encode() + f"Zoë said: {PARAGRAPH}\n\n".encode()
                     + f"“Quoted” in 1252 — {PARAGRAPH}\n".encode("cp1252"))
    text = _text(import_file(path))
    assert "Zoë said" in text and "“Quoted” in 1252 — The" in text
    assert "Ã" not in text  # no mojibake


def test_nul_byte_after_the_first_64_kib_is_refused(col: Collection, tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    body = (PARAGRAPH + "\n\n") * 600
    assert len(body) > 65536
    path.write_text("Title\n\n" + body + "Hidden\0byte.\n", encoding="utf-8")
    before = col.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    with pytest.raises(ArticleImportError, match=r"NUL character \(line \d+\)") as caught:
        import_article_file(col, path)
    assert str(path) in str(caught.value)
    assert col.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == before


def test_a_line_in_no_known_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(f"Title\n\n{PARAGRAPH}\n\nbad \x81\x8d here\n".encode("cp1252",
                                                                          errors="ignore")
                     .replace(b"bad  here", b"bad \x81\x8d here"))
    with pytest.raises(ArticleImportError, match="line 5 is neither UTF-8 nor Windows-1252"):
        import_file(path)
