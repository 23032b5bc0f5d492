"""A table's shape: widths from its content, rows of even height (layout.kinds.table)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_slides.build import prepare
from alliance_slides.layout.kinds.table import even_rows
from alliance_slides.layout.scene import TableShape
from alliance_slides.layout.text import INSET_X

SEVEN = """\
  - kind: table
    title: Seven columns
    columns: [Year, Treaty, Signed by Japan, Signed by US, Duration, Defence duty, Bases]
    rows:
      - ["1951", Security Treaty, Yoshida, Acheson, Indefinite, None stated, "Yes"]
      - ["1960", Treaty of Mutual Cooperation and Security, Kishi, Herter,
         "10 years, then notice", US defends Japan, "Yes, with prior consultation"]
      - ["1978", Guidelines, Fukuda, Carter, n/a, Roles defined, "Yes"]
"""
TWO = """\
  - kind: table
    title: Two columns
    columns: [Sector, Decade]
    rows: [[Textiles, 1970s], [Beef, 1970s]]
"""


def tables(write: Callable[[str, str], Path], slides: str) -> list[TableShape]:
    write("o.yaml", f"title: T\ntitle_slide: false\nslides:\n{slides}")
    course = write("c.yaml", "course: {code: X 1}\nlectures: [{outline: o.yaml}]\n")
    (lecture,) = prepare(course)
    return [s for scene in lecture.scenes for s in scene.shapes if isinstance(s, TableShape)]


def test_a_seven_column_table_keeps_its_size_and_even_rows(
    write: Callable[[str, str], Path],
) -> None:
    (table,) = tables(write, SEVEN)
    assert table.size >= 22, "three short rows need not shrink (they went to 15 pt)"
    body = table.row_heights[1:]
    assert max(body) - min(body) < 0.5, f"rows of one height: {table.row_heights}"
    assert sum(table.column_widths) == pytest.approx(table.box.w)


def test_a_two_column_table_is_as_wide_as_its_content(
    write: Callable[[str, str], Path],
) -> None:
    (table,) = tables(write, TWO)
    from alliance_slides.format.theme import load_theme

    body = load_theme("classic").body_box
    assert table.box.x == pytest.approx(body.x + INSET_X), "on the title's text edge"
    assert table.box.w <= 0.5 * body.w + 0.01, "not stretched across the slide"
    assert sum(table.column_widths) == pytest.approx(table.box.w)


def test_rows_rise_to_the_tallest_as_far_as_the_room_allows() -> None:
    # Even, then half again the shortest (30) more air for every row.
    assert even_rows(30, [30, 60, 30], 500, 500) == pytest.approx((45, 75, 75, 75))
    head, *rows = even_rows(30, [30, 60, 30], 170, 170)
    assert rows == pytest.approx([40, 60, 40], abs=0.01), "the shorter rows rise as they can"
    assert even_rows(30, [30, 60, 30], 100, 100) == (30, 30, 60, 30), "never below the text"
    assert even_rows(30, [30, 60, 30], 200, 220)[1:] == pytest.approx([60, 60, 60])
