"""The format reference in docs/ covers every field, kind, course option and command, and the
README points to it (and never outside the repository)."""

from __future__ import annotations

import re

import click
from click.testing import CliRunner

from alliance_slides.cli import cli
from alliance_slides.format.model import (
    SLIDE_KINDS,
    Column,
    Course,
    CourseInfo,
    Event,
    LectureEntry,
    Outline,
    Picture,
    Series,
    Slide,
    Source,
)
from alliance_slides.format.schema import format_fields
from alliance_slides.format.theme import (
    ThemeColors,
    ThemeFile,
    ThemeFonts,
    ThemeFooter,
    ThemePictures,
    ThemeSizes,
)
from conftest import REPO

REFERENCE = REPO / "docs" / "format.md"


def test_every_field_is_in_the_reference() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    classes = [
        Outline, Source, Slide, Picture, Series, Column, Event, Course, CourseInfo, LectureEntry,
        ThemeFile, ThemeColors, ThemeFonts, ThemeSizes, ThemeFooter, ThemePictures,
        *SLIDE_KINDS.values(),
    ]
    missing = sorted(
        {f"{cls.__name__}.{name}" for cls in classes for name in format_fields(cls)
         if f"`{name}`" not in text}
    )
    assert missing == []


def test_every_kind_and_command_is_in_the_reference() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    for kind in SLIDE_KINDS:
        assert f"### `{kind}`" in text, kind
    for command in cli.commands:  # type: ignore[attr-defined]
        assert f"`alliance-slides {command}" in text, command
    assert CliRunner().invoke(cli, ["--help"]).exit_code == 0


def test_the_readme_links_the_reference_and_nothing_outside_the_repository() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/format.md)" in readme
    links = re.findall(r"\]\(([^)]+)\)", readme) + re.findall(r"`(\.\./[^`]+)`", readme)
    assert [link for link in links if link.startswith("../") or "shared/" in link] == []
    for link in links:
        if not link.startswith(("http", "#", "mailto:")):
            assert (REPO / link.split("#")[0]).exists(), link


#: Where the user reads commands: the README and the reference.
DOCUMENTS = [REPO / "README.md", REFERENCE]
_OPTION = re.compile(r"(?<![\w./-])(--?[A-Za-z][\w-]*)")


def _shown_commands() -> list[tuple[str, str]]:
    """Return (document, command line) for every command the documents show.

    Lines of code blocks and inline code that start with ``alliance-slides``, and inline
    code that starts with a command's name and gives an option (``build --pdf``).
    """
    commands = set(cli.commands)  # type: ignore[attr-defined]
    shown = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.DOTALL)
        lines = [line for block in blocks for line in block.splitlines()]
        inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.DOTALL))
        for line in [*lines, *inline]:
            line = line.split(" #")[0].strip()
            words = line.split()
            if line.startswith("alliance-slides "):
                shown.append((document.name, line))
            elif words and words[0] in commands and _OPTION.search(line):
                shown.append((document.name, f"alliance-slides {line}"))
    return shown


def test_every_command_and_option_the_documents_show_exists() -> None:
    shown = _shown_commands()
    assert len(shown) > 30
    wrong = []
    for document, line in shown:
        words = line.replace("\\|", "|").split()[1:]
        command: object = cli
        path: list[str] = []
        while isinstance(command, click.Group):
            if not words or words[0] not in command.commands:
                wrong.append(f"{document}: {line}: no such command")
                break
            path.append(words[0])
            command = command.commands[words.pop(0)]
        else:
            assert isinstance(command, click.Command)
            options = {o for p in command.params for o in getattr(p, "opts", ())}
            for option in _OPTION.findall(" ".join(words)):
                if option not in options | {"-h", "--help"}:
                    wrong.append(f"{document}: {line}: {' '.join(path)} has no {option}")
            result = CliRunner().invoke(cli, [*path, "--help"])
            assert result.exit_code == 0, (path, result.output)
    assert wrong == []


def test_every_option_the_documents_name_alone_belongs_to_a_command() -> None:
    # `--jobs N`, `--soffice PATH` in the prose: some command must take it.
    def options(command: click.Command) -> set[str]:
        found = {o for p in command.params for o in getattr(p, "opts", ())}
        for sub in getattr(command, "commands", {}).values():
            found |= options(sub)
        return found

    known = options(cli) | {"-h", "--help"}
    named = set()
    for document in DOCUMENTS:
        text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.DOTALL)
        for span in re.findall(r"`(--?[a-z][\w-]*[^`]*)`", text):
            named |= set(span.split()[0].split("/"))  # `-q/--quiet`
    assert len(named) > 10
    assert sorted(named - known) == []
