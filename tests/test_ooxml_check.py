"""The deck checker (tests/ooxml) passes a real deck and names every fault injected into a copy.

A deck is built by the real program in a subprocess, so the checker is tried on what the
project writes; each fault is then put into a copy of it, one at a time, and the checker
must name the part and the kind of problem. An injection that does not change the deck
fails the test (a fault test that cannot fail would prove nothing).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from conftest import SHARED
from ooxml import SCHEMAS, problems, schema

OUTLINE = """
title: Checked deck
subtitle: Every slide kind
author: A. Lecturer
date: 2027-02-02
sources:
  main: {title: The main source, author: A. Writer, url: https://example.org/main}
slides:
  - title: Bullets
    bullets:
      - Plain first
      - With **bold** and *italic*
      - Parent:
          - child one
    notes: Say hello on slide {{ slide.number }}.
    cite: [main#1]
  - kind: section
    title: A section
    notes: A section note.
  - kind: two_column
    title: Compare
    left: {heading: Left, bullets: [l1, l2]}
    right: {heading: Right, bullets: [r1]}
  - kind: timeline
    title: Dates
    events:
      - {when: 1945, label: First}
      - {when: 1951, label: Second, detail: more}
  - kind: quote
    title: A quotation
    text: Words worth quoting
    by: Someone
  - kind: table
    title: A table
    columns: [Sector, Decade]
    rows: [[Textiles, 1970s], [Beef, 1970s]]
  - kind: image
    title: A picture
    image: pic.png
    alt: A navy rectangle
    caption: The caption
  - kind: questions
    questions: [Why?, How?]
  - kind: references
"""

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
Parts = list[tuple[str, bytes]]


def build(folder: Path, outline: str = OUTLINE, *args: str) -> Path:
    """Build ``outline`` in ``folder`` with the real program; return the deck."""
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), "navy").save(folder / "pic.png")
    (folder / "outline.yaml").write_text(outline, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "alliance_slides", "build", "outline.yaml", "-o", "x.pptx", *args],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return folder / "x.pptx"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("clean"))


def read(deck: Path) -> Parts:
    with zipfile.ZipFile(deck) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def write(parts: Parts, deck: Path) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate names we write on purpose
        with zipfile.ZipFile(deck, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts:
                archive.writestr(name, data)
    return deck


def get(parts: Parts, name: str) -> bytes:
    return next(data for n, data in parts if n == name)


def edit(parts: Parts, name: str, pattern: str, replacement: str, count: int = 1) -> None:
    """Replace ``pattern`` (a regular expression) in part ``name``; it must be there."""
    for i, (n, data) in enumerate(parts):
        if n == name:
            new, done = re.subn(pattern.encode(), replacement.encode(), data, count=count)
            assert done, f"{pattern!r} is not in {name}: the fault was not injected"
            parts[i] = (n, new)
            return
    raise AssertionError(f"no part {name} to inject the fault into")


def notes_pair(parts: Parts) -> tuple[str, str]:
    """(a notes slide, the slide it belongs to), read from the slide's relationships."""
    for name, data in parts:
        m = re.search(
            rb'Type="[^"]*/notesSlide" Target="../notesSlides/(notesSlide\d+\.xml)"', data
        )
        if name.startswith("ppt/slides/_rels/") and m:
            return f"ppt/notesSlides/{m.group(1).decode()}", name.replace("_rels/", "")[:-5]
    raise AssertionError("the clean deck has no notes slide")


def add_rel(parts: Parts, rels: str, rel: str) -> None:
    edit(parts, rels, r"</Relationships>", rel + "</Relationships>")


# ----------------------------------------------------------------------------- the faults


def duplicate_entry(parts: Parts) -> None:
    parts.append(("ppt/slides/slide1.xml", get(parts, "ppt/slides/slide1.xml")))


def duplicate_entry_other_case(parts: Parts) -> None:
    parts.append(("PPT/Slides/Slide1.xml", get(parts, "ppt/slides/slide1.xml")))


def dotdot_entry(parts: Parts) -> None:
    parts.append(("ppt/../evil.xml", b"<x/>"))


def no_content_type(parts: Parts) -> None:
    edit(parts, "[Content_Types].xml", r'<Default Extension="png"[^>]*/>', "")


def wrong_content_type(parts: Parts) -> None:
    edit(parts, "[Content_Types].xml", r'<Override PartName="/ppt/slides/slide1.xml"[^>]*/>', "")


def override_without_part(parts: Parts) -> None:
    edit(
        parts,
        "[Content_Types].xml",
        "</Types>",
        '<Override PartName="/ppt/slides/slide99.xml" ContentType="application/vnd.openxmlformats'
        '-officedocument.presentationml.slide+xml"/></Types>',
    )


def dangling_target(parts: Parts) -> None:
    edit(parts, "ppt/slides/_rels/slide1.xml.rels", r"slideLayout\d+\.xml", "slideLayout99.xml")


def duplicate_rel_id(parts: Parts) -> None:
    edit(parts, "ppt/_rels/presentation.xml.rels", r'Id="rId2"', 'Id="rId1"')


def dangling_r_id(parts: Parts) -> None:
    edit(parts, "ppt/slides/slide8.xml", r'r:embed="rId\d+"', 'r:embed="rId77"')


def notes_without_back_link(parts: Parts) -> None:
    notes, _slide = notes_pair(parts)
    rels = notes.replace("notesSlides/", "notesSlides/_rels/") + ".rels"
    edit(parts, rels, r'<Relationship [^>]*/relationships/slide"[^>]*/>', "")


def notes_back_link_to_another_slide(parts: Parts) -> None:
    notes, slide = notes_pair(parts)
    rels = notes.replace("notesSlides/", "notesSlides/_rels/") + ".rels"
    other = "slide1.xml" if not slide.endswith("/slide1.xml") else "slide4.xml"
    edit(parts, rels, r"\.\./slides/slide\d+\.xml", f"../slides/{other}")


def slide_without_notes_link(parts: Parts) -> None:
    _notes, slide = notes_pair(parts)
    rels = slide.replace("slides/", "slides/_rels/") + ".rels"
    edit(parts, rels, r'<Relationship [^>]*/relationships/notesSlide"[^>]*/>', "")


def no_notes_master_link(parts: Parts) -> None:
    edit(parts, "ppt/_rels/presentation.xml.rels", r'<Relationship [^>]*/notesMaster"[^>]*/>', "")


def layout_without_master(parts: Parts) -> None:
    edit(parts, "ppt/slideLayouts/_rels/slideLayout1.xml.rels", r"<Relationship [^>]*/>", "")


def duplicate_shape_id(parts: Parts) -> None:
    # the second shape of slide 1 takes the id of the first
    ids = re.findall(rb'<p:cNvPr id="(\d+)"', get(parts, "ppt/slides/slide1.xml"))
    assert len(ids) >= 3
    edit(
        parts,
        "ppt/slides/slide1.xml",
        f'<p:cNvPr id="{ids[2].decode()}"',
        f'<p:cNvPr id="{ids[1].decode()}"',
    )


def table_row_short_of_a_cell(parts: Parts) -> None:
    edit(parts, "ppt/slides/slide7.xml", r"<a:tc>.*?</a:tc>", "")


def negative_extent(parts: Parts) -> None:
    edit(parts, "ppt/slides/slide2.xml", r'<a:ext cx="\d+"', '<a:ext cx="-12700"')


def extent_over_int32(parts: Parts) -> None:
    edit(parts, "ppt/slides/slide2.xml", r'<a:ext cx="\d+"', '<a:ext cx="2147483648"')


def offset_over_int32(parts: Parts) -> None:
    edit(parts, "ppt/slides/slide2.xml", r'<a:off x="\d+"', '<a:off x="2147483648"')


def slide_size_negative(parts: Parts) -> None:
    edit(parts, "ppt/presentation.xml", r'<p:sldSz cx="\d+"', '<p:sldSz cx="-1"')


def doctype(parts: Parts) -> None:
    edit(parts, "ppt/slides/slide1.xml", r"(<\?xml[^>]*\?>)", r"\1<!DOCTYPE p:sld>")


def unknown_element(parts: Parts) -> None:
    edit(parts, "ppt/slides/slide3.xml", r"<p:cSld>", "<p:cSld><p:bogus/>")


def duplicate_slide_id(parts: Parts) -> None:
    edit(
        parts,
        "ppt/presentation.xml",
        r'(<p:sldId id=")(\d+)(" r:id="\w+"/><p:sldId id=")\d+',
        r"\g<1>\2\g<3>\2",
    )


def slide_id_below_256(parts: Parts) -> None:
    edit(parts, "ppt/presentation.xml", r'<p:sldId id="\d+"', '<p:sldId id="255"')


def external_image(parts: Parts) -> None:
    add_rel(
        parts,
        "ppt/slides/_rels/slide1.xml.rels",
        f'<Relationship Id="rId90" Type="{RT}image" Target="https://example.org/x.png" '
        'TargetMode="External"/>',
    )


def vba_project(parts: Parts) -> None:
    parts.append(("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)))
    edit(
        parts,
        "[Content_Types].xml",
        "</Types>",
        '<Override PartName="/ppt/vbaProject.bin" ContentType="application/vnd.ms-office.'
        'vbaProject"/></Types>',
    )
    add_rel(
        parts,
        "ppt/_rels/presentation.xml.rels",
        '<Relationship Id="rId90" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/>',
    )


def activex_part(parts: Parts) -> None:
    parts.append(("ppt/activeX/activeX1.xml", b"<ax:ocx xmlns:ax='urn:x'/>"))
    edit(
        parts,
        "[Content_Types].xml",
        "</Types>",
        '<Override PartName="/ppt/activeX/activeX1.xml" ContentType="application/vnd.ms-office.'
        'activeX+xml"/></Types>',
    )


def schema_error_in_theme(parts: Parts) -> None:
    edit(parts, "ppt/theme/theme1.xml", r"<a:themeElements>", '<a:themeElements bogus="1">')


def schema_error_in_core(parts: Parts) -> None:
    edit(parts, "docProps/core.xml", r"</cp:coreProperties>", "<cp:bogus/></cp:coreProperties>")


def schema_error_in_rels(parts: Parts) -> None:
    edit(parts, "_rels/.rels", r"<Relationship ", "<Relationship Bogus='1' ")


FAULTS: list[tuple[str, Callable[[Parts], None], str, str, str]] = [
    # (id, injector, part, check, words of the message)
    ("duplicate zip entry", duplicate_entry, "/ppt/slides/slide1.xml", "zip", "duplicate"),
    (
        "duplicate entry, other case",
        duplicate_entry_other_case,
        "/PPT/Slides/Slide1.xml",
        "zip",
        "duplicate",
    ),
    ("'..' in an entry name", dotdot_entry, "ppt/../evil.xml", "zip", "'..'"),
    (
        "missing content type",
        no_content_type,
        "/ppt/media/image1.png",
        "content-types",
        "no content type",
    ),
    (
        "wrong content type",
        wrong_content_type,
        "/ppt/_rels/presentation.xml.rels",
        "content-types",
        "slide1.xml has content type application/xml",
    ),
    (
        "override of no part",
        override_without_part,
        "/[Content_Types].xml",
        "content-types",
        "slide99.xml, not in the package",
    ),
    (
        "dangling relationship target",
        dangling_target,
        "/ppt/slides/_rels/slide1.xml.rels",
        "rels",
        "slideLayout99.xml, which is not in the package",
    ),
    (
        "duplicate relationship id",
        duplicate_rel_id,
        "/ppt/_rels/presentation.xml.rels",
        "rels",
        "Id rId1 twice",
    ),
    (
        "r:embed naming no relationship",
        dangling_r_id,
        "/ppt/slides/slide8.xml",
        "rels",
        "r:embed='rId77'",
    ),
    (
        "notes slide without back-link",
        notes_without_back_link,
        "/ppt/notesSlides/notesSlide1.xml",
        "notes",
        "relates back to []",
    ),
    (
        "notes slide linked to another slide",
        notes_back_link_to_another_slide,
        "/ppt/notesSlides/notesSlide1.xml",
        "notes",
        "relates back to",
    ),
    (
        "slide not linking its notes",
        slide_without_notes_link,
        "/ppt/notesSlides/notesSlide1.xml",
        "notes",
        "no listed slide relates to",
    ),
    (
        "notes master not related",
        no_notes_master_link,
        "/ppt/notesSlides/notesSlide1.xml",
        "notes",
        "notesMaster1.xml is not related from /ppt/presentation.xml",
    ),
    (
        "layout without master",
        layout_without_master,
        "/ppt/slideLayouts/slideLayout1.xml",
        "rels",
        "must relate to exactly /ppt/slideMasters/slideMaster1.xml",
    ),
    ("duplicate shape id", duplicate_shape_id, "/ppt/slides/slide1.xml", "shape-ids", "twice"),
    (
        "table row short of a cell",
        table_row_short_of_a_cell,
        "/ppt/slides/slide7.xml",
        "table",
        "1 a:tc in /p:sld/p:cSld/p:spTree/p:graphicFrame/a:graphic/a:graphicData/a:tbl/a:tr[1]",
    ),
    (
        "negative a:ext cx",
        negative_extent,
        "/ppt/slides/slide2.xml",
        "extent",
        "a:ext/@cx=-12700 outside 0..2147483647",
    ),
    (
        "negative a:ext cx (schema)",
        negative_extent,
        "/ppt/slides/slide2.xml",
        "schema",
        "'a:ext', attribute 'cx'",
    ),
    (
        "a:ext cx over 2^31-1",
        extent_over_int32,
        "/ppt/slides/slide2.xml",
        "extent",
        "a:ext/@cx=2147483648 outside 0..2147483647",
    ),
    (
        "a:off x over 2^31-1",
        offset_over_int32,
        "/ppt/slides/slide2.xml",
        "extent",
        "a:off/@x=2147483648",
    ),
    ("negative p:sldSz", slide_size_negative, "/ppt/presentation.xml", "extent", "p:sldSz/@cx=-1"),
    ("DOCTYPE", doctype, "/ppt/slides/slide1.xml", "doctype", "DOCTYPE"),
    (
        "unknown element in a slide",
        unknown_element,
        "/ppt/slides/slide3.xml",
        "schema",
        "Element 'p:bogus': This element is not expected",
    ),
    (
        "duplicate slide id",
        duplicate_slide_id,
        "/ppt/presentation.xml",
        "slide-ids",
        "twice in p:sldIdLst",
    ),
    (
        "slide id below 256",
        slide_id_below_256,
        "/ppt/presentation.xml",
        "slide-ids",
        "'255' outside 256..2147483647",
    ),
    (
        "external relationship not a hyperlink",
        external_image,
        "/ppt/slides/_rels/slide1.xml.rels",
        "external",
        "rId90 (image)",
    ),
    ("vbaProject.bin part", vba_project, "/ppt/vbaProject.bin", "forbidden", "macro"),
    ("vbaProject relationship", vba_project, "/ppt/presentation.xml", "forbidden", "rId90"),
    ("ActiveX part", activex_part, "/ppt/activeX/activeX1.xml", "forbidden", "ActiveX"),
    (
        "schema error in the theme",
        schema_error_in_theme,
        "/ppt/theme/theme1.xml",
        "schema",
        "'bogus'",
    ),
    (
        "schema error in core properties",
        schema_error_in_core,
        "/docProps/core.xml",
        "schema",
        "cp:bogus",
    ),
    ("schema error in a .rels", schema_error_in_rels, "/_rels/.rels", "schema", "Bogus"),
]


def test_a_deck_the_program_writes_has_no_problems(clean: Path) -> None:
    assert problems(clean) == []


@pytest.mark.invalid_decks
@pytest.mark.parametrize(
    ("inject", "part", "check", "words"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS]
)
def test_each_injected_fault_is_named(
    clean: Path, tmp_path: Path, inject: Callable[[Parts], None], part: str, check: str, words: str
) -> None:
    parts = read(clean)
    before = list(parts)
    inject(parts)
    assert parts != before, "the fault was not injected"
    found = problems(write(parts, tmp_path / "faulty.pptx"))
    named = [p for p in found if p.startswith(f"{part}: [{check}]") and words in p]
    assert named, f"expected {part}: [{check}] ...{words}..., got:\n" + "\n".join(found)


XML_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "ppt/presentation.xml",
    "ppt/presProps.xml",
    "ppt/viewProps.xml",
    "ppt/tableStyles.xml",
    "ppt/theme/theme1.xml",
    "ppt/slideMasters/slideMaster1.xml",
    "ppt/slideLayouts/slideLayout1.xml",
    "ppt/slides/slide1.xml",
    "ppt/notesSlides/notesSlide1.xml",
    "ppt/notesMasters/notesMaster1.xml",
    "ppt/slides/_rels/slide1.xml.rels",
]


@pytest.mark.invalid_decks
@pytest.mark.parametrize("name", XML_PARTS)
def test_every_kind_of_xml_part_is_validated_against_the_schema(
    clean: Path, tmp_path: Path, name: str
) -> None:
    # An attribute no schema allows on the root element: only validation can see it.
    parts = read(clean)
    edit(parts, name, r"(<(?!\?)[\w:]+)([ >])", r'\1 undeclared="1"\2')
    found = problems(write(parts, tmp_path / "faulty.pptx"))
    assert any(p.startswith(f"/{name}: [schema]") and "undeclared" in p for p in found), found


def test_an_external_hyperlink_is_allowed(clean: Path, tmp_path: Path) -> None:
    parts = read(clean)
    add_rel(
        parts,
        "ppt/slides/_rels/slide1.xml.rels",
        f'<Relationship Id="rId90" Type="{RT}hyperlink" Target="https://example.org/" '
        'TargetMode="External"/>',
    )
    edit(
        parts,
        "ppt/slides/slide1.xml",
        r"</a:rPr>",
        '<a:hlinkClick r:id="rId90"/></a:rPr>',
    )
    assert problems(write(parts, tmp_path / "linked.pptx")) == []


MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
P14 = 'xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"'


@pytest.mark.invalid_decks
def test_markup_compatibility_is_processed_as_powerpoint_does(clean: Path, tmp_path: Path) -> None:
    # An ignorable attribute and an AlternateContent whose Fallback is valid pass ...
    parts = read(clean)
    edit(
        parts,
        "ppt/slides/slide1.xml",
        r"<p:sld ",
        f'<p:sld {MC} {P14} mc:Ignorable="p14" p14:x="1" ',
    )
    edit(
        parts,
        "ppt/slides/slide1.xml",
        r"</p:sld>",
        '<mc:AlternateContent><mc:Choice Requires="p14"><p:transition p14:dur="10"/>'
        "</mc:Choice><mc:Fallback><p:transition/></mc:Fallback></mc:AlternateContent></p:sld>",
    )
    assert problems(write(parts, tmp_path / "mc.pptx")) == []
    # ... but a Fallback the schema rejects is still judged, and so is a foreign attribute
    # that is not declared ignorable.
    parts = read(clean)
    edit(parts, "ppt/slides/slide1.xml", r"<p:sld ", f"<p:sld {MC} {P14} p14:x='1' ")
    edit(
        parts,
        "ppt/slides/slide1.xml",
        r"</p:sld>",
        '<mc:AlternateContent><mc:Choice Requires="p14"><p:transition/></mc:Choice>'
        "<mc:Fallback><p:bogus/></mc:Fallback></mc:AlternateContent></p:sld>",
    )
    found = problems(write(parts, tmp_path / "bad-mc.pptx"))
    assert any("p:bogus" in p for p in found), found
    assert any("powerpoint/2010/main}x" in p and "not allowed" in p for p in found), found


@pytest.mark.invalid_decks
def test_a_file_that_is_not_a_zip_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "junk.pptx").write_bytes(b"PK\x03\x04 not really")
    (found,) = problems(tmp_path / "junk.pptx")
    assert found.startswith("(zip): [zip] not a readable zip")


def test_the_check_is_fast_enough_to_run_after_every_test(tmp_path: Path) -> None:
    slides = "".join(
        f"  - title: Slide {i}\n    bullets: [one {i}, two {i}, three {i}]\n    notes: Note {i}.\n"
        for i in range(19)
    )
    deck = build(tmp_path / "twenty", f"title: Twenty\nslides:\n{slides}")
    schema()  # compiled once per process
    best = min(_timed(deck) for _ in range(3))
    assert best < 0.25, f"{best * 1000:.0f} ms for a 20-slide deck"


def _timed(deck: Path) -> float:
    start = time.perf_counter()
    assert problems(deck) == []
    return time.perf_counter() - start


TEMPLATES = sorted((SHARED / "templates").glob("*.p[po]tx"))


@pytest.mark.skipif(not TEMPLATES, reason="../shared/templates is not beside the repository")
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_real_templates_and_decks_built_on_them_have_no_problems(
    tmp_path: Path, template: Path
) -> None:
    assert problems(template) == []
    deck = build(tmp_path, OUTLINE, "--template", str(template), "--allow", str(template.parent))
    assert problems(deck) == []


def test_the_schemas_are_the_copies_sources_txt_lists() -> None:
    listed = dict(
        reversed(line.split())
        for line in (SCHEMAS / "SOURCES.txt").read_text().splitlines()
        if re.fullmatch(r"[0-9a-f]{64}  \S+\.xsd", line)
    )
    actual = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SCHEMAS.glob("*.xsd")}
    assert actual == listed


@pytest.mark.parametrize(
    ("value", "valid"), [("100000", True), ("50%", True), ("7", False), ("1000%", False)]
)
def test_bullet_sizes_are_judged_as_powerpoint_writes_them(value: str, valid: bool) -> None:
    presentation = etree.fromstring(
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:notesSz cx="1" cy="1"/>'
        f'<p:defaultTextStyle><a:lvl1pPr><a:buSzPct val="{value}"/></a:lvl1pPr>'
        "</p:defaultTextStyle>"
        "</p:presentation>"
    )
    assert schema().xsd.validate(presentation) is valid


HOOKED = """
import pytest
from pptx import Presentation

from conftest import _isolated  # noqa: F401  (the autouse fixture under test)


@pytest.fixture(scope="module")
def shared_deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fixture")
    (folder / "broken.pptx").write_bytes(b"PK not a deck")


def test_good(tmp_path):
    Presentation().save(str(tmp_path / "good.pptx"))


def test_bad(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.pptx").write_bytes(b"PK not a deck")


@pytest.mark.invalid_decks
def test_bad_on_purpose(tmp_path):
    (tmp_path / "bad.pptx").write_bytes(b"PK not a deck")


def test_uses_a_fixture_that_writes_a_broken_deck(shared_deck):
    pass
"""


@pytest.mark.invalid_decks  # the inner run's broken decks lie under this test's folder
@pytest.mark.parametrize("on", [True, False])
def test_the_hook_errors_each_test_that_leaves_a_broken_deck(tmp_path: Path, on: bool) -> None:
    (tmp_path / "test_hooked.py").write_text(HOOKED)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    env["ALLIANCE_SLIDES_CHECK_DECKS"] = "1" if on else "0"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore",
         "--rootdir", str(tmp_path), "--basetemp", str(tmp_path / "inner"),
         str(tmp_path / "test_hooked.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if not on:
        assert result.returncode == 0, result.stdout
        return
    assert "4 passed, 2 errors" in result.stdout, result.stdout
    errors = re.findall(r"^ERROR \S+::(\w+)", result.stdout, re.M)
    assert sorted(errors) == ["test_bad", "test_uses_a_fixture_that_writes_a_broken_deck"]
    assert re.search(r"test_bad0/sub/bad.pptx: \(zip\): \[zip\] not a readable zip", result.stdout)
    assert re.search(r"fixture0/broken.pptx: \(zip\): \[zip\] not a readable zip", result.stdout)
