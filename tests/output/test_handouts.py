"""Handouts: every slide with its notes, as self-contained HTML or Markdown."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli
from conftest import needs_soffice

OUTLINE = """
title: Handed out
duration: 5
slides:
  - title: First
    bullets: [alpha, {beta: [gamma]}]
    notes: Say <this> & that.
    minutes: 3
  - kind: table
    title: Second
    columns: [a, b]
    rows: [[1, 2]]
    notes: The table note.
    minutes: 4
"""


@pytest.fixture
def outline(write: Callable[[str, str], Path]) -> Path:
    return write("lecture.yaml", OUTLINE)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.images: list[str] = []
        self.articles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs)["src"] or "")
        self.articles += tag == "article"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def handout(*args: str) -> CliRunner:
    result = CliRunner().invoke(cli, ["handout", *args])
    assert result.exit_code == 0, result.output
    return result  # type: ignore[return-value]


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_html_handout_holds_every_slide_and_note_and_warns_on_time(outline: Path) -> None:
    result = handout(str(outline), "-o", "out")
    assert result.stdout == "wrote out/lecture.handout.html\n"  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        "lecture.yaml:2:11: warning: the slides plan 7 minutes; the lecture has 5\n"
    )
    page = parse(Path("out/lecture.handout.html"))
    text = "".join(page.text)
    assert page.articles == 3, "title slide and two slides"
    assert "Say <this> & that." in text and "The table note." in text
    assert "alpha" in text and "gamma" in text and "a | b" in text and "1 | 2" in text
    assert "3 min · minutes 0–3" in text and "4 min · minutes 3–7" in text
    assert page.images == [], "no pictures were made"


def test_markdown_handout_stacks_slide_text_then_notes(outline: Path) -> None:
    handout(str(outline), "-o", "out", "--format", "md")
    text = Path("out/lecture.handout.md").read_text(encoding="utf-8")
    assert "## Slide 2: First" in text and "## Slide 3: Second" in text
    assert "- alpha\n" in text and "  - gamma\n" in text
    assert text.index("- alpha") < text.index("Say <this> & that.") < text.index("## Slide 3")


def test_a_template_override_changes_the_handout(
    outline: Path, write: Callable[[str, str], Path]
) -> None:
    write("mine/handout.md.j2", "{% for i in items %}{{ i.number }}={{ i.title }};{% endfor %}")
    handout(str(outline), "-o", "out", "--format", "md", "--templates", "mine")
    assert Path("out/lecture.handout.md").read_text() == "1=Handed out;2=First;3=Second;"


@needs_soffice
def test_thumbnails_are_embedded_and_dropped_once_stale(outline: Path) -> None:
    handout(str(outline), "-o", "out", "--thumbnails", "--layout", "stacked")
    page = parse(Path("out/lecture.handout.html"))
    assert len(page.images) == 3
    assert all(src.startswith("data:image/png;base64,") for src in page.images)
    handout(str(outline), "-o", "out", "--format", "md")
    markdown = Path("out/lecture.handout.md").read_text()
    assert "![Slide 1: Handed out](lecture/slide-01.png)" in markdown
    assert Path("out/lecture/slide-01.png").is_file()
    outline.write_text(outline.read_text().replace("alpha", "delta"))
    result = handout(str(outline), "-o", "out")
    assert "slide pictures do not match the deck" in result.stderr  # type: ignore[attr-defined]
    page = parse(Path("out/lecture.handout.html"))
    assert page.images == [] and "delta" in "".join(page.text)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_course_s_handouts_are_written_all_or_none(
    write: Callable[[str, str], Path], tmp_path: Path, fmt: str
) -> None:
    """The second lecture's template fails: the first lecture's handout is not written."""
    for name in ("a", "b"):
        write(f"{name}.yaml", "title: Deck\nslides:\n  - title: A\n    bullets: [one, two]\n")
    write(
        "course/c.yaml",
        "course: {code: X 1, title: X}\ntemplates: ../tpl\n"
        "lectures:\n  - outline: ../a.yaml\n  - outline: ../b.yaml\n",
    )
    write(f"tpl/handout.{fmt}.j2", "{% if lecture.number == 2 %}{{ 1 // 0 }}{% endif %}notes\n")
    result = CliRunner().invoke(cli, ["handout", "course/c.yaml", "-o", "out", "--format", fmt])
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"tpl/handout.{fmt}.j2:1:1: template error: ZeroDivisionError: integer division or "
        "modulo by zero\n"
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.handout.*"))
