"""A contact sheet: every slide of a deck as a numbered thumbnail on one PNG (Pillow).

Made from the deck's PNG pages (:func:`alliance_slides.output.export.export_png`), so what
the sheet shows is what LibreOffice drew. The grid is as square as the slides allow
(4 columns for 13 to 16 slides); each thumbnail has a thin frame, so white slides
stand out from the sheet, and its number in the deck under it; a slide hidden in the slide
show is drawn faded, in a dashed frame, labelled "N · hidden".
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alliance_slides.errors import BuildError, Location

#: Width of one thumbnail, in pixels.
THUMB_WIDTH = 320
_MARGIN = 24
_GAP = 16
_LABEL = 22
_HEADER = 40
_SHEET = (240, 241, 243)
_FRAME = (150, 156, 164)
_INK = (31, 35, 40)


def grid_columns(count: int) -> int:
    """Return how many columns a sheet of ``count`` slides has: the ceiling of the square root."""
    return max(1, math.ceil(math.sqrt(count)))


def _font(size: int) -> Any:
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except (TypeError, ImportError, OSError):  # Pillow < 10.1 or without FreeType
        return ImageFont.load_default()


def make_contact_sheet(
    pages: Sequence[Path],
    target: Path,
    columns: int | None = None,
    title: str | None = None,
    thumb_width: int = THUMB_WIDTH,
    hidden: Sequence[bool] = (),
) -> Path:
    """Draw ``pages`` (PNG files, one per slide, in deck order) as a grid on one PNG.

    ``columns`` defaults to :func:`grid_columns`; ``title`` is written above the grid;
    ``hidden`` says, slide by slide, which are hidden in the slide show (they are marked).
    Raises :class:`BuildError` when there are no pages or one cannot be read.
    """
    from PIL import Image, ImageDraw, UnidentifiedImageError

    from alliance_slides.files import write_atomically

    if not pages:
        raise BuildError.at(Location(str(target)), "no slide pictures to put on a contact sheet")
    thumbs = []
    for page in pages:
        try:
            with Image.open(page) as image:
                # A tall slide's thumbnail is at most twice as tall as it is wide (one
                # 1 x 56 inches made a sheet of a gigabyte).
                scale = min(thumb_width / image.width, 2 * thumb_width / image.height)
                size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
                image.draft("RGB", size)
                image = image.convert("RGB")
                thumbs.append(image.resize(size, Image.Resampling.LANCZOS))
        except (OSError, UnidentifiedImageError) as e:
            raise BuildError.at(Location(str(page)), f"cannot read slide picture: {e}") from e
    cols = columns or grid_columns(len(thumbs))
    rows = math.ceil(len(thumbs) / cols)
    cell_h = max(t.height for t in thumbs)
    header = _HEADER if title else 0
    width = 2 * _MARGIN + cols * thumb_width + (cols - 1) * _GAP
    height = 2 * _MARGIN + header + rows * (cell_h + _LABEL) + (rows - 1) * _GAP
    sheet = Image.new("RGB", (width, height), _SHEET)
    draw = ImageDraw.Draw(sheet)
    if title:
        draw.text((_MARGIN, _MARGIN), title, fill=_INK, font=_font(24))
    label_font = _font(15)
    for index, thumb in enumerate(thumbs):
        row, col = divmod(index, cols)
        x = _MARGIN + col * (thumb_width + _GAP)
        y = _MARGIN + header + row * (cell_h + _LABEL + _GAP)
        is_hidden = index < len(hidden) and hidden[index]
        if is_hidden:  # faded toward the sheet, as PowerPoint's sorter shows a hidden slide
            thumb = Image.blend(thumb, Image.new("RGB", thumb.size, _SHEET), 0.55)
        edge = x + (thumb_width - thumb.width) // 2  # a tall slide's thumbnail, centred
        sheet.paste(thumb, (edge, y))
        box = (edge - 1, y - 1, edge + thumb.width, y + thumb.height)
        if is_hidden:
            _dashed_frame(draw, box)
        else:
            draw.rectangle(box, outline=_FRAME)
        label = f"{index + 1} · hidden" if is_hidden else str(index + 1)
        left = x + (thumb_width - draw.textlength(label, font=label_font)) / 2
        draw.text((left, y + thumb.height + 4), label, fill=_INK, font=label_font)
    buffer = io.BytesIO()
    sheet.save(buffer, "PNG", optimize=True)
    write_atomically(target, buffer.getvalue())
    return target


def _dashed_frame(draw: Any, box: tuple[int, int, int, int], dash: int = 6) -> None:
    """Draw a dashed rectangle (Pillow draws only solid ones)."""
    left, top, right, bottom = box
    for start in range(left, right, 2 * dash):
        end = min(start + dash, right)
        draw.line((start, top, end, top), fill=_INK)
        draw.line((start, bottom, end, bottom), fill=_INK)
    for start in range(top, bottom, 2 * dash):
        end = min(start + dash, bottom)
        draw.line((left, start, left, end), fill=_INK)
        draw.line((right, start, right, end), fill=_INK)
