"""Text from an input reaches the terminal escaped, in errors, warnings and progress alike.

A slide title may hold a line break (YAML's "\\n"), a carriage return, U+2028, NEL or a
bidirectional control (U+202E shows 'gnp.exe' as 'exe.png'); a course may name an
outline whose file name holds them. Printed raw, a title could add a line that looks
like another file's error, or reorder what the reader sees. Every line alliance-slides
prints must show them escaped, and nothing but the line breaks that end its own lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli
from alliance_slides.errors import Location, Problem, shown

#: What may not reach a terminal raw: controls (C0 but tab, DEL, C1), line and paragraph
#: separators, bidirectional controls and lone surrogates.
RAW = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: A title with every kind: it must come out as one line, escaped.
HOSTILE = "a\\nFAKE.yaml:1:1: error: forged\\r\\u0085\\u2028 \\u202egnp.exe\\u2066"


def printed_lines(output: str) -> list[str]:
    lines = output.split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert not RAW.search(line), repr(line)
    return lines[:-1]


def test_shown_escapes_what_could_forge_a_line_or_reorder_one() -> None:
    text = "a\nb\r\x1b[2J\x85\u2028\u202egnp.exe\u2066\ud800"
    assert shown(text) == "a\\nb\\r\\x1b[2J\\x85\\u2028\\u202egnp.exe\\u2066\\ud800"
    assert shown("tab\tdé 日本 ‍👩‍💻") == "tab\tdé 日本 ‍👩‍💻"  # text people write stays


@pytest.mark.parametrize("method", ["__str__", "as_warning"])
def test_errors_and_warnings_are_one_escaped_line(method: str) -> None:
    problem = Problem(Location("x\u202e.yaml", 3, 4), "title 'a\nb.yaml:1:1: error: c\u2029'")
    line = getattr(problem, method)()
    assert printed_lines(line + "\n") == [line]
    assert "\\u202e" in line and "\\n" in line and "\\u2029" in line


def test_warnings_on_stderr_escape_titles(write: Callable[[str, str], Path]) -> None:
    write(
        "o.yaml",
        f'title: T\nslides:\n  - title: "{HOSTILE}"\n    bullets: [x]\n'
        f'  - title: "{HOSTILE}"\n    bullets: [x]\n',
    )
    result = CliRunner().invoke(cli, ["build", "o.yaml", "-o", "out"])
    assert result.exit_code == 0, result.output
    lines = printed_lines(result.output)
    (warning,) = [line for line in lines if ": warning: " in line]
    assert warning.startswith("o.yaml:5:5: warning: slide 3 ")
    assert "\\nFAKE.yaml:1:1: error: forged\\r\\x85\\u2028 \\u202egnp.exe\\u2066" in warning
    assert not any(line.startswith("FAKE") for line in lines)
    result = CliRunner().invoke(cli, ["validate", "--strict", "o.yaml"])
    assert result.exit_code == 1
    assert len(printed_lines(result.output)) == 1


def test_wrote_lines_escape_the_file_names_a_course_gives(
    write: Callable[[str, str], Path],
) -> None:
    name = "odd\u202egnp\x85"
    write(f"{name}.yaml", "title: T\nslides:\n  - {title: A, bullets: [x]}\n")
    write("c.yaml", 'lectures:\n  - outline: "odd\\u202egnp\\x85.yaml"\n')
    for args in (["build", "c.yaml"], ["notes", "c.yaml", "-o", "notes"], ["handout", "c.yaml"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        (line,) = printed_lines(result.output)
        assert line.startswith("wrote ") and "odd\\u202egnp\\x85" in line, line


def test_check_findings_escape_titles(write: Callable[[str, str], Path]) -> None:
    write("src.txt", "Nothing about years here.\n")
    write(
        "o.yaml",
        "title: T\nsources: {s: {title: S, file: src.txt}}\nslides:\n"
        f'  - title: "{HOSTILE}"\n    bullets: [In 1962]\n    cite: [s]\n',
    )
    result = CliRunner().invoke(cli, ["check", "o.yaml", "-q"])
    assert result.exit_code == 1, result.output
    lines = printed_lines(result.output)
    assert any("'1962' not in source" in line for line in lines), lines
    assert all(line.startswith('o.yaml:4: slide 2 "a\\nFAKE.yaml:1:1: ') for line in lines)


def test_notes_on_a_terminal_are_escaped_and_into_a_file_as_they_are(
    write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write("o.yaml", 'title: T\nslides:\n  - title: "A \\u202egnp.exe\\r"\n    notes: "x\\ry"\n')
    piped = CliRunner().invoke(cli, ["notes", "o.yaml", "--format", "txt"])
    assert piped.exit_code == 0, piped.output
    assert "\u202egnp.exe" in piped.output  # a file gets the text the outline holds
    monkeypatch.setattr("alliance_slides.cli._to_terminal", lambda: True)
    shown_ = CliRunner().invoke(cli, ["notes", "o.yaml", "--format", "txt"])
    assert shown_.exit_code == 0, shown_.output
    printed_lines(shown_.output)
    assert "\\u202egnp.exe" in shown_.output
