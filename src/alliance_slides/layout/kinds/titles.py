"""The title slide (made from the lecture's fields) and section headers."""

from __future__ import annotations

from alliance_slides.format.model import Outline, SectionSlide
from alliance_slides.format.theme import Theme
from alliance_slides.layout.kinds.base import LayoutContext, scene, title_shape
from alliance_slides.layout.scene import Box, LineShape, SlideScene, TextShape
from alliance_slides.layout.text import TextSpec, fit_size, parse_emphasis, set_size
from alliance_slides.templating.environment import format_date


def _line_of_text(
    role: str,
    text: str,
    box: Box,
    size: float,
    floor: float,
    color: str,
    name: str,
    anchor: str = "top",
) -> TextShape:
    spec = [TextSpec(parse_emphasis(text), color=color, gap=0)]
    fitted = fit_size(spec, box, size, floor) or floor
    return TextShape(role, box, set_size(spec, fitted, floor), anchor=anchor, name=name)


def _on_band(theme: Theme) -> tuple[str, str, str | None]:
    """Return title colour, secondary colour and background of title and section slides.

    On an institution's template the slide keeps the template's background, so text
    takes the ordinary title and muted colours instead of the band's.
    """
    if theme.inherit_styles:
        return "title", "muted", None
    return "on_band", "on_band_muted", "band"


def _band_title(
    title: str, subtitle: str | None, theme: Theme, title_size: float
) -> list[TextShape | LineShape]:
    on_band, on_band_muted, _ = _on_band(theme)
    w = theme.width - 2 * theme.margin
    top = theme.height * 0.20
    title_box = Box(theme.margin, top, w, theme.height * 0.36)
    shapes: list[TextShape | LineShape] = [
        title_shape(title, theme, title_box, color=on_band, start=title_size, floor=28)
    ]
    rule_y = title_box.bottom + 14
    shapes.append(
        LineShape(
            theme.margin + 7, rule_y, theme.margin + 127, rule_y, 4, "accent", name="Accent rule"
        )
    )
    if subtitle:
        box = Box(theme.margin, rule_y + 14, w, theme.height * 0.16)
        shapes.append(_line_of_text("subtitle", subtitle, box, 26, 18, on_band_muted, "Subtitle"))
    return shapes


def _on_template(
    role: str, title: str, lines: list[str], theme: Theme
) -> list[TextShape | LineShape] | None:
    """Title and lines of text in a template's own title and subtitle placeholders.

    ``None`` when the role's layout has no title placeholder. Lines go in the subtitle
    (or body) placeholder when there is one, else in a text box under the title.
    """
    layout = theme.layouts.get(role) if theme.inherit_styles else None
    heading = layout.first("ctrTitle", "title") if layout else None
    if layout is None or heading is None:
        return None
    start = heading.look.size or theme.title_size
    shapes: list[TextShape | LineShape] = [
        title_shape(
            title,
            theme,
            heading.box,
            color="title",
            start=start,
            floor=min(theme.title_min_size, start),
        )
    ]
    if not lines:
        return shapes
    below = layout.first("subTitle", "body")
    if below is not None:
        box, role_name, look = below.box, "subtitle", "subtitle"
        start = below.look.size or theme.body_size
    else:
        top = heading.box.bottom + 6
        box = Box(heading.box.x, top, heading.box.w, max(24.0, theme.height * 0.9 - top))
        role_name, look, start = "text", "text", 24.0
    specs = [TextSpec(parse_emphasis(line), gap=0.2, look=look) for line in lines]
    floor = min(14.0, start)
    size = fit_size(specs, box, start, floor) or floor
    shapes.append(TextShape(role_name, box, set_size(specs, size, floor), name="Subtitle"))
    return shapes


def title_slide(outline: Outline, ctx: LayoutContext) -> SlideScene:
    """Return the opening slide: title, subtitle, author, date, course."""
    theme = ctx.theme
    course = ctx.lecture.course
    byline = " · ".join(
        part
        for part in (outline.author, format_date(outline.date) if outline.date else None)
        if part
    )
    course_line = " · ".join(part for part in (course.code, course.title, course.term) if part)
    lines = [line for line in (outline.subtitle, byline, course_line) if line]
    placed = _on_template("title", outline.title, lines, theme)
    if placed is not None:
        return SlideScene(layout="title", title=outline.title, shapes=tuple(placed), footer=False)
    shapes: list[TextShape | LineShape] = _band_title(outline.title, outline.subtitle, theme, 44)
    lines = [line for line in (byline, course_line) if line]
    if lines:
        box = Box(
            theme.margin, theme.height * 0.78, theme.width - 2 * theme.margin, theme.height * 0.15
        )
        specs = [
            TextSpec(parse_emphasis(line), color=_on_band(theme)[1], gap=0.2) for line in lines
        ]
        size = fit_size(specs, box, 22, 18) or 18
        shapes.append(TextShape("text", box, set_size(specs, size, 18), name="Byline"))
    return SlideScene(
        layout="title",
        title=outline.title,
        shapes=tuple(shapes),
        background=_on_band(theme)[2],
        footer=False,
    )


def section_layout(slide: SectionSlide, ctx: LayoutContext) -> list[SlideScene]:
    """A section header on the band colour."""
    lines = [slide.subtitle] if slide.subtitle else []
    placed = _on_template("section", slide.title, lines, ctx.theme)
    if placed is not None:
        return [scene(slide, "section", slide.title, list(placed), footer=False)]
    shapes = _band_title(slide.title, slide.subtitle, ctx.theme, 40)
    background = _on_band(ctx.theme)[2]
    return [scene(slide, "section", slide.title, list(shapes), background=background, footer=False)]
