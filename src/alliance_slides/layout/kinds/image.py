"""A picture scaled to fit the body, centred, with alt text and an optional caption.

A picture may come in a version per theme, beside it: ``map@slate.png`` is drawn
instead of ``map.png`` in the slate theme. On a dark background, a picture drawn
for a light page (a white background, or dark ink on a transparent one) sits on a
light panel with a margin, rather than glaring as a white rectangle or vanishing.
"""

from __future__ import annotations

import re
from pathlib import Path

from alliance_slides.errors import Location, Problem
from alliance_slides.format.model import ImageSlide, Lecture, Picture
from alliance_slides.format.picture_sample import small_copy
from alliance_slides.format.svg import is_svg, read_svg, svg_png, svg_problem
from alliance_slides.format.theme import Theme
from alliance_slides.layout.a11y import contrast, luminance
from alliance_slides.layout.kinds.base import LayoutContext, scene, title_shape
from alliance_slides.layout.markup import inline_runs
from alliance_slides.layout.scene import (
    Box,
    MarkerShape,
    Paragraph,
    PictureShape,
    Shape,
    SlideScene,
    TextShape,
)
from alliance_slides.layout.text import (
    INSET_Y,
    TextSpec,
    fit_size,
    frame_height,
    line_height,
    set_size,
)
from alliance_slides.paths import image_problem, pillow

#: Space between a picture (or its panel) and its caption, in points.
CAPTION_GAP = 6.0
#: Pixels past which a picture earns a warning: four times what a 16:9 slide shows at
#: 300 dpi (4,000 x 2,250). It is still placed whole, making the deck that much heavier.
LARGE_PICTURE = 36_000_000
#: A picture is drawn at most this many times its size at 96 pixels an inch (0.75 pt a
#: pixel): an icon blown up to fill the slide is a blur of blocks.
MAX_ENLARGEMENT = 3.0
#: The margin of the light panel around a picture, in points.
PANEL_PAD = 14.0
#: A theme name that can be part of a file name.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
#: Backgrounds darker than this (WCAG relative luminance) count as dark.
DARK = 0.2


def fit_picture(pixels: tuple[int, int], box: Box) -> Box:
    """Return the largest box of the picture's aspect ratio centred in ``box``.

    A small picture is enlarged at most :data:`MAX_ENLARGEMENT` times.
    """
    px_w, px_h = pixels
    scale = min(box.w / px_w, box.h / px_h, 0.75 * MAX_ENLARGEMENT)
    w, h = px_w * scale, px_h * scale
    return Box(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)


def picture_pixels(path: Path) -> tuple[int, int]:
    """Return a picture's size in pixels (an SVG's in CSS pixels)."""
    if is_svg(path):
        width, height = read_svg(path)[1]
        return max(1, round(width)), max(1, round(height))
    with pillow().open(path) as picture:
        return picture.size  # type: ignore[no-any-return]


def themed_picture(path: Path, theme: Theme) -> Path:
    """Return the theme's own version of a picture (``NAME@THEME.EXT`` beside it), else it.

    The version must lie in the very folder of the picture (no link leads elsewhere)
    and be a picture that can go on a slide; otherwise the picture itself is drawn.
    Only a theme whose name is a plain word (letters, digits, ``-``, ``_``) has versions.
    """
    if not _PLAIN_NAME.fullmatch(theme.name):
        return path  # a theme named with slashes or spaces has no versions to look for
    variant = path.with_name(f"{path.stem}@{theme.name}{path.suffix}")
    try:
        if not variant.is_file():
            return path
        resolved = variant.resolve()
    except (OSError, RuntimeError):
        return path
    problem = svg_problem(resolved) if is_svg(resolved) else image_problem(resolved)
    if resolved.parent != path.resolve().parent or problem is not None:
        return path
    return resolved


def drawn_for_light_page(path: Path, background: str) -> bool:
    """Tell whether a picture needs a light page under it to be seen on ``background``.

    It does when its edge is light and opaque (a white rectangle on a dark slide), or
    when its edge is clear and some of its ink (a twentieth or more of its opaque
    pixels) would hardly show on the background: dark text, lines, outlines.
    """
    # 128 pixels keep a 3-pixel line of a 400-pixel diagram; at 48 it blurred away.
    if is_svg(path):
        width, height = picture_pixels(path)
        scale = 128 / max(width, height)
        small = small_copy(svg_png(path, width * scale, height * scale), 128)
    else:
        small = small_copy(path, 128)
    if small is None:  # too big to decode (MAX_DECODED_BYTES): a panel does no harm
        return True
    width, height = small.size
    pixels = [small.getpixel((x, y)) for y in range(height) for x in range(width)]
    edge = [
        pixels[y * width + x]
        for y in range(height)
        for x in range(width)
        if x in (0, width - 1) or y in (0, height - 1)
    ]
    if sum(1 for p in edge if p[3] < 128) <= len(edge) / 2:
        solid = [p for p in edge if p[3] >= 128]
        return sum(luminance(_hex6(p)) for p in solid) / len(solid) > 0.75
    ink = [p for p in pixels if p[3] >= 128]
    hidden = sum(1 for p in ink if contrast(_hex6(p), background) < 2.0)
    return bool(ink) and hidden >= len(ink) / 20


def _hex6(pixel: tuple[int, ...]) -> str:
    return "{:02X}{:02X}{:02X}".format(*pixel[:3])


#: An edge this close to the background's colour (contrast ratio) loses the picture's shape.
BLENDS = 1.6


def edge_blends(path: Path, background: str) -> bool:
    """Tell whether a picture's opaque edge is so near ``background`` that its shape is lost.

    A night photograph on a charcoal slide runs into it; a thin rule round it keeps
    its edge.
    """
    if is_svg(path):
        return False  # drawn with a clear ground: its ink is what shows
    small = small_copy(path, 64)
    if small is None:  # too big to decode (MAX_DECODED_BYTES): no rule
        return False
    width, height = small.size
    edge = [
        small.getpixel((x, y))
        for y in range(height)
        for x in range(width)
        if x in (0, width - 1) or y in (0, height - 1)
    ]
    solid = [p for p in edge if p[3] >= 128]
    if len(solid) <= len(edge) / 2:
        return False
    close = sum(1 for p in solid if contrast(_hex6(p), background) < BLENDS)
    return close >= len(solid) / 2


def keyline(path: Path, theme: Theme, panel: bool) -> str | None:
    """The theme colour of a rule round a picture on a dark slide whose edge it blends into."""
    background = theme.colors["background"]
    if panel or theme.inherit_styles or luminance(background) >= DARK:
        return None
    return "line" if edge_blends(path, background) else None


def needs_panel(path: Path, theme: Theme, own_version: bool = False) -> bool:
    """Tell whether a picture gets a light panel behind it in this theme.

    A picture's own version for the theme (``NAME@THEME``) was drawn for it: never.
    """
    if theme.picture_panel != "auto":
        return theme.picture_panel == "always"
    background = theme.colors["background"]
    if own_version or theme.inherit_styles or luminance(background) >= DARK:
        return False
    return drawn_for_light_page(path, background)


def image_layout(slide: ImageSlide, ctx: LayoutContext) -> list[SlideScene]:
    """The picture as large as the body allows, the caption under it."""
    theme = ctx.theme
    body = theme.body_box
    assert slide.image_path is not None, "validation resolves the image path"
    path = themed_picture(slide.image_path, theme)
    pixels = picture_pixels(path)
    caption: tuple[Paragraph, ...] = ()
    if slide.caption:
        runs = inline_runs(slide.caption, italic=True)
        spec = [TextSpec(runs, align="center", color="muted", gap=0)]
        floor = theme.body_min_size
        start = max(20.0, floor)
        most = Box(body.x, body.y, body.w, 2 * line_height(runs, start) + 2 * INSET_Y)
        caption = set_size(spec, fit_size(spec, most, start, floor) or floor, floor)
    caption_h = frame_height(caption, body.w) + CAPTION_GAP if caption else 0.0
    panel = needs_panel(path, theme, own_version=path != slide.image_path)
    pad = PANEL_PAD if panel else 0.0
    room = Box(body.x, body.y, body.w, body.h - caption_h).inset(pad)
    placed = fit_picture(pixels, room)
    # The picture and its caption, as one group, centred in the body.
    group = placed.h + 2 * pad + caption_h
    top = body.y + max(0.0, (body.h - group) / 2) + pad
    placed = Box(placed.x, top, placed.w, placed.h)
    shapes: list[Shape] = [title_shape(slide.title, theme)]
    if panel:
        card = placed.inset(-PANEL_PAD)
        shapes.append(MarkerShape(card, "panel", shape="rounded", name="Picture panel"))
    shapes.append(
        PictureShape(
            path, placed, slide.alt, name=f"Picture: {slide.title}",
            keyline=keyline(path, theme, panel),
        )
    )
    if caption:
        box = Box(body.x, placed.bottom + pad + CAPTION_GAP, body.w, caption_h - CAPTION_GAP)
        shapes.append(TextShape("text", box, caption, name="Caption"))
    return [scene(slide, "title_only", slide.title, shapes)]


def _pictures(lecture: Lecture) -> list[tuple[str, Path, Location]]:
    """Return each picture a lecture places: its name as written, its file and its place."""
    found = []
    for slide in lecture.outline.slides:
        if isinstance(slide, ImageSlide) and slide.image_path is not None:
            where = slide.field_locations.get("image", slide.location)
            found.append((slide.image, slide.image_path, where))
        picture = getattr(slide, "image", None)
        if isinstance(picture, Picture) and picture.image_path is not None:
            where = picture.field_locations.get("path", picture.location)
            found.append((picture.path, picture.image_path, where))
    return found


def picture_warnings(lecture: Lecture) -> list[Problem]:
    """Warn, at each picture's place in the outline, of pictures far bigger than a slide shows."""
    found = []
    for name, path, where in _pictures(lecture):
        if is_svg(path):
            continue  # drawn at any size; it carries no pixels
        try:
            width, height = picture_pixels(path)
        except OSError:  # checked when the outline was read; gone since
            continue
        if width * height > LARGE_PICTURE:
            found.append(
                Problem(
                    where,
                    f"image '{name}' is {width:,} x {height:,} pixels, far more than a slide "
                    "shows (about 4,000 x 2,250 at 300 dpi); the deck carries them all: a "
                    "smaller copy makes it lighter",
                )
            )
    return found
