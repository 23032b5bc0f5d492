"""An institution's own template: its layouts are found by placeholder type and name."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Emu

from alliance_slides.build import build
from alliance_slides.cli import cli
from alliance_slides.errors import AllianceError

OUTLINE = """
title: Lecture on a house template
subtitle: With renamed layouts
slides:
  - title: Bullets here
    bullets: [one, two]
  - kind: section
    title: A section
  - kind: two_column
    title: Compare
    left: {heading: Left, bullets: [a]}
    right: {heading: Right, bullets: [b]}
  - kind: quote
    title: Said
    text: America First
"""

RENAMED = {
    "Title Slide": "Opening",
    "Title and Content": "Inhalt",
    "Section Header": "Kapitel",
    "Two Content": "Zwei Spalten",
    "Title Only": "Nur Titel",
}


def make_template(path: Path) -> Path:
    """Write a 4:3 template whose layouts are renamed and reversed, with one sample slide."""
    prs = Presentation()
    master = prs.slide_masters[0]
    for layout in master.slide_layouts:
        layout.name = RENAMED.get(layout.name, f"Other {layout.name}")
    id_list = master.slide_layouts._sldLayoutIdLst
    entries = list(id_list)
    for entry in entries:
        id_list.remove(entry)
    for entry in reversed(entries):
        id_list.append(entry)
    sample = prs.slides.add_slide(master.slide_layouts[0])
    sample.shapes.title.text = "SAMPLE SLIDE FROM THE TEMPLATE"
    prs.save(str(path))
    return path


@pytest.fixture
def course(write: Callable[[str, str], Path], tmp_path: Path) -> Path:
    make_template(tmp_path / "house.pptx")
    write("lecture.yaml", OUTLINE)
    return write(
        "course.yaml",
        """
        course: {code: TPL 1}
        template: house.pptx
        lectures:
          - outline: lecture.yaml
        """,
    )


def _layouts(path: Path) -> list[str]:
    return [slide.slide_layout.name for slide in Presentation(str(path)).slides]


def test_slide_kinds_map_to_renamed_reordered_layouts_by_placeholder_type(course: Path) -> None:
    (deck,) = build(course)
    assert _layouts(deck.path) == ["Opening", "Inhalt", "Kapitel", "Zwei Spalten", "Nur Titel"]
    prs = Presentation(str(deck.path))
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert "SAMPLE SLIDE FROM THE TEMPLATE" not in titles, "sample slides are not carried over"
    assert titles[:2] == ["Lecture on a house template", "Bullets here"]
    assert (Emu(prs.slide_width).pt, Emu(prs.slide_height).pt) == (720, 540), "template's size"


def test_text_keeps_inside_the_templates_own_frames(course: Path) -> None:
    (deck,) = build(course)
    prs = Presentation(str(deck.path))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Inhalt")
    body = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1)
    slide = prs.slides[1]
    placed = next(ph for ph in slide.placeholders if ph.placeholder_format.idx == 1)
    assert (placed.left, placed.top, placed.width, placed.height) == (
        body.left,
        body.top,
        body.width,
        body.height,
    )
    for shape in slide.shapes:
        assert shape.left + shape.width <= prs.slide_width
    run = placed.text_frame.paragraphs[0].runs[0]
    assert run.font.color.type is None, "placeholder text keeps the template's colour"


def test_course_can_name_the_layout_for_a_role(
    course: Path,
    write: Callable[[str, str], Path],
) -> None:
    text = course.read_text() + "layouts:\n  content: Nur Titel\n"
    course.write_text(text)
    (deck,) = build(course)
    assert _layouts(deck.path)[1] == "Nur Titel"


def test_unknown_layout_role_is_reported_with_its_place(course: Path) -> None:
    course.write_text(course.read_text() + "layouts:\n  contnet: Inhalt\n")
    with pytest.raises(AllianceError) as caught:
        build(course)
    message = str(caught.value)
    assert "course.yaml:6:3: unknown layout role 'contnet' (did you mean 'content'?)" in message


def test_template_on_the_command_line_overrides(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    template = make_template(tmp_path / "house.pptx")
    outline = write("lecture.yaml", OUTLINE)
    (deck,) = build(outline, "out", template=template)
    assert _layouts(deck.path)[0] == "Opening"


def test_a_potx_template_is_used_like_a_pptx(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    # A .potx is a .pptx whose main part is typed a template, which python-pptx refuses.
    house = make_template(tmp_path / "house.pptx")
    potx = tmp_path / "house.potx"
    with zipfile.ZipFile(house) as source, zipfile.ZipFile(potx, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
                assert b"template.main+xml" in data
            target.writestr(entry, data)
    write("lecture.yaml", OUTLINE)
    course = write("course.yaml", "template: house.potx\nlectures: [{outline: lecture.yaml}]\n")
    (deck,) = build(course)
    assert _layouts(deck.path) == ["Opening", "Inhalt", "Kapitel", "Zwei Spalten", "Nur Titel"]
    with zipfile.ZipFile(deck.path) as written:
        types = written.read("[Content_Types].xml")
    assert b"presentation.main+xml" in types and b"template.main+xml" not in types, "a deck"


def test_a_layout_the_default_template_lacks_is_an_error_at_its_place(
    write: Callable[[str, str], Path],
) -> None:
    write("lecture.yaml", OUTLINE)
    course = write(
        "course.yaml",
        "layouts: {content: No Such Layout}\nlectures: [{outline: lecture.yaml}]\n",
    )
    result = CliRunner().invoke(cli, ["validate", str(course)])
    assert result.exit_code == 1
    assert result.output.startswith(
        "course.yaml:1:20: the template has no layout named 'No Such Layout'"
    ), result.output


def test_a_missing_template_on_the_command_line_is_a_usage_error(
    write: Callable[[str, str], Path],
) -> None:
    outline = write("lecture.yaml", OUTLINE)
    result = CliRunner().invoke(cli, ["build", str(outline), "--template", "nosuch.potx"])
    assert result.exit_code == 2
    assert "'nosuch.potx' does not exist" in result.output


def test_every_layout_role_has_its_known_layout_names() -> None:
    from alliance_slides.format.model import LAYOUT_ROLES
    from alliance_slides.format.template import LAYOUT_NAMES

    assert tuple(LAYOUT_NAMES) == LAYOUT_ROLES


def test_a_section_goes_on_the_section_layout_even_with_its_title_set_high(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    # drakawa-japanese-4x3's section header has its title in the top half: the title
    # slide's layout (title centred lower, a subtitle) won, and sections looked like it.
    path = make_template(tmp_path / "house.pptx")
    prs = Presentation(str(path))
    (section,) = [layout for layout in prs.slide_layouts if layout.name == "Kapitel"]
    section.placeholders[0].top = Emu(prs.slide_height // 6)
    prs.save(str(path))
    write("lecture.yaml", OUTLINE)
    course = write(
        "course.yaml", "template: house.pptx\nlectures:\n  - outline: lecture.yaml\n"
    )
    (deck,) = build(course)
    assert _layouts(deck.path)[2] == "Kapitel"
