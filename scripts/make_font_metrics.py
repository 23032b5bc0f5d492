"""Write the font metric tables alliance-slides measures text with.

For each face family it reads the font files of a free face (the metric twin of an
Office face where one exists) and writes, to ``src/alliance_slides/layout/fontdata/``,
one JSON file with the advance width of every covered character in thousandths of
an em (rounded up, so sums err on the wide side) for each style the family has,
and its vertical metrics (head/hhea/OS/2). Only these numbers ship, never a font.
Kerning is not read: renderers only ever narrow text with it (LibreOffice kerns
"AV"; PowerPoint kerns only above a:rPr/@kern), so ignoring it is conservative.

    python scripts/make_font_metrics.py [--fonts DIR]... [--only FAMILY_FILE]...

needs fontTools (``pip install fonttools``; a tool for this script only, not a
dependency of the package). Font files are found by file name under /usr/share/fonts
and each ``--fonts`` directory. Where the sources come from (all free licences):

- Carlito, Caladea: Debian fonts-crosextra-carlito, fonts-crosextra-caladea (OFL)
- Liberation Sans/Serif/Mono: fonts-liberation2; Liberation Sans Narrow:
  fonts-liberation (1.07) (OFL / GPL with font exception)
- DejaVu Sans, DejaVu Serif: fonts-dejavu-core, fonts-dejavu-extra (Bitstream Vera licence)
- Noto Sans CJK JP: fonts-noto-cjk (OFL); BIZ UDPGothic/UDGothic:
  fonts-morisawa-bizud-gothic (OFL); IPAGothic/IPAPGothic: fonts-ipafont-gothic (IPA)
- URW Gothic, P052: fonts-urw-base35 (AGPL with font exception)
- Gelasio (metric-compatible with Georgia): github SorkinType/Gelasio fonts/ttf (OFL)
- Selawik (Microsoft's open fallback for Segoe UI): github microsoft/Selawik, the UFO
  sources under "Source files/UFO" (OFL)
- Montserrat: the npm package @fontsource/montserrat, its files/*.woff (OFL)
"""

from __future__ import annotations

import argparse
import json
import math
import plistlib
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/alliance_slides/layout/fontdata"
EM = 1000

#: Code points stored for every face (when the face has a glyph for them).
LATIN_RANGES = [
    (0x0020, 0x007F),  # Basic Latin
    (0x00A0, 0x0250),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x02B0, 0x0300),  # spacing modifier letters (ˆ ˜ ˙ ˚ ˛ ˝)
    (0x0370, 0x03D0),  # Greek (basic letters and tonos)
    (0x0400, 0x0460),  # Cyrillic (basic letters)
    (0x0490, 0x04A0),  # Cyrillic Ґ ґ Ғ ғ ...
    (0x1E00, 0x1F00),  # Latin Extended Additional (Vietnamese, Welsh)
    (0x2000, 0x2070),  # General Punctuation (– — ‘ ’ “ ” … • ‰ ′ ″ ‹ ›)
    (0x2070, 0x20A0),  # superscripts and subscripts
    (0x20A0, 0x20C1),  # currency (€ ₹ ₽ ₺ ₿)
    (0x2100, 0x2160),  # letterlike (℃ № ™ Ω ℮) and fractions
    (0x2190, 0x2200),  # arrows
    (0x2200, 0x2270),  # common mathematical operators (− ∞ ≈ ≠ ≤ ≥)
    (0x25A0, 0x25D0),  # geometric shapes used as bullets (■ □ ▪ ▶ ◆ ○ ●)
    (0x2610, 0x2613),  # ☐ ☑ ☒
    (0x2713, 0x2719),  # ✓ ✔ ✕ ✖ ✗ ✘
    (0xFB00, 0xFB05),  # ligatures ﬀ ﬁ ﬂ
]
#: Added for CJK faces: CJK punctuation, kana, full-width and half-width forms.
CJK_RANGES = [
    (0x3000, 0x3040),
    (0x3040, 0x3100),
    (0x31F0, 0x3200),
    (0xFF00, 0xFFF0),
]
#: Ideographs and Hangul syllables must all be this wide for a CJK table's "wide".
WIDE_PROBE = [(0x4E00, 0xA000), (0x3400, 0x4DC0), (0xAC00, 0xD7A4)]

STYLES = ("regular", "bold", "italic", "bolditalic")

#: family file -> (family name, twin of, licence, {style: [source file names]}, cjk)
FAMILIES: dict[str, dict[str, object]] = {
    "carlito": {
        "family": "Carlito",
        "twin_of": ["Calibri"],
        "license": "OFL-1.1",
        "styles": {
            "regular": ["Carlito-Regular.ttf"],
            "bold": ["Carlito-Bold.ttf"],
            "italic": ["Carlito-Italic.ttf"],
            "bolditalic": ["Carlito-BoldItalic.ttf"],
        },
    },
    "caladea": {
        "family": "Caladea",
        "twin_of": ["Cambria"],
        "license": "OFL-1.1",
        "styles": {
            s: [f"Caladea-{n}.ttf"]
            for s, n in zip(STYLES, ("Regular", "Bold", "Italic", "BoldItalic"), strict=True)
        },
    },
    "liberation-sans": {
        "family": "Liberation Sans",
        "twin_of": ["Arial", "Helvetica"],
        "license": "OFL-1.1",
        "styles": {
            s: [f"LiberationSans-{n}.ttf"]
            for s, n in zip(STYLES, ("Regular", "Bold", "Italic", "BoldItalic"), strict=True)
        },
    },
    "liberation-sans-narrow": {
        "family": "Liberation Sans Narrow",
        "twin_of": ["Arial Narrow"],
        "license": "GPL-2.0 with font exception (Liberation 1.07)",
        "styles": {
            s: [f"LiberationSansNarrow-{n}.ttf"]
            for s, n in zip(STYLES, ("Regular", "Bold", "Italic", "BoldItalic"), strict=True)
        },
    },
    "liberation-serif": {
        "family": "Liberation Serif",
        "twin_of": ["Times New Roman", "Times"],
        "license": "OFL-1.1",
        "styles": {
            s: [f"LiberationSerif-{n}.ttf"]
            for s, n in zip(STYLES, ("Regular", "Bold", "Italic", "BoldItalic"), strict=True)
        },
    },
    "liberation-mono": {
        "family": "Liberation Mono",
        "twin_of": ["Courier New", "Courier"],
        "license": "OFL-1.1",
        "styles": {
            s: [f"LiberationMono-{n}.ttf"]
            for s, n in zip(STYLES, ("Regular", "Bold", "Italic", "BoldItalic"), strict=True)
        },
    },
    "dejavu-sans": {
        "family": "DejaVu Sans",
        "twin_of": [],
        "license": "Bitstream Vera / DejaVu (free)",
        "styles": {
            s: [f"DejaVuSans{n}.ttf"]
            for s, n in zip(STYLES, ("", "-Bold", "-Oblique", "-BoldOblique"), strict=True)
        },
    },
    "dejavu-serif": {
        "family": "DejaVu Serif",
        "twin_of": [],
        "license": "Bitstream Vera / DejaVu (free)",
        "styles": {
            s: [f"DejaVuSerif{n}.ttf"]
            for s, n in zip(STYLES, ("", "-Bold", "-Italic", "-BoldItalic"), strict=True)
        },
    },
    "gelasio": {
        "family": "Gelasio",
        "twin_of": ["Georgia"],
        "license": "OFL-1.1",
        "styles": {
            s: [f"Gelasio-{n}.ttf"]
            for s, n in zip(STYLES, ("Regular", "Bold", "Italic", "BoldItalic"), strict=True)
        },
    },
    "selawik": {
        "family": "Selawik",
        "twin_of": [],
        "license": "OFL-1.1",
        "styles": {
            "regular": ["Selawik-Regular.ufo"],
            "bold": ["Selawik-Bold.ufo"],
            "light": ["Selawik-Light.ufo"],
        },
    },
    "montserrat": {
        "family": "Montserrat",
        "twin_of": [],
        "license": "OFL-1.1",
        "styles": {
            style: [
                f"montserrat-{subset}-{weight}-{slant}.woff"
                for subset in ("latin", "latin-ext", "cyrillic", "cyrillic-ext", "vietnamese")
            ]
            for style, weight, slant in (
                ("regular", 400, "normal"),
                ("bold", 700, "normal"),
                ("italic", 400, "italic"),
                ("bolditalic", 700, "italic"),
            )
        },
    },
    "urw-gothic": {
        "family": "URW Gothic",
        "twin_of": ["ITC Avant Garde Gothic"],
        "license": "AGPL-3.0 with font exception",
        "styles": {
            s: [f"URWGothic-{n}.otf"]
            for s, n in zip(STYLES, ("Book", "Demi", "BookOblique", "DemiOblique"), strict=True)
        },
    },
    "p052": {
        "family": "P052",
        "twin_of": ["Palatino"],
        "license": "AGPL-3.0 with font exception",
        "styles": {
            s: [f"P052-{n}.otf"]
            for s, n in zip(STYLES, ("Roman", "Bold", "Italic", "BoldItalic"), strict=True)
        },
    },
    "noto-sans-cjk-jp": {
        "family": "Noto Sans CJK JP",
        "twin_of": ["Source Han Sans JP"],
        "license": "OFL-1.1",
        "cjk": True,
        "styles": {
            "regular": ["NotoSansCJK-Regular.ttc#Noto Sans CJK JP"],
            "bold": ["NotoSansCJK-Bold.ttc#Noto Sans CJK JP"],
        },
    },
    "biz-udpgothic": {
        "family": "BIZ UDPGothic",
        "twin_of": [],
        "license": "OFL-1.1",
        "cjk": True,
        "styles": {"regular": ["BIZUDPGothic-Regular.ttf"], "bold": ["BIZUDPGothic-Bold.ttf"]},
    },
    "biz-udgothic": {
        "family": "BIZ UDGothic",
        "twin_of": [],
        "license": "OFL-1.1",
        "cjk": True,
        "styles": {"regular": ["BIZUDGothic-Regular.ttf"], "bold": ["BIZUDGothic-Bold.ttf"]},
    },
    "ipagothic": {
        "family": "IPAGothic",
        "twin_of": [],
        "license": "IPA Font License 1.0",
        "cjk": True,
        "styles": {"regular": ["ipag.ttf"]},
    },
    "ipapgothic": {
        "family": "IPAPGothic",
        "twin_of": [],
        "license": "IPA Font License 1.0",
        "cjk": True,
        "styles": {"regular": ["ipagp.ttf"]},
    },
}


class Source:
    """One style of a face read from a font file (or several subset files, or a UFO)."""

    def __init__(self, paths: list[Path], names: list[str]) -> None:
        self.widths: dict[int, int] = {}  # font units
        self.upm = 0
        self.vertical: dict[str, object] = {}
        for path, name in zip(paths, names, strict=True):
            if path.suffix == ".ufo":
                self._read_ufo(path)
            else:
                self._read_font(path, name.partition("#")[2])

    def _read_font(self, path: Path, family: str) -> None:
        from fontTools.ttLib import TTCollection, TTFont

        if path.suffix == ".ttc":
            fonts = TTCollection(str(path), lazy=True).fonts
            font = next(f for f in fonts if f["name"].getBestFamilyName() == family)
        else:
            font = TTFont(str(path), lazy=True)
        cmap = font.getBestCmap()
        hmtx = font["hmtx"].metrics
        for code, glyph in cmap.items():
            self.widths.setdefault(code, hmtx[glyph][0])
        if not self.vertical:
            head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
            self.upm = head.unitsPerEm
            self.vertical = {
                "hhea": [hhea.ascent, -hhea.descent, hhea.lineGap],
                "typo": [os2.sTypoAscender, -os2.sTypoDescender, os2.sTypoLineGap],
                "win": [os2.usWinAscent, os2.usWinDescent],
                "use_typo": bool(os2.fsSelection & (1 << 7)),
            }

    def _read_ufo(self, path: Path) -> None:
        info = plistlib.loads((path / "fontinfo.plist").read_bytes())
        self.upm = int(info["unitsPerEm"])
        self.vertical = {
            "hhea": [
                info.get("openTypeHheaAscender", info["ascender"]),
                -info.get("openTypeHheaDescender", info["descender"]),
                info.get("openTypeHheaLineGap", 0),
            ],
            "typo": [
                info.get("openTypeOS2TypoAscender", info["ascender"]),
                -info.get("openTypeOS2TypoDescender", info["descender"]),
                info.get("openTypeOS2TypoLineGap", 0),
            ],
            "win": [
                info.get("openTypeOS2WinAscent", info["ascender"]),
                info.get("openTypeOS2WinDescent", -info["descender"]),
            ],
            "use_typo": 7 in info.get("openTypeOS2Selection", []),
        }
        for glif in (path / "glyphs").glob("*.glif"):
            root = ET.parse(glif).getroot()
            advance = root.find("advance")
            width = int(float(advance.get("width", 0))) if advance is not None else 0
            for uni in root.findall("unicode"):
                self.widths.setdefault(int(uni.get("hex", "0"), 16), width)

    def em(self, units: float) -> int:
        """Convert font units to thousandths of an em, rounding up."""
        return math.ceil(units * EM / self.upm - 1e-9)


def _codes(cjk: bool) -> Iterator[int]:
    for start, stop in LATIN_RANGES + (CJK_RANGES if cjk else []):
        yield from range(start, stop)


def _repeats(widths: list[int]) -> list[object]:
    """Write three or more equal widths in a row as [width, count]."""
    out: list[object] = []
    i = 0
    while i < len(widths):
        j = i
        while j < len(widths) and widths[j] == widths[i]:
            j += 1
        out.extend([[widths[i], j - i]] if j - i >= 3 else widths[i:j])
        i = j
    return out


def _runs(widths: dict[int, int]) -> list[list[object]]:
    """Pack {code: width} into [[first code, [width or [width, count], ...]], ...].

    Each run covers contiguous code points; a [width, count] item stands for
    ``count`` code points of that width (monospaced and CJK faces shrink a lot).
    """
    runs: list[list[int]] = []
    starts: list[int] = []
    last = None
    for code in sorted(widths):
        if last is not None and code == last + 1:
            runs[-1].append(widths[code])
        else:
            starts.append(code)
            runs.append([widths[code]])
        last = code
    return [[start, _repeats(run)] for start, run in zip(starts, runs, strict=True)]


def _find(name: str, dirs: Iterable[Path]) -> Path | None:
    base = name.partition("#")[0]
    for folder in dirs:
        for hit in sorted(folder.rglob(base)):
            return hit
    return None


def build(key: str, spec: dict[str, object], dirs: list[Path]) -> dict[str, object] | None:
    cjk = bool(spec.get("cjk"))
    styles: dict[str, object] = {}
    vertical: dict[str, object] = {}
    for style, names in spec["styles"].items():  # type: ignore[attr-defined]
        paths = [_find(n, dirs) for n in names]
        found = [(p, n) for p, n in zip(paths, names, strict=True) if p is not None]
        if not found:
            print(f"  {key}/{style}: not found ({names[0]}), skipped", file=sys.stderr)
            continue
        src = Source([p for p, _ in found], [n for _, n in found])
        table = {c: src.em(src.widths[c]) for c in _codes(cjk) if c in src.widths}
        entry: dict[str, object] = {"runs": _runs(table)}
        if cjk:
            probe = {
                src.em(src.widths[c]) for a, b in WIDE_PROBE for c in range(a, b) if c in src.widths
            }
            entry["wide"] = max(probe) if probe else EM
        styles[style] = entry
        if not vertical:
            vertical = {
                "units_per_em": src.upm,
                **{
                    k: ([round(x * EM / src.upm) for x in v] if isinstance(v, list) else v)
                    for k, v in src.vertical.items()
                },
            }
    if "regular" not in styles:
        return None
    return {
        "family": spec["family"],
        "twin_of": spec["twin_of"],
        "license": spec["license"],
        "units_per_em": EM,
        "cjk": cjk,
        "vertical": vertical,
        "styles": styles,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fonts", action="append", type=Path, default=[], help="a folder to search"
    )
    parser.add_argument("--only", action="append", default=[], help="write only this family file")
    args = parser.parse_args()
    dirs = [*args.fonts, Path("/usr/share/fonts")]
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    for key, spec in FAMILIES.items():
        if args.only and key not in args.only:
            continue
        data = build(key, spec, dirs)
        if data is None:
            print(f"{key}: no regular style found, file left as it is", file=sys.stderr)
            continue
        path = OUT / f"{key}.json"
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        total += len(text)
        styles = ", ".join(data["styles"])  # type: ignore[arg-type]
        print(f"wrote {path.relative_to(ROOT)} ({len(text) / 1024:.1f} KB: {styles})")
    print(f"{total / 1024:.1f} KB of tables")


if __name__ == "__main__":
    main()
