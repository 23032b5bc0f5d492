"""Draw the course's figures into outlines/figures/, once per built-in theme.

Each figure is drawn in each theme's own colours and face: ``NAME.png`` in classic's, and
``NAME@THEME.png`` in every other theme's, which a deck in that theme shows instead
(see the README, "Pictures per theme"). Run it after changing a figure or a theme.
Only facts from the source article appear on a figure. Uses Pillow and the package's
own theme reader.

    python scripts/make_figures.py
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from alliance_slides.format.theme import Theme, builtin_theme_names, load_theme

OUT = Path(__file__).resolve().parents[1] / "outlines" / "figures"
FONT_DIR = Path("/usr/share/fonts/truetype/crosextra")
CARLITO = {False: "Carlito-Regular.ttf", True: "Carlito-Bold.ttf"}
#: The face figures are drawn in: the theme's own Latin face, set per theme by main().
FACE = ["Calibri"]
#: The theme whose figures carry no suffix: what an outline names.
DEFAULT_THEME = "classic"


def palette(theme: Theme) -> dict[str, str]:
    """Return a figure's colours from a theme: the same roles its slides give them."""
    c = theme.colors
    return {
        "first": "#" + c["title"],  # the first party: the title colour
        "second": "#" + c["accent"],  # the second: the accent, as column headings
        "ink": "#" + c["text"],
        "card": "#" + c["table_band"],  # boxes: the table's banded rows
        "line": "#" + c["line"],
    }


def font_file(family: str, bold: bool) -> str | None:
    """Return the file fontconfig draws ``family`` with (Cambria: Caladea), if any."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{family}:{'bold' if bold else 'regular'}"],
            capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return found or None


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return the current theme's face (see :data:`FACE`) at ``size`` pixels, else Carlito."""
    for candidate in (font_file(FACE[0], bold), str(FONT_DIR / CARLITO[bold])):
        if candidate:
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def centered(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], lines: list[str],
             size: int, fill: str, bold: bool = False, gap: int = 14) -> None:
    """Draw lines centred in ``box``, at ``size`` or smaller until each keeps a margin."""
    room = box[2] - box[0] - 80
    face = font(size, bold)
    while size > 24 and max(draw.textlength(line, font=face) for line in lines) > room:
        size -= 2
        face = font(size, bold)
    heights = [draw.textbbox((0, 0), line, font=face)[3] for line in lines]
    total = sum(heights) + gap * (len(lines) - 1)
    y = box[1] + (box[3] - box[1] - total) / 2
    for line, height in zip(lines, heights, strict=True):
        width = draw.textlength(line, font=face)
        draw.text((box[0] + (box[2] - box[0] - width) / 2, y), line, font=face, fill=fill)
        y += height + gap


def yoshida_line(path: Path, colors: dict[str, str]) -> None:
    """The division of roles under the 1951 settlement (source paragraph 2).

    The background is transparent and every element sits on its own card, in the
    theme's colours, so the figure reads like the theme's own slides. The slide's
    title and caption carry the heading, so the figure has none; its text is drawn
    large enough to stay at or above 18 pt once the picture is scaled into the slide.
    """
    first, second, ink, card, line = (
        colors[k] for k in ("first", "second", "ink", "card", "line")
    )
    image = Image.new("RGBA", (1760, 800), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    left, right = (10, 10, 730, 610), (1030, 10, 1750, 610)
    for box, color in ((left, first), (right, second)):
        draw.rounded_rectangle(box, radius=40, fill=card, outline=color, width=10)
    centered(draw, (left[0], 50, left[2], 160), ["Japan"], 68, first, bold=True)
    centered(draw, (left[0], 200, left[2], 560),
             ["postwar reconstruction", "economic growth"], 54, ink, gap=40)
    centered(draw, (right[0], 50, right[2], 160), ["United States"], 68, second, bold=True)
    centered(draw, (right[0], 200, right[2], 560),
             ["military responsibilities", "troops stationed indefinitely"], 54, ink, gap=40)
    # The link between the two boxes, on a card of its own.
    draw.rounded_rectangle((755, 240, 1005, 380), radius=30, fill=card, outline=line, width=4)
    draw.line((810, 310, 950, 310), fill=ink, width=10)
    draw.polygon([(950, 286), (950, 334), (980, 310)], fill=ink)
    draw.polygon([(810, 286), (810, 334), (780, 310)], fill=ink)
    draw.rounded_rectangle((230, 660, 1530, 780), radius=30, fill=card, outline=line, width=4)
    centered(draw, (230, 660, 1530, 780),
             ["San Francisco Peace Treaty and security pact, 1951"], 52, first, bold=True)
    image.save(path, optimize=True)


#: Each figure, by the file name an outline gives it, and the function that draws it.
FIGURES = {"yoshida-line.png": yoshida_line}


def figure_path(name: str, theme: str) -> Path:
    """Return where a figure goes for a theme: NAME.png for the default, else NAME@THEME.png."""
    if theme == DEFAULT_THEME:
        return OUT / name
    stem, suffix = name.rsplit(".", 1)
    return OUT / f"{stem}@{theme}.{suffix}"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in FIGURES.items():
        for theme in builtin_theme_names():
            target = figure_path(name, theme)
            look = load_theme(theme)
            FACE[0] = look.latin_font
            draw(target, palette(look))
            print(f"wrote {target}")


if __name__ == "__main__":
    main()
