"""Write the advance-width table alliance-slides measures text with.

Reads Carlito (the metric twin of Calibri, Debian's fonts-crosextra-carlito) with
Pillow and stores each character's advance width in thousandths of an em, for the
Latin, punctuation and currency ranges, regular and bold. Only the numbers ship
(src/alliance_slides/data/carlito-widths.json), not the font.

    python scripts/make_font_metrics.py [FONT_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import ImageFont

RANGES = [(0x20, 0x250), (0x2000, 0x2070), (0x20A0, 0x20C0), (0x2190, 0x2200)]
EM = 1000


def widths(font_file: Path) -> dict[str, int]:
    font = ImageFont.truetype(str(font_file), EM, layout_engine=ImageFont.Layout.BASIC)
    table = {}
    for start, stop in RANGES:
        for code in range(start, stop):
            if 0x7F <= code < 0xA0:
                continue  # control characters
            table[str(code)] = round(font.getlength(chr(code)))
    return table


def main() -> None:
    font_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/crosextra")
    out = Path(__file__).resolve().parents[1] / "src/alliance_slides/data/carlito-widths.json"
    data = {
        "font": "Carlito (metric-compatible with Calibri)",
        "units_per_em": EM,
        "regular": widths(font_dir / "Carlito-Regular.ttf"),
        "bold": widths(font_dir / "Carlito-Bold.ttf"),
    }
    out.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {out} ({len(data['regular'])} regular, {len(data['bold'])} bold widths)")


if __name__ == "__main__":
    main()
