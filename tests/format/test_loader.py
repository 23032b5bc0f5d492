"""Reading YAML: text fields keep what the author wrote, whatever YAML 1.1 makes of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from pptx import Presentation

from alliance_slides.build import build, prepare
from alliance_slides.cli import cli


def test_numbers_times_and_dates_in_text_fields_stay_as_written(
    write: Callable[[str, str], Path],
) -> None:
    # YAML 1.1 reads 8:15 as 495 (base 60), 017 as 15, 3.10 as 3.1, 0b11 as 3.
    outline = write(
        "n.yaml",
        """
        title: 8:15
        title_slide: false
        duration: 50
        slides:
          - title: Hiroshima, 8:15
            bullets: [8:15, 1:30:00, 017, 0b11, 1_000, 3.10, 2001-09-11 08:46, 1e3]
            minutes: 3.5
          - kind: timeline
            title: Times
            events: [{when: 12:30, label: noon}, {when: 1945.10, label: October}]
          - kind: table
            title: Cells
            columns: [a, b]
            rows: [[1.50, 007]]
        """,
    )
    (lecture,) = prepare(outline)
    assert lecture.outline.title == "8:15"
    assert (lecture.outline.duration, lecture.outline.slides[0].minutes) == (50, 3.5)
    assert type(lecture.outline.duration) is int, "numbers stay plain numbers"
    (deck,) = build(outline, "out")
    slides = Presentation(str(deck.path)).slides
    body = slides[0].placeholders[1].text_frame.text.split("\n")
    assert body == ["8:15", "1:30:00", "017", "0b11", "1_000", "3.10", "2001-09-11 08:46", "1e3"]
    timeline = [s.text_frame.text for s in slides[1].shapes if s.has_text_frame]
    assert "12:30" in timeline and "1945.10" in timeline
    table = next(s.table for s in slides[2].shapes if s.has_table)
    assert [c.text for c in table.rows[1].cells] == ["1.50", "007"]


def test_a_value_yaml_cannot_read_does_not_hide_the_file_s_other_problems(
    write: Callable[[str, str], Path],
) -> None:
    write("d.yaml", "title: x\ndate: 2027-02-30\nslidez: 1\nslides: [{title: a, minutes: x}]\n")
    result = CliRunner().invoke(cli, ["validate", "d.yaml"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "d.yaml:2:7: cannot read '2027-02-30': day is out of range for month",
        "d.yaml:3:1: unknown field 'slidez' (did you mean 'slides'?)",
        "d.yaml:4:30: expected a number, got text",
    ]


def test_a_tagged_value_that_is_not_its_type_is_an_error_at_its_place(
    write: Callable[[str, str], Path],
) -> None:
    """PyYAML's constructors crash (KeyError, IndexError ...) on a tag its value does not fit."""
    write(
        "t.yaml",
        "title: T\nslides:\n  - title: A\n    minutes: !!bool abc\n"
        "  - title: B\n    minutes: !!int _\n  - title: C\n    minutes: !!timestamp abc\n"
        "  - title: D\n    minutes: !!float 1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:"
        + "1:" * 200
        + "1.5\n",
    )
    result = CliRunner().invoke(cli, ["validate", "t.yaml"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "t.yaml:4:14: cannot read 'abc' as !!bool: it is not written as one" in lines
    assert "t.yaml:6:14: cannot read '_' as !!int: it is not written as one" in lines
    assert "t.yaml:8:14: cannot read 'abc' as !!timestamp: it is not written as one" in lines
    assert any(
        line.startswith("t.yaml:10:14: cannot read '1:1:1:") and "a number too large" in line
        for line in lines
    ), lines
    assert "internal error" not in result.output


def test_a_number_too_large_to_hold_is_text_where_text_goes(
    write: Callable[[str, str], Path],
) -> None:
    """YAML 1.1 reads 1:1:…:1 as 60**n; untagged, it is what the author wrote."""
    sexagesimal = ":".join(["1"] * 2500)
    outline = write(
        "t.yaml",
        f"title: {sexagesimal}\nslides:\n  - title: A\n    notes: {sexagesimal}.5\n"
        f"  - title: B\n    minutes: {'9' * 5000}\n",
    )
    result = CliRunner().invoke(cli, ["validate", str(outline)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == ["t.yaml:6:14: expected a number, got text"]
    outline.write_text(f"title: {sexagesimal}\nslides:\n  - title: A\n    notes: {sexagesimal}.5\n")
    (lecture,) = prepare(outline)
    assert lecture.outline.title == sexagesimal
    assert lecture.outline.slides[0].notes == sexagesimal + ".5"
