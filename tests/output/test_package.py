"""The private names of python-pptx the deck writer leans on are still there.

``pyproject.toml`` pins python-pptx to the minor versions these were tested against; a
new python-pptx that moves one fails here, by name, rather than somewhere in a build.
"""

from __future__ import annotations

import importlib.metadata
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.package import OpcPackage, _Relationships
from pptx.opc.serialized import PackageWriter
from pptx.oxml.presentation import CT_SlideIdList
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import NotesSlide
from pptx.text.text import TextFrame

from alliance_slides.build import build
from conftest import REPO

#: (owner, name) of every private or internal python-pptx name output/ uses.
PRIVATE_NAMES = [
    (PackageWriter, "_write_content_types_stream"),
    (PackageWriter, "_write_pkg_rels"),
    (PackageWriter, "_write_parts"),
    (_Relationships, "_add_relationship"),
    (CT_SlideIdList, "_add_sldId"),
    (CT_GroupShape, "max_shape_id"),
    (BaseOxmlElement, "insert_element_before"),
    (OpcPackage, "next_partname"),
    (SlideShapes, "clone_layout_placeholders"),
    (NotesSlide, "clone_master_placeholders"),
]


@pytest.mark.parametrize(("owner", "name"), PRIVATE_NAMES, ids=lambda v: getattr(v, "__name__", v))
def test_the_private_names_the_writer_uses_exist(owner: type, name: str) -> None:
    version = importlib.metadata.version("python-pptx")
    assert hasattr(owner, name), (
        f"python-pptx {version} has no {owner.__name__}.{name}: output/package.py and "
        "output/deck.py must follow it before the pin in pyproject.toml is raised"
    )


def test_the_instance_attributes_the_writer_reads_exist() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    assert hasattr(prs.slides, "_sldIdLst")
    assert hasattr(prs.part.package, "_rels")
    assert hasattr(slide.shapes, "_spTree")
    assert hasattr(slide.shapes.title.text_frame, "_txBody")
    assert isinstance(slide.shapes.title.text_frame, TextFrame)
    assert hasattr(slide.part, "_element")


def test_python_pptx_is_pinned_to_the_tested_minor_version() -> None:
    text = (REPO / "pyproject.toml").read_text()
    assert '"python-pptx>=1.0.2,<1.1"' in text
    major, minor, *_ = importlib.metadata.version("python-pptx").split(".")
    assert (int(major), int(minor)) == (1, 0), "the tests ran against another python-pptx"


def test_relationships_are_written_as_python_pptx_writes_them(tmp_path: Path) -> None:
    """The writer serializes .rels parts itself (a fifth of writing a deck); same bytes."""
    from alliance_slides.build import build
    from alliance_slides.output.package import relationships_xml
    from samples import every_feature

    outline = every_feature(tmp_path)
    text = outline.read_text().replace(
        "https://example.org/sf1951", "https://example.org/a?b=1&c=2"
    )
    outline.write_text(text)
    (deck,) = build(outline, tmp_path / "out")
    prs = Presentation(str(deck.path))
    parts = list(prs.part.package.iter_parts())
    with_rels = [part for part in parts if part._rels]
    assert len(with_rels) > 20
    assert any(rel.is_external for part in with_rels for rel in part._rels.values())
    for part in with_rels:
        assert relationships_xml(part._rels) == part.rels.xml, part.partname


def _noise_png(path: Path, side: int) -> Path:
    import os

    from PIL import Image

    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, compress_level=0)
    return path


def test_a_picture_is_stored_once_and_refused_if_it_changed_before_the_deck_was_written(
    tmp_path: Path,
) -> None:
    from alliance_slides.errors import BuildError
    from alliance_slides.output.package import add_file_picture

    picture = _noise_png(tmp_path / "p.png", 40)
    prs = Presentation()
    box = (0, 0, 914400, 914400)
    parts: dict[str, object] = {}
    for _ in range(2):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        add_file_picture(slide, picture, box, parts)  # type: ignore[arg-type]
    prs.save(tmp_path / "ok.pptx")
    reopened = Presentation(str(tmp_path / "ok.pptx"))
    blobs = {s.shapes[0].image.blob for s in reopened.slides}
    assert blobs == {picture.read_bytes()} and len(parts) == 1
    _noise_png(picture, 40)  # replaced after it was checked and placed
    with pytest.raises(BuildError, match="p.png: the picture changed while the deck was written"):
        prs.save(io.BytesIO())  # (the build writes through a temporary file: see test_atomic)


@pytest.mark.slow
def test_pictures_are_written_from_their_files_not_held_in_memory(tmp_path: Path) -> None:
    """Ten 50 MB pictures took a gigabyte: each held once read, and the deck held whole."""
    import subprocess
    import sys

    slides = ""
    for i in range(5):
        _noise_png(tmp_path / f"p{i}.png", 2_600)  # 20 MB each, every one different
        slides += f"  - kind: image\n    title: P{i}\n    image: p{i}.png\n    alt: noise\n"
    (tmp_path / "t.yaml").write_text(f"title: T\nslides:\n{slides}")
    code = (
        "import re, sys\n"
        "from alliance_slides.cli import cli\n"
        "try:\n    cli.main(['build', 't.yaml', '-o', 'out'], standalone_mode=False)\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    print(int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) // 1024, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    peak = int(done.stderr.strip().splitlines()[-1])
    deck = tmp_path / "out" / "t.pptx"
    assert deck.stat().st_size > 100_000_000, done.stderr
    assert peak < 180, f"{peak} MiB"  # 103 MiB; was 277: 100 MB of pictures held, twice more


@pytest.mark.parametrize(("aspect", "shown"), [("16:9", "(16:9)"), ("4:3", "(4:3)")])
def test_the_package_lists_its_notes_master_and_counts_its_slides(
    write: Callable[[str, str], Path], tmp_path: Path, aspect: str, shown: str
) -> None:
    # python-pptx's default deck said <Slides>0</Slides>, 'On-screen Show (4:3)' and no
    # p:notesMasterIdLst whatever was written (the OOXML checker warned of all three).
    write(
        "o.yaml",
        "title: T\nslides:\n  - {title: A, notes: n}\n  - {title: B, hidden: true}\n"
        "  - {title: C, notes: m}\n",
    )
    write("c.yaml", f"aspect: '{aspect}'\nlectures: [{{outline: o.yaml}}]\n")
    (deck,) = build(tmp_path / "c.yaml", tmp_path / "out")
    with zipfile.ZipFile(deck.path) as archive:
        app = archive.read("docProps/app.xml").decode()
        presentation = archive.read("ppt/presentation.xml").decode()
        rels = archive.read("ppt/_rels/presentation.xml.rels").decode()
    slides = Presentation(str(deck.path)).slides
    noted = sum(1 for slide in slides if slide.has_notes_slide)
    counts = dict(re.findall(r"<(Slides|Notes|HiddenSlides)>(\d+)<", app))
    assert noted >= 2
    assert counts == {"Slides": str(len(slides)), "Notes": str(noted), "HiddenSlides": "1"}
    assert f"On-screen Show {shown}" in app
    (listed,) = re.findall(r'<p:notesMasterId r:id="(rId\d+)"/>', presentation)
    assert re.search(rf'Id="{listed}"[^>]*notesMaster"|notesMaster"[^>]*Id="{listed}"', rels)
