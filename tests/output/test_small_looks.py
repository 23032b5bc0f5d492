"""Small parts of the look: a chart's grid lines, a quotation's attribution."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn

from alliance_slides.build import build, prepare
from alliance_slides.layout.scene import TextShape

CHARTS = """\
  - kind: chart
    title: Labelled
    chart: column
    categories: ["2013", "2018"]
    series: [{name: Budget, values: [4.7, 5.2]}]
    alt: The budget rose
    labels: true
  - kind: chart
    title: Unlabelled
    chart: column
    categories: ["2013", "2018"]
    series: [{name: Budget, values: [4.7, 5.2]}]
    alt: The budget rose
"""


def course(write: Callable[[str, str], Path], slides: str, theme: str = "classic") -> Path:
    write("o.yaml", f"title: T\ntitle_slide: false\nslides:\n{slides}")
    return write(
        "c.yaml", f"course: {{code: X 1}}\ntheme: {theme}\nlectures: [{{outline: o.yaml}}]\n"
    )


def test_a_chart_with_its_values_written_on_it_draws_no_grid_lines(
    write: Callable[[str, str], Path],
) -> None:
    (deck,) = build(course(write, CHARTS), "out")
    gridlines = []
    for slide in Presentation(str(deck.path)).slides:
        (frame,) = [s for s in slide.shapes if s.has_chart]
        axis = frame.chart._chartSpace.find(".//" + qn("c:valAx"))
        gridlines.append(axis.find(qn("c:majorGridlines")) is not None)
    assert gridlines == [False, True], "labelled: no grid; unlabelled: the grid reads the values"


def test_a_short_quotations_attribution_ends_under_the_quotation(
    write: Callable[[str, str], Path],
) -> None:
    slides = "  - {kind: quote, title: Q, text: America First, by: someone}\n"
    (lecture,) = prepare(course(write, slides))
    (scene,) = lecture.scenes
    named = {s.name: s for s in scene.shapes if isinstance(s, TextShape)}
    quote, by = named["Quotation"], named["Attribution"]
    assert by.paragraphs[0].align == "right"
    middle = quote.box.x + quote.box.w / 2
    assert abs(by.box.x + by.box.w / 2 - middle) < 1, "centred under the quotation"
    assert by.box.w < 0.5 * quote.box.w, "its right edge near the quotation's, not the body's"


def test_a_dark_picture_on_a_dark_slide_gets_a_keyline_a_light_one_none(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    from PIL import Image

    Image.new("RGB", (300, 200), "#15171C").save(tmp_path / "night.png")
    Image.new("RGB", (300, 200), "#D04030").save(tmp_path / "red.png")
    slides = (
        "  - {kind: image, title: Night, image: night.png, alt: A night view}\n"
        "  - {kind: image, title: Red, image: red.png, alt: A red field}\n"
    )
    for theme, expected in (("slate", [True, False]), ("classic", [False, False])):
        (deck,) = build(course(write, slides, theme), f"out-{theme}")
        lined = []
        for slide in Presentation(str(deck.path)).slides:
            (picture,) = [s for s in slide.shapes if s.shape_type == 13]
            ln = picture._element.spPr.find(qn("a:ln"))
            lined.append(ln is not None and ln.find(qn("a:solidFill")) is not None)
        assert lined == expected, theme
