"""Speaker notes export through templates: Markdown, HTML, text; overrides and extension."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli

OUTLINE = """
title: Noted lecture
duration: 5
slides:
  - title: First
    bullets: [a]
    notes: Say <this> & that.
    minutes: 3
  - title: Second
    bullets: [b]
    notes: "Then {{ lecture.title | upper }}."
    minutes: 4
"""


@pytest.fixture
def outline(write: Callable[[str, str], Path]) -> Path:
    return write("lecture.yaml", OUTLINE)


def notes(*args: str) -> str:
    """Return what `notes` prints on standard output (warnings go to standard error)."""
    result = CliRunner().invoke(cli, ["notes", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_plan_over_the_duration_is_warned_about_on_stderr(outline: Path) -> None:
    result = CliRunner().invoke(cli, ["notes", str(outline)])
    assert result.stderr == (
        "lecture.yaml:2:11: warning: the slides plan 7 minutes; the lecture has 5\n"
    )
    assert "warning" not in result.stdout


def test_markdown_has_every_note_with_deck_numbers_and_time_cues(outline: Path) -> None:
    text = notes(str(outline))
    assert "# Noted lecture" in text
    assert "## Slide 2: First" in text and "## Slide 3: Second" in text
    assert "Say <this> & that." in text and "Then NOTED LECTURE." in text
    assert "*3 min · minutes 0–3*" in text and "*4 min · minutes 3–7*" in text
    assert "the slides plan 7 minutes; the lecture has 5" in text


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def test_html_parses_and_holds_every_note_escaped(outline: Path) -> None:
    html = notes(str(outline), "--format", "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "Say &lt;this&gt; &amp; that." in html
    parser = _Text()
    parser.feed(html)
    text = "".join(parser.chunks)
    assert "Say <this> & that." in text and "Then NOTED LECTURE." in text


def test_text_format_and_output_file(outline: Path) -> None:
    assert "[2] First (3 min, at 0)" in notes(str(outline), "--format", "txt")
    notes(str(outline), "-o", "script.md")
    assert "Then NOTED LECTURE." in Path("script.md").read_text()


def test_templates_folder_overrides_and_extends_the_builtin(
    outline: Path, write: Callable[[str, str], Path]
) -> None:
    write(
        "mine/notes.md.j2",
        """
        {% extends "builtin/notes.md.j2" %}
        {% block header %}CUSTOM HEADER for {{ lecture.title }}
        {% endblock %}
        """,
    )
    text = notes(str(outline), "--templates", "mine")
    assert text.startswith("CUSTOM HEADER for Noted lecture")
    assert "## Slide 2: First" in text, "the rest comes from the built-in"
    write("plain/notes.txt.j2", "{% for s in slides %}{{ s.title }};{% endfor %}")
    assert notes(str(outline), "--templates", "plain", "--format", "txt").strip() == "First;Second;"


def test_an_undefined_name_in_a_notes_template_is_an_error_with_its_line(
    outline: Path, write: Callable[[str, str], Path]
) -> None:
    write("bad/notes.md.j2", "line one\n{{ lecture.nothing }}\n")
    result = CliRunner().invoke(cli, ["notes", str(outline), "--templates", "bad"])
    assert result.exit_code == 1
    assert result.output.startswith("notes.md.j2:2:1: undefined in template")


def test_course_notes_go_one_file_per_lecture(write: Callable[[str, str], Path]) -> None:
    write("a.yaml", OUTLINE)
    write("b.yaml", OUTLINE.replace("Noted lecture", "Second lecture"))
    write("course.yaml", "lectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    out = notes("course.yaml", "-o", "notes", "--format", "html")
    assert sorted(p.name for p in Path("notes").iterdir()) == ["a.notes.html", "b.notes.html"]
    assert "wrote notes/a.notes.html" in out


def test_output_choices_behave_as_the_help_says(
    outline: Path, write: Callable[[str, str], Path]
) -> None:
    stdout = CliRunner().invoke(cli, ["notes", str(outline)]).stdout
    assert CliRunner().invoke(cli, ["notes", str(outline), "-o", "-"]).stdout == stdout
    assert not Path("-").exists()
    Path("existing").write_text("old")
    assert CliRunner().invoke(cli, ["notes", str(outline), "-o", "existing"]).exit_code == 0
    assert Path("existing").read_text().rstrip("\n") == stdout.rstrip("\n")
    missing = CliRunner().invoke(cli, ["notes", str(outline), "--templates", "nowhere"])
    assert missing.exit_code == 2 and "'nowhere' does not exist" in missing.output


def test_a_course_s_html_notes_need_a_folder_not_standard_output(
    write: Callable[[str, str], Path],
) -> None:
    write("a.yaml", OUTLINE)
    write("b.yaml", OUTLINE.replace("Noted lecture", "Second lecture"))
    write("course.yaml", "lectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    result = CliRunner().invoke(cli, ["notes", "course.yaml", "--format", "html"])
    assert result.exit_code == 2
    assert "course.yaml has 2 lectures, one HTML page each: give -o FOLDER" in result.output
    assert "<!DOCTYPE" not in result.output
