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
from alliance_slides.layout.text import (
    INSET_Y,
    TextSpec,
    fit_size,
    frame_height,
    grow_size,
    parse_emphasis,
    set_size,
    split_to_fit,
    spread,
)

GUTTER = 36.0
HEADING_HEIGHT = 44.0


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


def heading_height(theme: Theme, columns: Sequence[Column] = (), width: float = 0.0) -> float:
    """The room for the columns' headings: one line at the body size, at least 44 points.

    On a large slide (a template 20 inches wide) the floor is large too, so the room grows
    with it; a heading too long for one line at the floor gets two, rather than being
    squeezed under the floor.
    """
    floor = theme.body_min_size
    room = max(HEADING_HEIGHT, theme.body_size * LINE_PITCH + 2 * INSET_Y + 4)
    for column in columns:
        spec = [TextSpec(parse_emphasis(column.heading, bold=True), gap=0)]
        room = max(room, frame_height(set_size(spec, floor, floor), width) + 4)
    return room


def two_column_layout(slide: TwoColumnSlide, ctx: LayoutContext) -> list[SlideScene]:
    """Headings over two lists; both lists share one size, and continue together."""
    theme = ctx.theme
    body = theme.body_box
    col_w = (body.w - GUTTER) / 2
    frames = _template_columns(ctx)
    narrowest = min(f.w for f in frames) if frames else col_w
    head_h = heading_height(theme, (slide.left, slide.right), narrowest)
    boxes = [
        Box(body.x + i * (col_w + GUTTER), body.y + head_h + 6, col_w, body.h - head_h - 6)
        for i in (0, 1)
    ]
    if frames is not None:
        boxes = [Box(f.x, f.y + head_h + 6, f.w, f.h - head_h - 6) for f in frames]
    columns = (slide.left, slide.right)
    groups = [bullet_specs(c.bullets) for c in columns]
    floor = theme.body_min_size
    start = max(theme.body_size - 2, floor)
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
        size = min(
            (
                grow_size(column[0], box, start, theme.body_ceiling - 2)
                for column, box in zip(chunked, boxes, strict=True)
                if column[0]
            ),
            default=size,
        )
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
            shapes.append(_heading(column, head, max(theme.body_size, size), floor))
            shapes.append(TextShape("body", box, text, name=f"Column: {column.heading}"))
        scenes.append(scene(slide, "two_content", title, shapes, index))
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
