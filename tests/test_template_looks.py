"""Every slide kind on templates of every look: the template's frames, fonts, colours, footers.

The fixtures (tests/templates.py) are written in the test: a dark template, two masters,
no "Title Only" layout, a single layout, non-Calibri fonts with letter spacing and space
after, footer placeholders over a brand bar and a bar with no placeholders. The real
templates in ../shared/templates are used too when they are there.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from alliance_slides.build import build, prepare
from conftest import SHARED, needs_soffice
from pdfcheck import assert_words_inside_shapes
from samples import every_kind
from templates import LOOKS

_SHARED = sorted((SHARED / "templates").glob("*.p?tx")) if (SHARED / "templates").is_dir() else []
_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def _template(name: str, folder: Path) -> Path:
    if name in LOOKS:
        return LOOKS[name](folder / f"{name}.pptx")
    return next(p for p in _SHARED if p.stem == name)


_NAMES = [*LOOKS, *(p.stem for p in _SHARED)]


def _defined_by(template: Path) -> tuple[set[str], set[str]]:
    """Return the RGB colours and the faces a template's own parts name."""
    colors: set[str] = set()
    faces: set[str] = set()
    with zipfile.ZipFile(template) as archive:
        for name in archive.namelist():
            if re.match(r"ppt/(theme|slideMasters|slideLayouts)/[^/]+\.xml$", name) or name == (
                "ppt/presentation.xml"
            ):
                xml = archive.read(name).decode("utf-8", "replace")
                colors |= set(re.findall(r'(?:srgbClr val|lastClr)="([0-9A-Fa-f]{6})"', xml))
                faces |= set(re.findall(r'typeface="([^"]*)"', xml))
    return {c.upper() for c in colors}, faces


@pytest.mark.parametrize("name", _NAMES)
def test_every_kind_builds_in_the_templates_own_look(name: str, tmp_path: Path) -> None:
    template = _template(name, tmp_path)
    outline = every_kind(tmp_path)
    (resolved,) = prepare(outline, template=template)
    (deck,) = build(outline, tmp_path / "out", template=template)
    prs = Presentation(str(deck.path))
    colors, faces = _defined_by(template)
    assert len(prs.slides) == len(resolved.scenes)
    for slide, scene in zip(prs.slides, resolved.scenes, strict=True):
        title = slide.shapes.title
        assert title is not None and title.placeholder_format.type in _TITLES, scene.title
        assert title.text_frame.text == scene.title
        for shape in slide.shapes:
            assert 0 <= shape.width < 2**31 and 0 <= shape.height < 2**31
            assert shape.width + shape.height > 0, (name, shape.name)
        xml = slide._element.xml
        for color in re.findall(r'srgbClr val="([0-9A-F]{6})"', xml):
            assert color in colors, f"{name}: slide '{scene.title}' writes {color}"
        for face in re.findall(r'typeface="([^"]*)"', xml):
            assert face.startswith("+") or face in faces, f"{name}: {face} on '{scene.title}'"
    contrast = [p.message for p in resolved.accessibility if "contrast" in p.message]
    assert contrast == []
    placements = [p.message for p in resolved.accessibility if "title placeholder" in p.message]
    assert placements == []


@pytest.mark.parametrize("name", ["footer-bar", "two-masters", "dark"])
def test_footers_go_in_the_templates_placeholders(name: str, tmp_path: Path) -> None:
    template = _template(name, tmp_path)
    (deck,) = build(every_kind(tmp_path), tmp_path / "out", template=template)
    slide = Presentation(str(deck.path)).slides[1]
    kinds = {p.placeholder_format.type: p for p in slide.placeholders}
    assert PP_PLACEHOLDER.SLIDE_NUMBER in kinds and kinds[PP_PLACEHOLDER.SLIDE_NUMBER].text == "2"
    assert PP_PLACEHOLDER.DATE in kinds and "2027" in kinds[PP_PLACEHOLDER.DATE].text
    assert not any(s.name == "Footer" and not s.is_placeholder for s in slide.shapes)


def test_a_footer_without_placeholders_sits_clear_of_the_brand_bar(tmp_path: Path) -> None:
    template = _template("footer-bar-no-placeholders", tmp_path)
    (deck,) = build(every_kind(tmp_path), tmp_path / "out", template=template)
    prs = Presentation(str(deck.path))
    bar_top = 6400800
    for slide in list(prs.slides)[1:]:
        for shape in slide.shapes:
            if shape.name in ("Footer", "Slide number"):
                assert shape.top + shape.height <= bar_top, (shape.name, shape.top)


def test_a_dark_template_gives_light_text_everywhere(tmp_path: Path) -> None:
    template = _template("dark", tmp_path)
    (resolved,) = prepare(every_kind(tmp_path), template=template)
    theme = resolved.theme
    assert theme.colors["text"] == "FFFFFF" and theme.scheme["text"] == "tx1"
    (deck,) = build(every_kind(tmp_path), tmp_path / "out", template=template)
    for slide in Presentation(str(deck.path)).slides:
        assert "1F2328" not in slide._element.xml and "1B365D" not in slide._element.xml


def test_a_template_without_title_only_keeps_titles_in_placeholders(tmp_path: Path) -> None:
    template = _template("no-title-only", tmp_path)
    (deck,) = build(every_kind(tmp_path), tmp_path / "out", template=template)
    names = [s.slide_layout.name for s in Presentation(str(deck.path)).slides]
    assert "Blank" not in names, "a layout without a title placeholder is never chosen"


def test_a_single_layout_template_warns_once_and_keeps_the_slide_count(tmp_path: Path) -> None:
    template = _template("single-layout", tmp_path)
    outline = every_kind(tmp_path)
    (resolved,) = prepare(outline, template=template)
    said = [w.message for w in resolved.warnings if "layout" in w.message]
    assert len(said) == 1 and "slides share them" in said[0]
    (plain,) = prepare(outline)
    assert len(resolved.scenes) == len(plain.scenes)


def test_spacing_and_fonts_of_the_template_are_measured(tmp_path: Path) -> None:
    from alliance_slides.layout.text import measure, measuring

    template = _template("fonts-and-spacing", tmp_path)
    (resolved,) = prepare(every_kind(tmp_path), template=template)
    with measuring(resolved.theme):
        body = measure("body")
        title = measure("title")
    assert (body.face, title.face) == ("Georgia", "Arial")
    assert body.after == 12.0 and body.before == 6.0 and body.spc == 300
    scene = resolved.scenes[1]
    content = next(s for s in scene.shapes if getattr(s, "role", "") == "body")
    assert all(p.space_after == 12.0 for p in content.paragraphs)


@needs_soffice
@pytest.mark.parametrize("name", _NAMES)
def test_no_rendered_word_leaves_its_shape(name: str, tmp_path: Path) -> None:
    template = _template(name, tmp_path)
    (deck,) = build(every_kind(tmp_path), tmp_path / "out", template=template)
    assert_words_inside_shapes(deck.path, deck.slides, drawn=_drawn_words(deck.path))


def _drawn_words(deck: Path) -> frozenset[str]:
    """Words the deck's masters and layouts draw outside placeholders (brand text)."""
    words: set[str] = set()
    prs = Presentation(str(deck))
    for master in prs.slide_masters:
        for part in (master, *master.slide_layouts):
            for shape in part.shapes:
                if not shape.is_placeholder and shape.has_text_frame:
                    words |= {re.sub(r"\s+", "", w) for w in shape.text_frame.text.split()}
    return frozenset(words)


def test_contrast_is_judged_against_the_picture_the_master_draws(tmp_path: Path) -> None:
    template = _template("picture-background", tmp_path)
    (resolved,) = prepare(every_kind(tmp_path), template=template)
    assert resolved.theme.colors["text"] == "FFFFFF", "light text on the dark picture"
    (deck,) = build(every_kind(tmp_path), tmp_path / "out", template=template)
    title = Presentation(str(deck.path)).slides[1].shapes.title
    assert '<a:schemeClr val="bg1"/>' in title._element.xml, "the title is written readable"


def test_a_template_of_another_shape_than_the_course_is_a_warning(tmp_path: Path) -> None:
    template = _template("dark", tmp_path)  # python-pptx's default: 4:3
    (resolved,) = prepare(every_kind(tmp_path), template=template)
    said = [w.message for w in resolved.warnings if "not 16:9" in w.message]
    assert said == [
        "the template's slides are 720 x 540 pt, not 16:9: the deck takes the template's shape"
    ]


def test_footer_text_on_a_brand_bar_is_written_in_a_colour_that_reads(tmp_path: Path) -> None:
    template = _template("footer-bar", tmp_path)
    (deck,) = build(every_kind(tmp_path), tmp_path / "out", template=template)
    slide = Presentation(str(deck.path)).slides[1]
    for placeholder in slide.placeholders:
        if placeholder.placeholder_format.type in (
            PP_PLACEHOLDER.DATE,
            PP_PLACEHOLDER.FOOTER,
            PP_PLACEHOLDER.SLIDE_NUMBER,
        ):
            xml = placeholder._element.xml
            assert '<a:schemeClr val="bg1"/>' in xml, placeholder.name


_FOOTERS = """\
title: Footers
date: 2027-01-12
sources:
  text: {title: A book}
slides:
  - title: Cited
    bullets: [one, two]
    cite: [text#1]
  - title: Beside a picture
    image: {path: pic.png, alt: A blue square, side: left}
    bullets: [one, two, three, four, five, six]
  - title: Plain
    bullets: [one]
  - kind: two_column
    title: Two
    left: {heading: L, bullets: [a, b, c, d, e, f]}
    right: {heading: R, bullets: [g]}
"""


@pytest.mark.parametrize("name", ["brand-bar", "footer-bar-no-placeholders"])
def test_a_layouts_footer_sits_at_one_place_whatever_the_slide_holds(
    name: str, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    """Neither a source line nor a picture moves the footer: it depends on the layout alone,
    and it stays clear of the master's logo."""
    from PIL import Image

    Image.new("RGB", (400, 400), "#3366AA").save(tmp_path / "pic.png")
    template = _template(name, tmp_path)
    (deck,) = build(write("footers.yaml", _FOOTERS), tmp_path / "out", template=template)
    places: dict[str, dict[str, set[tuple[int, int, int, int]]]] = {}
    for slide in list(Presentation(str(deck.path)).slides)[1:]:
        for shape in slide.shapes:
            if shape.name in ("Footer", "Slide number", "Date"):
                box = (shape.left, shape.top, shape.width, shape.height)
                places.setdefault(slide.slide_layout.name, {}).setdefault(shape.name, set()).add(
                    box
                )
                logo = (45720, 6172200, 45720 + 400000, 6172200 + 609600)
                assert not (
                    shape.left < logo[2] and logo[0] < shape.left + shape.width
                    and shape.top < logo[3] and logo[1] < shape.top + shape.height
                ), (name, shape.name, "over the logo")
    assert places and all(
        len(boxes) == 1 for layout in places.values() for boxes in layout.values()
    ), places


def test_text_boxes_are_set_in_the_face_they_were_measured_in(tmp_path: Path) -> None:
    # The master sets its body in Verdana over a Calibri theme. Column headings, source
    # lines and timeline labels are text boxes: inheriting, they came out in Calibri
    # beside Verdana bullets, measured as Verdana.
    template = _template("own-body-face", tmp_path)
    outline = every_kind(tmp_path)
    (deck,) = build(outline, tmp_path / "out", template=template)
    boxes = 0
    for slide in Presentation(str(deck.path)).slides:
        for shape in slide.shapes:
            if shape.is_placeholder or not shape.has_text_frame:
                continue
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    if run.text.strip() and run.font.name != "Courier New":
                        boxes += 1
                        assert run.font.name == "Verdana", (shape.name, run.text)
    assert boxes >= 10  # headings, labels, source lines, footers
