"""A large quotation, its attribution right under it, the two centred in the body."""

from __future__ import annotations

from alliance_slides.format.model import QuoteSlide
from alliance_slides.layout.kinds.base import LayoutContext, scene, title_shape
from alliance_slides.layout.markup import inline_runs
from alliance_slides.layout.scene import Box, Paragraph, Shape, SlideScene, TextShape
from alliance_slides.layout.text import (
    INSET_X,
    TextSpec,
    count_lines,
    fit_size,
    frame_height,
    parse_emphasis,
    run_width,
    set_size,
)

_OPENERS = ("“", '"', "「", "‘", "'")
#: The largest a quotation is set, and the space between it and its attribution.
QUOTE_SIZE = 54.0
GAP = 12.0


def _line_width(paragraphs: tuple[Paragraph, ...], width: float) -> float:
    """The width a frame needs for its one-line paragraphs (``width`` when one wraps)."""
    needed = 0.0
    for p in paragraphs:
        if count_lines(p.runs, width - 2 * INSET_X, p.size, p.look) > 1:
            return width
        needed = max(needed, sum(run_width(r.text, p.size, r, p.look) for r in p.runs))
    return needed + 2 * INSET_X


def quote_layout(slide: QuoteSlide, ctx: LayoutContext) -> list[SlideScene]:
    """The quotation as large as fits, followed by its attribution; both centred in the body.

    A quotation with no title is titled with its speaker's name (and the name is not
    repeated under it), or has no title at all when it has no speaker either.
    """
    theme = ctx.theme
    body = theme.body_box
    floor = theme.body_min_size
    text = slide.text.strip()
    if not text.startswith(_OPENERS):
        text = f"“{text}”"
    runs = inline_runs(text, italic=True)
    title = slide.title or slide.by or ""
    by_line = slide.by if slide.by and slide.title else None
    inner = Box(body.x + 48, body.y, body.w - 96, body.h)
    by: list[TextSpec] = []
    by_h = 0.0
    if by_line:
        by = [TextSpec(parse_emphasis(f"— {by_line}"), align="right", color="muted", gap=0)]
        by_box = Box(inner.x, inner.y, inner.w, min(inner.h / 3, 80.0))
        by_size = fit_size(by, by_box, max(22.0, floor), floor) or floor
        by_paragraphs = set_size(by, by_size, floor)
        by_h = frame_height(by_paragraphs, inner.w)
    room = Box(inner.x, inner.y, inner.w, inner.h - (by_h + GAP if by_line else 0))
    spec = [TextSpec(runs, align="center", color="title", gap=0)]
    # As large as a statement, never larger than the deck's titles.
    size = fit_size(spec, room, min(QUOTE_SIZE, ctx.deck_title_size), floor) or floor
    quote = set_size(spec, size, floor)
    quote_h = min(frame_height(quote, room.w), room.h)
    total = quote_h + (GAP + by_h if by_line else 0)
    top = inner.y + max(0.0, (inner.h - total) / 2)
    shapes: list[Shape] = []
    if title:
        shapes.append(title_shape(title, theme))
    quote_box = Box(inner.x, top, inner.w, quote_h)
    # Set against the attribution (measuring errs long, so any spare line goes on top).
    anchor = "bottom" if by_line else "middle"
    shapes.append(TextShape("text", quote_box, quote, anchor=anchor, name="Quotation"))
    if by_line:
        # Under the quotation's right edge, not the body's: a short quote is centred.
        width = min(inner.w, max(_line_width(quote, inner.w), _line_width(by_paragraphs, inner.w)))
        by_box = Box(inner.x + (inner.w - width) / 2, quote_box.bottom + GAP, width, by_h)
        shapes.append(TextShape("text", by_box, by_paragraphs, name="Attribution"))
    return [scene(slide, "title_only", title, shapes)]
