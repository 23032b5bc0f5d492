"""Where everything goes on each slide: rendered lectures to scenes, as plain data.

:func:`lay_out` turns a rendered lecture into scenes (``scene``: boxes, paragraphs,
lines, tables, pictures) through one renderer per slide kind (``kinds/``, registered
in :data:`LAYOUTS`), measuring and fitting text with ``text``; ``a11y`` checks the
scenes as a reader would meet them; ``resolved`` bundles a lecture with its theme,
template and scenes for every output. Nothing here touches python-pptx. Adding a
kind means a model class, a renderer in ``kinds/``, and a line in :data:`LAYOUTS`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from alliance_slides.format.theme import Theme
from alliance_slides.layout.kinds.base import Layout, LayoutContext
from alliance_slides.layout.kinds.bullets import bullets_layout, questions_layout, references_layout
from alliance_slides.layout.kinds.columns import two_column_layout
from alliance_slides.layout.kinds.image import image_layout
from alliance_slides.layout.kinds.quote import quote_layout
from alliance_slides.layout.kinds.table import table_layout
from alliance_slides.layout.kinds.timeline import timeline_layout
from alliance_slides.layout.kinds.titles import section_layout, title_slide
from alliance_slides.layout.scene import Box, PictureShape, Run, Shape, SlideScene, TextShape
from alliance_slides.layout.text import (
    INSET_X,
    INSET_Y,
    TextSpec,
    fit_size,
    line_height,
    set_size,
    text_width,
)
from alliance_slides.templating.environment import format_date
from alliance_slides.templating.render import RenderedLecture

#: The renderer of each slide kind.
LAYOUTS: dict[str, Layout] = {
    "bullets": bullets_layout,
    "section": section_layout,
    "two_column": two_column_layout,
    "timeline": timeline_layout,
    "quote": quote_layout,
    "table": table_layout,
    "image": image_layout,
    "questions": questions_layout,
    "references": references_layout,
}


def cited_keys(lecture: RenderedLecture) -> frozenset[str]:
    """Return the source keys that some slide cites."""
    return frozenset(c.split("#", 1)[0] for s in lecture.outline.slides for c in s.cite)


def _footer(scene: SlideScene, number: int, lecture: RenderedLecture, theme: Theme) -> SlideScene:
    """Add the footer the theme asks for (course, lecture, date; number; logo)."""
    outline = lecture.outline
    show = theme.footer
    parts = (
        lecture.course.code if show.course else None,
        outline.title if show.lecture else None,
        format_date(outline.date) if show.date and outline.date else None,
    )
    left = " · ".join(part for part in parts if part)
    y = theme.footer_y
    size = theme.footer_size
    # One line at the theme's size, insets included: what fit_size measures against.
    height = line_height((Run(left or "0"),), size) + 2 * INSET_Y
    right_edge = theme.width - theme.margin
    shapes: list[Shape] = []
    if theme.logo is not None:
        logo = _logo_box(theme.logo, Box(right_edge - 200, y - 6, 200, height + 12))
        shapes.append(PictureShape(theme.logo, logo, "Logo", name="Logo"))
        right_edge = logo.x - 12
    if show.number:
        shapes.append(
            TextShape(
                "text",
                Box(right_edge - 60, y, 60, height),
                set_size(
                    [TextSpec((Run(str(number)),), align="right", color="muted", gap=0)], size, size
                ),
                name="Slide number",
            )
        )
        right_edge -= 60
    if left:
        box = Box(theme.margin, y, right_edge - theme.margin - 12, height)
        if show.lecture and text_width(left, size) > box.w - 2 * INSET_X:
            left = _shortened(parts, box.w - 2 * INSET_X, size)
        spec = [TextSpec((Run(left),), color="muted", gap=0)]
        shapes.insert(
            0,
            TextShape(
                "text", box, set_size(spec, fit_size(spec, box, size, 8) or 8, 8), name="Footer"
            ),
        )
    return dataclasses.replace(scene, shapes=scene.shapes + tuple(shapes))


def _shortened(parts: tuple[str | None, ...], width: float, size: float) -> str:
    """Join the footer's parts, the lecture title cut at a word with "…" to fit one line.

    The footer stays at the theme's size; only if even the shortest title is too long
    does it shrink (what the caller's fitting does).
    """
    code, title, date = parts
    words = (title or "").split()
    for count in range(len(words) - 1, 0, -1):
        cut = " ".join(words[:count]).rstrip(",;:–—-") + "…"
        line = " · ".join(part for part in (code, cut, date) if part)
        if text_width(line, size) <= width:
            return line
    return " · ".join(part for part in (code, title, date) if part)


def _logo_box(path: Path, room: Box) -> Box:
    """Return the logo's box: as tall as ``room``, right-aligned in it."""
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
    w = min(room.w, room.h * width / height)
    h = w * height / width
    return Box(room.right - w, room.y + (room.h - h) / 2, w, h)


def lay_out(lecture: RenderedLecture, theme: Theme) -> list[SlideScene]:
    """Return the scenes of a rendered lecture, title slide first, footers added."""
    ctx = LayoutContext(theme=theme, lecture=lecture, cited=cited_keys(lecture))
    scenes: list[SlideScene] = []
    if lecture.outline.title_slide:
        opening = title_slide(lecture.outline, ctx)
        scenes.append(dataclasses.replace(opening, location=lecture.outline.location))
    for number, slide in enumerate(lecture.outline.slides, start=1):
        for made in LAYOUTS[slide.kind](slide, ctx):
            scenes.append(dataclasses.replace(made, source_number=number, location=slide.location))
    if theme.footer.show:
        scenes = [
            _footer(s, n, lecture, theme) if s.footer else s for n, s in enumerate(scenes, start=1)
        ]
    return scenes


__all__ = ["LAYOUTS", "LayoutContext", "lay_out"]
