"""YAML mistakes are reported where they are, in plain words, with the likely fix, all at once.

The parser stops where it gives up, often lines after the mistake: a key without its
colon on line 16 was reported at 17:12 as "mapping values are not allowed in this
context", an unclosed quote at the end of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.cli import cli


def slides(count: int) -> str:
    """Return ``count`` well-formed slides, four lines each."""
    slide = "  - title: Slide {}\n    bullets:\n      - a\n      - b\n"
    return "".join(slide.format(n) for n in range(count))


def said(write: Callable[[str, str], Path], text: str) -> list[str]:
    write("o.yaml", text)
    result = CliRunner().invoke(cli, ["validate", "o.yaml"])
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


def test_a_missing_colon_is_reported_at_its_own_line(write: Callable[[str, str], Path]) -> None:
    # Line 16: '  - title Why rebuild' runs on into 'bullets:' on line 17.
    text = "title: T\nduration: 50\nslides:\n" + slides(3) + "  - title Why rebuild\n"
    text += "    bullets:\n      - a\n"
    assert text.splitlines()[15] == "  - title Why rebuild"
    assert said(write, text) == ["o.yaml:16:10: YAML syntax error: missing ':' after 'title'?"]


def test_a_key_and_value_without_colon_is_named(write: Callable[[str, str], Path]) -> None:
    text = "title: T\nslides:\n" + slides(9) + "  - title: A\n    notes: n\n    cite: []\n"
    text += "    minutes 12\n    bullets: [a]\n"
    assert text.splitlines()[42 - 1] == "    minutes 12"
    assert said(write, text) == ["o.yaml:42:12: YAML syntax error: missing ':' after 'minutes'?"]


def test_an_unclosed_quote_is_reported_where_it_opens(write: Callable[[str, str], Path]) -> None:
    text = "title: T\nslides:\n" + slides(19) + "  - title: X\n    bullets: [a]\n    notes: n\n"
    text += '    caption: "Why rebuild\n' + slides(2)
    assert text.splitlines()[82 - 1].index('"') == 13
    (line,) = said(write, text)
    assert line.startswith("o.yaml:82:14: YAML syntax error: unclosed quote opened at 82:14")
    assert line.endswith(': close it with " on that line')


def test_every_mistake_the_parser_can_get_past_is_reported_at_once(
    write: Callable[[str, str], Path],
) -> None:
    text = (
        "title: T\nslides:\n"
        "  - title: A\n    minutes 12\n    bullets: [a]\n"
        "  - title B\n    bullets: [b]\n"
        "  - title: 'C\n    bullets: [c]\n"
        "  - title: D\n    notes: \"unclosed\n"
    )
    assert said(write, text) == [
        "o.yaml:4:12: YAML syntax error: missing ':' after 'minutes'?",
        "o.yaml:6:10: YAML syntax error: missing ':' after 'title'?",
        "o.yaml:8:12: YAML syntax error: unclosed quote opened at 8:12 (it runs on to line 12): "
        "close it with ' on that line",
        "o.yaml:11:12: YAML syntax error: unclosed quote opened at 11:12: close it with \" on "
        "that line",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: T\nslides:\n  - title:Why\n    bullets: [a]\n",
            "o.yaml:3:11: YAML syntax error: missing space after 'title:' (YAML needs ': ' "
            "between a key and its value)",
        ),
        (
            "title: T\nslides:\n  - title: Why: because\n    bullets: [a]\n",
            "o.yaml:3:15: YAML syntax error: ': ' inside text: put the whole text in quotes "
            '(title: "Why: because")',
        ),
        (
            "title: T\nslides:\n\t- title: a\n",
            "o.yaml:3:1: YAML syntax error: a tab: YAML indents with spaces only",
        ),
    ],
    ids=["no space after the colon", "colon in text", "tab"],
)
def test_other_common_mistakes_say_what_they_are(
    write: Callable[[str, str], Path], text: str, expected: str
) -> None:
    assert said(write, text) == [expected]


def test_an_apostrophe_in_plain_text_is_not_taken_for_a_quote(
    write: Callable[[str, str], Path],
) -> None:
    text = "title: T\nslides:\n  - title: don't stop\n    bullets: [a]\n  - title B\n"
    text += "    bullets: [b]\n"
    assert said(write, text) == ["o.yaml:5:10: YAML syntax error: missing ':' after 'title'?"]


def test_a_slide_that_is_only_text_says_the_colon_is_missing(
    write: Callable[[str, str], Path],
) -> None:
    # No YAML error at all: '- title Why' is a slide that is text.
    text = "title: T\nslides:\n  - title: A\n  - title Why rebuild\n  - title: C\n"
    assert said(write, text) == [
        "o.yaml:4:5: expected a slide (a mapping with a title), got 'title Why rebuild' "
        "(missing ':' after 'title'?)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: T\nslides:\n  - title: A\n    bullets:\n      - x\n     - y\n",
            "o.yaml:6:6: YAML syntax error: indentation: this line is indented 5 spaces, which "
            "lines up with nothing above it; the nearest are 6 ('- x', line 5) or 4 "
            "('bullets:', line 4). Items of one list, and keys of one mapping, start at the "
            "same column",
        ),
        (
            "title: T\nslides:\n  - title: A\n   bullets: [x]\n",
            "o.yaml:4:4: YAML syntax error: indentation: this line is indented 3 spaces, which "
            "lines up with nothing above it; the nearest are 4 ('title: A', line 3) or 2 "
            "('- title: A', line 3). Items of one list, and keys of one mapping, start at the "
            "same column",
        ),
        (
            "title: T\nslides:\n  - title: A\n    bullets:\n      - x\n    - y\n",
            "o.yaml:6:5: YAML syntax error: a list item among the keys of 'bullets:' (line 4): "
            "indent it 6 spaces, like the item on line 5",
        ),
        (
            "title: T\nslides\n  - title: A\n",
            "o.yaml:2:7: YAML syntax error: missing ':' after 'slides'?",
        ),
    ],
    ids=["between two columns", "between a key and its item", "item among keys", "bare key"],
)
def test_indentation_mistakes_name_the_columns_that_would_do(
    write: Callable[[str, str], Path], text: str, expected: str
) -> None:
    assert said(write, text) == [expected]


def test_a_deeper_line_below_a_key_is_not_taken_for_a_mistake(
    write: Callable[[str, str], Path],
) -> None:
    # Any indentation deeper than 'bullets:' opens its list; the error here is elsewhere.
    text = "title: T\nslides:\n  - title: A\n    bullets:\n         - x\n  - title: Why: not\n"
    assert said(write, text) == [
        "o.yaml:6:15: YAML syntax error: ': ' inside text: put the whole text in quotes "
        '(title: "Why: because")'
    ]
