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
from alliance_slides.layout.kinds.base import (
    Layout,
    LayoutContext,
    content_title_sizes,
    deck_title,
    uniform_titles,
)
from alliance_slides.layout.kinds.bullets import bullets_layout, questions_layout, references_layout
from alliance_slides.layout.kinds.chart import chart_layout
from alliance_slides.layout.kinds.columns import two_column_layout
from alliance_slides.layout.kinds.image import image_layout
from alliance_slides.layout.kinds.quote import quote_layout
from alliance_slides.layout.kinds.table import table_layout
from alliance_slides.layout.kinds.timeline import timeline_layout
from alliance_slides.layout.kinds.titles import section_layout, title_slide
from alliance_slides.layout.scene import Box, PictureShape, Run, Shape, SlideScene, TextShape
from alliance_slides.layout.steady import steady_sizes, under_title
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
        color = None
        if placeholder is None:
            # The layout has none: a text box where the master puts this placeholder (the
            # brand's own place for it, clear of its logo), the same on every slide.
            placeholder = _master_footer(layout, role)
            if placeholder is None:
                loose.append((role, text, name))
                continue
            color = _readable(layout.backdrop.colors_under(placeholder.box), theme)
        box = placeholder.box
        start = placeholder.look.size or theme.footer_size
        if role == "ftr" and show.lecture and text_width(text, start, look="footer") > box.w:
            text = _shortened(parts, box.w - 2 * INSET_X, start)
        align = placeholder.look.align or ("right" if role == "sldNum" else "left")
        spec = [TextSpec((Run(text),), gap=0, look="footer", color=color, align=align)]
        size = fit_size(spec, box, start, min(6.0, start)) or min(6.0, start)
        paragraphs = set_size(spec, size, min(6.0, start))
        shapes.append(TextShape(role if color is None else "text", box, paragraphs, name=name))
    if loose:
        shapes.extend(_footer_boxes(loose, layout, theme))
    return dataclasses.replace(scene, shapes=scene.shapes + tuple(shapes))


def _master_footer(layout: Any, role: str) -> Any:
    """The master's placeholder for a footer part, when its frame clears the layout's text.

    A layout without footer placeholders still has the master's: the template's designer
    set them where they read and clear the brand's graphics (beside the logo on a bar).
    """
    if not layout.master_shapes:
        return None  # the master's graphics are not drawn: its footer frames mean nothing
    found = [p for p in layout.master_footers if p.kind == role]
    if not found:
        return None
    box = found[0].box
    for other in layout.placeholders:
        if other.kind in ("dt", "ftr", "sldNum"):
            continue
        b = other.box
        if b.x < box.right and box.x < b.right and b.y < box.bottom and box.y < b.bottom:
            return None
    return found[0]


def _footer_boxes(
    loose: list[tuple[str, str, str]], layout: Any, theme: Theme
) -> list[TextShape]:
    """Text boxes for footer parts neither the layout nor its master has a placeholder for.

    The row is the lowest below the body frame where the master and layout draw nothing;
    where there is none, a smaller footer (down to 8 pt) that fits there; else the foot of
    the slide, in a scheme colour that reads on the graphics. It depends on the layout
    alone, never on a slide's content, so every slide of a layout has its footer at the
    same height.
    """
    backdrop = layout.backdrop
    background = backdrop.main_color(theme.body_box)
    width = theme.width - 2 * theme.margin

    def lowest_clear(size: float) -> float | None:
        height = line_height((Run("0"),), size) + 2 * INSET_Y
        # Inside the title-safe margin: a projector's overscan crops the slide's edges.
        top = theme.height - height - SAFE_MARGIN + INSET_Y
        while top >= theme.body_box.bottom:
            if backdrop.is_plain(Box(theme.margin, top, width, height), background):
                return top
            top -= 2
        return None

    sizes = [theme.footer_size, *(float(s) for s in range(int(theme.footer_size) - 1, 7, -1))]
    size, found = next(
        ((size, y) for size in sizes if (y := lowest_clear(size)) is not None),
        (theme.footer_size, None),
    )
    height = line_height((Run("0"),), size) + 2 * INSET_Y
    # Nowhere clear: at the foot, at the theme's size, in a colour that reads there.
    y = found if found is not None else theme.height - height - SAFE_MARGIN + INSET_Y
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

    The footer stays at the theme's size. A title cut to one word ("New…") says nothing,
    so with room for less than two it is left out; only if the footer is still too long
    does it shrink (what the caller's fitting does).
    """
    code, title, date = parts
    words = (title or "").split()
    for count in range(len(words) - 1, 1, -1):
        cut = " ".join(words[:count]).rstrip(",;:–—-") + "…"
        line = " · ".join(part for part in (code, cut, date) if part)
        if text_width(line, size) <= width:
            return line
    if len(words) > 1:
        without = " · ".join(part for part in (code, date) if part)
        if without and text_width(without, size) <= width:
            return without
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


@dataclasses.dataclass(frozen=True)
class _Laid:
    """One outline slide laid out: its number, source line, context and scenes."""

    slide: Slide
    number: int
    line: Shape | None
    ctx: LayoutContext
    scenes: list[SlideScene]

    def again(self, ctx: LayoutContext) -> _Laid:
        """Return the slide laid out again in ``ctx``."""
        scenes = _laid(self.slide, self.number, self.line, ctx)
        return _Laid(self.slide, self.number, self.line, ctx, scenes)


def _laid(slide: Slide, number: int, line: Shape | None, ctx: LayoutContext) -> list[SlideScene]:
    """Return the scenes of one outline slide, placed."""
    return [placed(made, slide, number, line) for made in LAYOUTS[slide.kind](slide, ctx)]


def _under(ctx: LayoutContext, title: float) -> LayoutContext:
    """Return ``ctx`` for a deck whose content titles are set at ``title``."""
    return dataclasses.replace(ctx, theme=under_title(ctx.theme, title), title_size=title)


def _steadied(slides: list[_Laid], theme: Theme) -> list[_Laid]:
    """Lay slides out again where the deck changes their body size (see ``layout.steady``).

    They were laid out under the theme's title size; when a long title makes the deck's
    titles smaller, body text is kept under that. Then each kind of body text takes at
    most two sizes across the deck; only slides whose size changes are laid out again.
    """
    titles = content_title_sizes([made for laid in slides for made in laid.scenes])
    title = deck_title(titles, theme) if titles else theme.title_size
    if title < theme.title_size:
        slides = [laid.again(_under(laid.ctx, title)) for laid in slides]
    found = [laid.scenes[0].body_text for laid in slides if laid.scenes]
    steady = steady_sizes([text for text in found if text is not None])
    out = []
    for laid in slides:
        text = laid.scenes[0].body_text if laid.scenes else None
        if text is not None and text[1] not in steady[text[0]]:
            laid = laid.again(dataclasses.replace(laid.ctx, steady=steady))
        out.append(laid)
    return out


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
    # Body text stays under the titles (under a smaller size when a title shrinks).
    under = _under(ctx, theme.title_size)
    lined = under
    if lecture.source_line and theme.footer.sources:
        lined = _under(dataclasses.replace(ctx, theme=room_for_line(theme)), theme.title_size)
    slides = []
    for number, slide in enumerate(outline.slides, start=1):
        line = source_shape(source_text(slide.cite), lined.theme) if (
            slide.cite and lined is not under and slide.kind not in UNLINED
        ) else None
        own = lined if line else under
        slides.append(_Laid(slide, number, line, own, _laid(slide, number, line, own)))
    scenes += [made for laid in _steadied(slides, theme) for made in laid.scenes]
    scenes = uniform_titles(scenes, theme)
    if theme.footer.show:
        scenes = [
            _footer(s, n, lecture, theme) if s.footer else s for n, s in enumerate(scenes, start=1)
        ]
    return scenes


__all__ = ["LAYOUTS", "LayoutContext", "lay_out"]
