"""docs/gallery.md: every slide kind in every built-in theme, drawn by scripts/make_gallery.py."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from PIL import Image

from alliance_slides.build import prepare
from alliance_slides.format.theme import builtin_theme_names
from alliance_slides.layout import LAYOUTS
from conftest import REPO

PAGE = REPO / "docs" / "gallery.md"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_gallery", REPO / "scripts/make_gallery.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gallery_script_shows_every_kind_of_slide() -> None:
    kinds = {kind.split("-")[0] for kind, _ in script().KINDS}
    assert set(LAYOUTS) | {"title"} <= kinds


def test_the_gallery_lecture_lays_out_cleanly_in_every_theme(tmp_path: Path) -> None:
    gallery = script()
    for figure in gallery.FIGURES.glob("yoshida-line*.png"):
        (tmp_path / figure.name).write_bytes(figure.read_bytes())
    outline = tmp_path / "gallery.yaml"
    outline.write_text(gallery.OUTLINE, encoding="utf-8")
    for theme in builtin_theme_names():
        (lecture,) = prepare(outline, theme=theme)
        assert len(lecture.scenes) == len(gallery.KINDS), "one slide per kind, nothing continued"
        assert lecture.warnings == (), (theme, lecture.warnings)
        kinds = ["title", *(s.kind for s in lecture.outline.slides)]
        assert kinds == [kind.split("-")[0] for kind, _ in gallery.KINDS]


def test_the_gallery_page_shows_every_kind_in_every_theme_and_every_picture_exists() -> None:
    text = PAGE.read_text(encoding="utf-8")
    themes = builtin_theme_names()
    header = next(line for line in text.splitlines() if line.startswith("| kind |"))
    assert sorted(cell.strip() for cell in header.strip("|").split("|")[1:]) == sorted(themes)
    pictures = re.findall(r"\]\((gallery/[^)]+\.png)\)", text)
    assert len(pictures) == len(script().KINDS) * len(themes)
    for picture in pictures:
        path = PAGE.parent / picture
        assert path.is_file(), picture
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size[0] >= 600
    assert "](http" not in text, "no links outside the repository"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/gallery.md)" in readme
