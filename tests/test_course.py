"""Courses: one deck per lecture, customized by the course file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from alliance_slides.build import build, prepare
from alliance_slides.cli import cli

LECTURE = """
title: Lecture {{ lecture.number }} of {{ course.code | default('no course') }}
date: 2026-01-01
duration: 90
slides:
  - title: Always
    bullets: ["Campus: {{ vars.campus }}"]
    notes: "{{ lecture.date }}, {{ lecture.duration }} minutes"
  - title: Advanced only
    bullets: [deep]
    tags: [advanced]
  - title: Core
    bullets: [core]
    tags: [core]
"""


@pytest.fixture
def course(write: Callable[[str, str], Path]) -> Path:
    write("outlines/01-first.yaml", LECTURE)
    write("outlines/02-second.yaml", LECTURE)
    return write(
        "courses/c.yaml",
        """
        course: {code: HIST 240, instructor: Dr. X}
        vars: {campus: North}
        lectures:
          - outline: ../outlines/01-first.yaml
            date: 2027-02-02
            duration: 50
            exclude_tags: [advanced]
          - outline: ../outlines/02-second.yaml
            include_tags: [core]
        """,
    )


def titles(path: Path) -> list[str]:
    return [s.shapes.title.text for s in Presentation(str(path)).slides]


def test_one_deck_per_lecture_with_stable_names_in_build_course(course: Path) -> None:
    decks = build(course)
    assert [d.path for d in decks] == [
        Path("build/c/01-first.pptx"),
        Path("build/c/02-second.pptx"),
    ]


def test_overrides_filters_and_vars_reach_every_template(course: Path) -> None:
    first, second = build(course)
    assert titles(first.path) == ["Lecture 1 of HIST 240", "Always", "Core"]
    assert titles(second.path) == ["Lecture 2 of HIST 240", "Always", "Core"], (
        "include_tags keeps untagged slides and those with an included tag"
    )
    slide = Presentation(str(first.path)).slides[1]
    assert "Campus: North" in slide.placeholders[1].text_frame.text
    assert slide.notes_slide.notes_text_frame.text == "February 2, 2027, 50 minutes"
    other = Presentation(str(second.path)).slides[1]
    assert other.notes_slide.notes_text_frame.text == "January 1, 2026, 90 minutes"


def test_an_outline_alone_sees_an_empty_course(write: Callable[[str, str], Path]) -> None:
    path = write(
        "alone.yaml", LECTURE.replace("{{ vars.campus }}", "{{ vars.campus | default('-') }}")
    )
    (lecture,) = prepare(path)
    assert lecture.outline.title == "Lecture 1 of no course"


def test_an_undefined_variable_is_an_error_not_a_blank(write: Callable[[str, str], Path]) -> None:
    from alliance_slides.errors import TemplateError

    path = write("alone.yaml", LECTURE)
    with pytest.raises(TemplateError, match=r"alone.yaml:6:15: slide 1: undefined"):
        prepare(path)


def test_course_output_must_be_a_folder(course: Path) -> None:
    from alliance_slides.errors import CommandLineError

    with pytest.raises(CommandLineError, match="give -o a folder"):
        build(course, "one.pptx")


def test_an_invalid_course_still_reports_its_outlines_problems(
    write: Callable[[str, str], Path],
) -> None:
    write("b.yaml", "title: B\nslides:\n  - title: A\n    bulets: [a]\n")
    write("c.yaml", "lectures:\n  - {outline: missing.yaml}\n  - {outline: b.yaml, duration: 0}\n")
    result = CliRunner().invoke(cli, ["validate", "c.yaml"])
    assert result.exit_code == 1
    assert sorted(result.output.splitlines()) == [
        "b.yaml:4:5: unknown field 'bulets' (did you mean 'bullets'?)",
        "c.yaml:2:15: outline file not found: missing.yaml",
        "c.yaml:3:33: must be at least 1, got 0",
    ]


def test_notes_can_ask_whether_the_build_keeps_a_tag(write: Callable[[str, str], Path]) -> None:
    outline = """
        title: T
        slides:
          - title: Basics
            bullets: [a]
            notes: >-
              {% if lecture.includes('advanced') %}See the next slide.{% else %}Done.{% endif %}
          - {title: Deeper, bullets: [b], tags: [advanced]}
        """
    write("full.yaml", outline)
    write("survey.yaml", outline)
    course = write(
        "course.yaml",
        """
        course: {code: X 1}
        lectures:
          - {outline: full.yaml}
          - {outline: survey.yaml, exclude_tags: [advanced]}
        """,
    )
    full, survey = prepare(course)
    assert full.outline.slides[0].notes == "See the next slide."
    assert [s.title for s in survey.outline.slides] == ["Basics"]
    assert survey.outline.slides[0].notes == "Done."
