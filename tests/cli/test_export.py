"""`studydesk export`: the command line a student or a script would type."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.core.articles.library import import_article_file
from app.core.notes.model import Note
from app.core.notes.store import save_notes
from app.core.storage.collection import Collection

ARTICLE = "russia-china-military-cooperation"


def _collection_with_cards(path: Path, article_path: Path) -> None:
    with Collection.open(path) as col:
        import_article_file(col, article_path)
        save_notes(col, [
            Note("a", "basic", {"front": "Q1", "back": "A1"}, ARTICLE, 0, position=0),
            Note("b", "reversed", {"front": "Q2", "back": "A2"}, ARTICLE, 0, position=1),
            Note("c", "cloze", {"text": "{{c1::x}} and {{c2::y}}"}, ARTICLE, 2, position=0),
            Note("d", "truefalse", {"statement": "S", "answer": True}, ARTICLE, 5, position=0),
        ])


def test_export_prints_summary_and_writes_package(tmp_path: Path, article_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    col_path = tmp_path / "col.sqlite3"
    _collection_with_cards(col_path, article_path)
    out = tmp_path / "deck.apkg"
    code = main(["export", "--apkg", str(out), "--article", ARTICLE,
                 "--collection", str(col_path)])
    assert code == 0
    assert capsys.readouterr().out.strip() == f"6 cards in 3 subdecks written to {out}"
    assert "collection.anki2" in zipfile.ZipFile(out).namelist()


def test_export_chosen_sections_by_title_or_number(tmp_path: Path, article_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    col_path = tmp_path / "col.sqlite3"
    _collection_with_cards(col_path, article_path)
    out = tmp_path / "part.apkg"
    code = main(["--collection", str(col_path), "export", "--apkg", str(out),
                 "--article", str(article_path), "--section", "Joint Exercises", "6"])
    assert code == 0
    assert capsys.readouterr().out.strip() == f"3 cards in 2 subdecks written to {out}"


def test_export_of_a_new_article_file_imports_it_first(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "notes.md"
    article.write_text("# My Notes\n\n## Part one\n\nSome text here.\n", encoding="utf-8")
    col_path = tmp_path / "col.sqlite3"
    code = main(["export", "--apkg", str(tmp_path / "x.apkg"), "--article", str(article),
                 "--collection", str(col_path)])
    assert code == 1  # imported, but it has no cards yet: nothing to export
    assert "no cards to export" in capsys.readouterr().err
    with Collection.open(col_path) as col:
        assert [r[0] for r in col.execute("SELECT title FROM articles")] == ["My Notes"]
    assert not (tmp_path / "x.apkg").exists()


def test_unknown_article_and_section_are_named(tmp_path: Path, article_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    col_path = tmp_path / "col.sqlite3"
    _collection_with_cards(col_path, article_path)
    out = tmp_path / "x.apkg"
    assert main(["export", "--apkg", str(out), "--article", "no-such-article",
                 "--collection", str(col_path)]) == 1
    err = capsys.readouterr().err
    assert "No article 'no-such-article'" in err and ARTICLE in err
    assert main(["export", "--apkg", str(out), "--article", ARTICLE, "--section", "Epilogue",
                 "--collection", str(col_path)]) == 1
    assert "No section 'Epilogue'" in capsys.readouterr().err
    assert not out.exists()


def test_export_a_deck_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.core.paths import bundled_decks_dir

    out = tmp_path / "curated.apkg"
    deck = bundled_decks_dir() / "russia-china-military-cooperation.toml"
    code = main(["export", "--apkg", str(out), "--deck", str(deck), "--section", "1", "2",
                 "--collection", str(tmp_path / "col.sqlite3")])
    assert code == 0
    assert capsys.readouterr().out.strip().endswith(f"in 2 subdecks written to {out}")
    assert main(["export", "--apkg", str(out), "--deck", str(tmp_path / "missing.toml"),
                 "--collection", str(tmp_path / "col.sqlite3")]) == 1
    assert "missing.toml" in capsys.readouterr().err
