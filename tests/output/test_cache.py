"""Rebuild skipping: a deck is written again only when something it is made from changed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from alliance_slides.build import build
from alliance_slides.cli import cli
from alliance_slides.output import cache

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


def _edit_record(change: Callable[[dict[str, object]], object]) -> None:
    record_file = Path("out/.alliance-slides/lecture.pptx.json")
    record = json.loads(record_file.read_text())
    record_file.write_text(json.dumps(change(record)))


# Each leaves the key and the deck's hash as they were: only the rest is wrong.
TAMPERED: dict[str, Callable[[dict[str, Any]], object]] = {
    "a warning of one field": lambda r: {**r, "meta": {**r["meta"], "warnings": [["f"]]}},
    "meta a list": lambda r: {**r, "meta": [1]},
    "meta null": lambda r: {**r, "meta": None},
    "slides as text": lambda r: {**r, "meta": {**r["meta"], "slides": "3"}},
    "slides negative": lambda r: {**r, "meta": {**r["meta"], "slides": -1}},
    "warnings a dict": lambda r: {**r, "meta": {**r["meta"], "warnings": {"a": 1}}},
    "a warning's line as text": lambda r: {
        **r, "meta": {**r["meta"], "warnings": [["x.yaml", "1", 1, "m"]]}
    },
    "files a list": lambda r: {**r, "files": ["lecture.pptx"]},
    "a file outside": lambda r: {**r, "files": {"../lecture.yaml": "0" * 64}},
    "a digest not hex": lambda r: {**r, "files": {"lecture.pptx": 5}},
    "key a number": lambda r: {**r, "key": 5},
    "a list": lambda r: [r],
    "not JSON": lambda r: "{",
}


@pytest.mark.parametrize("change", TAMPERED.values(), ids=TAMPERED)
def test_a_damaged_record_is_ignored_and_the_deck_built_again(
    outline: Path, change: Callable[[dict[str, Any]], object]
) -> None:
    assert written(outline) == [True]
    if TAMPERED["not JSON"] is change:
        Path("out/.alliance-slides/lecture.pptx.json").write_text("{")
    else:
        _edit_record(change)
    result = CliRunner().invoke(cli, ["build", str(outline), "-o", "out"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote out/lecture.pptx (3 slides"), result.output
    assert written(outline) == [False]  # and the record is whole again


def test_a_deck_replaced_before_its_record_is_written_is_built_again(
    outline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two builds of one outline with other options, at the same time: the other one
    # renames its deck into place between this one's rename and its record. The record
    # must key what this build wrote, so the next build sees the deck is not its own.
    (slate,) = build(outline, "other", theme="slate")
    other_deck = slate.path.read_bytes()
    real = cache.remember

    def racing(target: Path, key: str, *args: Any, **kwargs: Any) -> None:
        target.write_bytes(other_deck)
        real(target, key, *args, **kwargs)

    monkeypatch.setattr(cache, "remember", racing)
    assert written(outline, jobs=1) == [True]
    monkeypatch.setattr(cache, "remember", real)
    assert Path("out/lecture.pptx").read_bytes() == other_deck
    assert written(outline) == [True]  # not "up to date" with the slate deck
    assert Path("out/lecture.pptx").read_bytes() != other_deck
    assert written(outline) == [False]


@pytest.mark.parametrize("kind", ["fifo", "huge", "deep"])
def test_a_record_that_is_no_file_or_too_big_is_ignored_without_reading_it(
    outline: Path, kind: str
) -> None:
    assert written(outline) == [True]
    record = Path("out/.alliance-slides/lecture.pptx.json")
    record.unlink()
    if kind == "fifo":
        os.mkfifo(record)  # reading it would wait for a writer forever
    elif kind == "huge":
        record.write_text('{"key": "' + "x" * (8 << 20) + '"}')
    else:
        record.write_text("[" * 100_000 + "]" * 100_000)
    assert written(outline) == [True]
    assert record.is_file() and written(outline) == [False]
