"""The command line's two ways in: a GUI start read from argv alone, everything else
through the full parser (which still knows every subcommand)."""

from __future__ import annotations

import pytest

from app import __version__
from app.cli import GuiOptions, gui_options, main


@pytest.mark.parametrize(("argv", "expected"), [
    ([], GuiOptions()),
    (["--collection", "c.sqlite3"], GuiOptions(collection="c.sqlite3")),
    (["--collection=c.sqlite3", "--quit-when-shown"],
     GuiOptions(collection="c.sqlite3", quit_when_shown=True)),
    (["--check-platform"], GuiOptions(check_platform=True)),
])
def test_a_gui_start_is_read_without_the_parser(argv: list[str], expected: GuiOptions) -> None:
    assert gui_options(argv) == expected


@pytest.mark.parametrize("argv", [
    ["--help"], ["-h"], ["--version"], ["--self-test"], ["stats"],
    ["--collection", "c.sqlite3", "stats"], ["--collection"], ["--collection", "--help"],
    ["--collection", "a", "--collection", "b"], ["--quit-when-shown", "--quit-when-shown"],
    ["--coll", "c.sqlite3"],  # an abbreviation: argparse decides
])
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert gui_options(argv) is None


def test_help_still_lists_every_command_group(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    for command in ("sections", "deck", "import", "export", "class", "stats"):
        assert command in shown


def test_version_and_mistakes_are_the_full_parsers(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0 and __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        main(["--collection"])
    assert exited.value.code == 2 and "--collection" in capsys.readouterr().err
