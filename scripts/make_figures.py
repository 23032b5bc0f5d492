"""Draw the course's figures into outlines/figures/ (run it after changing them).

Only facts from the source article appear on a figure. Uses Pillow only.

    python scripts/make_figures.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[1] / "outlines" / "figures"
FONT_DIR = Path("/usr/share/fonts/truetype/crosextra")
NAVY, CRIMSON, INK, MIST, LINE = "#1B365D", "#B3202E", "#1F2328", "#EEF2F6", "#8A94A3"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "Carlito-Bold.ttf" if bold else "Carlito-Regular.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size=size)


def centered(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], lines: list[str],
             size: int, fill: str, bold: bool = False, gap: int = 14) -> None:
    face = font(size, bold)
    heights = [draw.textbbox((0, 0), line, font=face)[3] for line in lines]
    total = sum(heights) + gap * (len(lines) - 1)
    y = box[1] + (box[3] - box[1] - total) / 2
    for line, height in zip(lines, heights, strict=True):
        width = draw.textlength(line, font=face)
        draw.text((box[0] + (box[2] - box[0] - width) / 2, y), line, font=face, fill=fill)
        y += height + gap


def yoshida_line(path: Path) -> None:
    """The division of roles under the 1951 settlement (source paragraph 2).

    The background is transparent and every element sits on its own light panel, so the
    figure reads on a light theme (classic) and a dark one (slate) alike. The slide's own
    title and caption carry the heading, so the figure has none; its text is drawn large
    enough to stay at or above 18 pt once the picture is scaled into the slide.
    """
    image = Image.new("RGBA", (1760, 800), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    left, right = (10, 10, 730, 610), (1030, 10, 1750, 610)
    for box, color in ((left, NAVY), (right, CRIMSON)):
        draw.rounded_rectangle(box, radius=40, fill=MIST, outline=color, width=10)
    centered(draw, (left[0], 50, left[2], 160), ["Japan"], 68, NAVY, bold=True)
    centered(draw, (left[0], 200, left[2], 560),
             ["postwar reconstruction", "economic growth"], 54, INK, gap=40)
    centered(draw, (right[0], 50, right[2], 160), ["United States"], 68, CRIMSON, bold=True)
    centered(draw, (right[0], 200, right[2], 560),
             ["military responsibilities", "troops stationed indefinitely"], 54, INK, gap=40)
    # The link between the two boxes: a light panel so the arrow shows on any background.
    draw.rounded_rectangle((755, 240, 1005, 380), radius=30, fill=MIST, outline=LINE, width=4)
    draw.line((810, 310, 950, 310), fill=INK, width=10)
    draw.polygon([(950, 286), (950, 334), (980, 310)], fill=INK)
    draw.polygon([(810, 286), (810, 334), (780, 310)], fill=INK)
    draw.rounded_rectangle((230, 660, 1530, 780), radius=30, fill=MIST, outline=LINE, width=4)
    centered(draw, (230, 660, 1530, 780),
             ["San Francisco Peace Treaty and security pact, 1951"], 52, NAVY, bold=True)
    image.save(path, optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "yoshida-line.png"
    yoshida_line(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
