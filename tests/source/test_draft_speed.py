"""Drafting takes time in proportion to the text: four times the text, about four times the time.

The texts are made from the test articles' sentences with words swapped at random (a
fixed seed), so no two sentences repeat and no cache makes a long text cheap.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_slides.source.draft import _wrap, draft_outline
from prose import varied_text


def _seconds(path: Path, size: int, one_paragraph: bool) -> float:
    path.write_text(varied_text(size, one_paragraph), encoding="utf-8")
    start = time.process_time()
    draft_outline(path, path.parent)
    return time.process_time() - start


@pytest.mark.parametrize("one_paragraph", [False, True], ids=["prose", "one paragraph"])
def test_four_times_the_text_takes_less_than_six_times_as_long(
    tmp_path: Path, one_paragraph: bool
) -> None:
    # Quadratic work (a scan of the paragraph per date, of every event per section)
    # makes the ratio 16 at these sizes; linear work makes it about 4, noise aside.
    _seconds(tmp_path / "warm.txt", 5_000, one_paragraph)  # imports, compiled patterns
    small = _seconds(tmp_path / "small.txt", 60_000, one_paragraph)
    large = _seconds(tmp_path / "large.txt", 240_000, one_paragraph)
    assert large / small < 6, (small, large)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(1, 130), max_size=30).map(lambda ns: " ".join("x" * n for n in ns)),
    st.sampled_from(["", " ", "  ", "\t"]),
)
def test_notes_are_filled_as_textwrap_fills_them(text: str, odd: str) -> None:
    text = text.replace(" ", odd or " ", 1) if odd else text
    expected = textwrap.fill(
        text, 92, subsequent_indent="  ", break_on_hyphens=False, break_long_words=False
    )
    assert _wrap(text) == expected
