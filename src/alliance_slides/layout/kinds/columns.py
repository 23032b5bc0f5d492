"""Two headed lists side by side."""

from __future__ import annotations

from collections.abc import Sequence

from alliance_slides.format.model import Column, TwoColumnSlide
from alliance_slides.format.theme import Theme
from alliance_slides.layout.fonts import LINE_PITCH
from alliance_slides.layout.kinds.base import (
    LayoutContext,
    bullet_specs,
    run_titles,
    scene,
)
from alliance_slides.layout.scene import Box, Paragraph, SlideScene, TextShape
from alliance_slides.layout.sizing import fill, sets_well, steps
from alliance_slides.layout.text import (
    INSET_Y,
    TextSpec,
    breaks_words,
    fit_size,
    frame_height,
    parse_emphasis,
    set_size,
    split_to_fit,
    spread,
)

GUTTER = 36.0
HEADING_HEIGHT = 44.0
#: Columns grow while the taller fills at most this share of its room.
FULL = 0.9


def _heading(column: Column, box: Box, size: float, floor: float) -> TextShape:
    spec = [TextSpec(parse_emphasis(column.heading, bold=True), color="accent", gap=0)]
    fitted = fit_size(spec, box, size, floor) or floor
    return TextShape(
        "text",
        box,
        set_size(spec, fitted, floor),
        anchor="bottom",
        name=f"Heading: {column.heading}",
    )


def _template_columns(ctx: LayoutContext) -> list[Box] | None:
    """The two body placeholders of a template's two-content layout, left to right."""
    theme = ctx.theme
    layout = theme.layouts.get("two_content") if theme.inherit_styles else None
    found = layout.all("body", "obj") if layout is not None else []
    if len(found) < 2:
        return None
    frames = sorted((p.box for p in found[:2]), key=lambda b: b.x)
    if any(f.h < 2 * heading_height(theme) or f.w < 72 for f in frames):
        return None
    return frames


def heading_height(
    theme: Theme, columns: Sequence[Column] = (), width: float = 0.0, size: float | None = None
) -> float:
    """The room for the columns' headings: one line at the body size, at least 44 points.

    On a large slide (a template 20 inches wide) the body is large too, so the room grows
    with it; a heading too long for one line at ``size`` (the lists' starting size, the
    floor by default) gets two, so it is never set smaller than the lists under it.
    """
    size = size or theme.body_min_size
    room = max(HEADING_HEIGHT, theme.body_size * LINE_PITCH + 2 * INSET_Y + 4)
    for column in columns:
        spec = [TextSpec(parse_emphasis(column.heading, bold=True), gap=0)]
        room = max(room, frame_height(set_size(spec, size, size), width) + 4)
    return room


def _column_boxes(body: Box, frames: list[Box] | None, head_h: float) -> list[Box]:
    """The two lists' frames under headings ``head_h`` high: the body's halves, or a template's."""
    if frames is not None:
        return [Box(f.x, f.y + head_h + 6, f.w, f.h - head_h - 6) for f in frames]
    col_w = (body.w - GUTTER) / 2
    return [
        Box(body.x + i * (col_w + GUTTER), body.y + head_h + 6, col_w, body.h - head_h - 6)
        for i in (0, 1)
    ]


def _grown(
    columns: Sequence[Column],
    parts: Sequence[Sequence[TextSpec]],
    theme: Theme,
    frames: list[Box] | None,
    head_h: float,
    start: float,
) -> tuple[float, float]:
    """Return the size two short columns grow to, and their headings' room at that size.

    Both grow together, like a bullet list (to the theme's ceiling, on its few sizes),
    but may wrap onto more lines, which a narrow column cannot help: the largest size at
    which each fits under its heading with every word whole, the taller filling at most
    :data:`FULL` of its room (items still stand apart). A heading is set at its list's
    size and keeps its number of lines.
    """
    body = theme.body_box
    boxes = _column_boxes(body, frames, head_h)
    heads = [[TextSpec(parse_emphasis(c.heading, bold=True), gap=0)] for c in columns]
    head_start = max(theme.body_size, start)
    head_heights = [
        frame_height(set_size(h, head_start, start), b.w) for h, b in zip(heads, boxes, strict=True)
    ]
    for size in steps(theme.body_size, start, theme.body_ceiling):
        headings = [set_size(h, size, start) for h in heads]
        room = max(
            head_h, *(frame_height(h, b.w) + 4 for h, b in zip(headings, boxes, strict=True))
        )
        grown = _column_boxes(body, frames, room)
        if any(  # as many lines as at the start: its height grows with the size, no more
            frame_height(h, b.w) > height * size / head_start + 0.01 or breaks_words(h, b.w)
            for h, height, b in zip(headings, head_heights, grown, strict=True)
        ):
            continue
        texts = [set_size(part, size, start) for part in parts]
        if all(sets_well(t, b) for t, b in zip(texts, grown, strict=True)):
            if _fill(texts, grown) <= FULL:
                return size, room
    return start, head_h


def _fill(texts: Sequence[Sequence[Paragraph]], boxes: Sequence[Box]) -> float:
    """The share of its frame the taller column's text takes."""
    return max(fill(t, b) for t, b in zip(texts, boxes, strict=True))


def two_column_layout(slide: TwoColumnSlide, ctx: LayoutContext) -> list[SlideScene]:
    """Headings over two lists; both lists share one size, and continue together."""
    theme = ctx.theme
    body = theme.body_box
    frames = _template_columns(ctx)
    col_w = (body.w - GUTTER) / 2
    narrowest = min(f.w for f in frames) if frames else col_w
    floor = theme.body_min_size
    start = max(theme.body_size - 2, floor)
    head_h = heading_height(theme, (slide.left, slide.right), narrowest, start)
    boxes = _column_boxes(body, frames, head_h)
    columns = (slide.left, slide.right)
    groups = [bullet_specs(c.bullets) for c in columns]
    chunked: list[list[list[TextSpec]]] = []
    for col_groups, box in zip(groups, boxes, strict=True):
        flat = [s for g in col_groups for s in g]
        chunked.append(
            [flat] if fit_size(flat, box, start, floor) else split_to_fit(col_groups, box, floor)
        )
    count = max(len(c) for c in chunked)
    scenes = []
    titles = run_titles(slide.title, count, theme)
    # One size for both columns on every slide of the run; short columns grow together.
    size = min(
        fit_size(part, box, start, floor) or floor
        for column, box in zip(chunked, boxes, strict=True)
        for part in column
    )
    if count == 1 and size == start:
        size, head_h = _grown(columns, [c[0] for c in chunked], theme, frames, head_h, start)
        boxes = _column_boxes(body, frames, head_h)
    own = size
    size = ctx.steady_size("two_column", size)
    for index in range(count):
        parts = [c[index] if index < len(c) else [] for c in chunked]
        title, heading = titles[index]
        shapes: list[TextShape] = [heading]
        texts = [set_size(part, size, floor) for part in parts]
        placed = boxes
        if count == 1 and not theme.inherit_styles:
            texts, placed = _balanced(texts, boxes, head_h)
        for column, part, text, box in zip(columns, parts, texts, placed, strict=True):
            if index and not part:  # a column already finished is left out, heading and all
                continue
            head = Box(box.x, box.y - head_h - 6, box.w, head_h)
            # A heading is never smaller than the list under it.
            shapes.append(_heading(column, head, max(theme.body_size, size), size))
            shapes.append(TextShape("body", box, text, name=f"Column: {column.heading}"))
        scenes.append(
            scene(slide, "two_content", title, shapes, index, body_text=("two_column", own))
        )
    return scenes


def _balanced(
    texts: list[tuple[Paragraph, ...]], boxes: list[Box], head_h: float
) -> tuple[list[tuple[Paragraph, ...]], list[Box]]:
    """Spread two short columns' items and centre both headed lists in the body, as one.

    Both columns open their gaps alike (the fuller column decides), so their items stay
    level; headings move down with their lists.
    """
    spread_texts = [spread(text, box) for text, box in zip(texts, boxes, strict=True)]
    grown = [
        frame_height(new, box.w) - frame_height(old, box.w)
        for old, new, box in zip(texts, spread_texts, boxes, strict=True)
    ]
    # The same opening in both: the smaller of what each could take.
    if min(grown) < max(grown):
        spread_texts = [
            spread(text, box, fill=(frame_height(text, box.w) + min(grown)) / box.h)
            for text, box in zip(texts, boxes, strict=True)
        ]
    tallest = max(frame_height(t, b.w) for t, b in zip(spread_texts, boxes, strict=True))
    room = boxes[0].h + head_h + 6
    drop = max(0.0, (room - (head_h + 6 + tallest)) / 2)
    placed = [Box(b.x, b.y + drop, b.w, b.h - drop) for b in boxes]
    return spread_texts, placed
