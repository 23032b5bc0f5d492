"""Every misuse of the authoring fields is a located error, with a suggestion where one helps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_slides.errors import ValidationError
from alliance_slides.format.validate import load_lectures, load_outline

MISUSES = """
title: Misuses
slides:
  - title: Layout
    layout: Two Contnet
    bullets: [a]
  - title: Numbered
    numbered: yes please
    bullets: [a]
  - title: Picture
    image: {path: pic.png, alt: "", side: middle}
    bullets: [a]
  - kind: chart
    title: Chart
    chart: donut
    categories: [a, b]
    series: [{name: s, values: [1, two]}]
    alt: x
  - kind: chart
    title: Lengths
    categories: [a, b, c]
    series: [{name: s, values: [1, 2]}]
    alt: ""
  - kind: chart
    title: Empty
    categories: [a]
    series: []
    alt: x
  - kind: chart
    title: Pies
    chart: pie
    categories: [a]
    series: [{name: s, values: [1]}, {name: t, values: [2]}]
    alt: x
  - kind: table
    title: Table
    columns: [A, B]
    align: [left, middle]
    rows: [[x, y]]
  - kind: table
    title: Widths
    columns: [A, B]
    widths: [1, 0, 2]
    rows: [[x, y]]
  - title: Hidden
    hidden: maybe
    bullets: ["[here](ftp://example.org)"]
"""


@pytest.fixture
def problems(write: Callable[[str, str], Path]) -> list[str]:
    from PIL import Image

    path = write("m.yaml", MISUSES)
    Image.new("RGB", (20, 10)).save(path.parent / "pic.png")
    with pytest.raises(ValidationError) as caught:
        load_outline(path)
    return [str(p) for p in caught.value.problems]


def test_every_misuse_is_reported_at_its_place(problems: list[str]) -> None:
    expected = [
        "m.yaml:4:13: unknown layout 'Two Contnet' (did you mean 'Two Content'?); roles are: "
        "title, section, content, two_content, title_only, blank; the default template has: ",
        "m.yaml:7:15: expected true or false, got text",
        "m.yaml:10:43: expected one of right, left, got 'middle'",
        "m.yaml:14:12: expected one of column, bar, line, pie, stacked_column, got 'donut'",
        "m.yaml:16:36: expected a number, got text",
        "m.yaml:21:32: series 's' has 2 values; categories has 3 (one value per category)",
        "m.yaml:22:10: alt text must not be empty",
        "m.yaml:26:13: needs at least 1 item(s)",
        "m.yaml:32:13: a pie chart shows one series; this has 2 (use column or bar to compare",
        "m.yaml:37:19: expected one of left, center, right, got 'middle'",
        "m.yaml:42:13: widths has 3 items; columns has 2 (one per column)",
        "m.yaml:42:17: width 2 is 0; widths are relative and above 0",
        "m.yaml:45:13: expected true or false, got text",
        "m.yaml:46:15: link to 'ftp://example.org': links go only to http://, https:// or mailto:",
    ]
    assert len(problems) == len(expected), "\n".join(problems)
    for found, wanted in zip(problems, expected, strict=True):
        assert found.startswith(wanted), f"{found!r} does not start {wanted!r}"


def test_an_empty_alt_of_a_picture_beside_text_is_an_error(problems: list[str]) -> None:
    # The picture's side is wrong too, so its alt is checked once the side is fixed.
    assert not any("pic.png" in p for p in problems)


def test_a_course_template_gives_the_layout_names(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    from pptx import Presentation

    prs = Presentation()
    prs.slide_layouts[1].name = "Our Content"
    prs.save(str(tmp_path / "college.pptx"))
    write("o.yaml", "title: T\nslides:\n  - {title: A, layout: Our Contnt, bullets: [a]}\n")
    course = write("c.yaml", "template: college.pptx\nlectures: [{outline: o.yaml}]\n")
    with pytest.raises(ValidationError) as caught:
        load_lectures(course)
    (problem,) = caught.value.problems
    assert "unknown layout 'Our Contnt' (did you mean 'Our Content'?)" in problem.message
    assert "the course's template has: Title Slide, Our Content" in problem.message
    write("o.yaml", "title: T\nslides:\n  - {title: A, layout: our content, bullets: [a]}\n")
    (lecture,) = load_lectures(course)
    assert lecture.outline.slides[0].layout == "our content"


def test_an_svg_that_reaches_outside_itself_is_refused(write: Callable[[str, str], Path]) -> None:
    cases = {
        "script.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "onload.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "href.svg": '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="file:///etc/passwd"/></svg>',
        "css.svg": '<svg xmlns="http://www.w3.org/2000/svg">'
        '<style>rect { fill: url(http://x.org/a) }</style></svg>',
        "entity.svg": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
        "loop.svg": '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<g id="a"><use xlink:href="#a"/></g></svg>',
        "bomb.svg": '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><g id="l0"><rect/><rect/></g>'
        + "".join(
            f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 8)
        )
        + "</svg>",
        "html.svg": "<html><body/></html>",
    }
    why = {
        "script.svg": "<script> element, which is refused",
        "onload.svg": "event attribute 'onload'",
        "href.svg": "refers to 'file:///etc/passwd'",
        "css.svg": "refers to 'http://x.org/a'",
        "entity.svg": "DOCTYPE or entities",
        "loop.svg": "refers to itself",
        "bomb.svg": "once its <use> copies are counted",
        "html.svg": "is not an SVG document",
    }
    for name, text in cases.items():
        write(name, text)
        outline = write(
            "s.yaml", f"title: S\nslides:\n  - {{kind: image, title: P, image: {name}, alt: x}}\n"
        )
        with pytest.raises(ValidationError) as caught:
            load_outline(outline)
        (problem,) = caught.value.problems
        assert (problem.location.line, problem.location.column) == (3, 36)
        assert why[name] in problem.message, (name, problem.message)
