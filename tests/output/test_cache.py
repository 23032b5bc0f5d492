"""Rebuild skipping: a deck is written again only when something it is made from changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from alliance_slides.build import build

OUTLINE = """
title: Cached
theme: {theme}
slides:
  - title: One
    bullets: [a]
  - kind: image
    title: Picture
    image: pic.png
    alt: A red square
"""


@pytest.fixture
def outline(write: Callable[[str, str], Path], tmp_path: Path) -> Path:
    Image.new("RGB", (40, 40), "red").save(tmp_path / "pic.png")
    return write("lecture.yaml", OUTLINE.replace("theme: {theme}\n", ""))


def written(path: Path, **options: object) -> list[bool]:
    """Build and return, per deck, whether it was written (not skipped)."""
    return [not deck.unchanged for deck in build(path, "out", **options)]  # type: ignore[arg-type]


def test_an_unchanged_deck_is_not_written_again(outline: Path) -> None:
    assert written(outline) == [True]
    before = Path("out/lecture.pptx").stat().st_mtime_ns
    (deck,) = build(outline, "out")
    assert deck.unchanged and deck.slides == 3
    assert Path("out/lecture.pptx").stat().st_mtime_ns == before


def test_touching_an_input_without_changing_it_does_not_rebuild(outline: Path) -> None:
    written(outline)
    os.utime(outline, (1, 1))
    assert written(outline) == [False]


@pytest.mark.parametrize("edit", ["outline", "image", "deck deleted", "deck edited"])
def test_a_changed_input_or_output_rebuilds(outline: Path, tmp_path: Path, edit: str) -> None:
    written(outline)
    deck = Path("out/lecture.pptx")
    if edit == "outline":
        outline.write_text(outline.read_text().replace("[a]", "[b]"))
    elif edit == "image":
        Image.new("RGB", (40, 40), "blue").save(tmp_path / "pic.png")
    elif edit == "deck deleted":
        deck.unlink()
    else:
        deck.write_bytes(deck.read_bytes() + b"\0")
    assert written(outline) == [True]
    body = [s.text_frame.text for s in Presentation(str(deck)).slides[1].shapes if s.has_text_frame]
    assert ("b" if edit == "outline" else "a") in body


def test_another_theme_or_force_rebuilds(outline: Path) -> None:
    written(outline)
    assert written(outline, theme="slate") == [True]
    assert written(outline, theme="slate") == [False]
    assert written(outline, theme="slate", force=True) == [True]


def test_a_course_rebuilds_only_the_lecture_that_changed(
    write: Callable[[str, str], Path],
) -> None:
    first = write("a.yaml", "title: A\nslides: [{title: One, bullets: [x]}]\n")
    write("b.yaml", "title: B\nslides: [{title: One, bullets: [x]}]\n")
    course = write("course.yaml", "lectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    assert written(course, jobs=2) == [True, True]
    first.write_text(first.read_text().replace("[x]", "[y]"))
    assert written(course, jobs=2) == [True, False]


def test_a_skipped_deck_still_reports_its_warnings(write: Callable[[str, str], Path]) -> None:
    outline = write("w.yaml", "title: W\nslides: [{title: Same, bullets: [a]}, "
                              "{title: Same, bullets: [b]}]\n")
    (first,) = build(outline, "out")
    (again,) = build(outline, "out")
    assert again.unchanged
    assert [str(w) for w in again.warnings] == [str(w) for w in first.warnings] != []
