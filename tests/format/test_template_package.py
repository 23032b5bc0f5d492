"""A template is untrusted: read within bounds, and cut to what a deck needs."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from alliance_slides import limits
from alliance_slides.cli import cli
from alliance_slides.format.template_package import TemplateRefused, clean_template
from conftest import assert_valid_deck
from templates import (
    add_rel,
    default_parts,
    element_bomb,
    hostile_template,
    insert_in_master_tree,
    write_parts,
    xxe_template,
)

OUTLINE = """
title: On a hostile template
slides:
  - title: Points
    bullets: [one, two]
    notes: Say so.
  - kind: quote
    title: Said
    text: Something
"""

Write = Callable[[str, str], Path]
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT = _R + "/"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _build(outline: Path, template: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["build", str(outline), "--template", str(template), "-o", str(out)]
    )
    return result.exit_code, result.output


def _entries(deck: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(deck) as archive:
        names = archive.namelist()
        assert len(names) == len({n.casefold() for n in names}), "part names are unique"
        return {name: archive.read(name) for name in names}


@pytest.mark.invalid_decks  # the hostile template itself
def test_macros_ole_activex_links_custom_shows_and_sections_never_reach_the_deck(
    write: Write, tmp_path: Path
) -> None:
    template = hostile_template(tmp_path / "hostile.pptx")
    outline = write("talk.yaml", OUTLINE)
    code, output = _build(outline, template, tmp_path / "out")
    assert code == 0, output
    assert "linked picture (file:///etc/passwd) is left out" in output
    deck = tmp_path / "out" / "talk.pptx"
    assert_valid_deck(deck)
    parts = _entries(deck)
    everything = b"".join(parts.values())
    for name in parts:
        assert not name.endswith(".bin"), name
        assert "activeX" not in name and "embeddings" not in name, name
    for forbidden in (
        b"vbaProject",
        b"macroEnabled",
        b"oleObj",
        b"p:control",
        b'TargetMode="External"',
        b"/etc/passwd",
        b"example.org",
        b"custShow",
        b"sectionLst",
        b"<!DOCTYPE",
        b"SAMPLE 0",
    ):
        assert forbidden not in everything, forbidden
    assert sum(name.startswith("ppt/slides/slide") for name in parts) == 3  # title, bullets, quote


def test_what_the_import_leaves_out_is_listed(tmp_path: Path) -> None:
    cleaned = clean_template(hostile_template(tmp_path / "hostile.pptx"))
    dropped = " | ".join(cleaned.dropped)
    for what in (
        "2 sample slides",
        "1 macro project",
        "1 OLE object",
        "1 ActiveX control",
        "1 external link",
        "1 linked picture",
        "1 custom show",
        "1 section",
    ):
        assert what in dropped, (what, dropped)
    (tmp_path / "hostile.pptx").unlink()


@pytest.mark.invalid_decks
@pytest.mark.parametrize("part", ["ppt/theme/theme1.xml", "ppt/presentation.xml"])
def test_a_doctype_is_refused_in_one_located_line(write: Write, tmp_path: Path, part: str) -> None:
    template = xxe_template(tmp_path / "xxe.pptx", part)
    code, output = _build(write("talk.yaml", OUTLINE), template, tmp_path / "out")
    assert code == 1
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"{template}: template refused: part {part} has a DOCTYPE")
    assert not (tmp_path / "out").exists()


@pytest.mark.invalid_decks
def test_a_course_template_with_a_doctype_is_refused_at_its_node(
    write: Write, tmp_path: Path
) -> None:
    xxe_template(tmp_path / "xxe.pptx")
    write("talk.yaml", OUTLINE)
    course = write("course.yaml", "template: xxe.pptx\nlectures: [{outline: talk.yaml}]\n")
    result = CliRunner().invoke(cli, ["build", str(course), "-o", "out"])
    assert result.exit_code == 1
    assert result.output.startswith("course.yaml:1:11: template 'xxe.pptx': template refused:")
    assert "DOCTYPE" in result.output


@pytest.mark.invalid_decks
def test_too_many_elements_are_refused_before_they_are_all_parsed(tmp_path: Path) -> None:
    template = element_bomb(tmp_path / "bomb.pptx", 1_000_000)
    assert template.stat().st_size < 200_000
    with pytest.raises(TemplateRefused, match="MAX_TEMPLATE_ELEMENTS"):
        clean_template(template)


@pytest.mark.invalid_decks
def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEMPLATE_ENTRIES", 10)
    with pytest.raises(TemplateRefused, match="zip entries; the limit is 10"):
        clean_template(hostile_template(tmp_path / "many.pptx"))


_MEASURE = """
import resource, sys, time
from pathlib import Path
from alliance_slides.format.template_package import TemplateRefused, clean_template
started = time.perf_counter()
try:
    clean_template(Path(sys.argv[1]))
except TemplateRefused as e:
    print(e.problems[0].message)
print(time.perf_counter() - started)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.mark.slow
@pytest.mark.invalid_decks
@pytest.mark.parametrize(
    ("elements", "refusal"),
    [
        (1_400_000, "MAX_TEMPLATE_ELEMENTS"),
        (10_000_000, "MAX_TEMPLATE_PART_BYTES"),
        (50_000_000, "MAX_TEMPLATE_BYTES"),
    ],
)
def test_amplification_bombs_cost_little_memory_and_time(
    tmp_path: Path, elements: int, refusal: str
) -> None:
    template = element_bomb(tmp_path / "bomb.pptx", elements)
    assert template.stat().st_size < 2_000_000
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(template)], capture_output=True, text=True, check=True
    )
    message, seconds, peak_kb = done.stdout.strip().splitlines()
    assert refusal in message
    assert float(seconds) < 10
    assert int(peak_kb) < 500 * 1024, f"{int(peak_kb) // 1024} MB"


@pytest.mark.invalid_decks  # the broken templates themselves
def test_a_broken_template_gives_a_valid_deck(write: Write, tmp_path: Path) -> None:
    import re

    from templates import default_parts, write_parts

    parts = default_parts(0)
    rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    parts[rels] = re.sub(rb"<Relationship [^>]*theme[^>]*/>", b"", parts[rels])
    layout = "ppt/slideLayouts/slideLayout2.xml"
    parts[layout] = parts[layout].replace(
        b"<p:spPr/>",
        b'<p:spPr><a:xfrm><a:off x="-99999999999" y="5"/><a:ext cx="99999999999" cy="-5"/>'
        b"</a:xfrm></p:spPr>",
        1,
    )
    template = write_parts(tmp_path / "broken.pptx", parts)
    cleaned = clean_template(template)
    assert "1 missing theme (Office's default used)" in cleaned.dropped
    assert any("out-of-range size" in d for d in cleaned.dropped)
    code, output = _build(write("talk.yaml", OUTLINE), template, tmp_path / "out")
    assert code == 0, output
    assert_valid_deck(tmp_path / "out" / "talk.pptx")


def _picture_on_master(parts: dict[str, bytes], rel_id: str, name: str, data: bytes) -> None:
    parts[f"ppt/media/{name}"] = data
    add_rel(
        parts,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        rel_id,
        _RT + "image",
        f"../media/{name}",
    )
    insert_in_master_tree(
        parts,
        f'<p:pic xmlns:p="{_P}" xmlns:a="{_A}" xmlns:r="{_R}"><p:nvPicPr>'
        f'<p:cNvPr id="{90 + len(parts)}" name="{name}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        '</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>',
    )


def test_a_picture_part_that_is_not_what_its_type_says_never_reaches_the_deck(
    write: Write, tmp_path: Path
) -> None:
    """An SVG typed image/png names a file: LibreOffice reads the bytes and would open it."""
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'width="40" height="40"><image width="40" height="40" '
        b'xlink:href="file:///etc/passwd"/></svg>'
    )
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")
    parts = default_parts(0)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>'
    )
    _picture_on_master(parts, "rIdSvg", "evil.png", svg)
    _picture_on_master(parts, "rIdJpg", "zeros.png", b"\xff\xd8\xff" + bytes(64))
    _picture_on_master(parts, "rIdPng", "logo.png", png.getvalue())
    template = write_parts(tmp_path / "t.pptx", parts)
    code, output = _build(write("talk.yaml", OUTLINE), template, tmp_path / "out")
    assert code == 0, output
    assert (
        "warning: the picture ppt/media/evil.png is left out: it is typed image/png but holds "
        "an SVG drawing"
    ) in output
    assert "ppt/media/zeros.png is left out: it is typed image/png but holds no known" in output
    deck = tmp_path / "out" / "talk.pptx"
    entries = _entries(deck)
    everything = b"".join(entries.values())
    assert b"file:///" not in everything and b"<svg" not in everything
    pictures = [data for name, data in entries.items() if name.startswith("ppt/media/")]
    assert pictures == [png.getvalue()]  # the real picture is kept
    assert b'r:embed="rIdSvg"' not in entries["ppt/slideMasters/slideMaster1.xml"]


@pytest.mark.invalid_decks  # the template itself
def test_a_part_in_utf32_cannot_hide_its_doctype(write: Write, tmp_path: Path) -> None:
    parts = default_parts(0)
    name = "ppt/theme/theme1.xml"
    text = parts[name].decode("utf-8").replace("UTF-8", "UTF-32", 1)
    head, sep, rest = text.partition("?>")
    text = head + sep + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + rest
    parts[name] = b"\xff\xfe\x00\x00" + text.encode("utf-32-le")
    template = write_parts(tmp_path / "t.pptx", parts)
    with pytest.raises(TemplateRefused, match=f"part {name} has a DOCTYPE"):
        clean_template(template)


@pytest.mark.invalid_decks  # the template itself
def test_a_master_that_lists_no_layouts_gets_the_ones_it_relates_to(
    write: Write, tmp_path: Path
) -> None:
    parts = default_parts(0)
    name = "ppt/slideMasters/slideMaster1.xml"
    parts[name] = re.sub(rb"<p:sldLayoutIdLst>.*?</p:sldLayoutIdLst>", b"", parts[name], flags=re.S)
    template = write_parts(tmp_path / "t.pptx", parts)
    code, output = _build(write("talk.yaml", OUTLINE), template, tmp_path / "out")
    assert code == 0, output
    deck = Presentation(str(tmp_path / "out" / "talk.pptx"))
    assert len(deck.slide_masters[0].slide_layouts) == 11
    assert_valid_deck(tmp_path / "out" / "talk.pptx")


@pytest.mark.invalid_decks  # the templates themselves
@pytest.mark.parametrize(
    ("cx", "cy", "said", "size"),
    [
        (
            "abc",
            "6858000",
            "template refused: its slide size is not a number (p:sldSz cx='abc')",
            None,
        ),
        (
            "-5",
            "6858000",
            "template refused: its slide size is not a number (p:sldSz cx='-5')",
            None,
        ),
        (
            "99999999999",
            "100",
            "warning: the template's slide width of 7,874,016 pt is outside "
            "what PowerPoint takes (72–4,032 pt): 4,032 pt is used",
            (51206400, 914400),
        ),
    ],
)
def test_a_slide_size_that_is_no_number_or_out_of_range_never_reaches_the_deck(
    write: Write, tmp_path: Path, cx: str, cy: str, said: str, size: tuple[int, int] | None
) -> None:
    parts = default_parts(0)
    name = "ppt/presentation.xml"
    parts[name] = re.sub(
        rb"<p:sldSz [^>]*/>", f'<p:sldSz cx="{cx}" cy="{cy}"/>'.encode(), parts[name]
    )
    template = write_parts(tmp_path / "t.pptx", parts)
    code, output = _build(write("talk.yaml", OUTLINE), template, tmp_path / "out")
    assert f"t.pptx: {said}" in output, output
    assert "internal error" not in output
    if size is None:
        assert code == 1 and not (tmp_path / "out").exists()
    else:
        assert code == 0, output
        deck = Presentation(str(tmp_path / "out" / "talk.pptx"))
        assert (deck.slide_width, deck.slide_height) == size
        assert_valid_deck(tmp_path / "out" / "talk.pptx")


def test_stale_links_deep_in_a_big_tree_are_cut_in_linear_time(tmp_path: Path) -> None:
    """100,000 links to nothing, 250 levels deep: each leaf once, not its ancestors each time."""
    depth, leaves = 250, 100_000
    parts = default_parts(0)
    name = "ppt/slideMasters/slideMaster1.xml"
    deep = (
        f'<p:extLst><p:ext uri="{{X}}"><x:a xmlns:x="urn:x" xmlns:r="{_R}">'
        + "<x:a>" * depth
        + '<x:b r:id="rIdNone"/>' * leaves
        + "</x:a>" * depth
        + "</x:a></p:ext></p:extLst>"
    )
    parts[name] = parts[name].replace(b"</p:sldMaster>", deep.encode() + b"</p:sldMaster>")
    # Not named .pptx: the suite's deck check would take minutes over 100,000 elements.
    template = write_parts(tmp_path / "t.zip", parts)
    started = time.perf_counter()
    cleaned = clean_template(template)
    took = time.perf_counter() - started
    assert took < 8, f"{took:.1f} s (was 40 s and more)"
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        assert b"rIdNone" not in archive.read(name)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "fifo"])
def test_a_template_that_is_a_device_or_a_pipe_is_refused_before_it_is_read(
    tmp_path: Path, device: str
) -> None:
    # zipfile read /dev/zero into memory looking for its end: 24 GB before the machine's
    # out-of-memory killer stopped the test run (a hostile course's `template: /dev/zero`).
    # A pipe blocked forever. Both are refused from what the file is, before opening it.
    import os

    path = Path(device)
    if device == "fifo":
        path = tmp_path / "template.pptx"
        os.mkfifo(path)
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from pathlib import Path\n"
        "from alliance_slides.errors import AllianceError\n"
        "from alliance_slides.format.template_package import clean_template\n"
        "try:\n"
        f"    clean_template(Path({str(path)!r}))\n"
        "except AllianceError as e:\n"
        "    print(e.problems[0])\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
    finally:
        if device == "fifo":  # the deck check after each test would block opening it
            path.unlink()
    assert done.stdout.strip() == (
        f"{path}: template refused: not a file (a folder, a device or a pipe): give a .pptx/.potx"
    ), done.stderr[-300:]
