"""Text that always fits: shrink within the floors, then continue on more slides.

A deliberately crowded outline (long bullets, 15 bullets, long titles, an 8x6 table,
Japanese text) is laid out and checked; where LibreOffice is installed it is also
rendered to PDF and every word is checked to lie inside its own shape and the slide.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation

from alliance_slides.build import build, prepare
from alliance_slides.format.theme import DEFAULT_THEME
from alliance_slides.layout.kinds.table import column_widths
from alliance_slides.layout.scene import TableShape, TextShape
from alliance_slides.layout.text import INSET_X, frame_height, text_width
from conftest import needs_soffice
from pdfcheck import assert_words_inside_shapes

LONG = (
    "An extremely long bullet that keeps going well past the width of the slide so that it "
    "must wrap over several lines, the way an instructor pastes a sentence from a paper"
)

ROW = (
    "[19{year}, A long event description {i}, Government of Japan, Tokyo and Washington, "
    "An outcome that takes words, More notes]"
)
ROWS = "\n".join(f"      - {ROW.format(year=50 + i, i=i)}" for i in range(8))
EVENT = "{{when: {when}, label: Event label number {i} that is long, detail: some detail}}"
EVENTS = "\n".join(f"      - {EVENT.format(when=1950 + 5 * i, i=i)}" for i in range(11))

CROWDED = f"""
title: A crowded lecture whose title is far longer than any sensible title should ever be
sources:
  src: {{title: Source}}
slides:
  - title: Fifteen bullets on a single slide, which is far too many for one slide
    bullets:
{chr(10).join(f"      - Point number {i} with a few words of explanation" for i in range(1, 16))}
    notes: These notes belong to the first slide only.
  - title: Long bullets
    bullets:
      - {LONG}
      - {LONG}
      - "Nested:":
          - {LONG}
          - {LONG}
      - {LONG}
  - title: 日米同盟の歴史と現在の課題について考える長いタイトル
    bullets:
      - 日本は1945年8月に降伏し、アメリカは日本を資本主義のパートナーとして再建した
      - 1951年、日本はサンフランシスコ平和条約と日米安全保障条約に署名した
      - Japan–US alliance 日米同盟 mixed with English words in one long bullet line
  - title: An eight by six table
    kind: table
    columns: [Year, Event, Actor, Place, Outcome, Notes]
    rows:
{ROWS}
  - title: A timeline with many events
    kind: timeline
    events:
{EVENTS}
"""


@pytest.fixture
def crowded(write: Callable[[str, str], Path]) -> Path:
    return write("crowded.yaml", CROWDED)


def test_every_frame_fits_its_box_at_or_above_the_floors(crowded: Path) -> None:
    (lecture,) = prepare(crowded)
    scenes = lecture.scenes
    for scene in scenes:
        for shape in scene.shapes:
            if isinstance(shape, TextShape) and shape.name not in ("Footer", "Slide number"):
                assert frame_height(shape.paragraphs, shape.box.w) <= shape.box.h + 0.01, (
                    scene.title,
                    shape.name,
                )
                assert shape.box.right <= DEFAULT_THEME.width
                assert shape.box.bottom <= DEFAULT_THEME.height
                if shape.role == "body":
                    assert min(p.size for p in shape.paragraphs) >= 18
            if isinstance(shape, TableShape):
                assert shape.size >= 12
                assert sum(shape.row_heights) <= DEFAULT_THEME.body_box.h + 0.01
                assert abs(sum(shape.column_widths) - shape.box.w) < 0.01


def test_ordinary_words_are_never_broken_in_timelines_tables_and_titles(
    write: Callable[[str, str], Path],
) -> None:
    # One word per label or cell, each longer than a sixth or seventh of the slide at the
    # theme's size: only a smaller size, or fewer events a slide, keeps them whole.
    words = ["Demilitarization", "Democratization", "Independence", "Renegotiation",
             "Normalization", "Internationalization"]
    events = ", ".join(f"{{when: {1945 + i}, label: {w}}}" for i, w in enumerate(words))
    columns = "[Year, Administration, Counterpart, Agreement, Significance, Implementation, " \
        "Consequences]"
    outline = write(
        "w.yaml",
        f"""
        title: Words
        title_slide: false
        slides:
          - kind: timeline
            title: Six events
            events: [{events}]
          - kind: table
            title: Seven columns
            columns: {columns}
            rows: [["1951", Truman, Yoshida, Security Treaty, Foundational, Immediate, Ends]]
          - kind: section
            title: Internationalization Denuclearization Demilitarization Counterproliferation
        """,
    )
    (lecture,) = prepare(outline)
    checked = 0
    for scene in lecture.scenes:
        for shape in scene.shapes:
            if isinstance(shape, TextShape):
                for paragraph in shape.paragraphs:
                    for word in paragraph.text.split():
                        assert text_width(word, paragraph.size, True) <= (
                            shape.box.w - 2 * INSET_X
                        ), (scene.title, word, paragraph.size)
                        checked += 1
            if isinstance(shape, TableShape):
                for i, width in enumerate(shape.column_widths):
                    for cell in [shape.header[i], *(row[i] for row in shape.rows)]:
                        for word in cell.split():
                            assert text_width(word, shape.size, True) <= width - 2 * INSET_X, (
                                word, shape.size
                            )
                            checked += 1
    assert checked > 20


def test_a_long_table_continues_evenly_at_the_largest_size_needing_no_more_slides(
    write: Callable[[str, str], Path],
) -> None:
    rows = ", ".join(f'["{i}", "Event number {i}", "{1950 + i}"]' for i in range(1, 41))
    outline = write(
        "t.yaml",
        f"title: T\ntitle_slide: false\nslides:\n"
        f"  - {{kind: table, title: Forty rows, columns: [N, Event, Year], rows: [{rows}]}}\n",
    )
    (lecture,) = prepare(outline)
    tables = [
        shape for scene in lecture.scenes
        for shape in scene.shapes if isinstance(shape, TableShape)
    ]
    counts = [len(t.rows) for t in tables]
    assert len(tables) > 1 and max(counts) - min(counts) <= 1, counts
    assert sum(counts) == 40
    (size,) = {t.size for t in tables}
    assert size > DEFAULT_THEME.table_min_size, "continued anyway: not shrunk to the floor"
    for table in tables:
        assert table.box.bottom <= DEFAULT_THEME.body_box.bottom + 0.01


def test_a_continued_slide_keeps_one_size_and_drops_a_finished_column(
    write: Callable[[str, str], Path],
) -> None:
    many = ", ".join(f'"Point {i} with a few more words to wrap the line"' for i in range(30))
    few = "[a, b]"
    outline = write(
        "c.yaml",
        f"title: C\ntitle_slide: false\nslides:\n"
        f"  - {{title: Long, bullets: [{many}, a, b]}}\n"
        f"  - {{kind: two_column, title: Cols, left: {{heading: Few, bullets: {few}}}, "
        f"right: {{heading: Many, bullets: [{many}]}}}}\n",
    )
    (lecture,) = prepare(outline)
    scenes = lecture.scenes
    runs: dict[str, list[set[float]]] = {}
    for scene in scenes:
        bodies = [s for s in scene.shapes if isinstance(s, TextShape) and s.role == "body"]
        runs.setdefault(scene.title.split(" (cont")[0], []).append(
            {p.size for b in bodies for p in b.paragraphs if p.level == 0}
        )
    assert len(runs["Long"]) > 1 and len(set().union(*runs["Long"])) == 1, runs["Long"]
    assert len(runs["Cols"]) > 1 and len(set().union(*runs["Cols"])) == 1, runs["Cols"]
    later = [s for s in scenes if s.title.startswith("Cols (cont")]
    names = {shape.name for scene in later for shape in scene.shapes}
    assert "Column: Few" not in names and "Column: Many" in names


def test_overfull_slides_continue_with_numbered_titles_and_notes_on_the_first(
    crowded: Path,
) -> None:
    (lecture,) = prepare(crowded)
    scenes = lecture.scenes
    titles = [s.title for s in scenes]
    first = "Fifteen bullets on a single slide, which is far too many for one slide"
    assert f"{first} (cont.)" in titles
    run = [s for s in scenes if s.title.startswith(first)]
    assert run[0].notes == "These notes belong to the first slide only."
    assert all(s.notes == "" for s in run[1:])
    bullets = [
        p.text
        for s in run
        for shape in s.shapes
        if isinstance(shape, TextShape) and shape.role == "body"
        for p in shape.paragraphs
    ]
    assert bullets == [f"Point number {i} with a few words of explanation" for i in range(1, 16)]
    tables = [s for s in scenes if s.title.startswith("An eight by six table")]
    rows = [
        row
        for s in tables
        for shape in s.shapes
        if isinstance(shape, TableShape)
        for row in shape.rows
    ]
    assert len(rows) == 8, "every row is kept, continued or not"
    assert len(titles) == len(set(titles)), "continuations make every title unique"


def test_short_table_columns_get_their_whole_width_before_long_ones_share() -> None:
    header = ("Year", "What happened", "Why it mattered")
    long = "a sentence long enough that it has to wrap over several lines in any column " * 2
    rows = (("1991", long, long), ("After 2001", "short", long + long))
    widths = column_widths(header, rows, 864, 22)
    assert sum(widths) == pytest.approx(864)
    assert widths[0] >= text_width("After 2001", 22) + 2 * INSET_X, "a short column never wraps"
    assert widths[2] > widths[1], "the column that wants more gets more"
    assert min(widths[1:]) >= text_width("sentence", 22, True) + 2 * INSET_X


def test_japanese_text_is_measured_one_em_per_character() -> None:
    assert text_width("日本", 20) == pytest.approx(2 * 20 * 1.04)
    assert text_width("Japan", 20) < text_width("日本日本日", 20)


@needs_soffice
def test_rendered_pdf_keeps_every_word_inside_its_shape_and_the_slide(crowded: Path) -> None:
    (deck,) = build(crowded, "out")
    assert_words_inside_shapes(deck.path, deck.slides)


def test_a_word_no_size_keeps_whole_does_not_shrink_a_table_to_the_floor(
    write: Callable[[str, str], Path],
) -> None:
    token = "https://example.org/" + "a" * 300
    outline = write(
        "u.yaml",
        f"title: U\ntitle_slide: false\nslides:\n"
        f"  - {{kind: table, title: Url, columns: [Term, Source], rows: [[Yoshida, {token}]]}}\n",
    )
    (lecture,) = prepare(outline)
    (table,) = [
        s for scene in lecture.scenes for s in scene.shapes
        if isinstance(s, TableShape)
    ]
    assert table.size == DEFAULT_THEME.table_size


def test_a_column_narrower_than_the_font_costs_lines_not_infinity() -> None:
    from alliance_slides.layout.scene import Run
    from alliance_slides.layout.text import count_lines

    assert count_lines((Run("#"),), 7.5, 12) == 1
    assert count_lines((Run("ab"),), 7.5, 12) == 2, "each character on a line of its own"
    assert count_lines((Run("ab"),), 0, 12) == 2


def test_a_one_character_column_keeps_the_table_on_its_slide(
    write: Callable[[str, str], Path],
) -> None:
    """A '#' column got 7.6 pt inside its margins, was counted as 10,000 lines at 12 pt,
    and each row became 3.4 billion EMU high (issue: hostile input, round two)."""
    rows = ", ".join(f"['{i}', 'Event number {i} of the list', '{1945 + i}']" for i in range(12))
    outline = write(
        "t.yaml",
        f"title: T\nslides:\n  - kind: table\n    title: Numbered\n"
        f"    columns: ['#', Event, Year]\n    rows: [{rows}]\n",
    )
    (lecture,) = prepare(outline)
    tables = [s for scene in lecture.scenes for s in scene.shapes if isinstance(s, TableShape)]
    assert tables
    for table in tables:
        assert table.box.bottom <= lecture.theme.body_box.bottom + 0.01
        assert max(table.row_heights) < 100
    assert lecture.accessibility == ()


def test_a_link_is_measured_by_its_words_and_code_by_the_monospace_face() -> None:
    from alliance_slides.layout.markup import inline_runs
    from alliance_slides.layout.text import count_lines, run_width

    link = inline_runs("see [the treaty](https://example.org/" + "x" * 300 + ")")
    words = inline_runs("see the treaty")
    assert count_lines(link, 200, 20) == count_lines(words, 200, 20) == 1
    (code,) = inline_runs("`iiiiiiii`")
    (plain,) = inline_runs("iiiiiiii")
    # Courier New (Liberation Mono) sets every character 0.6 em wide; Calibri's i is narrow.
    assert run_width(code.text, 20, code) == pytest.approx(8 * 0.6 * 20 * 1.04, rel=0.01)
    assert run_width(code.text, 20, code) > 2 * run_width(plain.text, 20, plain)


def test_a_40000_character_bullet_is_split_in_linear_time(
    write: Callable[[str, str], Path],
) -> None:
    """Each cut made a Run per word of the rest: big_40000.yaml took a minute, now about 1 s."""
    words = [f"word{i % 97}" for i in range(5_000)]
    bullet = " ".join(words)
    outline = write("big.yaml", f"title: T\nslides:\n  - title: A\n    bullets: [{bullet}]\n")
    started = time.perf_counter()
    (deck,) = build(outline, outline.parent / "out")
    took = time.perf_counter() - started
    assert took < 15, f"{took:.1f} s"
    shown = [
        shape.text_frame.text
        for slide in Presentation(str(deck.path)).slides
        for shape in slide.placeholders
        if shape.placeholder_format.idx == 1
    ]
    assert len(shown) > 5 and " ".join(" ".join(shown).split()) == bullet  # every word, in order
