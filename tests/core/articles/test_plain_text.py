"""Plain text: headings written as sentences, and parts that say what is in them."""

from __future__ import annotations

from pathlib import Path

from app.core.articles.importers import import_file


def _prose(topic: str, n: int = 5) -> str:
    return " ".join(f"The {topic} was talked about in the town for a long time, and sentence "
                    f"{i} adds one more plain detail to it." for i in range(n))


def _write(tmp_path: Path, paragraphs: list[str]) -> Path:
    path = tmp_path / "essay.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def test_headings_ending_with_a_period_or_question_mark(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        "The Harbour Town", _prose("harbour"),
        "The harbour was rebuilt in a year.", _prose("wall"),
        "Who paid for the new wall?", _prose("money"),
    ])
    article = import_file(path)
    assert article.title == "The Harbour Town"
    assert [s.title for s in article.sections] == [
        "Introduction", "The harbour was rebuilt in a year.", "Who paid for the new wall?"]


def test_quoted_and_prose_one_liners_are_not_headings(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        "The Harbour Town", _prose("harbour"),
        "\u201cWe will build it again.\u201d", _prose("promise"),
        "He never came back to the harbour.", _prose("keeper"),
        "The mayor put it simply:", "The wall will stand for a hundred years.", _prose("mayor"),
        "It rained.", "Then it rained again.", "The boats stayed in.", _prose("rain"),
    ])
    article = import_file(path)
    assert [s.title for s in article.sections] == ["Introduction"]
    text = article.sections[0].text
    assert "He never came back to the harbour." in text and "It rained." in text


def test_a_text_without_headings_gets_part_titles_that_tell_parts_apart(tmp_path: Path) -> None:
    paragraphs = [f"The harbour after the storm, part {n} of the essay, begins here. "
                  + _prose("harbour", 8) for n in range(1, 13)]
    article = import_file(_write(tmp_path, paragraphs))
    titles = [s.title for s in article.sections]
    assert len(titles) >= 4 and titles[0] == "Introduction"
    assert len(set(titles)) == len(titles)
    for number, title in enumerate(titles[1:], 2):
        assert title.startswith(f"Part {number} — The harbour after the storm, part ")
