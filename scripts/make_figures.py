"""Draw the course's figures into outlines/figures/ (run it after changing them).

Only facts from the source article appear on a figure. Uses Pillow only.

    python scripts/make_figures.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[1] / "outlines" / "figures"
FONT_DIR = Path("/usr/share/fonts/truetype/crosextra")
NAVY, CRIMSON, INK, PAPER, MIST = "#1B365D", "#B3202E", "#1F2328", "#FFFFFF", "#EEF2F6"


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
    """The division of roles under the 1951 settlement (source paragraph 2)."""
    image = Image.new("RGB", (1600, 900), PAPER)
    draw = ImageDraw.Draw(image)
    centered(draw, (0, 40, 1600, 130), ["The Yoshida line: who does what after 1951"], 56, NAVY,
             bold=True)
    left, right = (100, 220, 700, 760), (900, 220, 1500, 760)
    for box, color in ((left, NAVY), (right, CRIMSON)):
        draw.rounded_rectangle(box, radius=36, fill=MIST, outline=color, width=8)
    centered(draw, (left[0], 250, left[2], 360), ["Japan"], 60, NAVY, bold=True)
    centered(draw, (left[0], 380, left[2], 720),
             ["postwar reconstruction", "economic growth"], 46, INK)
    centered(draw, (right[0], 250, right[2], 360), ["United States"], 60, CRIMSON, bold=True)
    centered(draw, (right[0], 380, right[2], 720),
             ["military responsibilities", "troops stationed", "in Japan indefinitely"], 46, INK)
    draw.line((720, 490, 880, 490), fill=INK, width=8)
    draw.polygon([(880, 470), (880, 510), (905, 490)], fill=INK)
    draw.polygon([(720, 470), (720, 510), (695, 490)], fill=INK)
    centered(draw, (0, 790, 1600, 870),
             ["San Francisco Peace Treaty and security pact, 1951"], 42, NAVY)
    image.save(path, optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "yoshida-line.png"
    yoshida_line(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
