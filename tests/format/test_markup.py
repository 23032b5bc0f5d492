"""Inline text and notes are CommonMark, parsed by markdown-it-py: spans, blocks, links, HTML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_slides.errors import ValidationError
from alliance_slides.format.markup import (
    Span,
    inline_spans,
    link_problems,
    note_blocks,
    notes_html,
    notes_text,
)
from alliance_slides.format.validate import load_outline


def test_inline_markup_gives_bold_italic_code_and_link_spans() -> None:
    spans = inline_spans("**1951**: the [peace *treaty*](https://example.org/sf) and `Article 3`")
    assert spans == (
        Span("1951", bold=True),
        Span(": the "),
        Span("peace ", link="https://example.org/sf"),
        Span("treaty", italic=True, link="https://example.org/sf"),
        Span(" and "),
        Span("Article 3", code=True),
    )


def test_escapes_and_raw_html_stay_text() -> None:
    assert inline_spans(r"5 \* 3 and \[not a link\](x)") == (Span("5 * 3 and [not a link](x)"),)
    assert inline_spans("<b>bold?</b> AT&T") == (Span("<b>bold?</b> AT&T"),)
    assert inline_spans("snake_case_name") == (Span("snake_case_name"),)


@pytest.mark.parametrize(
    "text", ["[x](javascript:alert(1))", "[x](notes.html)", "[x](file:///etc/passwd)", "[x](#top)"]
)
def test_only_web_and_mail_links_are_allowed(text: str) -> None:
    (problem,) = link_problems(text)
    assert "links go only to http://, https:// or mailto:" in problem


def test_web_and_mail_links_are_fine() -> None:
    text = "[a](https://a.org) [b](http://b.org) [c](mailto:c@d.org) <https://e.f>"
    assert link_problems(text) == []


def test_a_bad_link_is_a_located_error(write: Callable[[str, str], Path]) -> None:
    path = write(
        "o.yaml",
        """
        title: Links
        slides:
          - title: One
            bullets:
              - fine [link](https://example.org)
              - "[click](javascript:alert(1))"
            notes: |
              See [the file](secret.txt).
        """,
    )
    with pytest.raises(ValidationError) as caught:
        load_outline(path)
    found = sorted((p.location.line, p.location.column, p.message) for p in caught.value.problems)
    assert [(line, col) for line, col, _ in found] == [(6, 9), (8, 7)]
    assert all("links go only to" in message for _, _, message in found)


def test_notes_are_paragraphs_and_lists() -> None:
    notes = "Start **here**,\nthen go on.\n\n- one\n- two\n  - deeper\n\n3. third\n4. fourth"
    blocks = note_blocks(notes)
    assert [(b.kind, b.level, b.number, b.text) for b in blocks] == [
        ("paragraph", 0, 0, "Start here, then go on."),
        ("bullet", 0, 0, "one"),
        ("bullet", 0, 0, "two"),
        ("bullet", 1, 0, "deeper"),
        ("number", 0, 3, "third"),
        ("number", 0, 4, "fourth"),
    ]
    assert blocks[0].spans[1] == Span("here", bold=True)


def test_notes_html_escapes_everything_the_outline_wrote() -> None:
    page = notes_html("Say **this** <script>alert(1)</script>\n\n- [a](https://a.org)\n")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>this</strong>" in page
    assert '<ul>\n<li><a href="https://a.org">a</a></li>\n</ul>' in page
    assert "href" not in notes_html("[x](javascript:alert(1))")


def test_notes_text_drops_markup_and_keeps_addresses() -> None:
    text = notes_text("Read **this** and [the treaty](https://example.org/t).\n\n- a\n- b")
    assert text == "Read this and the treaty <https://example.org/t>.\n\n- a\n- b"


_PROSE = st.text(
    alphabet=st.sampled_from(list("abc XYZ.,;:'\"?()-#+*>=0123456789\n\t")), max_size=80
)


@settings(max_examples=400, deadline=None)
@given(text=_PROSE)
def test_notes_read_without_the_parser_are_read_as_the_parser_reads_them(text: str) -> None:
    """Plain prose skips markdown-it (start-up); whatever it skips must come out the same."""
    from alliance_slides.format import markup

    fast = markup._plain_notes(text)
    if fast is None or not text.strip():
        return
    markup.note_blocks.cache_clear()
    slow = []
    for token in markup._parser().parse(text):
        if token.type == "inline":
            slow.append(markup.Block(markup._spans(token.children or [])))
        else:
            assert token.type.startswith("paragraph"), (text, token.type)
    assert fast == tuple(slow)


def test_prose_notes_do_not_import_markdown_it() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from alliance_slides.format.markup import note_blocks; "
        "note_blocks('Say this first.\\nThen that.\\n\\nA new point, 1951.'); "
        "print('markdown_it' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "False", run.stderr
