"""Themes: built-ins, theme files with their errors, aspect, logo and footer."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from alliance_slides.build import build
from alliance_slides.cli import cli
from alliance_slides.errors import AllianceError
from alliance_slides.format import theme as theme_module
from alliance_slides.format.theme import ThemeFile, builtin_theme_names, load_theme

OUTLINE = """
title: Themed lecture
date: 2027-02-02
slides:
  - title: First
    bullets: [one]
"""


def test_two_builtin_themes_ship_and_load() -> None:
    assert {"classic", "slate"} <= set(builtin_theme_names())
    assert load_theme("slate").colors["background"] == "1E232B"
    assert load_theme(None).name == "classic"


def test_theme_file_overrides_only_what_it_names(write: Callable[[str, str], Path]) -> None:
    path = write("mine.yaml", "name: mine\ncolors: {accent: '#00FF00'}\nsizes: {body: 30}\n")
    theme = load_theme(str(path))
    assert theme.colors["accent"] == "00FF00"
    assert theme.colors["text"] == load_theme("classic").colors["text"]
    assert theme.body_size == 30


def test_theme_file_problems_are_reported_with_their_places(
    write: Callable[[str, str], Path],
) -> None:
    path = write("bad.yaml", "colors:\n  acent: 123456\n  text: blue\nsizes: {body: big}\n")
    with pytest.raises(AllianceError) as caught:
        load_theme(str(path))
    lines = str(caught.value).splitlines()
    assert "bad.yaml:2:3: unknown field 'acent' (did you mean 'accent'?)" in lines[0]
    assert "bad.yaml:3:9: expected a colour (six hex digits, e.g. 1B365D), got text" in lines[1]
    assert "bad.yaml:4:15: expected a number, got text" in lines[2]


def test_course_selects_theme_and_4_3(write: Callable[[str, str], Path]) -> None:
    write("lecture.yaml", OUTLINE)
    course = write(
        "course.yaml",
        "course: {code: T 1}\ntheme: slate\naspect: '4:3'\nlectures: [{outline: lecture.yaml}]\n",
    )
    (deck,) = build(course)
    prs = Presentation(str(deck.path))
    assert (Emu(prs.slide_width).pt, Emu(prs.slide_height).pt) == (720, 540)
    background = prs.slides[1].background.fill.fore_color.rgb
    assert str(background) == "1E232B"


def test_default_is_16_9(write: Callable[[str, str], Path]) -> None:
    (deck,) = build(write("lecture.yaml", OUTLINE), "out")
    prs = Presentation(str(deck.path))
    assert (Emu(prs.slide_width).pt, Emu(prs.slide_height).pt) == (960, 540)


def test_logo_and_footer_fields(write: Callable[[str, str], Path], tmp_path: Path) -> None:
    Image.new("RGB", (200, 100), "red").save(tmp_path / "logo.png")
    write("mine.yaml", "logo: logo.png\nfooter: {date: false}\n")
    write("lecture.yaml", OUTLINE)
    course = write(
        "course.yaml",
        "course: {code: T 1}\ntheme: mine.yaml\nlectures: [{outline: lecture.yaml}]\n",
    )
    (deck,) = build(course)
    slide = Presentation(str(deck.path)).slides[1]
    names = {shape.name: shape for shape in slide.shapes}
    assert names["Footer"].text_frame.text == "T 1 · Themed lecture"
    assert names["Slide number"].text_frame.text == "2"
    assert names["Logo"].shape_type == 13  # a picture
    sizes = {
        name: {run.font.size.pt for p in names[name].text_frame.paragraphs for run in p.runs}
        for name in ("Footer", "Slide number")
    }
    assert sizes == {"Footer": {12.0}, "Slide number": {12.0}}, "the theme's footer size"


def test_unknown_theme_name_is_an_error_at_its_place(write: Callable[[str, str], Path]) -> None:
    write("lecture.yaml", OUTLINE)
    course = write("course.yaml", "theme: slat\nlectures: [{outline: lecture.yaml}]\n")
    with pytest.raises(AllianceError, match=r"course.yaml:1:8: theme 'slat' is neither"):
        build(course)


@pytest.mark.parametrize(
    ("link", "message"),
    [(True, "logo 'loop.png' cannot be resolved"), (False, "logo file not found: loop.png")],
    ids=["symlink loop", "missing"],
)
def test_a_logo_that_is_no_file_is_an_error_at_its_node(
    write: Callable[[str, str], Path], tmp_path: Path, link: bool, message: str
) -> None:
    # A theme named on the command line is not confined, so its logo is checked here.
    if link:
        os.symlink("loop.png", tmp_path / "loop.png")
    theme = write("mine.yaml", "name: mine\nlogo: loop.png\n")
    outline = write("lecture.yaml", OUTLINE)
    result = CliRunner().invoke(cli, ["build", str(outline), "--theme", str(theme), "-o", "out"])
    assert result.exit_code == 1
    assert result.output.startswith(f"mine.yaml:2:7: {message}"), result.output
    assert len(result.output.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_long_lecture_title_is_cut_in_the_footer_which_keeps_its_size(
    write: Callable[[str, str], Path],
) -> None:
    title = "A Lecture Title About the Postwar Origins of the Security Alliance " * 3
    outline = write("long.yaml", OUTLINE.replace("Themed lecture", title.strip()))
    (deck,) = build(outline, "out")
    footer = next(s for s in Presentation(str(deck.path)).slides[1].shapes if s.name == "Footer")
    text = footer.text_frame.text
    assert text.startswith("A Lecture Title About") and text.endswith("… · February 2, 2027")
    assert {r.font.size.pt for p in footer.text_frame.paragraphs for r in p.runs} == {12.0}
    assert len(text) < len(title)


def test_a_floor_above_its_size_is_an_error_at_the_floor(
    write: Callable[[str, str], Path],
) -> None:
    theme = write("mine.yaml", "name: mine\nsizes: {body: 24, body_min: 30}\n")
    with pytest.raises(AllianceError, match=r"mine.yaml:2:29: body_min \(30\) is larger than body"):
        load_theme(str(theme))


def test_a_colour_with_a_line_break_after_it_is_refused(write: Callable[[str, str], Path]) -> None:
    # '^...$' let "1F2328\n" through, and the deck got val="1F2328\n" (not a colour).
    write("t.yaml", 'name: t\ncolors: {text: "1F2328\\n", title: "#1B365D\\n"}\n')
    with pytest.raises(AllianceError) as caught:
        load_theme("t.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "t.yaml:2:16: expected a colour (six hex digits, e.g. 1B365D), got text: '1F2328\\n'",
        "t.yaml:2:35: expected a colour (six hex digits, e.g. 1B365D), got text: '#1B365D\\n'",
    ]


def test_an_all_digit_colour_is_taken_as_written(write: Callable[[str, str], Path]) -> None:
    # YAML reads 006644 as the (octal) number 3492; the loader kept what was written.
    write("t.yaml", "name: t\ncolors:\n  title: 006644\n  accent: 123456\n")
    write("o.yaml", "title: T\nslides:\n  - {title: Green, bullets: [a]}\n")
    theme = load_theme("t.yaml")
    assert (theme.colors["title"], theme.colors["accent"]) == ("006644", "123456")
    result = CliRunner().invoke(cli, ["build", "o.yaml", "-o", "o.pptx", "--theme", "t.yaml"])
    assert result.exit_code == 0, result.output
    xml = Presentation("o.pptx").slides[1].shapes.title._element.xml
    assert 'val="006644"' in xml


def test_a_colour_that_is_not_one_says_what_was_read(write: Callable[[str, str], Path]) -> None:
    write("t.yaml", "name: t\ncolors:\n  title: 12345\n  accent: 0x1234\n  muted: #1F2328\n")
    with pytest.raises(AllianceError) as caught:
        load_theme("t.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "t.yaml:5:10: '#1F2328' is a YAML comment here, so this value is empty: put the colour "
        "in quotes ('#1F2328') or leave out the '#'",
        "t.yaml:3:10: expected a colour (six hex digits, e.g. 1B365D), got a number: 12345",
        "t.yaml:4:11: expected a colour (six hex digits, e.g. 1B365D), got a number: 0x1234",
    ]


def test_three_builtin_themes_show_the_range_and_hall_is_serif_and_high_contrast() -> None:
    from alliance_slides.layout.a11y import contrast
    from alliance_slides.layout.fonts import metrics_for
    from alliance_slides.layout.text import WIDTH_SLACK, measuring, text_width

    assert builtin_theme_names() == ["classic", "hall", "slate"]
    hall = load_theme("hall")
    colors = hall.colors
    # Projectors wash colours out: every text colour at AAA (7:1) on what it is drawn on.
    pairs = [
        ("text", "background"), ("title", "background"), ("accent", "background"),
        ("muted", "background"), ("on_band", "band"), ("on_band_muted", "band"),
        ("on_table_header", "table_header"), ("text", "table_band"),
    ]
    for fg, bg in pairs:
        assert contrast(colors[fg], colors[bg]) >= 7, (fg, bg)
    assert contrast(colors["text"], colors["background"]) >= 15
    # Serif, measured with its own metrics (Cambria through its twin Caladea), not Calibri's.
    found = metrics_for(hall.latin_font)
    assert found.exact and "caladea" in found.metrics.name.casefold()
    sample = "The San Francisco Peace Treaty and the security pact"
    with measuring(hall):
        serif = text_width(sample, 28)
    with measuring(load_theme("classic")):
        sans = text_width(sample, 28)
    assert serif == pytest.approx(found.metrics.width(sample, 28, False, False) * WIDTH_SLACK)
    assert serif != pytest.approx(sans)


def test_classic_spells_out_every_field_with_its_default() -> None:
    # Its header says so: it is the starting point for a theme of one's own.
    path = Path(theme_module.__file__).parent / "themes" / "classic.yaml"
    text = path.read_text(encoding="utf-8")
    written = yaml.safe_load(text)
    commented = {
        line.split(":")[0].lstrip("# ").strip()
        for line in text.splitlines()
        if line.lstrip().startswith("# ")
    }
    for group in dataclasses.fields(ThemeFile):
        if group.name == "location":
            continue
        default = group.default
        if not dataclasses.is_dataclass(default):
            assert group.name in written or group.name in commented, group.name
            continue
        for item in dataclasses.fields(default):
            if item.name == "location":
                continue
            value = getattr(default, item.name)
            if value is None:  # an optional field without default: shown commented out
                assert item.name in commented, f"{group.name}.{item.name}"
                continue
            assert written[group.name].get(item.name) == value, f"{group.name}.{item.name}"
