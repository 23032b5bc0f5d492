"""The rendered model: notes read as prose, whatever line breaks the YAML kept."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation

from alliance_slides.build import build
from alliance_slides.templating.render import reflow


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


def test_templates_see_rendered_text_and_sources_render_too(
    write: Callable[[str, str], Path],
) -> None:
    outline = write(
        "r.yaml",
        """
        title: "Intro {{ 1 + 1 }}"
        subtitle: "After {{ lecture.title }}"
        date: 2027-02-02
        sources:
          s1: {title: "Notes on {{ lecture.title }}", detail: "{{ lecture.date.year }}"}
        slides:
          - title: "Campus {{ vars.campus | default('none') }}"
            bullets: ["{{ lecture.date }} | {{ lecture.date | date('%d %b') }}"]
            notes: "About {{ slide.title }}; {{ '{' }}{ kept }}"
            cite: [s1]
          - kind: references
        """,
    )
    (deck,) = build(outline, "out")
    slides = Presentation(str(deck.path)).slides
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    assert texts[0][:2] == ["Intro 2", "After Intro 2"]
    assert texts[1][:2] == ["Campus none", "February 2, 2027 | 02 Feb"]
    assert slides[1].notes_slide.notes_text_frame.text == "About Campus none; {{ kept }}"
    assert texts[2][1] == "Notes on Intro 2. 2027"


def test_lecture_exposes_its_fields_to_templates(write: Callable[[str, str], Path]) -> None:
    outline = write(
        "f.yaml",
        """
        title: Fields
        title_slide: false
        sources: {s1: {title: Book, url: "https://example.org"}}
        slides:
          - title: One
            bullets: ["{{ lecture.sources.s1.url }} {{ lecture.title_slide }} {{ lecture.date }}"]
        """,
    )
    (deck,) = build(outline, "out")
    body = Presentation(str(deck.path)).slides[0].placeholders[1].text_frame.text
    assert body == "https://example.org False None"


def test_the_course_block_may_hold_templates_too(write: Callable[[str, str], Path]) -> None:
    write("l.yaml", 'title: L\nslides:\n  - {title: "In {{ course.code }}", bullets: [a]}\n')
    course = write(
        "c.yaml",
        'course: {code: "C-{{ vars.campus }}", title: "{{ course.code }} course"}\n'
        "vars: {campus: North}\nlectures: [{outline: l.yaml}]\n",
    )
    (deck,) = build(course)
    slides = Presentation(str(deck.path)).slides
    opening = [s.text_frame.text for s in slides[0].shapes if s.has_text_frame]
    assert "C-North · C-North course" in opening
    assert slides[1].shapes.title.text == "In C-North"
    footer = next(s for s in slides[1].shapes if s.name == "Footer")
    assert footer.text_frame.text == "C-North · L"


def test_a_link_made_by_a_template_is_checked_too(write: Callable[[str, str], Path]) -> None:
    from alliance_slides.errors import AllianceError

    outline = write(
        "t.yaml",
        """
        title: Made links
        slides:
          - title: One
            bullets: ["[x]({{ 'java' ~ 'script:alert(1)' }})"]
        """,
    )
    with pytest.raises(AllianceError) as caught:
        build(outline, "out")
    (problem,) = caught.value.problems
    assert (problem.location.line, problem.location.column) == (4, 15)
    assert "links go only to" in problem.message
