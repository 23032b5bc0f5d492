"""How far short text grows when it may wrap: columns, references, lists beside a picture.

:func:`alliance_slides.layout.text.grow_size` grows a list only while no paragraph wraps
onto another line, which suits a full-width list of short bullets. In a narrow column,
or for a reference that is a sentence long, nearly every size wraps, so that rule keeps
them at their smallest while half the slide is empty. Here a larger size may wrap more,
as long as the text still fits, keeps every word whole and leaves no paragraph ending on
a lone word that did not already (a "runt": "Fear of being drawn into US / wars").
Sizes are taken from a few steps (28, 32, 36 with the default theme), as bullets are,
so a deck shows a few sizes, not one per slide.
"""

from __future__ import annotations

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


#: A last line of one word shorter than this share of the line is a runt.
RUNT_SHARE = 1 / 3


def _last_word(runs: Sequence[Run]) -> tuple[tuple[Run, ...], str, Run] | None:
    """Split off the runs' last word: the runs before it, the word and its run.

    ``None`` when there is a single word (nothing can go before it).
    """
    out = list(runs)
    while out and not out[-1].text.strip():
        out.pop()
    if not out:
        return None
    last = out[-1]
    text = last.text.rstrip()
    cut = max(text.rfind(" "), text.rfind("\t"), text.rfind("\n"))
    word = text[cut + 1 :]
    if cut >= 0:
        out[-1] = replace(last, text=text[:cut].rstrip())
    else:
        out.pop()
    if not any(run.text.strip() for run in out):
        return None
    return tuple(out), word, last


def is_runt(paragraph: Paragraph, width: float) -> bool:
    """Tell whether a paragraph ends on a short lone word, in a frame ``width`` wide.

    Its last line holds one word, shorter than a third of the line ("US / wars"); a
    long word alone ("More military / cooperation") reads as a line of its own.
    """
    left, _, right, _ = insets(paragraph.look)
    line = width - left - right - bullet_indent(paragraph)[0]
    lines = count_lines(paragraph.runs, line, paragraph.size, paragraph.look)
    if lines < 2:
        return False
    split = _last_word(paragraph.runs)
    if split is None:
        return False
    before, word, run = split
    if run_width(word, paragraph.size, run, paragraph.look) >= RUNT_SHARE * line:
        return False
    return count_lines(before, line, paragraph.size, paragraph.look) < lines


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
