"""Body text under the title, and steady from slide to slide (layout.steady)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_slides.build import prepare
from alliance_slides.layout.scene import SlideScene, TextShape
from alliance_slides.layout.steady import two_sizes


def outline(write: Callable[[str, str], Path], slides: str) -> Path:
    write("o.yaml", f"title: T\ntitle_slide: false\nslides:\n{slides}")
    return write("c.yaml", "course: {code: X 1}\nlectures: [{outline: o.yaml}]\n")


def title_size(scene: SlideScene) -> float:
    (title,) = [s for s in scene.shapes if isinstance(s, TextShape) and s.role == "title"]
    return title.paragraphs[0].size


def top_sizes(scene: SlideScene, role: str = "body") -> set[float]:
    """The sizes of a slide's top-level body paragraphs."""
    return {
        p.size
        for s in scene.shapes
        if isinstance(s, TextShape) and s.role == role
        for p in s.paragraphs
        if p.level == 0
    }


def points(count: int, words: str = "with a few more words of explanation") -> str:
    return ", ".join(f"'Point {i} {words}'" for i in range(count))


def test_short_lists_and_statements_stay_under_the_title(
    write: Callable[[str, str], Path],
) -> None:
    (lecture,) = prepare(
        outline(
            write,
            "  - {title: Short, bullets: [One, Two, Three]}\n"
            "  - {kind: questions, questions: [Why?, How?]}\n"
            "  - {kind: quote, title: Q, text: America First, by: someone}\n"
            "  - {kind: two_column, title: C, left: {heading: L, bullets: [a]}, "
            "right: {heading: R, bullets: [b]}}\n",
        )
    )
    short, statement, quote, columns = lecture.scenes
    title = title_size(short)
    assert max(top_sizes(short)) <= title - 4, "a list at least 4 pt under its title"
    assert max(top_sizes(columns)) <= title - 4
    assert max(top_sizes(statement)) == title, "a statement as large as the title, no larger"
    assert max(top_sizes(quote, "text")) <= title


def test_a_title_that_shrinks_the_decks_titles_takes_the_body_down_with_it(
    write: Callable[[str, str], Path],
) -> None:
    long = "A title long enough that it needs two lines at 36 pt and shrinks even at two lines " * 2
    (lecture,) = prepare(
        outline(
            write,
            f"  - {{title: '{long.strip()}', bullets: [a]}}\n"
            "  - {title: Short, bullets: [One, Two, Three]}\n"
            "  - {kind: questions, questions: [Why?, How?]}\n",
        )
    )
    _, short, statement = lecture.scenes
    title = title_size(short)
    assert title < lecture.theme.title_size, "the deck's titles shrank"
    assert max(top_sizes(short)) <= max(title - 4, lecture.theme.body_min_size)
    assert max(top_sizes(statement)) <= title


def test_a_decks_bullet_slides_take_at_most_two_sizes(write: Callable[[str, str], Path]) -> None:
    slides = "".join(
        f"  - {{title: S{n}, bullets: [{points(n)}]}}\n" for n in (4, 5, 6, 7, 8, 9, 10, 11)
    )
    (lecture,) = prepare(outline(write, slides))
    sizes = [max(top_sizes(scene)) for scene in lecture.scenes]
    assert len(set(sizes)) <= 2, sizes
    assert sizes == sorted(sizes, reverse=True), "a denser slide is never larger"


def test_a_column_heading_is_never_smaller_than_its_list(
    write: Callable[[str, str], Path],
) -> None:
    words = "Critics at home and abroad in Tokyo Okinawa Osaka and Washington alike".split()
    slides = "".join(
        f"  - {{kind: two_column, title: C{n}, left: {{heading: '{' '.join(words[:n])}', "
        f"bullets: [{points(3)}]}}, right: {{heading: R, bullets: [{points(4)}]}}}}\n"
        for n in range(2, len(words) + 1)
    )
    (lecture,) = prepare(outline(write, slides))
    for scene in lecture.scenes:
        heads = [s for s in scene.shapes if isinstance(s, TextShape) and s.name.startswith("Head")]
        lists = top_sizes(scene)
        assert min(p.size for h in heads for p in h.paragraphs) >= max(lists), scene.title


@pytest.mark.parametrize(
    ("found", "kept"),
    [
        ([32, 32, 32], (32,)),
        ([32, 27, 32, 32], (27, 32)),
        ([32, 28, 27, 26, 32], (26, 32)),
        ([28, 27, 28], (27,)),  # a point apart: one size
        ([36, 32, 24, 24, 24], (24, 32)),  # the larger that leaves the text largest overall
    ],
)
def test_two_sizes_keep_every_slide_fitting_and_the_text_large(
    found: list[float], kept: tuple[float, ...]
) -> None:
    assert two_sizes(found) == kept


def test_a_continued_run_opens_its_gaps_alike_and_fills_its_slides(
    write: Callable[[str, str], Path],
) -> None:
    from alliance_slides.layout.text import frame_height, measuring

    items = """\
- The surrender and the start of the Occupation in August 1945:
  - SCAP governs through the Japanese government
  - Demilitarization first
- The new constitution and Article 9 renouncing war
- Land reform breaks up large estates
- Labour unions are legalised and grow fast:
  - strikes in 1946 and 1947
- The purge of wartime leaders
- The reverse course begins in 1947–48
- The Dodge Line stabilises the economy
- The Korean War brings special procurement
- The National Police Reserve is formed in 1950:
  - 75,000 men
  - later the Self-Defense Forces
- The San Francisco Peace Treaty is signed
- The Security Treaty is signed the same day
- The Occupation ends in April 1952
"""
    long = "A title long enough that it needs two lines at 36 pt and shrinks even at two lines " * 2
    write(
        "o.yaml",
        "title: T\ntitle_slide: false\nsources: {s: {title: A source}}\nslides:\n"
        f"  - {{title: '{long.strip()}', bullets: [a]}}\n"
        "  - title: Dense\n    cite: [s]\n    bullets:\n"
        + "".join("      " + line + "\n" for line in items.splitlines()),
    )
    (lecture,) = prepare(write("c.yaml", "course: {code: X 1}\nlectures: [{outline: o.yaml}]\n"))
    run = [scene for scene in lecture.scenes if scene.title.startswith("Dense")]
    assert len(run) > 2
    bodies = [
        s for scene in run for s in scene.shapes if isinstance(s, TextShape) and s.role == "body"
    ]
    gaps = {p.space_before for b in bodies for p in b.paragraphs[1:] if p.level == 0}
    assert len(gaps) == 1, f"one opening on every slide of the run: {gaps}"
    size = bodies[0].paragraphs[0].size
    with measuring(lecture.theme):
        fills = [frame_height(b.paragraphs, b.box.w) / b.box.h for b in bodies]
    assert max(fills) <= 0.8 + 0.01 or gaps == {round(0.45 * size, 1)}
    assert min(fills) >= 0.6, fills


def test_on_a_template_the_body_stays_under_titles_a_long_title_shrank(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    from pptx import Presentation

    Presentation().save(str(tmp_path / "house.pptx"))  # titles at 44 pt, body text at 32
    long = "A title long enough that it needs two lines at 44 pt and shrinks even at two lines " * 2
    write(
        "o.yaml",
        "title: T\ntitle_slide: false\nslides:\n"
        f"  - {{title: '{long.strip()}', bullets: [a]}}\n"
        "  - {title: Short, bullets: [One, Two, Three]}\n",
    )
    course = write(
        "c.yaml", "course: {code: X 1}\ntemplate: house.pptx\nlectures: [{outline: o.yaml}]\n"
    )
    (lecture,) = prepare(course)
    _, short = lecture.scenes
    title = title_size(short)
    assert title < lecture.theme.body_size, "the deck's titles shrank under the template's body"
    assert max(top_sizes(short)) <= max(title, lecture.theme.body_min_size), "never larger"
