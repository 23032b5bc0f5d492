"""The rendered model: notes read as prose, whatever line breaks the YAML kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pptx import Presentation

from alliance_slides.build import build
from alliance_slides.render import reflow


def test_reflow_joins_lines_keeps_paragraphs_and_list_items() -> None:
    text = "Open with\nthe puzzle.\n\n  \nThen ask:\n- why?\n- how\n  so?\n1. first\n2) second\n"
    assert reflow(text) == (
        "Open with the puzzle.\n\nThen ask:\n- why?\n- how so?\n1. first\n2) second"
    )


def test_block_scalar_notes_are_one_paragraph_per_paragraph_in_the_deck(
    write: Callable[[str, str], Path],
) -> None:
    outline = write(
        "n.yaml",
        """
        title: Notes
        title_slide: false
        slides:
          - title: One
            bullets: [a]
            notes: |
              Say this first,
              then {{ 'that' }}.

              A second paragraph.
        """,
    )
    (deck,) = build(outline, "out")
    notes = Presentation(str(deck.path)).slides[0].notes_slide.notes_text_frame
    assert [p.text for p in notes.paragraphs] == [
        "Say this first, then that.", "", "A second paragraph."
    ]
