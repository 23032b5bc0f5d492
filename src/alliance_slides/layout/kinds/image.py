"""A picture scaled to fit the body, centred, with alt text and an optional caption."""

from __future__ import annotations

from pathlib import Path

from alliance_slides.errors import Location, Problem
from alliance_slides.format.model import ImageSlide, Lecture, Picture
from alliance_slides.format.svg import is_svg, read_svg
from alliance_slides.layout.kinds.base import LayoutContext, scene, title_shape
from alliance_slides.layout.markup import inline_runs
from alliance_slides.layout.scene import Box, PictureShape, Shape, SlideScene, TextShape
from alliance_slides.layout.text import TextSpec, fit_size, set_size
from alliance_slides.paths import pillow

CAPTION_HEIGHT = 48.0
#: Pixels past which a picture earns a warning: four times what a 16:9 slide shows at
#: 300 dpi (4,000 x 2,250). It is still placed whole, making the deck that much heavier.
LARGE_PICTURE = 36_000_000
#: A picture is drawn at most this many times its size at 96 pixels an inch (0.75 pt a
#: pixel): an icon blown up to fill the slide is a blur of blocks.
MAX_ENLARGEMENT = 3.0


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


def image_layout(slide: ImageSlide, ctx: LayoutContext) -> list[SlideScene]:
    """The picture as large as the body allows, the caption under it."""
    theme = ctx.theme
    body = theme.body_box
    assert slide.image_path is not None, "validation resolves the image path"
    pixels = picture_pixels(slide.image_path)
    room = Box(body.x, body.y, body.w, body.h - (CAPTION_HEIGHT + 6 if slide.caption else 0))
    placed = fit_picture(pixels, room)
    shapes: list[Shape] = [
        title_shape(slide.title, theme),
        PictureShape(slide.image_path, placed, slide.alt, name=f"Picture: {slide.title}"),
    ]
    if slide.caption:
        box = Box(body.x, placed.bottom + 6, body.w, CAPTION_HEIGHT)
        runs = inline_runs(slide.caption, italic=True)
        spec = [TextSpec(runs, align="center", color="muted", gap=0)]
        size = fit_size(spec, box, 20, theme.body_min_size) or theme.body_min_size
        shapes.append(
            TextShape("text", box, set_size(spec, size, theme.body_min_size), name="Caption")
        )
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
