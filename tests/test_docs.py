"""The format reference in docs/ covers every field, kind, course option and command, and the
README points to it (and never outside the repository)."""

from __future__ import annotations

import re

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
