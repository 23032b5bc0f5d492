"""Drafting takes time in proportion to the text: four times the text, about four times the time.

The texts are made from the test articles' sentences with words swapped at random (a
fixed seed), so no two sentences repeat and no cache makes a long text cheap.
"""

from __future__ import annotations

import random
import re
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_slides.source.draft import _wrap, draft_outline

ARTICLES = Path(__file__).parent / "articles"


def varied_text(size: int, one_paragraph: bool, seed: int = 7) -> str:
    """Return about ``size`` characters of prose built from the articles' sentences, each
    with some words swapped for others of the same kind, in paragraphs of two to seven
    sentences, or as one paragraph with no stops at all."""
    paragraphs = [
        " ".join(block.split())
        for path in sorted(ARTICLES.glob("*.txt"))
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
        if len(block.split()) > 12
    ]
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p)]
    words = [w for s in sentences for w in s.split()[1:]]
    lower = [w for w in words if w.isalpha() and w.islower() and len(w) >= 5]
    upper = [w for w in words if w.isalpha() and w[:1].isupper() and len(w) >= 3]
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        chosen = []
        for _ in range(rng.randint(2, 7)):
            tokens = rng.choice(sentences).split()
            for i, token in enumerate(tokens):
                if i and token.isalpha() and len(token) >= 5 and rng.random() < 0.25:
                    tokens[i] = rng.choice(upper if token[0].isupper() else lower)
                elif re.fullmatch(r"1[89]\d\d", token) and rng.random() < 0.5:
                    tokens[i] = str(rng.randint(1850, 1999))
            chosen.append(" ".join(tokens))
        paragraph = " ".join(chosen)
        if one_paragraph:  # one sentence: no stops, no quotation marks to end one at
            paragraph = re.sub(r"[.!?;:\"\u201c\u201d()]", "", paragraph)
        out.append(paragraph)
        total += len(paragraph) + 2
    return (" " if one_paragraph else "\n\n").join(out) + "\n"


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
