"""HTML notes and handouts to read while speaking and to print: large type, a print style
sheet, one slide per printed page (issue 17)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli

OUTLINE = """
title: Read aloud
slides:
  - title: First
    bullets: [alpha]
    notes: "Say this, then [show the text](https://example.org/text)."
  - title: Second
    bullets: [beta]
    notes: And this.
"""


def html_of(path: Path) -> tuple[str, str, str]:
    """Return a page's <html> tag, its <body> tag and its style sheet."""
    text = path.read_text(encoding="utf-8")
    html = re.search(r"<html[^>]*>", text)
    body = re.search(r"<body[^>]*>", text)
    css = re.search(r"<style>(.*?)</style>", text, re.S)
    assert html and body and css
    return html.group(0), body.group(0), css.group(1)


def print_rules(css: str) -> str:
    found = re.search(r"@media print \{(.*)\}\s*$", css.strip(), re.S)
    assert found, "a print style sheet"
    return found.group(1)


@pytest.mark.parametrize("command", ["notes", "handout"])
def test_by_default_pages_read_at_a_comfortable_size_and_print_cleanly(
    write: Callable[[str, str], Path], tmp_path: Path, command: str
) -> None:
    outline = write("lecture.yaml", OUTLINE)
    args = [command, str(outline), "-o", str(tmp_path / "out")]
    if command == "notes":
        args[2:2] = ["-f", "html"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    (page,) = (tmp_path / "out").glob("*.html")
    html, body, css = html_of(page)
    assert "large" not in html and "page-per-slide" not in body
    size = re.search(r"html \{ font-size: (\d+)px; \}", css)
    assert size and int(size.group(1)) >= 17, "screen type of at least 17 px"
    rules = print_rules(css)
    assert re.search(r"html \{ font-size: 1[12]pt; \}", rules), "print in 11-12 pt"
    assert "orphans: 3" in rules and "widows: 3" in rules
    assert 'a[href^="http"]::after' in rules, "a printed link shows where it goes"
    assert "@page { margin:" in css


@pytest.mark.parametrize("command", ["notes", "handout"])
def test_large_type_and_a_page_per_slide_are_options_of_the_html_pages(
    write: Callable[[str, str], Path], tmp_path: Path, command: str
) -> None:
    outline = write("lecture.yaml", OUTLINE)
    args = [command, str(outline), "-o", str(tmp_path / "out"), "--large-type", "--page-per-slide"]
    if command == "notes":
        args[2:2] = ["-f", "html"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    (page,) = (tmp_path / "out").glob("*.html")
    html, body, css = html_of(page)
    assert 'class="large"' in html
    assert "page-per-slide" in body
    large = re.search(r"html\.large \{ font-size: (\d+)px; \}", css)
    assert large and int(large.group(1)) >= 24, "large type on screen"
    rules = print_rules(css)
    assert re.search(r"html\.large \{ font-size: 1[5-9]pt; \}", rules), "and on paper"
    item = "section" if command == "notes" else "article"
    assert f".page-per-slide {item} + {item} {{ break-before: page; }}" in rules


@pytest.mark.parametrize(("command", "fmt"), [("notes", "md"), ("notes", "txt"), ("handout", "md")])
@pytest.mark.parametrize("option", ["--large-type", "--page-per-slide"])
def test_the_reading_options_are_for_html_only(
    write: Callable[[str, str], Path], tmp_path: Path, command: str, fmt: str, option: str
) -> None:
    outline = write("lecture.yaml", OUTLINE)
    result = CliRunner().invoke(
        cli, [command, str(outline), "-f", fmt, option, "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert f"{option} sets an HTML page; use it with --format html" in result.output


@pytest.mark.parametrize("command", ["notes", "handout"])
def test_the_options_are_documented_in_help_and_readme(command: str) -> None:
    from conftest import REPO

    shown = CliRunner().invoke(cli, [command, "--help"]).output
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for option in ("--large-type", "--page-per-slide"):
        assert option in shown
        assert option in readme
