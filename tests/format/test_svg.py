"""An SVG is read as the text its encoding makes of it, and holds nothing but a drawing."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from alliance_slides.cli import cli
from alliance_slides.format.svg import svg_problem

Write = Callable[[str, str], Path]
_ENTITY = (
    '<?xml version="1.0" encoding="{encoding}"?>'
    '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>'
)
_PLAIN = (
    '<?xml version="1.0" encoding="{encoding}"?>'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<rect width="10" height="10" fill="#1F6FB2"/></svg>'
)
_MARKS = {
    "UTF-16": ("utf-16-le", b"\xff\xfe"),
    "UTF-16BE": ("utf-16-be", b"\xfe\xff"),
    "UTF-32": ("utf-32-le", b"\xff\xfe\x00\x00"),
    "UTF-8": ("utf-8", b"\xef\xbb\xbf"),
}


def _encoded(template: str, encoding: str, bom: bool = True) -> bytes:
    codec, mark = _MARKS[encoding]
    return (mark if bom else b"") + template.format(encoding=encoding).encode(codec)


@pytest.mark.parametrize("encoding", list(_MARKS))
@pytest.mark.parametrize("bom", [True, False])
def test_a_doctype_is_refused_in_every_encoding(
    tmp_path: Path, write: Write, encoding: str, bom: bool
) -> None:
    svg = tmp_path / "d.svg"
    svg.write_bytes(_encoded(_ENTITY, encoding, bom))
    outline = write(
        "t.yaml",
        "title: T\nslides:\n  - kind: image\n    title: P\n    image: d.svg\n    alt: a drawing\n",
    )
    result = CliRunner().invoke(cli, ["build", str(outline), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert result.output.endswith(
        "t.yaml:5:12: image 'd.svg': SVG has a DOCTYPE or entities, which are refused "
        "(they can expand without end)\n"
    ), result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_utf7_svg_cannot_spell_its_doctype_another_way(tmp_path: Path) -> None:
    svg = tmp_path / "d.svg"
    text = _ENTITY.format(encoding="UTF-7")
    head, _, rest = text.partition("?>")
    svg.write_bytes(head.encode() + b"?>" + rest.replace("<!", "+ADwAIQ-").encode())
    assert svg_problem(svg) == (
        "SVG has a DOCTYPE or entities, which are refused (they can expand without end)"
    )


@pytest.mark.parametrize("encoding", list(_MARKS))
def test_an_svg_in_utf16_or_utf32_is_drawn(tmp_path: Path, encoding: str) -> None:
    svg = tmp_path / "d.svg"
    svg.write_bytes(_encoded(_PLAIN, encoding))
    assert svg_problem(svg) is None


def test_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    svg = tmp_path / "d.svg"
    svg.write_bytes(_PLAIN.format(encoding="X-NOPE").encode())
    assert svg_problem(svg) == "SVG cannot be read: its encoding 'X-NOPE' is not known"


def test_an_embedded_picture_must_be_what_it_says(tmp_path: Path) -> None:
    """'PNG' bytes that are an SVG naming a file would be drawn as that SVG."""
    inner = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file:///etc/passwd"/></svg>'
    )
    png = io.BytesIO()
    Image.new("RGB", (2, 2)).save(png, "PNG")
    svg = tmp_path / "d.svg"
    for payload, problem in (
        (inner.encode(), "SVG <image> embeds a picture said to be image/png that is not one"),
        (png.getvalue(), None),
    ):
        svg.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<image width="2" height="2" xlink:href="data:image/png;base64,'
            + base64.b64encode(payload).decode()
            + '"/></svg>'
        )
        assert svg_problem(svg) == problem


def _filtered(primitives: str, uses: int = 1) -> str:
    shapes = '<rect width="400" height="225" fill="red" filter="url(#f)"/>' * uses
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="2250"><defs>'
        f'<filter id="f">{primitives}</filter></defs>{shapes}</svg>'
    )


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        (
            _filtered('<feMorphology operator="dilate" radius="300"/>'),
            "SVG asks for too much filtering (<feMorphology> passes 2,000, MAX_FILTER_COST)",
        ),
        (
            _filtered('<feMorphology radius="8"/>' * 7),
            "SVG asks for too much filtering (<feMorphology> passes 2,000",
        ),
        (
            _filtered('<feTurbulence baseFrequency="0.05" numOctaves="1000000"/>'),
            "SVG asks for too much filtering (<feTurbulence> passes 2,000",
        ),
        (
            _filtered('<feConvolveMatrix order="99" kernelMatrix="1"/>'),
            "SVG asks for too much filtering (<feConvolveMatrix> passes 2,000",
        ),
        (
            _filtered('<feGaussianBlur stdDeviation="2"/>' * 81),
            "SVG asks for too much filtering (<feGaussianBlur> passes 2,000",
        ),
        (_filtered("<feOffset/>", uses=101), "SVG draws more than 100 elements through a filter"),
        (_filtered('<feMorphology radius="8"/>' * 6 + "<feOffset/>", uses=100), None),
    ],
    ids=["morphology", "morphologies", "turbulence", "convolution", "blurs", "uses", "fine"],
)
def test_filters_that_would_take_minutes_to_draw_are_refused(
    tmp_path: Path, svg: str, problem: str | None
) -> None:
    """morph.svg: one feMorphology of radius 300 kept resvg busy past a minute of CPU."""
    path = tmp_path / "f.svg"
    path.write_text(svg)
    found = svg_problem(path)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem), found
