"""A timeline drawn with shapes: a line, a marker per event, the time above, the label below."""

from __future__ import annotations

from alliance_slides.format.model import Event, TimelineSlide
from alliance_slides.format.theme import Theme
from alliance_slides.layout.kinds.base import LayoutContext, run_titles, scene
from alliance_slides.layout.scene import Box, LineShape, MarkerShape, Shape, SlideScene, TextShape
from alliance_slides.layout.text import (
    TextSpec,
    breaks_words,
    fit_size,
    fits,
    parse_emphasis,
    set_size,
)

MAX_PER_SLIDE = 6
MARKER = 20.0
WHEN_HEIGHT = 40.0
#: Where the line runs: this share of the body's height from its top, leaving the rest
#: below for labels, so the drawing sits in the middle of the slide, not under the title.
LINE_AT = 0.3


def _event_specs(event: Event) -> list[TextSpec]:
    specs = [TextSpec(parse_emphasis(event.label), align="center", gap=0)]
    if event.detail:
        specs.append(
            TextSpec(
                parse_emphasis(event.detail), align="center", color="muted", gap=0.3, scale=0.9
            )
        )
    return specs


def _geometry(theme: Theme, count: int) -> tuple[float, float, float]:
    body = theme.body_box
    slot = body.w / count
    line_y = body.y + max(WHEN_HEIGHT + MARKER, body.h * LINE_AT)
    return slot, line_y, body.bottom - (line_y + MARKER)


def _fits(events: list[Event], theme: Theme, size: float, whole_words: bool = False) -> bool:
    """Tell whether each event's label fits its slot at ``size`` (and, if asked, no word breaks)."""
    slot, _, height = _geometry(theme, len(events))
    box = Box(0, 0, slot - 8, height)
    for event in events:
        paragraphs = set_size(_event_specs(event), size, theme.body_min_size)
        if not fits(paragraphs, box) or (whole_words and breaks_words(paragraphs, box.w)):
            return False
    return True


def _chunks(events: tuple[Event, ...], theme: Theme) -> list[list[Event]]:
    """Split events into runs that fit one slide each at the floor size, as even as can be.

    Runs whose labels keep every word whole are preferred: fewer events a slide give
    each a wider slot.
    """
    total = len(events)
    for whole_words in (True, False):
        for per_slide in range(min(MAX_PER_SLIDE, total), 0, -1):
            count = -(-total // per_slide)
            even = -(-total // count)
            chunks = [list(events[i : i + even]) for i in range(0, total, even)]
            if all(_fits(c, theme, theme.body_min_size, whole_words) for c in chunks):
                return chunks
    return [[e] for e in events]


def _draw(events: list[Event], theme: Theme) -> list[Shape]:
    body = theme.body_box
    slot, line_y, below = _geometry(theme, len(events))
    sizes = range(int(theme.body_size) - 2, int(theme.body_min_size) - 1, -1)
    size = next(
        (s for s in sizes if _fits(events, theme, s, whole_words=True)),
        next((s for s in sizes if _fits(events, theme, s)), theme.body_min_size),
    )
    shapes: list[Shape] = [
        LineShape(body.x, line_y, body.right, line_y, 3, "line", name="Timeline")
    ]
    for i, event in enumerate(events):
        cx = body.x + slot * (i + 0.5)
        when_box = Box(
            cx - slot / 2 + 4, line_y - MARKER / 2 - WHEN_HEIGHT - 4, slot - 8, WHEN_HEIGHT
        )
        when = [
            TextSpec(parse_emphasis(event.when, bold=True), align="center", color="accent", gap=0)
        ]
        shapes.append(
            TextShape(
                "text",
                when_box,
                set_size(when, fit_size(when, when_box, size + 2, 16) or 16, 16),
                anchor="bottom",
                name=f"When: {event.when}",
            )
        )
        shapes.append(
            MarkerShape(
                Box(cx - MARKER / 2, line_y - MARKER / 2, MARKER, MARKER),
                "accent",
                name=f"Marker: {event.when}",
            )
        )
        label_box = Box(cx - slot / 2 + 4, line_y + MARKER, slot - 8, below)
        shapes.append(
            TextShape(
                "text",
                label_box,
                set_size(_event_specs(event), size, theme.body_min_size),
                name=f"Event: {event.label}",
            )
        )
    return shapes


def timeline_layout(slide: TimelineSlide, ctx: LayoutContext) -> list[SlideScene]:
    """Events spaced evenly in the order given; many events continue on further slides."""
    scenes = []
    chunks = _chunks(slide.events, ctx.theme)
    titles = run_titles(slide.title, len(chunks), ctx.theme)
    for index, chunk in enumerate(chunks):
        title, heading = titles[index]
        shapes: list[Shape] = [heading, *_draw(chunk, ctx.theme)]
        scenes.append(scene(slide, "title_only", title, shapes, index))
    return scenes
