"""A reference reads as sentences, and its address is a link (user audit, item 9)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from alliance_slides.cli import cli
from alliance_slides.format.model import Source
from alliance_slides.layout.reference import reference_runs


def _text(source: Source) -> str:
    return "".join(run.text for run in reference_runs(source))


def test_a_part_that_ends_a_sentence_gets_no_second_full_stop() -> None:
    source = Source(title="Atlas", author="A. Writer", detail="3rd ed.", url="https://x.org/a")
    assert _text(source) == "Atlas. A. Writer. 3rd ed. https://x.org/a"
    assert _text(Source(title="Why?", detail="Vol. 2")) == "Why? Vol. 2"
    assert _text(Source(title="Plain")) == "Plain"


def test_only_an_address_a_link_may_have_is_a_link() -> None:
    linked = [r.link for r in reference_runs(Source(title="A", url="https://x.org/a"))]
    assert linked[-1] == "https://x.org/a"
    other = [r.link for r in reference_runs(Source(title="A", url="ftp://x.org/a"))]
    assert other == [None] * len(other)


def test_the_deck_s_references_slide_links_the_address(
    write: Callable[[str, str], Path],
) -> None:
    write(
        "o.yaml",
        """
        title: T
        sources:
          atlas: {title: Ocean atlas, author: A. Writer, detail: 3rd ed., url: "https://x.org/a"}
        slides:
          - {title: A, bullets: [a], cite: [atlas]}
          - kind: references
        """,
    )
    result = CliRunner().invoke(cli, ["build", "o.yaml", "-o", "o.pptx"])
    assert result.exit_code == 0, result.output
    slide = Presentation("o.pptx").slides[-1]
    (paragraph,) = [
        p for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title
        for p in shape.text_frame.paragraphs if "atlas" in p.text.lower()
    ]
    assert paragraph.text == "Ocean atlas. A. Writer. 3rd ed. https://x.org/a"
    links = [r.hyperlink.address for r in paragraph.runs if r.hyperlink.address]
    assert links == ["https://x.org/a"]
