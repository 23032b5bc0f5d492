"""Golden files: the notes and handouts of one small course, byte for byte.

Any change to what these outputs say or look like shows here as a diff to review. When
the change is meant, write the files again and read the diff before committing:
``ALLIANCE_SLIDES_UPDATE_GOLDEN=1 python -m pytest tests/output/test_golden.py``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli

GOLDEN = Path(__file__).with_name("golden")
UPDATE = os.environ.get("ALLIANCE_SLIDES_UPDATE_GOLDEN") == "1"

OUTLINE = """
title: The Golden Lecture
subtitle: Notes & handouts, as written
author: "{{ course.instructor }}"
date: 2027-02-02
duration: 10
sources:
  text: {title: The source text, detail: paragraphs count from 1}
slides:
  - title: Opening <question>
    bullets: [What changed in **1951**?, "Who *decided*?"]
    notes: |
      Start with the question.
      Let the room answer.

      - one point
      - another point
    cite: text#1
    minutes: 3
  - kind: table
    title: Two treaties
    columns: [Year, Treaty]
    rows: [["1951", San Francisco], ["1960", Revised security treaty]]
    notes: Compare the two rows.
    minutes: 4
  - kind: quote
    text: A short quotation.
    by: Someone
    minutes: 2
  - kind: questions
    questions: [Why then?, Why there?]
    notes: Close with these.
    minutes: 2
"""

COURSE = """
course: {code: GOLD 101, title: Golden course, instructor: Dr. G. Old, term: Spring 2027}
lectures:
  - {outline: lecture.yaml, duration: 10}
"""

#: Output file -> the CLI arguments that make it (run in the test's folder).
OUTPUTS = {
    "lecture.notes.md": ["notes", "course.yaml", "--format", "md"],
    "lecture.notes.html": ["notes", "course.yaml", "--format", "html", "-o", "notes"],
    "lecture.notes.txt": ["notes", "course.yaml", "--format", "txt"],
    "lecture.handout.md": ["handout", "course.yaml", "--format", "md", "-o", "out"],
    "lecture.handout.html": ["handout", "course.yaml", "--format", "html", "-o", "out"],
}


def produce(name: str) -> str:
    """Run the command that makes ``name``; return the text it wrote."""
    result = CliRunner().invoke(cli, OUTPUTS[name])
    assert result.exit_code == 0, result.output
    if "-o" not in OUTPUTS[name]:
        return result.stdout
    folder = Path(OUTPUTS[name][OUTPUTS[name].index("-o") + 1])
    return (folder / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_outputs_match_their_golden_files(name: str, write: Callable[[str, str], Path]) -> None:
    write("lecture.yaml", OUTLINE)
    write("course.yaml", COURSE)
    made = produce(name)
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(made, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if made != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                made.splitlines(keepends=True),
                f"golden/{name}",
                "made now",
            )
        )
        pytest.fail(
            f"{name} differs from its golden file; if the change is meant, run with "
            f"ALLIANCE_SLIDES_UPDATE_GOLDEN=1 and review the diff:\n{diff}",
            pytrace=False,
        )
