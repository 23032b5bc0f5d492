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
    assert result.output.startswith("bad/notes.md.j2:2:1: undefined in template")


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


AGREEING = """
title: Agreeing
slides:
  - title: Many points
    notes: First.
    bullets:
{bullets}
  - kind: quote
    text: The quotation stands alone.
    by: Someone
    notes: Second.
  - title: Milestones
    notes: Third.
    bullets: [one]
"""


def test_notes_handouts_and_deck_agree_on_every_number_and_title_in_4_3(
    write: Callable[[str, str], Path],
) -> None:
    """A 4:3 course whose first slide continues and whose quote has no title."""
    from pptx import Presentation

    bullets = "\n".join(f"      - Point number {i} with words to fill a line" for i in range(16))
    write("lecture.yaml", AGREEING.format(bullets=bullets))
    course = write("course.yaml", 'aspect: "4:3"\nlectures:\n  - outline: lecture.yaml\n')
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(course), "-o", "out"]).exit_code == 0
    deck = Presentation("out/lecture.pptx")
    shown = {
        number: slide.shapes.title.text
        for number, slide in enumerate(deck.slides, start=1)
        if slide.shapes.title is not None
    }
    assert len(deck.slides) >= 5, "the long slide continues, so numbers shift"

    script = notes(str(course))
    headings = [line for line in script.splitlines() if line.startswith("## Slide")]
    handout = runner.invoke(cli, ["handout", str(course), "-o", "out", "--format", "md"])
    assert handout.exit_code == 0, handout.output
    items = [
        line
        for line in Path("out/lecture.handout.md").read_text().splitlines()
        if line.startswith("## Slide")
    ]
    def numbered(lines: list[str]) -> list[tuple[list[int], str]]:
        """Return each heading's deck numbers and title: '## Slides 2–4: T' -> ([2, 4], 'T')."""
        out = []
        for line in lines:
            label, title = line.removeprefix("## ").split(": ", 1)
            out.append(([int(n) for n in label.split(" ", 1)[1].split("–")], title))
        return out

    in_notes, in_handout = numbered(headings), numbered(items)
    assert in_handout[1:] == in_notes, "the handout adds the title slide, then agrees"
    for numbers, title in in_notes + in_handout:
        assert shown[numbers[0]] == title, (numbers, title, shown)
    (first, _), (quote, quote_title), (last, _) = in_notes
    assert first[0] == 2 and first[-1] > 2, "the long slide continues over several slides"
    assert quote == [first[-1] + 1] and quote_title == shown[quote[0]]
    assert last == [len(deck.slides)]


def test_html_notes_keep_markdown_formatting_and_escape_the_rest(
    write: Callable[[str, str], Path],
) -> None:
    path = write(
        "md.yaml",
        """
        title: Markdown notes
        slides:
          - title: The `treaty`
            bullets: [a]
            notes: |
              Say **this** first; read [the text](https://example.org/t).
              <script>alert(1)</script>

              - one
              - two
        """,
    )
    page = notes(str(path), "--format", "html")
    assert "<h2>Slide 2: The <code>treaty</code></h2>" in page
    assert "<strong>this</strong>" in page
    assert '<a href="https://example.org/t">the text</a>' in page
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    text = notes(str(path), "--format", "txt")
    assert "Say this first; read the text <https://example.org/t>." in text
    assert "**" not in text


def test_title_notes_come_first_and_hidden_slides_are_marked(
    write: Callable[[str, str], Path],
) -> None:
    path = write(
        "h.yaml",
        """
        title: Hidden things
        title_notes: Welcome **everyone**.
        slides:
          - title: Shown
            bullets: [a]
            notes: Said.
          - title: Reserve
            hidden: true
            bullets: [b]
            notes: Only if there is time.
        """,
    )
    text = notes(str(path))
    assert text.index("## Slide 1: Hidden things") < text.index("Welcome **everyone**.")
    assert "## Slide 3: Reserve *(hidden)*\n" in text
    page = notes(str(path), "--format", "html")
    assert "Reserve <span class=\"hidden\">(hidden)</span></h2>" in page
    assert "<p>Welcome <strong>everyone</strong>.</p>" in page
    assert "[3] Reserve (hidden)" in notes(str(path), "--format", "txt")
