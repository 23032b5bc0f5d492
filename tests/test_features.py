"""Every authoring feature of issue 16, built from one outline and checked on the deck's XML.

The outline is :data:`samples.EVERY_FEATURE`: per-slide layouts, numbered lists continued
across slides, links and code, pictures (PNG and SVG) beside bullets, a hidden slide,
charts, table widths and alignment, an SVG picture, source lines and Markdown notes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from alliance_slides.build import build, prepare
from alliance_slides.format.theme import builtin_theme_names
from conftest import needs_soffice
from pdfcheck import assert_words_inside_shapes
from samples import every_feature

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("features")
    (deck,) = build(every_feature(folder), folder / "out")
    return deck.path


@pytest.fixture(scope="module")
def deck(built: Path) -> Presentation:
    return Presentation(str(built))


def slide_titled(deck: Presentation, title: str):  # type: ignore[no-untyped-def]
    for slide in deck.slides:
        if slide.shapes.title is not None and slide.shapes.title.text == title:
            return slide
        names = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if title in names:
            return slide
    raise AssertionError(f"no slide titled {title!r}")


def box(shape) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    return (Emu(shape.left).pt, Emu(shape.top).pt, Emu(shape.width).pt, Emu(shape.height).pt)


def test_title_notes_are_the_title_slides_notes(deck: Presentation) -> None:
    notes = deck.slides[0].notes_slide.notes_text_frame
    assert notes.text == "Welcome; collect the reading responses."
    assert notes.paragraphs[0].runs[1].font.bold


def test_a_slide_takes_the_layout_it_names(deck: Presentation) -> None:
    assert slide_titled(deck, "Three treaties").slide_layout.name == "Two Content"
    reserve = [s for s in deck.slides if s._element.get("show") == "0"]
    assert [s.slide_layout.name for s in reserve] == ["Blank"]


def test_numbered_bullets_are_auto_numbered_with_letters_below(deck: Presentation) -> None:
    body = [s for s in slide_titled(deck, "Three treaties").shapes if s.name == "Content"][0]
    numbers = [
        (p._p.pPr.find(f"{{{A}}}buAutoNum").get("type"),
         p._p.pPr.find(f"{{{A}}}buAutoNum").get("startAt"))
        for p in body.text_frame.paragraphs
    ]
    assert numbers == [
        ("arabicPeriod", "1"), ("arabicPeriod", "2"), ("alphaLcPeriod", "1"),
        ("alphaLcPeriod", "2"), ("arabicPeriod", "3"),
    ]


def test_links_are_relationships_and_code_is_monospace(deck: Presentation) -> None:
    slide = slide_titled(deck, "Three treaties")
    body = [s for s in slide.shapes if s.name == "Content"][0]
    runs = body.text_frame.paragraphs[0].runs
    link = next(r for r in runs if r.text == "peace treaty")
    rel = link._r.find(f"{{{A}}}rPr/{{{A}}}hlinkClick").get(f"{{{R}}}id")
    assert slide.part.rels[rel].reltype == RT.HYPERLINK
    assert slide.part.rels[rel].target_ref == "https://example.org/sf1951"
    assert next(r for r in runs if r.text == "Article 3").font.name == "Courier New"


def test_the_hidden_slide_is_hidden(deck: Presentation) -> None:
    hidden = [s.shapes.title.text if s.shapes.title else "" for s in deck.slides
              if s._element.get("show") == "0"]
    assert len(hidden) == 1
    assert all(s._element.get("show") is None for s in deck.slides if s._element.get("show") != "0")


def test_pictures_sit_beside_the_bullets_without_overlap(deck: Presentation) -> None:
    for title, side in (("The Yoshida line", "right"), ("Left picture", "left")):
        slide = slide_titled(deck, title)
        (picture,) = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        (body,) = [s for s in slide.shapes if s.name == "Content"]
        px, _, pw, _ = box(picture)
        bx, _, bw, _ = box(body)
        if side == "right":
            assert bx + bw <= px
        else:
            assert px + pw <= bx
        assert picture._element.nvPicPr.cNvPr.get("descr")


def test_svg_is_embedded_with_a_png_fallback(built: Path, deck: Presentation) -> None:
    slide = slide_titled(deck, "A diagram")
    (picture,) = [s for s in slide.shapes if s.shape_type == 13]
    blip = picture._element.blipFill.blip
    assert slide.part.related_part(blip.rEmbed).content_type == "image/png"
    svg_blip = blip.find(f"{{{A}}}extLst/{{{A}}}ext/{{{ASVG}}}svgBlip")
    svg_part = slide.part.related_part(svg_blip.get(f"{{{R}}}embed"))
    assert svg_part.content_type == "image/svg+xml"
    assert svg_part.partname.endswith(".svg")
    assert b"<svg" in svg_part.blob
    with zipfile.ZipFile(built) as archive:
        svgs = [n for n in archive.namelist() if n.endswith(".svg")]
    assert len(svgs) == 1  # the same SVG on two slides is stored once


def test_charts_are_native_with_their_data(deck: Presentation) -> None:
    frame = [s for s in slide_titled(deck, "Defense budget").shapes if s.has_chart][0]
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(chart.plots[0].categories) == ["2013", "2018", "2023"]
    (series,) = chart.series
    assert series.name == "Budget (¥ trillion)"
    assert list(series.values) == [4.7, 5.2, 6.8]
    assert chart.plots[0].has_data_labels
    assert chart.value_axis.axis_title.text_frame.text == "¥ trillion"
    assert chart.category_axis.axis_title.text_frame.text == "Fiscal year"
    assert frame._element.nvGraphicFramePr.cNvPr.get("descr").startswith("The budget rose")
    workbook = chart.part.chart_workbook.xlsx_part
    assert workbook is not None and workbook.blob[:2] == b"PK"
    pie = [s for s in slide_titled(deck, "Where the bases are").shapes if s.has_chart][0].chart
    assert pie.chart_type == XL_CHART_TYPE.PIE
    assert list(pie.series[0].values) == [70, 30]


def test_table_widths_and_alignment(deck: Presentation) -> None:
    table = [s for s in slide_titled(deck, "Troops").shapes if s.has_table][0].table
    widths = [c.width for c in table.columns]
    assert widths[1] == pytest.approx(4 * widths[0], rel=0.01)
    assert widths[2] == pytest.approx(widths[0], rel=0.01)
    aligns = [table.cell(1, c).text_frame.paragraphs[0]._p.pPr.get("algn") for c in range(3)]
    assert aligns == ["l", "l", "r"]
    default = [s for s in slide_titled(deck, "Default alignment").shapes if s.has_table][0].table
    assert [default.cell(r, 1).text_frame.paragraphs[0]._p.pPr.get("algn") for r in (0, 1, 2)] \
        == ["r", "r", "r"]
    assert default.cell(1, 0).text_frame.paragraphs[0]._p.pPr.get("algn") == "l"


def test_citations_are_shown_on_the_slide(deck: Presentation) -> None:
    slide = slide_titled(deck, "Three treaties")
    (line,) = [s for s in slide.shapes if s.name == "Source"]
    assert line.text_frame.text == "Sources: overview ¶2, ¶3; context ¶9"
    (body,) = [s for s in slide.shapes if s.name == "Content"]
    assert box(body)[1] + box(body)[3] <= box(line)[1]
    assert not [s for s in slide_titled(deck, "Troops").shapes if s.name == "Source"]


def test_notes_keep_their_formatting(deck: Presentation) -> None:
    notes = slide_titled(deck, "Three treaties").notes_slide.notes_text_frame
    first = notes.paragraphs[0]
    assert [r.font.bold for r in first.runs][:2] == [False, True]
    assert first.runs[-2].hyperlink.address == "https://example.org/sf1951"
    bullets = [p for p in notes.paragraphs if p._p.pPr.find(f"{{{A}}}buChar") is not None]
    assert [p.text for p in bullets] == ["first point", "second point"]


def test_the_source_line_can_be_turned_off(tmp_path: Path) -> None:
    outline = every_feature(tmp_path)
    course = tmp_path / "course.yaml"
    course.write_text(
        f"course: {{title: C}}\nsource_line: false\nlectures:\n  - outline: {outline.name}\n",
        encoding="utf-8",
    )
    (resolved,) = prepare(course)
    assert not [s for scene in resolved.scenes for s in scene.shapes if s.name == "Source"]


def test_the_every_feature_deck_has_no_accessibility_findings(tmp_path: Path) -> None:
    (resolved,) = prepare(every_feature(tmp_path))
    assert list(resolved.accessibility) == []


@needs_soffice
@pytest.mark.parametrize("theme", builtin_theme_names())
def test_every_feature_renders_with_every_word_inside_its_shape(
    tmp_path: Path, theme: str
) -> None:
    (deck,) = build(every_feature(tmp_path), tmp_path / "out", theme=theme)
    hidden = sum(s._element.get("show") == "0" for s in Presentation(str(deck.path)).slides)
    assert hidden == 1  # and it is a page of the PDF too
    assert_words_inside_shapes(deck.path, deck.slides, tmp_path / "pdf")


def test_the_every_feature_deck_is_byte_identical_when_built_again(tmp_path: Path) -> None:
    # Charts embed a workbook, whose own time stamp would otherwise change every build.
    outline = every_feature(tmp_path)
    (first,) = build(outline, tmp_path / "a")
    (second,) = build(outline, tmp_path / "b")
    assert first.path.read_bytes() == second.path.read_bytes()


def test_a_charts_workbook_is_stamped_with_the_lecture_date(deck: Presentation) -> None:
    import io

    frame = [s for s in slide_titled(deck, "Defense budget").shapes if s.has_chart][0]
    blob = frame.chart.part.chart_workbook.xlsx_part.blob
    with zipfile.ZipFile(io.BytesIO(blob)) as workbook:
        core = workbook.read("docProps/core.xml").decode()
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2027-02-02T00:00:00Z" in core
