"""How far short text grows when it may wrap: columns, references, table cells.

:func:`alliance_slides.layout.text.grow_size` grows a list only while no paragraph wraps
onto another line, which suits a full-width list of short bullets. In a narrow column,
or for a reference that is a sentence long, nearly every size wraps, so that rule keeps
them at their smallest while half the slide is empty. Here a larger size may wrap more,
as long as the text still fits and keeps every word whole; where the choice is free, a
size that ends a paragraph on a short last line (a "runt": "Fear of being drawn into
US / wars") is passed over. Sizes are taken from a few steps (28, 32, 36 with the
default theme), as bullets are, so a deck shows a few sizes, not one per slide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from alliance_slides.layout.scene import Box, Paragraph, Run
from alliance_slides.layout.text import (
    TextSpec,
    breaks_words,
    bullet_indent,
    count_lines,
    fits,
    frame_height,
    insets,
    run_width,
    set_size,
)

#: The step between sizes short text grows by, in points (as bullets grow).
STEP = 4.0
#: Paragraphs of a frame that may end on a short lone word when it grows ("US / wars"):
#: a narrow column cannot always avoid one.
RUNTS = 1
#: Text filling less than this share of its frame grows even past a short last line.
HALF = 0.5


def steps(base: float, start: float, ceiling: float, step: float = STEP) -> list[float]:
    """Return the sizes above ``start`` and up to ``ceiling`` on the ladder ``base + k*step``.

    Largest first. ``base`` is the theme's body size, so columns, references and bullets
    that grow meet on the same few sizes.
    """
    found = []
    size = base
    while size <= ceiling + 1e-9:
        if size > start + 1e-9:
            found.append(size)
        size += step
    return sorted(found, reverse=True)


#: A wrapped paragraph's last line shorter than this share of the line is a runt.
RUNT_SHARE = 1 / 3
_WORD = re.compile(r"\S+")


def _words(runs: Sequence[Run]) -> list[tuple[int, int, int]]:
    """Return each word of the runs as (run index, start, end), in order."""
    return [(i, m.start(), m.end()) for i, run in enumerate(runs) for m in _WORD.finditer(run.text)]


def _before(runs: Sequence[Run], word: tuple[int, int, int]) -> tuple[Run, ...]:
    """Return the runs up to, not including, ``word``."""
    index, begin, _ = word
    head = [*runs[:index], replace(runs[index], text=runs[index].text[:begin].rstrip())]
    return tuple(run for run in head if run.text)


def is_runt(paragraph: Paragraph, width: float) -> bool:
    """Tell whether a wrapped paragraph ends on a short line, in a frame ``width`` wide.

    Its last line holds less than a third of the line ("US / wars", "ally and / itself?");
    a long word alone ("More military / cooperation") reads as a line of its own. Which
    words the last line holds is read from the line count without them: a renderer that
    fits a word more or less on the line before still leaves it short.
    """
    left, _, right, _ = insets(paragraph.look)
    line = width - left - right - bullet_indent(paragraph)[0]
    size, look = paragraph.size, paragraph.look
    lines = count_lines(paragraph.runs, line, size, look)
    words = _words(paragraph.runs)
    if lines < 2 or len(words) < 2:
        return False
    tail = 0.0
    for count, word in enumerate(reversed(words), start=1):
        index, begin, end = word
        run = paragraph.runs[index]
        tail += run_width(run.text[begin:end] + " ", size, run, look)
        if tail >= RUNT_SHARE * line or count == len(words):
            return False
        if count_lines(_before(paragraph.runs, word), line, size, look) < lines:
            return True  # the last ``count`` words make the last line, and it is short
    return False


def runts(paragraphs: Sequence[Paragraph], width: float) -> int:
    """Return how many paragraphs end on a lone word."""
    return sum(1 for p in paragraphs if is_runt(p, width))


def sets_well(paragraphs: Sequence[Paragraph], box: Box) -> bool:
    """Tell whether paragraphs fit ``box`` with every word whole."""
    return fits(paragraphs, box) and not breaks_words(paragraphs, box.w)


def fill(paragraphs: Sequence[Paragraph], box: Box) -> float:
    """The share of ``box``'s height the paragraphs take."""
    return frame_height(paragraphs, box.w) / box.h


def grow_wrapping(
    specs: Sequence[TextSpec], box: Box, start: float, sizes: Sequence[float]
) -> float:
    """Return the largest of ``sizes`` that text fitting at ``start`` grows to, wrapping.

    It may wrap onto more lines, but must fit and keep every word whole. The largest
    size that ends at most :data:`RUNTS` paragraphs on a short lone word (or as many as
    at ``start``) is taken, unless the text would still fill less than :data:`HALF` of
    the box: then the largest that fits, as larger text with a short last line reads
    better than small text in a half-empty slide. One measurement a size, largest first.
    """
    at_start = set_size(specs, start, start)
    allowed = max(RUNTS, runts(at_start, box.w))
    largest: float | None = None
    for size in sorted(sizes, reverse=True):
        if size <= start:
            break
        paragraphs = set_size(specs, size, start)
        if not sets_well(paragraphs, box):
            continue
        largest = largest or size
        if runts(paragraphs, box.w) <= allowed:
            return size if fill(paragraphs, box) >= HALF else largest
    if largest is not None and fill(at_start, box) < HALF:
        return largest
    return start
