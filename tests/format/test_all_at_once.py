"""Problems that hid others until mended are reported in the same run (user audit, item 7)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_slides.errors import ValidationError
from alliance_slides.format.validate import load_lectures

Write = Callable[[str, str], Path]


def problems(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        load_lectures(path)
    return [str(p) for p in caught.value.problems]


def test_a_word_among_a_chart_s_numbers_does_not_hide_its_lengths(write: Write) -> None:
    path = write(
        "o.yaml",
        """
        title: T
        slides:
          - kind: chart
            title: A
            categories: [a, b, c]
            series:
              - {name: s, values: [1, 2]}
              - {name: t, values: [1, two, 3]}
        """,
    )
    assert problems(path) == [
        "o.yaml:3:5: missing required field 'alt'",
        "o.yaml:7:27: series 's' has 2 values; categories has 3 (one value per category)",
        "o.yaml:8:31: expected a number, got text",
    ]


def test_a_wrong_alignment_does_not_hide_a_table_s_widths_and_rows(write: Write) -> None:
    path = write(
        "o.yaml",
        """
        title: T
        slides:
          - kind: table
            title: Tb
            columns: [a, b]
            widths: [1, 2, 3]
            align: [left, middle]
            rows: [[1, 2], [3]]
        """,
    )
    assert problems(path) == [
        "o.yaml:6:13: widths has 3 items; columns has 2 (one per column)",
        "o.yaml:7:19: expected one of left, center, right, got 'middle'",
        "o.yaml:8:20: table row 2 has 1 cells; columns has 2",
    ]


def test_a_course_s_theme_file_is_checked_with_its_outlines(write: Write) -> None:
    write("a.yaml", "title: T\nslides:\n  - {title: A, kind: tabel}\n")
    write("bad.yaml", "name: bad\ncolors: {accent: nothex}\n")
    found = problems(write("c.yaml", "theme: bad.yaml\nlectures: [{outline: a.yaml}]\n"))
    assert any(p.startswith("a.yaml:3:22: unknown slide kind 'tabel'") for p in found), found
    assert any(p.startswith("bad.yaml:2:18: expected a colour") for p in found), found


def test_a_missing_theme_file_is_reported_though_the_course_is_invalid(write: Write) -> None:
    write("a.yaml", "title: T\nslides:\n  - {title: A}\n")
    found = problems(
        write("c.yaml", "theme: missing.yaml\nbogus: 1\nlectures: [{outline: a.yaml}]\n")
    )
    assert found == [
        "c.yaml:1:8: theme 'missing.yaml' is neither a built-in (classic, hall, slate) nor a file",
        "c.yaml:2:1: unknown field 'bogus'",
    ]
