"""The private names of python-pptx the deck writer leans on are still there.

``pyproject.toml`` pins python-pptx to the minor versions these were tested against; a
new python-pptx that moves one fails here, by name, rather than somewhere in a build.
"""

from __future__ import annotations

import importlib.metadata
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
