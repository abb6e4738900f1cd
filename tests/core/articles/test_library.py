"""Storing a parsed import: progress told as the blocks are written, Cancel (or a failure)
anywhere leaves nothing of it, and Edit → Undo takes a stored one back."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.articles.library import (
    list_articles,
    load_article,
    prepare_file,
    store_prepared,
)
from app.core.errors import ActionCancelled
from app.core.storage.collection import Collection
from app.core.storage.undo import undo_last

_TABLES = ("articles", "sections", "blocks", "footnotes", "source_lists")


def _dump(col: Collection) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(tuple(r) for r in col.execute(f"SELECT * FROM {t}")) for t in _TABLES}


def _long_text(tmp_path: Path, paragraphs: int) -> Path:
    """A text article of `paragraphs` paragraphs under two headings (which the importer
    splits into parts of a few dozen paragraphs)."""
    half = paragraphs // 2
    body = [f"The tide mill at bay {i} ground corn for the village." for i in range(paragraphs)]
    path = tmp_path / "mills.md"
    path.write_text("# Tide mills\n\n## North shore\n\n" + "\n\n".join(body[:half])
                    + "\n\n## South shore\n\n" + "\n\n".join(body[half:]) + "\n",
                    encoding="utf-8")
    return path


def test_storing_tells_progress_section_by_section(col: Collection, tmp_path: Path) -> None:
    paragraphs = 1200
    prepared = prepare_file(_long_text(tmp_path, paragraphs))
    told: list[tuple[int, int]] = []
    result = store_prepared(col, prepared, lambda done, total: told.append((done, total)) or True)
    assert result.created
    written, expected = 0, [(0, paragraphs)]
    for section in prepared.article.sections:
        written += len(section.blocks)
        expected.append((written, paragraphs))
    assert len(expected) > 10 and told == expected
    assert load_article(col, result.article_id).sections == prepared.article.sections


def test_a_cancelled_store_leaves_nothing_and_nothing_to_undo(col: Collection,
                                                              tmp_path: Path) -> None:
    prepared = prepare_file(_long_text(tmp_path, 600))
    before = _dump(col)
    told: list[int] = []

    def stop_halfway(done: int, total: int) -> bool:
        told.append(done)
        return done < total // 2

    with pytest.raises(ActionCancelled,
                       match="Importing “Tide mills” was cancelled; nothing was changed"):
        store_prepared(col, prepared, stop_halfway)
    assert 0 < told[-1] < 600  # some sections had been written
    assert _dump(col) == before
    assert col.undo.label is None


def test_a_stored_import_is_taken_back_by_edit_undo(col: Collection, tmp_path: Path) -> None:
    before = _dump(col)
    store_prepared(col, prepare_file(_long_text(tmp_path, 40)))
    assert [a.title for a in list_articles(col)] == ["Tide mills"]
    assert undo_last(col) == "Import “Tide mills”"
    assert _dump(col) == before
