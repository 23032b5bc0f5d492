"""A native table: columns sized to their content, text shrunk to fit, rows continued."""

from __future__ import annotations

import re
from typing import Any

from alliance_slides.format.markup import plain_text
from alliance_slides.format.model import TableSlide
from alliance_slides.format.theme import Theme
from alliance_slides.layout.kinds.base import LayoutContext, run_titles, scene
from alliance_slides.layout.scene import Box, Paragraph, Shape, SlideScene, TableShape
from alliance_slides.layout.sizing import is_runt
from alliance_slides.layout.text import (
    INSET_X,
    INSET_Y,
    breaks_words,
    count_lines,
    line_height,
    parse_emphasis,
    text_width,
)

#: Extra height PowerPoint and LibreOffice give every cell beyond its lines and margins.
ROW_PAD = 4.0
#: The most a row's height grows to fill the body, and the share of the body it fills.
MAX_STRETCH = 1.5
TABLE_FILL = 0.9
#: A short table grows while its rows, unstretched, take at most this share of the body.
GROW_FILL = 0.85
#: Room a column gets past its longest line when the table need not take the body's
#: width, in ems: a narrow table stays narrow rather than stretching its cells apart.
AIR = 1.5
#: The narrowest a table is set, as a share of the body's width.
NARROWEST = 0.5
#: Widths are measured this much wider than the text, in points, so a column given its
#: text's width holds it as the word-breaking check measures it (it was borderline).
SLACK = 1.0


def column_widths(
    header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], width: float, size: float
) -> tuple[float, ...]:
    """Set each column's width from its text, within ``width``, keeping long words whole.

    When every column fits on one line, each gets its text's width and a little air
    (:data:`AIR`), so a two-column table is as wide as its content, not the body (and at
    least :data:`NARROWEST` of it, widened in proportion). When
    not, a column that fits within a fair share of what is left gets its whole width
    first (so short cells never wrap), and the remaining columns share the rest by how
    much more they want, each at least its longest word when their longest words fit
    side by side (else an even share).
    """
    natural, longest_word = [], []
    for i, head in enumerate(header):
        cells = [head, *(row[i] for row in rows)]
        natural.append(max(text_width(c, size, c is head) for c in cells) + 2 * INSET_X + SLACK)
        words = [w for c in cells for w in c.split()] or [""]
        longest_word.append(max(text_width(w, size, True) for w in words) + 2 * INSET_X + SLACK)
        # A column given its whole width still holds its longest word as the check
        # measures it (bold: a renderer's spacing may be wider), so the word stays whole.
        natural[-1] = max(natural[-1], longest_word[-1])
    if sum(natural) <= width:
        air = min(AIR * size, (width - sum(natural)) / len(natural))
        aired = [n + air for n in natural]
        scale = max(1.0, NARROWEST * width / sum(aired))  # not a strip down the side
        return tuple(n * scale for n in aired)
    widths = dict.fromkeys(range(len(header)), 0.0)
    wrapping = set(widths)
    budget = width
    while wrapping:
        share = budget / len(wrapping)
        whole = [i for i in wrapping if natural[i] <= share]
        if not whole:
            break
        for i in whole:
            widths[i] = natural[i]
            budget -= natural[i]
            wrapping.discard(i)
    if sum(longest_word[i] for i in wrapping) <= budget:
        floor = {i: longest_word[i] for i in wrapping}
    else:
        floor = {i: min(longest_word[i], budget / len(wrapping)) for i in wrapping}
    spare = budget - sum(floor.values())
    extra = {i: max(natural[i] - floor[i], 0.0) for i in wrapping}
    total_extra = sum(extra.values()) or 1.0
    for i in wrapping:
        widths[i] = floor[i] + spare * extra[i] / total_extra
    return tuple(widths[i] for i in range(len(header)))


def row_height(
    cells: tuple[str, ...], widths: tuple[float, ...], size: float, bold: bool = False
) -> float:
    """Return the height a row needs at ``size``."""
    tallest = 1.0
    for text, width in zip(cells, widths, strict=True):
        runs = parse_emphasis(text, bold=bold)
        lines = count_lines(runs, width - 2 * INSET_X, size)
        tallest = max(tallest, lines * line_height(runs, size))
    return tallest + 2 * INSET_Y + ROW_PAD


def _breaks_words(slide: TableSlide, widths: tuple[float, ...], size: float) -> bool:
    """Tell whether a cell's word is wider than its column, so it would break.

    Words are measured bold, as :func:`column_widths` reserves them: a column narrowed
    to the edge of a regular word has no room for a renderer's wider spacing.
    """
    for i, width in enumerate(widths):
        cells = [slide.columns[i], *(row[i] for row in slide.rows)]
        cell_text = [Paragraph(parse_emphasis(text, bold=True), size) for text in cells]
        if breaks_words(cell_text, width):
            return True
    return False


def _plan(slide: TableSlide, box: Box, size: float) -> tuple[tuple[float, ...], float, list[float]]:
    if slide.widths:  # the author's shares of the width
        total = sum(slide.widths)
        widths = tuple(box.w * share / total for share in slide.widths)
    else:
        widths = column_widths(slide.columns, slide.rows, box.w, size)
    head = row_height(slide.columns, widths, size, bold=True)
    return widths, head, [row_height(row, widths, size) for row in slide.rows]


def _row_chunks(heights: list[float], head: float, room: float) -> list[list[int]]:
    """Split rows into as few slides as they need, as evenly as they go (13/13/14, not 13/13/13/1).

    Each slide repeats the header row, so each has ``room - head`` for its rows.
    """
    def greedy(limit: float) -> list[list[int]]:
        chunks: list[list[int]] = [[]]
        used = 0.0
        for i, height in enumerate(heights):
            if chunks[-1] and used + height > limit:
                chunks.append([])
                used = 0.0
            chunks[-1].append(i)
            used += height
        return chunks

    fewest = greedy(room - head)
    if len(fewest) == 1:
        return fewest
    # The smallest share of the rows per slide that still needs no more slides.
    low, high = max(heights), room - head
    for _ in range(30):
        middle = (low + high) / 2
        if len(greedy(middle)) <= len(fewest):
            high = middle
        else:
            low = middle
    return greedy(high)


#: A cell that is a number: "1951", "4.7", "-3", "260,000", "$13 billion", "¥6.8", "70%".
_NUMBER = re.compile(
    r"^[+\-−]?[$€£¥]?\s*\d[\d,.\u202f\u00a0 ]*\s*"
    r"(?:%|thousand|million|billion|trillion|bn|[mk])?$",
    re.IGNORECASE,
)


def is_number(cell: str) -> bool:
    """Tell whether a cell's text, as a reader sees it, is a number."""
    return bool(_NUMBER.match(plain_text(cell).strip()))


def column_alignment(slide: TableSlide) -> tuple[str, ...]:
    """Return each column's alignment: the author's, else right for columns of numbers."""
    if slide.align:
        return slide.align
    return tuple(
        "right" if slide.rows and all(is_number(row[i]) for row in slide.rows) else "left"
        for i in range(len(slide.columns))
    )


def _runts(slide: TableSlide, widths: tuple[float, ...], size: float) -> int:
    """Return how many cells end on a short lone word ("Ten years, then one year's / notice")."""
    cells = [
        Paragraph(parse_emphasis(text, bold=r == 0), size)
        for r, row in enumerate((slide.columns, *slide.rows))
        for text in row
    ]
    widths_of = [widths[i % len(widths)] for i in range(len(cells))]
    return sum(1 for cell, width in zip(cells, widths_of, strict=True) if is_runt(cell, width))


def _grown(
    slide: TableSlide, box: Box, size: float, ceiling: float, plan: tuple[Any, ...]
) -> float:
    """Return the largest size up to ``ceiling`` a table fitting at ``size`` grows to.

    A short table grows, as a short list does: its rows must take at most
    :data:`GROW_FILL` of the body with every word whole, and no more cells may end on a
    short lone word than at ``size`` (cells may wrap). Only sizes its text could fit at
    are measured: the text's height grows at least with its size.
    """
    widths, head, heights = plan
    natural = head + sum(heights)
    pads = (len(slide.rows) + 1) * (2 * INSET_Y + ROW_PAD)
    room = GROW_FILL * box.h
    if natural > room:
        return size
    allowed = _runts(slide, widths, size)
    bound = size * (room - pads) / max(natural - pads, 1.0)
    for larger in range(int(min(ceiling, bound)), int(size), -1):
        widths, head, heights = _plan(slide, box, larger)
        if (
            head + sum(heights) <= room
            and not _breaks_words(slide, widths, larger)
            and _runts(slide, widths, larger) <= allowed
        ):
            return float(larger)
    return size


def _shrunk(
    slide: TableSlide, box: Box, theme: Theme
) -> tuple[tuple[float, ...], float, list[float], float]:
    """Return the plan and size of the largest table size, down to the theme's floor, that fits.

    With every word whole; failing that (a URL wider than any column), the largest size
    at which the rows fit; failing that, the floor.
    """
    by_height = None
    size = theme.table_size
    while True:
        widths, head, heights = plan = _plan(slide, box, size)
        if head + sum(heights) <= box.h:
            if not _breaks_words(slide, widths, size):
                break
            by_height = by_height or (size, plan)
        if size <= theme.table_min_size:
            if by_height is not None:
                size, (widths, head, heights) = by_height
            break
        size -= 1
    return widths, head, heights, size


def even_rows(head: float, rows: list[float], room: float, most: float) -> tuple[float, ...]:
    """Return the header's and rows' heights, grown into ``room`` and even where ``most`` allows.

    Rows shorter than the tallest grow toward it first (a row of one line as tall as one
    of two, so the table reads as a grid), as far as the whole height ``most`` allows;
    what is left of ``room`` is shared by every row, the header's included, each by the
    same amount, up to half again the shortest. No row is set shorter than its text needs
    (a renderer would grow it back).
    """
    if rows:
        low, high = min(rows), max(rows)
        if head + sum(max(h, high) for h in rows) <= most:
            low = high
        else:
            for _ in range(30):  # the highest level the shorter rows can rise to
                middle = (low + high) / 2
                if head + sum(max(h, middle) for h in rows) <= most:
                    low = middle
                else:
                    high = middle
        rows = [max(h, low) for h in rows]
    natural = (head, *rows)
    spare = max(0.0, room - sum(natural)) / len(natural)
    extra = min(spare, (MAX_STRETCH - 1) * min(natural))
    return tuple(h + extra for h in natural)


def table_layout(slide: TableSlide, ctx: LayoutContext) -> list[SlideScene]:
    """Shrink the table's text to the theme's table floor; past that, continue the rows.

    A table that continues anyway is set at the largest size that needs no more slides,
    its rows shared evenly between them. A short one grows, up to the body size, and is
    centred in the body.
    """
    theme = ctx.theme
    # The table's edge lines up with the title's text, not with its frame.
    box = theme.body_box.inset(INSET_X, 0)
    # The theme's table size is a start: a short table grows (on a template, never past
    # its own body size), a long one shrinks.
    size = theme.table_size
    larger = _grown(slide, box, size, theme.body_size, _plan(slide, box, size))
    if larger != size:
        size = larger
        widths, head, heights = _plan(slide, box, size)
    else:
        widths, head, heights, size = _shrunk(slide, box, theme)
    chunks = _row_chunks(heights, head, box.h)
    if len(chunks) > 1:  # continued anyway: the largest size that needs no more slides
        for larger in range(int(theme.table_size), int(size), -1):
            plan = _plan(slide, box, larger)
            spread = _row_chunks(plan[2], plan[1], box.h)
            if len(spread) == len(chunks):
                size, (widths, head, heights), chunks = larger, plan, spread
                break
    scenes = []
    titles = run_titles(slide.title, len(chunks), theme)
    for index, chunk in enumerate(chunks):
        rows = tuple(slide.rows[i] for i in chunk)
        # Rows grow into spare height, each by the same amount (up to half again the
        # shortest), so a small table is not cramped and a row of one line is as airy as
        # one of two; they never shrink below what their text needs (a renderer would
        # grow them back).
        row_heights = even_rows(head, [heights[i] for i in chunk], TABLE_FILL * box.h, box.h)
        top = box.y
        if len(chunks) == 1 and not theme.inherit_styles:  # a template keeps its place
            top += (box.h - sum(row_heights)) / 2  # balanced in the body, as a list is
        table_box = Box(box.x, top, sum(widths), sum(row_heights))
        title, heading = titles[index]
        shapes: list[Shape] = [
            heading,
            TableShape(
                table_box, slide.columns, rows, widths, row_heights, size,
                align=column_alignment(slide),
            ),
        ]
        scenes.append(scene(slide, "title_only", title, shapes, index))
    return scenes
