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
from typing import Any

from alliance_slides.format.model import LAYOUT_ROLES, Slide
from alliance_slides.format.theme import SAFE_MARGIN, Theme
from alliance_slides.layout.citations import room_for_line, source_shape, source_text
from alliance_slides.layout.kinds.base import Layout, LayoutContext, uniform_titles
from alliance_slides.layout.kinds.bullets import bullets_layout, questions_layout, references_layout
from alliance_slides.layout.kinds.chart import chart_layout
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
    measuring,
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
    "chart": chart_layout,
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
    layout = theme.layouts.get(scene.layout) if theme.inherit_styles else None
    if layout is not None:
        return _template_footer(scene, number, parts, layout, theme)
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


def _template_footer(
    scene: SlideScene,
    number: int,
    parts: tuple[str | None, ...],
    layout: Any,
    theme: Theme,
) -> SlideScene:
    """Put the footer in the layout's own date, footer and slide-number placeholders.

    What the layout has no placeholder for goes in a text box, placed where the
    master and layout draw nothing (above a brand bar rather than over it).
    """
    code, title, date = parts
    show = theme.footer
    shapes: list[Shape] = []
    boxes: list[tuple[str, str, str]] = []  # (role, text, name) still to place
    dt, ftr, num = layout.first("dt"), layout.first("ftr"), layout.first("sldNum")
    if date and dt is None:
        parts = (code, title, date)
    else:
        parts = (code, title, None)
    left = " · ".join(part for part in parts if part)
    if left:
        boxes.append(("ftr", left, "Footer"))
    if date and dt is not None:
        boxes.append(("dt", date, "Date"))
    if show.number:
        boxes.append(("sldNum", str(number), "Slide number"))
    found = {"dt": dt, "ftr": ftr, "sldNum": num}
    loose: list[tuple[str, str, str]] = []
    for role, text, name in boxes:
        placeholder = found[role]
        if placeholder is None:
            loose.append((role, text, name))
            continue
        box = placeholder.box
        start = placeholder.look.size or theme.footer_size
        if role == "ftr" and show.lecture and text_width(text, start, look="footer") > box.w:
            text = _shortened(parts, box.w - 2 * INSET_X, start)
        spec = [TextSpec((Run(text),), gap=0, look="footer")]
        size = fit_size(spec, box, start, min(6.0, start)) or min(6.0, start)
        shapes.append(TextShape(role, box, set_size(spec, size, min(6.0, start)), name=name))
    if loose:
        kept = [s for s in scene.shapes if isinstance(s, (TextShape, PictureShape))]
        small = [isinstance(s, PictureShape) or s.name == "Source" for s in kept]
        shapes.extend(_footer_boxes(loose, layout, theme, [s.box for s in kept], small))
    return dataclasses.replace(scene, shapes=scene.shapes + tuple(shapes))


def _footer_boxes(
    loose: list[tuple[str, str, str]],
    layout: Any,
    theme: Theme,
    taken: list[Box],
    small_print: list[bool],
) -> list[TextShape]:
    """Text boxes for footer parts a layout has no placeholder for.

    The row goes as low as it can where the master and layout draw nothing and no shape
    of the slide lies (``taken``); where there is no such row, at the foot of the slide,
    over the brand's graphics, in a scheme colour that reads on them.
    """
    size = theme.footer_size
    height = line_height((Run("0"),), size) + 2 * INSET_Y
    width = theme.width - 2 * theme.margin
    backdrop = layout.backdrop
    background = backdrop.main_color(theme.body_box)
    # Inside the title-safe margin: a projector's overscan crops the slide's edges.
    lowest = theme.height - height - SAFE_MARGIN + INSET_Y
    y = lowest
    floor = max((box.bottom for box in taken), default=theme.body_box.bottom)

    def clear(top: float) -> bool:
        row = Box(theme.margin, top, width, height)
        overlaps = any(
            b.y < row.bottom and row.y < b.bottom and b.x < row.right and row.x < b.right
            for b in taken
        )
        return not overlaps and backdrop.is_plain(row, background)

    while y >= floor and not clear(y):
        y -= 2
    if y < floor:
        # No row clear of every frame: clear of the graphics and of what surely holds text
        # at the foot (the source line, pictures), over the empty end of the body frame.
        taken = [b for b, small in zip(taken, small_print, strict=True) if small]
        floor = theme.body_box.bottom - 3 * height
        y = lowest
        while y >= floor and not clear(y):
            y -= 2
    if y < floor:
        y = lowest  # nowhere clear: at the foot, in a colour that reads there
    row = Box(theme.margin, y, width, height)
    color = _readable(backdrop.colors_under(row), theme)
    shapes = []
    number = [item for item in loose if item[0] == "sldNum"]
    rest = [item for item in loose if item[0] != "sldNum"]
    right = row.right
    if number:
        box = Box(right - 60, y, 60, height)
        spec = [TextSpec((Run(number[0][1]),), align="right", color=color, gap=0)]
        shapes.append(TextShape("text", box, set_size(spec, size, size), name="Slide number"))
        right -= 72
    if rest:
        text = " · ".join(item[1] for item in rest)
        box = Box(row.x, y, right - row.x, height)
        spec = [TextSpec((Run(text),), color=color, gap=0)]
        fitted = fit_size(spec, box, size, 6) or 6
        shapes.insert(0, TextShape("text", box, set_size(spec, fitted, 6), name="Footer"))
    return shapes


def _readable(behind: list[str], theme: Theme) -> str:
    """The first of the theme's text colours that reads at 4.5:1 on all of ``behind``."""
    from alliance_slides.format.backdrop import contrast

    names = ["muted", "text", "tx1", "bg1", "tx2", "bg2", "dk1", "lt1"]
    best, ratio = "text", 0.0
    for name in names:
        value = theme.colors.get(name)
        if value is None:
            continue
        worst = min(contrast(value, b) for b in behind)
        if worst >= 4.5:
            return name
        if worst > ratio:
            best, ratio = name, worst
    return best


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


#: Kinds drawn on the band, with no body to give up a line: they show no source line.
UNLINED = frozenset({"section"})


def placed(scene: SlideScene, slide: Slide, number: int, line: Shape | None) -> SlideScene:
    """Return a laid-out scene with what the slide itself decides: its place in the outline,
    whether it is hidden, its layout if named, and its source line."""
    role, name = scene.layout, None
    if slide.layout:
        if slide.layout.casefold() in LAYOUT_ROLES:
            role = slide.layout.casefold()
        else:
            name = slide.layout
    return dataclasses.replace(
        scene,
        source_number=number,
        location=slide.location,
        hidden=slide.hidden,
        layout=role,
        layout_name=name,
        shapes=scene.shapes + ((line,) if line else ()),
    )


def lay_out(lecture: RenderedLecture, theme: Theme) -> list[SlideScene]:
    """Return the scenes of a rendered lecture, title slide first, footers added."""
    with measuring(theme):
        return _lay_out(lecture, theme)


def _lay_out(lecture: RenderedLecture, theme: Theme) -> list[SlideScene]:
    ctx = LayoutContext(theme=theme, lecture=lecture, cited=cited_keys(lecture))
    scenes: list[SlideScene] = []
    outline = lecture.outline
    if outline.title_slide:
        opening = title_slide(outline, ctx)
        notes = outline.title_notes.strip()
        scenes.append(dataclasses.replace(opening, location=outline.location, notes=notes))
    lined = ctx
    if lecture.source_line and theme.footer.sources:
        lined = dataclasses.replace(ctx, theme=room_for_line(theme))
    for number, slide in enumerate(outline.slides, start=1):
        line = source_shape(source_text(slide.cite), lined.theme) if (
            slide.cite and lined is not ctx and slide.kind not in UNLINED
        ) else None
        for made in LAYOUTS[slide.kind](slide, lined if line else ctx):
            scenes.append(placed(made, slide, number, line))
    scenes = uniform_titles(scenes, theme)
    if theme.footer.show:
        scenes = [
            _footer(s, n, lecture, theme) if s.footer else s for n, s in enumerate(scenes, start=1)
        ]
    return scenes


__all__ = ["LAYOUTS", "LayoutContext", "lay_out"]
