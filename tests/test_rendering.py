"""Decks as LibreOffice renders them: the right page count, and no text outside its shape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_slides.build import build
from conftest import REPO, needs_soffice
from pdfcheck import assert_words_inside_shapes
from samples import every_kind


@needs_soffice
@pytest.mark.parametrize("theme", ["classic", "slate"])
def test_every_kind_renders_inside_its_shapes(
    write: Callable[[str, str], Path], tmp_path: Path, theme: str
) -> None:
    (deck,) = build(every_kind(tmp_path), "out", theme=theme)
    assert_words_inside_shapes(deck.path, deck.slides)


@needs_soffice
@pytest.mark.parametrize("course", ["hist-240", "survey-intro"])
def test_the_shipped_course_renders_inside_its_shapes(tmp_path: Path, course: str) -> None:
    decks = build(REPO / "courses" / f"{course}.yaml", tmp_path / "decks")
    assert len(decks) == 4
    for deck in decks:
        assert_words_inside_shapes(deck.path, deck.slides, tmp_path / "pdf")
