"""A large quotation with its attribution."""

from __future__ import annotations

from alliance_slides.format.model import QuoteSlide
from alliance_slides.layout.kinds.base import LayoutContext, scene, title_shape
from alliance_slides.layout.markup import inline_runs
from alliance_slides.layout.scene import Box, Shape, SlideScene, TextShape
from alliance_slides.layout.text import TextSpec, fit_size, parse_emphasis, set_size

_OPENERS = ("“", '"', "「", "‘", "'")


def quote_layout(slide: QuoteSlide, ctx: LayoutContext) -> list[SlideScene]:
    """The quotation centred and set as large as fits, the attribution under it."""
    theme = ctx.theme
    body = theme.body_box
    text = slide.text.strip()
    if not text.startswith(_OPENERS):
        text = f"“{text}”"
    runs = inline_runs(text, italic=True)
    by_h = 50.0 if slide.by else 0.0
    quote_box = Box(body.x + 48, body.y, body.w - 96, body.h - by_h - 8)
    spec = [TextSpec(runs, align="center", color="title", gap=0)]
    size = fit_size(spec, quote_box, 54, theme.body_min_size) or theme.body_min_size
    title = slide.title or "Quotation"
    shapes: list[Shape] = [
        title_shape(title, theme),
        TextShape(
            "text",
            quote_box,
            set_size(spec, size, theme.body_min_size),
            anchor="middle",
            name="Quotation",
        ),
    ]
    if slide.by:
        by_box = Box(body.x + 48, quote_box.bottom + 8, body.w - 96, by_h)
        by = [TextSpec(parse_emphasis(f"— {slide.by}"), align="right", color="muted", gap=0)]
        by_size = fit_size(by, by_box, 22, theme.body_min_size) or theme.body_min_size
        shapes.append(
            TextShape(
                "text", by_box, set_size(by, by_size, theme.body_min_size), name="Attribution"
            )
        )
    return [scene(slide, "title_only", title, shapes)]
