"""Text in a template's placeholders keeps what the outline wrote: links, code, numbering."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from alliance_slides.build import build, prepare
from alliance_slides.format.backdrop import contrast
from templates import LOOKS

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

LINKS = """\
title: Links
slides:
  - title: "Bullets [b](https://example.org/b) `code`"
    bullets: ["see [a](https://example.org/a) and `x = 1`", "**bold** *it*"]
  - kind: two_column
    title: Two
    left: {heading: L, bullets: ["[c](https://example.org/c) `y`"]}
    right: {heading: R, bullets: [plain]}
  - kind: questions
    questions: ["[e](https://example.org/e) `q`"]
"""


def _runs(slide) -> list:  # type: ignore[no-untyped-def]
    return [
        run
        for shape in slide.shapes
        if shape.has_text_frame
        for para in shape.text_frame.paragraphs
        for run in para.runs
    ]


@pytest.mark.parametrize("name", ["dark", "footer-bar", "two-masters"])
def test_links_and_code_survive_a_templates_placeholders(
    name: str, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    template = LOOKS[name](tmp_path / f"{name}.pptx")
    outline = write("links.yaml", LINKS)
    (resolved,) = prepare(outline, template=template)
    (deck,) = build(outline, tmp_path / "out", template=template)
    prs = Presentation(str(deck.path))
    code_font = resolved.theme.code_font
    links: dict[str, str] = {}
    codes: list[str] = []
    for slide in list(prs.slides)[1:]:
        for run in _runs(slide):
            props = run._r.find(f"{{{A}}}rPr")
            click = props.find(f"{{{A}}}hlinkClick")
            if click is not None:
                rel = slide.part.rels[click.get(f"{{{R}}}id")]
                assert rel.reltype == RT.HYPERLINK and rel.is_external
                assert props.get("u") == "sng", run.text
                links[run.text] = rel.target_ref
            latin = props.find(f"{{{A}}}latin")
            if latin is not None and latin.get("typeface") == code_font:
                codes.append(run.text)
    assert links == {
        "b": "https://example.org/b",
        "a": "https://example.org/a",
        "c": "https://example.org/c",
        "e": "https://example.org/e",
    }
    assert codes == ["code", "x = 1", "y", "q"]
    # The link colour the deck's theme names reads on what the content layout draws.
    with zipfile.ZipFile(deck.path) as archive:
        themes = [n for n in archive.namelist() if re.match(r"ppt/theme/theme\d+\.xml$", n)]
        drawn = {
            re.search(r"<a:hlink>\s*<a:srgbClr val=\"([0-9A-F]{6})\"", archive.read(n).decode())
            for n in themes
        }
    link = resolved.theme.link_color
    assert any(m is not None and m.group(1) == link for m in drawn) or (
        resolved.theme.scheme.get("link") == "hlink"
    )
    behind = resolved.theme.layouts["content"].backdrop.colors_under(
        resolved.theme.layouts["content"].first("body", "obj").box
    )
    assert min(contrast(link, b) for b in behind) >= 4.5


def test_numbered_items_below_the_first_level_are_lettered_on_a_template(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    template = LOOKS["dark"](tmp_path / "dark.pptx")
    outline = write(
        "numbered.yaml",
        """\
        title: Numbers
        slides:
          - title: Three treaties
            numbered: true
            bullets:
              - First: [one, two]
              - Second
        """,
    )
    (deck,) = build(outline, tmp_path / "out", template=template)
    slide = Presentation(str(deck.path)).slides[1]
    numbers = [
        (n.get("type"), n.get("startAt"))
        for n in slide._element.iter(f"{{{A}}}buAutoNum")
    ]
    assert numbers == [
        ("arabicPeriod", "1"),
        ("alphaLcPeriod", "1"),
        ("alphaLcPeriod", "2"),
        ("arabicPeriod", "2"),
    ]
