"""The rendered model: notes read as prose, whatever line breaks the YAML kept."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
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


@pytest.mark.parametrize(("note", "imported"), [("Plain words.", False), ("{{ 'x' }}", True)])
def test_jinja2_is_imported_only_for_text_with_markup(
    write: Callable[[str, str], Path], note: str, imported: bool
) -> None:
    # Importing Jinja2 is a tenth of a small build; plain outlines should not pay it.
    outline = write(
        "plain.yaml",
        f"""
        title: Plain
        slides:
          - title: One
            bullets: [a]
            notes: "{note}"
        """,
    )
    probe = (
        "import sys; from pathlib import Path; from alliance_slides.build import prepare; "
        f"(lecture,) = prepare(Path({str(outline)!r})); "
        "print(lecture.outline.slides[0].notes, 'jinja2' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shown = "x" if imported else note
    assert result.stdout.split() == [*shown.split(), str(imported)]
