"""Slides that use the space: text sized to its room, one title size, timelines that read,
quotes followed by their attribution, pictures and tables safe on a dark theme, a footer
inside the title-safe margin (issue 17). Laid out without rendering; the rendered
figures (fill, floors, contrast) are in tests/test_rendering.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from alliance_slides.build import build, prepare
from alliance_slides.cli import cli
from alliance_slides.format.model import TableSlide
from alliance_slides.format.theme import load_theme
from alliance_slides.layout import lay_out
from alliance_slides.layout.kinds.table import _runts
from alliance_slides.layout.scene import (
    MarkerShape,
    Paragraph,
    PictureShape,
    Run,
    SlideScene,
    TableShape,
    TextShape,
)
from alliance_slides.layout.steady import UNDER_TITLE
from alliance_slides.layout.text import INSET_X, INSET_Y, frame_height
from alliance_slides.output.cache import lecture_inputs


def shapes_named(scene: SlideScene, prefix: str) -> list[TextShape]:
    return [s for s in scene.shapes if isinstance(s, TextShape) and s.name.startswith(prefix)]


def body(scene: SlideScene) -> TextShape:
    (found,) = [s for s in scene.shapes if isinstance(s, TextShape) and s.role == "body"]
    return found


def outline(
    write: Callable[[str, str], Path], slides: str, aspect: str = "16:9", theme: Path | None = None
) -> Path:
    write("o.yaml", f"title: T\ntitle_slide: false\nslides:\n{slides}")
    themed = f"theme: {theme.name}\n" if theme else ""
    return write(
        "c.yaml",
        f"course: {{code: X 1}}\naspect: '{aspect}'\n{themed}lectures: [{{outline: o.yaml}}]\n",
    )


def test_the_body_floor_is_relative_to_the_slide_unless_the_theme_sets_it(
    write: Callable[[str, str], Path],
) -> None:
    assert load_theme("classic", aspect="16:9").body_min_size == 24
    assert load_theme("classic", aspect="4:3").body_min_size == 20
    mine = write("mine.yaml", "name: mine\nsizes: {body_min: 22}\n")
    assert load_theme(str(mine), aspect="16:9").body_min_size == 22


def test_three_short_bullets_grow_and_are_balanced_in_the_body(
    write: Callable[[str, str], Path],
) -> None:
    (lecture,) = prepare(outline(write, "  - {title: Short, bullets: [One, Two, Three]}\n"))
    (scene,) = lecture.scenes
    content = body(scene)
    theme = lecture.theme
    sizes = {p.size for p in content.paragraphs}
    largest = min(theme.body_max_size, theme.title_size - UNDER_TITLE)
    assert sizes == {largest}, "short content grows to the theme's ceiling, under the title"
    assert content.anchor == "middle"
    gaps = [p.space_before for p in content.paragraphs[1:]]
    assert min(gaps) > 0.45 * largest, "items of a short list stand apart"


def test_a_bullet_does_not_grow_into_a_dangling_word(write: Callable[[str, str], Path]) -> None:
    # One line at 28 pt on 16:9 (801 of 824 points), two at 32 or 36.
    line = "Causes: a deepening Cold War, communist gains in China and Korea"
    (lecture,) = prepare(outline(write, f"  - {{title: Long, bullets: ['{line}', Two]}}\n"))
    (scene,) = lecture.scenes
    assert {p.size for p in body(scene).paragraphs} == {lecture.theme.body_size}


@pytest.mark.parametrize(("aspect", "floor"), [("16:9", 24), ("4:3", 20)])
def test_twelve_bullets_continue_before_going_under_the_relative_floor(
    write: Callable[[str, str], Path], aspect: str, floor: float
) -> None:
    bullets = ", ".join(f"'Point {i} with a few more words of explanation'" for i in range(12))
    (lecture,) = prepare(outline(write, f"  - {{title: Dense, bullets: [{bullets}]}}\n", aspect))
    scenes = lecture.scenes
    assert len(scenes) > 1, "continued on another slide"
    sizes = {p.size for s in scenes for p in body(s).paragraphs}
    assert len(sizes) == 1 and min(sizes) >= floor, sizes
    assert [p.text for s in scenes for p in body(s).paragraphs] == [
        f"Point {i} with a few more words of explanation" for i in range(12)
    ]


def test_one_paragraph_too_long_for_a_slide_continues_on_the_next(
    write: Callable[[str, str], Path],
) -> None:
    sentence = "The alliance was revised after long and bitter public protests."
    long = " ".join([sentence] * 25)
    (lecture,) = prepare(outline(write, f"  - {{title: Long, bullets: ['{long}', After]}}\n"))
    scenes = lecture.scenes
    paragraphs = [p for s in scenes for p in body(s).paragraphs]
    assert len(scenes) > 1 and lecture.accessibility == ()
    assert " ".join(p.text for p in paragraphs[:-1]) == long, "every word, in order"
    assert not paragraphs[0].continued and all(p.continued for p in paragraphs[1:-1])
    assert paragraphs[-1].text == "After" and not paragraphs[-1].continued
    for scene in scenes:
        shape = body(scene)
        assert frame_height(shape.paragraphs, shape.box.w) <= shape.box.h
    (deck,) = build(outline(write, f"  - {{title: Long, bullets: ['{long}', After]}}\n"), "out")
    second = Presentation(str(deck.path)).slides[1]
    first_paragraph = second.placeholders[1].text_frame.paragraphs[0]._p
    assert first_paragraph.find(qn("a:pPr")).find(qn("a:buNone")) is not None, "no second bullet"


def test_every_content_title_has_one_size_and_titles_wrap_before_they_shrink(
    write: Callable[[str, str], Path],
) -> None:
    two_lines = "A title long enough to need a second line at the title size of the theme"
    too_long = " ".join(["A title far too long for two lines at the size of the theme"] * 2)
    slides = (
        f"  - {{title: Short, bullets: [a]}}\n"
        f"  - {{title: '{two_lines}', bullets: [b]}}\n"
        f"  - {{kind: quote, title: Q, text: Said, by: Someone}}\n"
        f"  - {{kind: section, title: A section}}\n"
        f"  - {{title: '{too_long}', bullets: [c]}}\n"
        f"  - {{kind: timeline, title: When, events: [{{when: 1951, label: Treaty}}]}}\n"
    )
    (lecture,) = prepare(outline(write, slides))
    theme = lecture.theme
    sizes = {}
    for scene in lecture.scenes:
        if scene.layout != "section":
            (title,) = [s for s in scene.shapes if isinstance(s, TextShape) and s.role == "title"]
            sizes[scene.title] = {p.size for p in title.paragraphs}
    assert len({frozenset(s) for s in sizes.values()}) == 1, sizes
    (size,) = sizes["Short"]
    assert theme.title_min_size <= size < theme.title_size, "the long title shrank them all"
    (alone,) = prepare(outline(write, f"  - {{title: '{two_lines}', bullets: [b]}}\n"))
    title = alone.scenes[0].shapes[0]
    assert isinstance(title, TextShape)
    assert title.paragraphs[0].size == theme.title_size, "two lines at the title size"


def test_a_template_s_own_body_size_is_never_grown(write: Callable[[str, str], Path]) -> None:
    (lecture,) = prepare(outline(write, "  - {title: Short, bullets: [One, Two, Three]}\n"))
    on_template = dataclasses.replace(lecture.theme, inherit_styles=True)
    (scene,) = lay_out(lecture.lecture, on_template)
    assert {p.size for p in body(scene).paragraphs} == {on_template.body_size}


def test_timeline_dates_share_a_marker_labels_alternate_and_the_band_is_centred(
    write: Callable[[str, str], Path],
) -> None:
    events = (
        "[{when: 1945, label: Surrender}, {when: 1950, label: Korean War begins}, "
        "{when: 1951, label: Peace treaty signed}, {when: 1951, label: Security pact}, "
        "{when: 1952, label: Occupation ends}, {when: 1954, label: Self-Defense Forces founded}]"
    )
    (lecture,) = prepare(outline(write, f"  - {{kind: timeline, title: T, events: {events}}}\n"))
    (scene,) = lecture.scenes
    markers = [s for s in scene.shapes if isinstance(s, MarkerShape)]
    assert [m.name for m in markers] == [f"Marker: {y}" for y in (1945, 1950, 1951, 1952, 1954)]
    (merged,) = shapes_named(scene, "Event: Peace treaty")
    assert [p.text for p in merged.paragraphs] == ["Peace treaty signed", "Security pact"]
    labels = shapes_named(scene, "Event: ")
    line_y = markers[0].box.y + markers[0].box.h / 2
    above = [label.box.bottom <= line_y for label in labels]
    assert above == [True, False, True, False, True], "labels alternate above and below"
    slot = lecture.theme.body_box.w / len(markers)
    assert min(label.box.w for label in labels) > 1.5 * slot, "wider than a slot of their own"
    drawn = [
        s.box
        for s in scene.shapes
        if isinstance(s, (TextShape, MarkerShape))
        and s.name.startswith(("Event", "When", "Marker"))
    ]
    top, bottom = min(b.y for b in drawn), max(b.bottom for b in drawn)
    box = lecture.theme.body_box
    assert abs((top - box.y) - (box.bottom - bottom)) < 2, "the band is centred in the body"


def test_a_when_that_is_no_date_is_a_warning_at_its_event(
    write: Callable[[str, str], Path],
) -> None:
    course = outline(
        write,
        "  - kind: timeline\n    title: Eras\n    events:\n"
        "      - {when: 1945, label: Surrender}\n      - {when: Cold War, label: Rivalry}\n",
    )
    (deck,) = build(course, "out")
    (warning,) = [w for w in deck.warnings if "not a date" in w.message]
    assert str(warning.location) == "o.yaml:8:9"
    assert 'when "Cold War" is not a date' in warning.message
    result = CliRunner().invoke(cli, ["validate", str(course)])
    assert result.exit_code == 0
    assert 'o.yaml:8:9: warning: timeline "Eras": when "Cold War" is not a date' in result.stderr


def test_the_attribution_follows_the_quote_and_both_are_centred(
    write: Callable[[str, str], Path],
) -> None:
    (lecture,) = prepare(
        outline(write, "  - {kind: quote, title: Said, text: Short words, by: A. Speaker}\n")
    )
    (scene,) = lecture.scenes
    (quote,) = shapes_named(scene, "Quotation")
    (by,) = shapes_named(scene, "Attribution")
    # The quotation's frame is its text's own height: no empty band above the attribution.
    assert quote.box.h == pytest.approx(frame_height(quote.paragraphs, quote.box.w))
    assert 0 <= by.box.y - quote.box.bottom <= 16, "right under the quotation"
    box = lecture.theme.body_box
    assert abs((quote.box.y - box.y) - (box.bottom - by.box.bottom)) < 2


def test_a_quote_without_a_title_takes_its_speaker_s_name_or_none(
    write: Callable[[str, str], Path],
) -> None:
    slides = (
        "  - {kind: quote, text: Ask not, by: John F. Kennedy}\n"
        "  - {kind: quote, text: Nobody said this}\n"
    )
    (lecture,) = prepare(outline(write, slides))
    spoken, anonymous = lecture.scenes
    assert spoken.title == "John F. Kennedy"
    assert shapes_named(spoken, "Attribution") == [], "the name is not said twice"
    assert anonymous.title == ""
    assert not [s for s in anonymous.shapes if isinstance(s, TextShape) and s.role == "title"]
    assert "Quotation" not in {s.title for s in lecture.scenes}


def test_a_table_lines_up_with_the_title_s_text_and_draws_thin_rules_in_the_line_colour(
    write: Callable[[str, str], Path],
) -> None:
    course = outline(
        write, "  - {kind: table, title: T, columns: [Year, Event], rows: [[1951, Pact]]}\n"
    )
    (lecture,) = prepare(course, theme="slate")
    (table,) = [s for s in lecture.scenes[0].shapes if isinstance(s, TableShape)]
    assert table.box.x == pytest.approx(lecture.theme.title_box.x + INSET_X)
    (deck,) = build(course, "out", theme="slate")
    frame = next(s for s in Presentation(str(deck.path)).slides[0].shapes if s.has_table)
    tbl = frame._element.graphic.graphicData.tbl
    assert tbl.tblPr.find(qn("a:tableStyleId")).text == "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
    line = lecture.theme.colors["line"]
    for r, row in enumerate(frame.table.rows):
        for cell in row.cells:
            tc_pr = cell._tc.tcPr
            for side in ("a:lnL", "a:lnR"):
                assert tc_pr.find(qn(side)).find(qn("a:noFill")) is not None
            bottom = tc_pr.find(qn("a:lnB"))
            assert bottom.get("w") == "9525"
            assert bottom.find(qn("a:solidFill"))[0].get("val") == line
            assert (tc_pr.find(qn("a:lnT")).find(qn("a:noFill")) is not None) == (r == 0)


def picture_outline(write: Callable[[str, str], Path], tmp_path: Path, image: Image.Image) -> Path:
    image.save(tmp_path / "pic.png")
    return outline(
        write, "  - {kind: image, title: P, image: pic.png, alt: A picture, caption: Its caption}\n"
    )


def test_a_white_picture_sits_on_a_padded_panel_on_a_dark_theme_only(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    white = Image.new("RGB", (400, 200), "white")
    white.paste(Image.new("RGB", (200, 100), "black"), (100, 50))
    course = picture_outline(write, tmp_path, white)
    (light,) = prepare(course, theme="classic")
    assert not [s for s in light.scenes[0].shapes if isinstance(s, MarkerShape)]
    (dark,) = prepare(course, theme="slate")
    shapes = list(dark.scenes[0].shapes)
    (panel,) = [s for s in shapes if isinstance(s, MarkerShape)]
    (picture,) = [s for s in shapes if isinstance(s, PictureShape)]
    assert shapes.index(panel) < shapes.index(picture), "drawn behind the picture"
    assert panel.color == "panel" and panel.box.x < picture.box.x - 10
    assert panel.box.bottom > picture.box.bottom + 10
    (caption,) = shapes_named(dark.scenes[0], "Caption")
    assert caption.box.y >= panel.box.bottom


def test_dark_ink_on_a_clear_picture_gets_a_panel_light_ink_does_not(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    for ink, panel in (("black", True), ("white", False)):
        clear = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
        clear.paste(Image.new("RGBA", (200, 100), ink), (100, 50))
        (dark,) = prepare(picture_outline(write, tmp_path, clear), theme="slate")
        found = [s for s in dark.scenes[0].shapes if isinstance(s, MarkerShape)]
        assert bool(found) == panel, ink


def test_a_picture_s_own_version_for_the_theme_is_drawn_and_is_an_input(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    course = picture_outline(write, tmp_path, Image.new("RGB", (400, 200), "white"))
    Image.new("RGB", (300, 300), "navy").save(tmp_path / "pic@slate.png")
    (dark,) = prepare(course, theme="slate")
    (picture,) = [s for s in dark.scenes[0].shapes if isinstance(s, PictureShape)]
    assert picture.path.name == "pic@slate.png"
    assert not [s for s in dark.scenes[0].shapes if isinstance(s, MarkerShape)]
    assert (tmp_path / "pic@slate.png").resolve() in lecture_inputs(dark)
    (light,) = prepare(course, theme="classic")
    (picture,) = [s for s in light.scenes[0].shapes if isinstance(s, PictureShape)]
    assert picture.path.name == "pic.png"


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_the_footer_sits_inside_the_title_safe_margin(
    write: Callable[[str, str], Path], aspect: str
) -> None:
    (lecture,) = prepare(outline(write, "  - {title: A, bullets: [b]}\n", aspect))
    theme = lecture.theme
    footer = [s for s in lecture.scenes[0].shapes if s.name in ("Footer", "Slide number")]
    assert len(footer) == 2
    for shape in footer:
        assert isinstance(shape, TextShape)
        text_bottom = shape.box.bottom - INSET_Y
        assert theme.height - text_bottom >= 0.3 * 72, shape.name
        assert shape.box.y >= theme.body_box.bottom, "clear of the body"


@pytest.mark.parametrize("name", ["a/b", "..", "{{ lecture.title }} / x", "two words", ""])
def test_a_theme_name_that_is_no_plain_word_looks_for_no_version(
    tmp_path: Path, name: str
) -> None:
    from alliance_slides.layout.kinds.image import themed_picture

    picture = tmp_path / "pic.png"
    Image.new("RGB", (4, 4), "white").save(picture)
    (tmp_path / "b").mkdir()
    Image.new("RGB", (4, 4), "black").save(tmp_path / "b" / "x.png")
    theme = dataclasses.replace(load_theme("slate"), name=name)
    assert themed_picture(picture, theme) == picture


def test_a_picture_beside_bullets_takes_the_theme_s_version_its_panel_and_is_an_input(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    Image.new("RGB", (400, 300), "white").save(tmp_path / "pic.png")
    course = outline(
        write,
        "  - title: Beside\n    bullets: [One, Two]\n"
        "    image: {path: pic.png, alt: A white picture, side: right}\n",
    )
    (dark,) = prepare(course, theme="slate")
    shapes = dark.scenes[0].shapes
    (panel,) = [s for s in shapes if isinstance(s, MarkerShape)]
    (picture,) = [s for s in shapes if isinstance(s, PictureShape)]
    text = body(dark.scenes[0])
    assert panel.box.x < picture.box.x and text.box.right <= panel.box.x, "never overlapping"
    assert (tmp_path / "pic.png").resolve() in lecture_inputs(dark)
    Image.new("RGB", (300, 300), "navy").save(tmp_path / "pic@slate.png")
    (dark,) = prepare(course, theme="slate")
    (picture,) = [s for s in dark.scenes[0].shapes if isinstance(s, PictureShape)]
    assert picture.path.name == "pic@slate.png"
    assert not [s for s in dark.scenes[0].shapes if isinstance(s, MarkerShape)]
    assert (tmp_path / "pic@slate.png").resolve() in lecture_inputs(dark)


def test_the_rules_hold_inside_a_template_whose_sizes_are_respected(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    Presentation().save(str(tmp_path / "house.pptx"))  # 4:3; its body text is 32 pt
    bullets = ", ".join(f"'Point {i} with a few more words of explanation'" for i in range(14))
    write(
        "o.yaml",
        "title: T\ntitle_slide: false\nslides:\n"
        "  - {title: Short, bullets: [One, Two, Three]}\n"
        f"  - {{title: Dense, bullets: [{bullets}]}}\n"
        "  - {title: 'A title long enough to wrap onto a second line in this template', "
        "bullets: [a]}\n",
    )
    course = write(
        "c.yaml", "course: {code: X 1}\ntemplate: house.pptx\nlectures: [{outline: o.yaml}]\n"
    )
    (lecture,) = prepare(course)
    theme = lecture.theme
    assert theme.inherit_styles and theme.body_size == 32
    assert theme.body_min_size == 20, "relative to the template's 4:3 slide"
    scenes = lecture.scenes
    short = body(scenes[0])
    assert {p.size for p in short.paragraphs} == {32}, "the template's size, not grown"
    dense = [s for s in scenes if s.title.startswith("Dense")]
    assert len(dense) > 1
    assert min(p.size for s in dense for p in body(s).paragraphs) >= 20
    titles = {
        p.size
        for s in scenes
        for shape in s.shapes
        if isinstance(shape, TextShape) and shape.role == "title"
        for p in shape.paragraphs
    }
    assert len(titles) == 1 and max(titles) <= theme.title_size, titles


def test_a_long_column_heading_wraps_rather_than_going_under_the_floor(
    write: Callable[[str, str], Path],
) -> None:
    heading = "Critics at home and abroad, in Tokyo and in Okinawa"
    (lecture,) = prepare(
        outline(
            write,
            f"  - {{kind: two_column, title: C, left: {{heading: '{heading}', bullets: [a]}}, "
            "right: {heading: Short, bullets: [b]}}\n",
            aspect="4:3",
        )
    )
    (scene,) = lecture.scenes
    for shape in shapes_named(scene, "Heading: "):
        assert min(p.size for p in shape.paragraphs) >= lecture.theme.body_min_size
        assert frame_height(shape.paragraphs, shape.box.w) <= shape.box.h
    assert lecture.accessibility == ()


def test_section_titles_are_one_size_among_themselves(write: Callable[[str, str], Path]) -> None:
    long = " ".join(["A section title long enough that it has to shrink to fit its band"] * 3)
    (lecture,) = prepare(
        outline(
            write,
            f"  - {{kind: section, title: Short}}\n  - {{kind: section, title: '{long}'}}\n"
            "  - {title: After, bullets: [a]}\n",
        )
    )
    sizes = [
        {p.size for shape in s.shapes if isinstance(shape, TextShape) and shape.role == "title"
         for p in shape.paragraphs}
        for s in lecture.scenes
        if s.layout == "section"
    ]
    assert len(sizes) == 2 and sizes[0] == sizes[1], sizes


def test_two_short_columns_grow_and_are_centred_with_their_headings(
    write: Callable[[str, str], Path],
) -> None:
    (lecture,) = prepare(
        outline(
            write,
            "  - {kind: two_column, title: C, left: {heading: Left, bullets: [a, b]}, "
            "right: {heading: Right, bullets: [c]}}\n",
        )
    )
    (scene,) = lecture.scenes
    theme = lecture.theme
    headings = shapes_named(scene, "Heading: ")
    columns = [s for s in scene.shapes if isinstance(s, TextShape) and s.role == "body"]
    largest = min(theme.body_ceiling, theme.title_size - UNDER_TITLE)
    assert {p.size for c in columns for p in c.paragraphs} == {largest}
    assert {p.size for h in headings for p in h.paragraphs} == {largest}
    assert headings[0].box.y == headings[1].box.y > theme.body_box.y + 20
    top = headings[0].box.bottom - frame_height(headings[0].paragraphs, headings[0].box.w)
    bottom = max(c.box.y + frame_height(c.paragraphs, c.box.w) for c in columns)
    box = theme.body_box
    assert abs((top - box.y) - (box.bottom - bottom)) < 12, "the headed lists sit mid-body"


def test_columns_whose_items_wrap_still_grow_together_with_their_headings(
    write: Callable[[str, str], Path],
) -> None:
    # "Why the streets filled": every size above 26 wraps an item onto another line, which
    # kept both columns at 26 pt above an empty lower half.
    slide = (
        "  - kind: two_column\n    title: Why the streets filled\n"
        "    left: {heading: Kishi's government, bullets: [A more **equal** treaty, "
        "A US duty to defend Japan, Vote forced through the Diet]}\n"
        "    right: {heading: The protesters, bullets: [Fear of being drawn into US **wars**, "
        "Anger at the forced vote, 'Distrust of Kishi, a wartime minister']}\n"
    )
    for theme_name in ("classic", "hall", "slate"):
        (lecture,) = prepare(outline(write, slide), theme=theme_name)
        (scene,) = lecture.scenes
        theme = lecture.theme
        columns = [s for s in scene.shapes if isinstance(s, TextShape) and s.role == "body"]
        headings = shapes_named(scene, "Heading: ")
        (size,) = {p.size for c in columns for p in c.paragraphs}
        assert size >= theme.body_size + 4, (theme_name, size)
        assert {p.size for h in headings for p in h.paragraphs} == {size}, "headings scale too"
        for shape in [*columns, *headings]:
            assert frame_height(shape.paragraphs, shape.box.w) <= shape.box.h + 0.01
        assert lecture.accessibility == ()


def test_a_column_never_grows_past_a_template_s_own_size(
    write: Callable[[str, str], Path],
) -> None:
    (lecture,) = prepare(
        outline(
            write,
            "  - {kind: two_column, title: C, left: {heading: Left, bullets: [a, b]}, "
            "right: {heading: Right, bullets: [c]}}\n",
        )
    )
    on_template = dataclasses.replace(lecture.theme, inherit_styles=True, body_size=24.0)
    (scene,) = lay_out(lecture.lecture, on_template)
    columns = [s for s in scene.shapes if isinstance(s, TextShape) and s.role == "body"]
    assert max(p.size for c in columns for p in c.paragraphs) <= 24.0



def test_a_few_references_are_set_larger_one_size_and_placed_like_a_list(
    write: Callable[[str, str], Path],
) -> None:
    write(
        "o.yaml",
        "title: T\ntitle_slide: false\nsources:\n"
        "  overview: {title: The Japan US alliance (overview article), detail: ¶ numbers "
        "refer to the seven paragraphs of the source text}\n"
        "  context: {title: Course context notes, detail: The course's own summary of "
        "well-established background; ¶ numbers refer to its paragraphs}\n"
        "slides:\n  - {title: A, bullets: [a], cite: [overview]}\n  - kind: references\n",
    )
    course = write("c.yaml", "course: {code: X 1}\nlectures: [{outline: o.yaml}]\n")
    for theme_name in ("classic", "hall", "slate"):
        (lecture,) = prepare(course, theme=theme_name)
        theme = lecture.theme
        content = body(lecture.scenes[-1])
        (size,) = {p.size for p in content.paragraphs}
        assert size > theme.body_size, (theme_name, size)
        assert content.anchor == "middle"
        assert frame_height(content.paragraphs, content.box.w) <= content.box.h

def test_a_short_table_grows_toward_the_body_size_and_is_centred_in_the_body(
    write: Callable[[str, str], Path],
) -> None:
    # "Two requests, two missions": two rows sat at 22 pt under the title above an empty half.
    slide = (
        "  - kind: table\n    title: Two requests, two missions\n"
        "    columns: [Washington asks, Law passed, SDF mission, Years]\n"
        "    rows:\n"
        "      - [Support in Afghanistan, October 2001, 'Refuelling coalition ships, Indian "
        "Ocean', 2001–2010]\n"
        "      - [Troops for Iraq, July 2003, Humanitarian work in Samawah, 2004–2006]\n"
    )
    for theme_name in ("classic", "hall", "slate"):
        (lecture,) = prepare(outline(write, slide), theme=theme_name)
        theme = lecture.theme
        (table,) = [s for s in lecture.scenes[0].shapes if isinstance(s, TableShape)]
        assert theme.table_size + 4 <= table.size <= theme.body_size, (theme_name, table.size)
        box = theme.body_box
        assert abs((table.box.y - box.y) - (box.bottom - table.box.bottom)) < 1, "centred"
        assert table.box.h >= 0.8 * box.h, "the rows take most of the body"
        assert lecture.accessibility == (), "every word whole, nothing under its floor"


def test_a_table_does_not_grow_into_a_cell_ending_on_a_lone_word(
    write: Callable[[str, str], Path],
) -> None:
    # Every row on one line at 22 pt; at 23-24 "Ten years, then one year's / notice" wraps.
    slide = (
        "  - kind: table\n    title: The security treaty, old and new\n"
        "    columns: [Question, 1951 pact, 1960 treaty]\n"
        "    rows:\n"
        "      - [A US duty to defend Japan?, None stated, 'Yes, in territory Japan administers']\n"
        "      - [How long?, No end date, 'Ten years, then one year''s notice']\n"
        "      - [US forces and internal riots, 'Could help, on request', Clause dropped]\n"
        "      - [A say over US deployments, None, Prior consultation]\n"
    )
    (lecture,) = prepare(outline(write, slide))
    (table,) = [s for s in lecture.scenes[0].shapes if isinstance(s, TableShape)]
    (model,) = [s for s in lecture.lecture.outline.slides if isinstance(s, TableSlide)]
    assert _runts(model, table.column_widths, table.size) == 0
    box = lecture.theme.body_box
    assert abs((table.box.y - box.y) - (box.bottom - table.box.bottom)) < 1, "centred"


def test_on_a_template_a_table_grows_only_to_its_body_size_and_keeps_its_place(
    write: Callable[[str, str], Path],
) -> None:
    slide = "  - {kind: table, title: T, columns: [Year, Event], rows: [[1951, Pact]]}\n"
    (lecture,) = prepare(outline(write, slide))
    on_template = dataclasses.replace(
        lecture.theme, inherit_styles=True, body_size=20.0, table_size=18.0
    )
    (scene,) = lay_out(lecture.lecture, on_template)
    (table,) = [s for s in scene.shapes if isinstance(s, TableShape)]
    assert table.size == 20.0
    assert table.box.y == on_template.body_box.y


def test_timeline_labels_grow_a_little_when_the_dates_are_few(
    write: Callable[[str, str], Path],
) -> None:
    few = "[{when: 1945, label: Surrender}, {when: 1951, label: Treaty}, {when: 1960, label: Anpo}]"
    crowded = (
        "[{when: 1995, label: Assault on a schoolgirl, detail: mass protests in Okinawa}, "
        "{when: 1996, label: SACO deal, detail: return Futenma once replaced}, "
        "{when: 2009–2010, label: Hatoyama's attempt fails, detail: he resigns}, "
        "{when: 2019, label: Referendum, detail: a majority against the landfill}]"
    )
    slides = (
        f"  - {{kind: timeline, title: Few, events: {few}}}\n"
        f"  - {{kind: timeline, title: Crowded, events: {crowded}}}\n"
    )
    (lecture,) = prepare(outline(write, slides))
    theme = lecture.theme
    start = theme.body_size - 2
    sizes = [
        {p.size for s in shapes_named(scene, "Event: ") for p in s.paragraphs}
        for scene in lecture.scenes
    ]
    assert min(sizes[0]) > start and max(sizes[0]) <= start + 6, sizes[0]
    assert max(sizes[1]) <= start, "long labels that would wrap further do not grow"
    for scene in lecture.scenes:
        for shape in shapes_named(scene, "Event: ") + shapes_named(scene, "When: "):
            assert frame_height(shape.paragraphs, shape.box.w) <= shape.box.h + 0.01
    assert lecture.accessibility == ()


def test_a_picture_beside_text_filled_from_the_top_starts_at_the_top_too(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    Image.new("RGB", (400, 200), "navy").save(tmp_path / "pic.png")
    many = ", ".join(f"'Point {i} with a few more words of explanation'" for i in range(10))
    slides = (
        f"  - {{title: Many, image: {{path: pic.png, alt: A picture}}, bullets: [{many}]}}\n"
        "  - {title: Few, image: {path: pic.png, alt: A picture}, bullets: [One, Two]}\n"
    )
    (lecture,) = prepare(outline(write, slides))
    *continued, few = lecture.scenes
    assert len(continued) > 1
    for scene in continued:
        (picture,) = [s for s in scene.shapes if isinstance(s, PictureShape)]
        assert body(scene).anchor == "top"
        assert picture.box.y == pytest.approx(body(scene).box.y), "level with the text"
    (picture,) = [s for s in few.shapes if isinstance(s, PictureShape)]
    box = lecture.theme.body_box
    assert body(few).anchor == "middle"
    assert abs((picture.box.y - box.y) - (box.bottom - picture.box.bottom)) < 1, "centred"


def test_a_bullet_set_larger_than_36_pt_hangs_in_a_wider_room(
    write: Callable[[str, str], Path],
) -> None:
    from alliance_slides.layout.fonts import metrics_for
    from alliance_slides.layout.text import bullet_indent

    theme = write("big.yaml", "name: big\nsizes: {title: 44, body_max: 36}\n")
    (lecture,) = prepare(outline(write, "  - {title: S, bullets: [One, Two]}\n", theme=theme))
    paragraph = body(lecture.scenes[-1]).paragraphs[0]
    assert paragraph.size > 36, "a statement"
    margin, hang = bullet_indent(paragraph)
    bullet = metrics_for("Arial").metrics.width("•", paragraph.size)  # the deck's bullet face
    assert hang - bullet >= 0.25 * paragraph.size, "room after the bullet, as at 36 pt"
    at_28 = bullet_indent(dataclasses.replace(paragraph, size=28))
    assert margin - hang == pytest.approx(at_28[0] - at_28[1]), "the bullet stands still"


@pytest.mark.parametrize("size", [24.0, 28.0, 32.0, 36.0])
def test_a_bullet_hangs_in_a_room_that_grows_with_its_size(size: float) -> None:
    from alliance_slides.layout.fonts import metrics_for
    from alliance_slides.layout.text import bullet_indent

    paragraph = Paragraph(runs=(Run("Point"),), size=size, bullet="•", look="body")
    margin, hang = bullet_indent(paragraph)
    bullet = metrics_for("Arial").metrics.width("•", size)  # the deck's bullet face
    assert 0.85 * size <= hang <= 1.0 * size, "about an em"
    assert hang - bullet >= 0.5 * size, "half an em between the bullet and its word"
    assert margin - hang == pytest.approx(4.0), "the bullet stands where it did"


def test_a_diagram_whose_lines_meet_the_page_gets_a_panel_on_a_dark_theme(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    # Pastel boxes joined by a dark arrow, on a clear page: the boxes show on slate, the
    # arrow and the outlines do not. Sampled 48 pixels wide, the 3-pixel lines vanished.
    (tmp_path / "web.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">'
        '<rect x="10" y="60" width="120" height="80" fill="#cfe8ff" stroke="#036"/>'
        '<line x1="130" y1="100" x2="270" y2="100" stroke="#036" stroke-width="3"/>'
        '<polygon points="270,90 290,100 270,110" fill="#036"/>'
        '<rect x="290" y="60" width="100" height="80" fill="#ffe0cc" stroke="#630"/></svg>',
        encoding="utf-8",
    )
    course = outline(write, "  - {kind: image, title: P, image: web.svg, alt: A food web}\n")
    (dark,) = prepare(course, theme="slate")
    assert [s for s in dark.scenes[0].shapes if isinstance(s, MarkerShape)]


def test_a_footer_leaves_the_lecture_title_out_rather_than_cut_it_to_one_word() -> None:
    from alliance_slides.layout import _shortened
    from alliance_slides.layout.text import text_width

    parts = ("HIST 240", "New Roles after the Cold War", "February 16, 2027")
    room = text_width("HIST 240 · New Roles… · February 16, 2027", 12) + 1
    assert _shortened(parts, room, 12) == "HIST 240 · New Roles… · February 16, 2027"
    # codeur-academy's footer placeholder had room for 'New…' only.
    room = text_width("HIST 240 · New… · February 16, 2027", 12) + 1
    assert _shortened(parts, room, 12) == "HIST 240 · February 16, 2027"
