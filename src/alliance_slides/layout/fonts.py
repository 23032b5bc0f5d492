"""Font metrics for fitting text: the advance widths of the face that will draw it.

:func:`metrics_for` turns a face name as a slide or template names it ("Calibri",
"Arial", "Meiryo", "+mn-lt") into a :class:`ResolvedFont`, trying in turn:

1. a bundled table of the face itself or its metric twin (``exact=True``): Calibri =
   Carlito, Cambria = Caladea, Arial/Helvetica = Liberation Sans, Arial Narrow =
   Liberation Sans Narrow, Times New Roman/Times = Liberation Serif, Courier New/
   Courier = Liberation Mono, Georgia = Gelasio, and the free faces themselves
   (DejaVu, Montserrat, Noto Sans CJK JP, BIZ UDPGothic, ...);
2. the face installed on this machine, found with fontconfig (``fc-match``) and
   measured with Pillow, accepted only when fontconfig returns that very family
   (``exact=True``);
3. a stand-in for a known face with no free twin (Verdana, Segoe UI, Aptos, Meiryo,
   MS Gothic, ...): the widest plausible of the bundled tables (``exact=False``);
4. for any other face, a conservative fallback (``exact=False``): each character as
   wide as the widest of DejaVu, Liberation and Carlito of its kind (sans, serif,
   monospace or CJK, guessed from the name). The caller warns, naming the face.

Widths ignore kerning: PowerPoint kerns only from a:rPr/@kern's size up and
LibreOffice's kerning only narrows ("AV"), so a sum of advances is never too narrow.
Tables are in thousandths of an em, rounded up when made.

Line height: PowerPoint gives a line at 100% spacing 1.2 times the font size,
whatever the font's ascender, descender and line gap (they only place the baseline
inside the line), and LibreOffice does the same with .pptx files: measured here for
Carlito, Liberation Sans/Serif/Mono, Caladea, DejaVu Sans/Serif, Gelasio, URW Gothic,
P052, Noto Sans CJK JP, BIZ UDPGothic and IPAGothic, Latin and Japanese text alike,
all 1.200 em. The fonts' own vertical metrics (hhea, OS/2 typo and win) are kept in
the tables for placing the baseline (PowerPoint: winAscent share of the line).

Everything here is pure Python on the hot path: tables load lazily, once, into
dicts keyed by character, and :meth:`FontMetrics.width` is a ``sum(map(...))``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

#: A line at 100% spacing, in ems of the font size (PowerPoint and LibreOffice, .pptx).
LINE_PITCH = 1.2
#: Width, in ems, of a character no table knows that is not East Asian wide.
UNKNOWN_EM = 0.6
#: Bold made by the renderer from a regular face (no bold in the family) draws wider.
SYNTHETIC_BOLD = 1.02

DATA = Path(__file__).with_name("fontdata")
STYLES = ("regular", "bold", "italic", "bolditalic")
_STYLE_INDEX = {(False, False): 0, (True, False): 1, (False, True): 2, (True, True): 3}


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _zero_width(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Cf")


class FontMetrics:
    """Advance widths (per style) and vertical metrics of one face, in ems.

    Widths of characters the table lacks are worked out once and remembered:
    East Asian wide characters take the face's ideograph width (1 em), combining
    marks and format characters nothing, anything else a conservative average.
    """

    __slots__ = (
        "name",
        "_tables",
        "_wide",
        "_default",
        "ascent_em",
        "descent_em",
        "natural_em",
        "_lock",
    )

    def __init__(
        self,
        name: str,
        tables: Iterable[dict[str, float]],
        *,
        wide: float = 1.0,
        default: Iterable[float] | None = None,
        ascent_em: float = 0.9,
        descent_em: float = 0.3,
        natural_em: float = LINE_PITCH,
    ) -> None:
        self.name = name
        self._tables = tuple(dict(t) for t in tables)  # regular, bold, italic, bolditalic
        assert len(self._tables) == 4
        self._wide = wide
        self._default = (
            tuple(default) if default is not None else tuple(_average(t) for t in self._tables)
        )
        #: Share of the 1.2 em line above and below the baseline (win metrics, as PowerPoint).
        self.ascent_em = ascent_em
        self.descent_em = descent_em
        #: The face's own line (max of win ascent+descent and hhea ascent+descent+gap).
        self.natural_em = natural_em
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FontMetrics({self.name!r})"

    def width(
        self,
        text: str,
        size: float,
        bold: bool = False,
        italic: bool = False,
        spc: float = 0.0,
    ) -> float:
        """Return the advance width of ``text`` at ``size`` points, in points.

        ``spc`` is a:rPr/@spc, letter spacing in hundredths of a point; renderers
        add it after every character (the last one of a line included), so it
        adds ``len(text) * spc / 100`` points whatever the size.
        """
        index = _STYLE_INDEX[bool(bold), bool(italic)]
        table = self._tables[index]
        try:
            em = sum(map(table.__getitem__, text))
        except KeyError:
            self._learn(text, index)
            em = sum(map(table.__getitem__, text))
        total = em * size
        if spc:
            total += len(text) * spc / 100.0
        return total

    def em_width(self, text: str, bold: bool = False, italic: bool = False) -> float:
        """Return the width of ``text`` in ems (no letter spacing)."""
        return self.width(text, 1.0, bold, italic)

    def char_width(self, ch: str, bold: bool = False, italic: bool = False) -> float:
        """Return one character's advance in ems."""
        return self.width(ch, 1.0, bold, italic)

    def knows(self, ch: str, bold: bool = False, italic: bool = False) -> bool:
        """Tell whether the table itself (not a guess) gives this character's width."""
        return ch in self._base(_STYLE_INDEX[bool(bold), bool(italic)])

    def _base(self, index: int) -> dict[str, float]:
        return self._tables[index]

    def _learn(self, text: str, index: int) -> None:
        table = self._tables[index]
        default = self._default[index]
        with self._lock:
            for ch in set(text):
                if ch not in table:
                    if _is_wide(ch):
                        table[ch] = self._wide
                    elif _zero_width(ch):
                        table[ch] = 0.0
                    else:
                        table[ch] = default

    def line_height(self, size: float, spacing: float = 1.0) -> float:
        """Return the pitch of lines at ``size`` points and ``spacing`` (a:spcPct / 100000)."""
        return LINE_PITCH * size * spacing

    def ascent(self, size: float) -> float:
        """Return the distance from the top of a single-spaced line to its baseline."""
        return self.ascent_em * size

    def descent(self, size: float) -> float:
        """Return the distance from the baseline to the bottom of a single-spaced line."""
        return self.descent_em * size

    def widest(
        self, *others: FontMetrics, name: str | None = None, scale: float = 1.0
    ) -> FontMetrics:
        """Return metrics as wide as the widest of these faces for every character."""
        faces = (self, *others)
        tables = []
        for index in range(4):
            merged: dict[str, float] = {}
            for face in faces:
                for ch, w in face._tables[index].items():
                    if w * scale > merged.get(ch, -1.0):
                        merged[ch] = w * scale
            tables.append(merged)
        return FontMetrics(
            name or " | ".join(f.name for f in faces),
            tables,
            wide=max(f._wide for f in faces) * scale,
            default=[max(f._default[i] for f in faces) * scale for i in range(4)],
            ascent_em=max(f.ascent_em for f in faces),
            descent_em=max(f.descent_em for f in faces),
            natural_em=max(f.natural_em for f in faces),
        )


def _average(table: Mapping[str, float]) -> float:
    """A conservative width for an unknown character: the Latin letters' mean, at least 0.6 em."""
    letters = [
        table[c] for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if c in table
    ]
    mean = sum(letters) / len(letters) if letters else UNKNOWN_EM
    return max(UNKNOWN_EM, mean)


def _split(ascent: float, descent: float) -> tuple[float, float]:
    """Share the 1.2 em line between ascent and descent as the win metrics do."""
    total = ascent + descent
    if total <= 0:
        return 0.96, 0.24
    return LINE_PITCH * ascent / total, LINE_PITCH * descent / total


# ---------------------------------------------------------------------------
# Bundled tables


@cache
def bundled(key: str) -> FontMetrics:
    """Load one bundled table (``fontdata/KEY.json``)."""
    data = json.loads((DATA / f"{key}.json").read_text(encoding="utf-8"))
    scale = 1.0 / float(data["units_per_em"])
    styles: dict[str, dict[str, float]] = {}
    wide = 1.0
    for style, entry in data["styles"].items():
        table: dict[str, float] = {}
        for start, items in entry["runs"]:
            code = start
            for item in items:
                if isinstance(item, list):
                    width, count = item
                    for c in range(code, code + count):
                        table[chr(c)] = width * scale
                    code += count
                else:
                    table[chr(code)] = item * scale
                    code += 1
        styles[style] = table
        if "wide" in entry:
            wide = max(wide, entry["wide"] * scale)
    tables = _four(styles)
    vertical = data["vertical"]
    upm = 1000.0  # the generator stores vertical metrics per 1000 units too
    win = vertical["win"]
    hhea = vertical["hhea"]
    ascent, descent = _split(win[0] / upm, win[1] / upm)
    natural = max((win[0] + win[1]) / upm, sum(hhea) / upm)
    return FontMetrics(
        data["family"], tables, wide=wide, ascent_em=ascent, descent_em=descent, natural_em=natural
    )


def _four(styles: Mapping[str, dict[str, float]]) -> list[dict[str, float]]:
    """Fill the four styles from those a family has (bold from regular is drawn wider)."""
    regular = styles["regular"]
    bold = styles.get("bold") or {c: w * SYNTHETIC_BOLD for c, w in regular.items()}
    italic = styles.get("italic") or regular  # a slanted regular keeps its advances
    bolditalic = styles.get("bolditalic") or bold
    return [dict(regular), dict(bold), dict(italic), dict(bolditalic)]


@dataclass(frozen=True)
class _Table:
    """How a face name maps to bundled tables."""

    keys: tuple[str, ...]
    exact: bool
    scale: float = 1.0
    note: str = ""
    styles: tuple[str, ...] | None = None  # which stored style stands for each of the four


def _t(
    *keys: str,
    exact: bool = False,
    scale: float = 1.0,
    note: str = "",
    styles: tuple[str, ...] | None = None,
) -> _Table:
    return _Table(keys, exact, scale, note, styles)


_SANS = ("dejavu-sans", "liberation-sans", "carlito")
_SERIF = ("dejavu-serif", "liberation-serif", "caladea", "carlito")
_MONO = ("liberation-mono", "carlito")
_CJK = ("noto-sans-cjk-jp", "ipagothic", "liberation-sans", "carlito")

#: Faces whose own metrics, or their metric twin's, are bundled.
EXACT: dict[str, _Table] = {
    "calibri": _t("carlito", exact=True),
    "carlito": _t("carlito", exact=True),
    "cambria": _t("caladea", exact=True),
    "caladea": _t("caladea", exact=True),
    "arial": _t("liberation-sans", exact=True),
    "helvetica": _t("liberation-sans", exact=True),
    "liberation sans": _t("liberation-sans", exact=True),
    "arimo": _t("liberation-sans", exact=True),
    "arial narrow": _t("liberation-sans-narrow", exact=True),
    "liberation sans narrow": _t("liberation-sans-narrow", exact=True),
    "times new roman": _t("liberation-serif", exact=True),
    "times": _t("liberation-serif", exact=True),
    "liberation serif": _t("liberation-serif", exact=True),
    "tinos": _t("liberation-serif", exact=True),
    "courier new": _t("liberation-mono", exact=True),
    "courier": _t("liberation-mono", exact=True),
    "liberation mono": _t("liberation-mono", exact=True),
    "cousine": _t("liberation-mono", exact=True),
    "georgia": _t("gelasio", exact=True, note="Gelasio is metric-compatible with Georgia"),
    "gelasio": _t("gelasio", exact=True),
    "dejavu sans": _t("dejavu-sans", exact=True),
    "dejavu serif": _t("dejavu-serif", exact=True),
    "bitstream vera sans": _t("dejavu-sans", exact=True),
    "bitstream vera serif": _t("dejavu-serif", exact=True),
    "montserrat": _t("montserrat", exact=True),
    "selawik": _t("selawik", exact=True),
    "urw gothic": _t("urw-gothic", exact=True),
    "p052": _t("p052", exact=True),
    "noto sans cjk jp": _t("noto-sans-cjk-jp", exact=True),
    "noto sans jp": _t("noto-sans-cjk-jp", exact=True),
    "source han sans": _t("noto-sans-cjk-jp", exact=True),
    "source han sans jp": _t("noto-sans-cjk-jp", exact=True),
    "biz udpgothic": _t("biz-udpgothic", exact=True),
    "biz udgothic": _t("biz-udgothic", exact=True),
    "ipagothic": _t("ipagothic", exact=True),
    "ipapgothic": _t("ipapgothic", exact=True),
}

#: Known faces with no free twin: the widest plausible bundled tables.
STAND_INS: dict[str, _Table] = {
    # Calibri Light: no free light twin; the Office faces share Calibri's vertical
    # metrics and Carlito is what every substitution table uses. Not verified.
    "calibri light": _t("carlito", note="Calibri Light measured as Calibri (Carlito)"),
    # DejaVu Sans is Bitstream Vera, drawn to Verdana-like widths; against published
    # Verdana widths it is 1.3% narrower on English text (spaces, punctuation, I, J),
    # hence the margin.
    "verdana": _t("dejavu-sans", scale=1.04, note="Verdana measured as DejaVu Sans + 4%"),
    "verdana pro": _t("dejavu-sans", scale=1.04, note="Verdana measured as DejaVu Sans + 4%"),
    "tahoma": _t("dejavu-sans", note="Tahoma (narrower than Verdana) measured as DejaVu Sans"),
    "geneva": _t("dejavu-sans", scale=1.04, note="Geneva measured as DejaVu Sans + 4%"),
    # Selawik is Microsoft's open fallback for Segoe UI, drawn on its widths (not
    # verified); Liberation Sans is about as wide and covers what Selawik lacks.
    "segoe ui": _t("selawik", "liberation-sans", note="Segoe UI measured as Selawik/Arial"),
    "segoe ui semibold": _t(
        "selawik",
        "liberation-sans",
        note="Segoe UI measured as Selawik/Arial",
        styles=("bold", "bold", "bold", "bold"),
    ),
    "segoe ui light": _t("selawik", "liberation-sans", note="Segoe UI measured as Selawik/Arial"),
    "segoe ui semilight": _t(
        "selawik", "liberation-sans", note="Segoe UI measured as Selawik/Arial"
    ),
    # Aptos: LibreOffice's tracker finds it about as wide as Source Sans, narrower than
    # Arial; Arial/Segoe-like widths are a safe bound.
    "aptos": _t("liberation-sans", "selawik", note="Aptos measured as Arial/Segoe UI"),
    "aptos display": _t("liberation-sans", "selawik", note="Aptos measured as Arial/Segoe UI"),
    "aptos narrow": _t(
        "liberation-sans-narrow", scale=1.05, note="Aptos Narrow measured as Arial Narrow + 5%"
    ),
    "corbel": _t("liberation-sans", "carlito", note="Corbel measured as Arial"),
    "candara": _t("liberation-sans", "carlito", note="Candara measured as Arial"),
    "helvetica neue": _t(
        "liberation-sans", scale=1.03, note="Helvetica Neue measured as Arial + 3%"
    ),
    "trebuchet ms": _t("dejavu-sans", note="Trebuchet MS measured as DejaVu Sans"),
    "gill sans mt": _t("liberation-sans", scale=1.02, note="Gill Sans MT measured as Arial + 2%"),
    "franklin gothic book": _t(
        "liberation-sans", scale=1.02, note="Franklin Gothic measured as Arial + 2%"
    ),
    # Century Gothic was drawn on ITC Avant Garde Gothic's widths; URW Gothic is the
    # free Avant Garde clone.
    "century gothic": _t(
        "urw-gothic", scale=1.02, note="Century Gothic measured as URW Gothic + 2%"
    ),
    "avant garde": _t("urw-gothic", note="Avant Garde measured as URW Gothic"),
    "itc avant garde gothic": _t("urw-gothic", note="Avant Garde measured as URW Gothic"),
    # Book Antiqua was drawn on Palatino's widths, Palatino Linotype is Palatino
    # redrawn; P052 is the free Palatino clone.
    "palatino linotype": _t("p052", note="Palatino Linotype measured as P052 (Palatino)"),
    "palatino": _t("p052", note="Palatino measured as P052"),
    "book antiqua": _t("p052", note="Book Antiqua measured as P052 (Palatino)"),
    # Monotype Garamond is narrower than Palatino.
    "garamond": _t("p052", note="Garamond measured as P052 (wider)"),
    "constantia": _t("gelasio", "caladea", note="Constantia measured as Georgia/Cambria"),
    "century schoolbook": _t(
        "gelasio", "dejavu-serif", note="Century Schoolbook measured as DejaVu Serif"
    ),
    "consolas": _t("liberation-mono", note="Consolas measured as Courier New (wider)"),
    "lucida console": _t(
        "liberation-mono", "dejavu-sans", note="Lucida Console measured as DejaVu Sans"
    ),
    # Japanese faces. Meiryo's Latin follows Verdana; its kana and ideographs are 1 em.
    "meiryo": _t(
        "noto-sans-cjk-jp", "dejavu-sans", note="Meiryo measured as Noto Sans CJK JP/DejaVu Sans"
    ),
    "meiryo ui": _t(
        "noto-sans-cjk-jp", "dejavu-sans", note="Meiryo UI measured as Noto Sans CJK JP/DejaVu Sans"
    ),
    "メイリオ": _t(
        "noto-sans-cjk-jp", "dejavu-sans", note="Meiryo measured as Noto Sans CJK JP/DejaVu Sans"
    ),
    "yu gothic": _t(
        "noto-sans-cjk-jp",
        "biz-udpgothic",
        note="Yu Gothic measured as Noto Sans CJK JP/BIZ UDPGothic",
    ),
    "yu gothic ui": _t(
        "noto-sans-cjk-jp",
        "biz-udpgothic",
        note="Yu Gothic measured as Noto Sans CJK JP/BIZ UDPGothic",
    ),
    "yu gothic medium": _t(
        "noto-sans-cjk-jp",
        "biz-udpgothic",
        note="Yu Gothic measured as Noto Sans CJK JP/BIZ UDPGothic",
    ),
    "游ゴシック": _t(
        "noto-sans-cjk-jp",
        "biz-udpgothic",
        note="Yu Gothic measured as Noto Sans CJK JP/BIZ UDPGothic",
    ),
    "yu mincho": _t(
        "noto-sans-cjk-jp",
        "biz-udpgothic",
        note="Yu Mincho measured as Noto Sans CJK JP/BIZ UDPGothic",
    ),
    "游明朝": _t(
        "noto-sans-cjk-jp",
        "biz-udpgothic",
        note="Yu Mincho measured as Noto Sans CJK JP/BIZ UDPGothic",
    ),
    # MS Gothic and MS Mincho are fixed pitch: Latin half an em, kana, ideographs and
    # the ambiguous-width signs (“ ” — … § ° ×) a full em, like IPAGothic.
    "ms gothic": _t("ipagothic", note="MS Gothic measured as IPAGothic"),
    "ｍｓ ゴシック": _t("ipagothic", note="MS Gothic measured as IPAGothic"),
    "ms mincho": _t("ipagothic", note="MS Mincho measured as IPAGothic"),
    "ｍｓ 明朝": _t("ipagothic", note="MS Mincho measured as IPAGothic"),
    "ms pgothic": _t(
        "ipapgothic", "noto-sans-cjk-jp", note="MS PGothic measured as IPAPGothic/Noto Sans CJK JP"
    ),
    "ｍｓ ｐゴシック": _t(
        "ipapgothic", "noto-sans-cjk-jp", note="MS PGothic measured as IPAPGothic/Noto Sans CJK JP"
    ),
    "ms pmincho": _t(
        "ipapgothic", "noto-sans-cjk-jp", note="MS PMincho measured as IPAPGothic/Noto Sans CJK JP"
    ),
    "ms ui gothic": _t(
        "ipapgothic",
        "noto-sans-cjk-jp",
        note="MS UI Gothic measured as IPAPGothic/Noto Sans CJK JP",
    ),
    "biz udpmincho": _t("biz-udpgothic", note="BIZ UDPMincho measured as BIZ UDPGothic"),
    "biz udmincho": _t("biz-udgothic", note="BIZ UDMincho measured as BIZ UDGothic"),
    "noto sans cjk sc": _t("noto-sans-cjk-jp", note="Noto Sans CJK SC measured as its JP cut"),
    "noto sans cjk tc": _t("noto-sans-cjk-jp", note="Noto Sans CJK TC measured as its JP cut"),
    "noto sans cjk kr": _t("noto-sans-cjk-jp", note="Noto Sans CJK KR measured as its JP cut"),
    "noto serif cjk jp": _t(
        "noto-sans-cjk-jp", note="Noto Serif CJK JP measured as Noto Sans CJK JP"
    ),
}

_CJK_NAMES = re.compile(
    r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]|mincho|meiryo|yahei|jhenghei|simsun|simhei|"
    r"dengxian|fangsong|kaiti|mingliu|malgun|gulim|dotum|batang|gungsuh|hiragino|pingfang|"
    r"heiti|songti|noto.*(cjk|jp|sc|tc|kr)|source han|ud digi|biz ud|"
    r"\b(ms|ms ui|yu|ipa\w*|hg\w*|osaka|takao\w*|vl)\s?p?\s?gothic"
)
_MONO_NAMES = re.compile(r"mono|courier|consol|code|typewriter|console|fixed")
_SERIF_NAMES = re.compile(
    r"(?<!sans )serif|times|roman|garamond|georgia|palatino|antiqua|baskerville|bodoni|"
    r"caslon|didot|schoolbook|cambria|constantia|rockwell|slab|minion|bookman|perpetua|"
    r"sabon|goudy|century(?! gothic)|book(?!man)"
)


def _kind(face: str) -> str:
    """Guess a face's kind from its name: ``cjk``, ``mono``, ``serif`` or ``sans``."""
    name = face.lower()
    if _CJK_NAMES.search(name):
        return "cjk"
    if _MONO_NAMES.search(name):
        return "mono"
    if _SERIF_NAMES.search(name):
        return "serif"
    return "sans"


_FALLBACK = {"sans": _SANS, "serif": _SERIF, "mono": _MONO, "cjk": _CJK}

#: Theme font references (a:latin/@typeface "+mn-lt") with the Office theme's faces,
#: used when no theme mapping is given.
OFFICE_THEME = {
    "+mj-lt": "Calibri Light",
    "+mn-lt": "Calibri",
    "+mj-ea": "",
    "+mn-ea": "",
    "+mj-cs": "",
    "+mn-cs": "",
}


@cache
def _combined(keys: tuple[str, ...], scale: float, styles: tuple[str, ...] | None) -> FontMetrics:
    faces = [bundled(k) for k in keys]
    if styles is not None:
        faces = [_restyle(f, styles) for f in faces]
    if len(faces) == 1 and scale == 1.0:
        return faces[0]
    first, *rest = faces
    name = " | ".join(f.name for f in faces) + (f" x{scale:g}" if scale != 1.0 else "")
    return first.widest(*rest, name=name, scale=scale)


def _restyle(face: FontMetrics, styles: tuple[str, ...]) -> FontMetrics:
    pick = {s: face._tables[STYLES.index(s)] for s in STYLES}
    return FontMetrics(
        face.name,
        [pick[s] for s in styles],
        wide=face._wide,
        ascent_em=face.ascent_em,
        descent_em=face.descent_em,
        natural_em=face.natural_em,
    )


# ---------------------------------------------------------------------------
# Fonts installed on this machine


def _fc_match(pattern: str) -> tuple[list[str], str, int, int] | None:
    """Ask fontconfig for a pattern: (family names, file, face index, weight)."""
    fc = shutil.which("fc-match")
    if fc is None:
        return None
    try:
        out = subprocess.run(
            [fc, "-f", "%{family}\t%{file}\t%{index}\t%{weight}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\t")
    if len(parts) != 4 or not parts[1]:
        return None
    families = [f.strip() for f in parts[0].split(",")]
    try:
        return families, parts[1], int(parts[2] or 0), int(float(parts[3] or 80))
    except ValueError:
        return None


def _installed_file(face: str, bold: bool, italic: bool) -> tuple[str, int, bool] | None:
    """The file fontconfig picks for face+style, if it is that very family."""
    pattern = face.replace("-", r"\-").replace(":", r"\:").replace(",", r"\,")
    if bold:
        pattern += ":weight=bold"
    if italic:
        pattern += ":slant=italic"
    hit = _fc_match(pattern)
    if hit is None:
        return None
    families, file, index, weight = hit
    if face.casefold() not in {f.casefold() for f in families}:
        return None
    real_bold = weight >= 180  # fontconfig's FC_WEIGHT_BOLD is 200, semibold 180
    return file, index, (not bold) or real_bold


def _coverage() -> list[int]:
    """The code points bundled tables cover (the generator's ranges), for installed faces."""
    ranges = [
        (0x20, 0x7F),
        (0xA0, 0x250),
        (0x370, 0x3D0),
        (0x400, 0x460),
        (0x1E00, 0x1F00),
        (0x2000, 0x2070),
        (0x20A0, 0x20C1),
        (0x2100, 0x2160),
        (0x2190, 0x2200),
        (0x2200, 0x2270),
        (0x25A0, 0x25D0),
        (0x3000, 0x3100),
        (0xFF00, 0xFFF0),
    ]
    return [c for a, b in ranges for c in range(a, b)]


def _read_installed(file: str, index: int) -> tuple[dict[str, float], float, float]:
    """Measure a font file with Pillow: {char: em}, ascent and descent in ems."""
    from PIL import ImageFont

    ppem = 2048
    font = ImageFont.truetype(file, ppem, index=index, layout_engine=ImageFont.Layout.BASIC)
    # A character the font lacks draws .notdef; recognise it by width and box.
    missing = [(font.getlength(ch), font.getbbox(ch)) for ch in ("\U0010fffd", "\ue83a")]
    table: dict[str, float] = {}
    for code in _coverage():
        ch = chr(code)
        length = font.getlength(ch)
        if any(length == m_len and font.getbbox(ch) == m_box for m_len, m_box in missing):
            continue
        table[ch] = length / ppem
    ascent, descent = font.getmetrics()
    return table, ascent / ppem, descent / ppem


@lru_cache(maxsize=64)
def installed(face: str) -> FontMetrics | None:
    """Metrics of ``face`` read from this machine's font of that family, or None."""
    regular = _installed_file(face, False, False)
    if regular is None:
        return None
    read: dict[tuple[str, int], tuple[dict[str, float], float, float]] = {}

    def measure(found: tuple[str, int, bool]) -> dict[str, float]:
        key = (found[0], found[1])
        if key not in read:
            read[key] = _read_installed(*key)
        return read[key][0]

    try:
        tables = [measure(regular)]
    except (OSError, ValueError):
        return None
    for bold, italic in ((True, False), (False, True), (True, True)):
        found = _installed_file(face, bold, italic) or regular
        try:
            table = measure(found)
        except (OSError, ValueError):
            found, table = regular, tables[0]
        if bold and not found[2]:  # the renderer emboldens a lighter face
            table = {c: w * SYNTHETIC_BOLD for c, w in table.items()}
        tables.append(table)
    _, asc, desc = read[(regular[0], regular[1])]
    ascent, descent = _split(asc, desc)
    return FontMetrics(face, tables, ascent_em=ascent, descent_em=descent, natural_em=asc + desc)


# ---------------------------------------------------------------------------
# Resolution


@dataclass(frozen=True)
class ResolvedFont:
    """The metrics chosen for a face name, and how they were found."""

    face: str  #: the name asked for (a theme reference resolved)
    name: str  #: the table measured with ("Liberation Sans", "DejaVu Sans x1.04", ...)
    metrics: FontMetrics
    exact: bool  #: the face itself or its metric twin
    source: str  #: "bundled", "installed", "stand-in" or "fallback"
    note: str = ""

    def warning(self) -> str | None:
        """A sentence naming the face when its widths are estimated, else None."""
        if self.exact:
            return None
        why = self.note or f"measured as {self.name}"
        return (
            f"font {self.face!r} has no metric table here ({why}); "
            "text is fitted with conservative widths"
        )


#: Japanese names Office writes for Japanese faces (a Japanese PowerPoint's own templates),
#: as the Latin names the tables know them by. Full-width letters are folded by NFKC.
_LOCAL_NAMES = {
    "biz udpゴシック": "biz udpgothic",
    "biz udゴシック": "biz udgothic",
    "biz udp明朝": "biz udpmincho",
    "biz ud明朝": "biz udmincho",
    "游ゴシック": "yu gothic",
    "游ゴシック medium": "yu gothic medium",
    "游明朝": "yu mincho",
    "メイリオ": "meiryo",
    "ms pゴシック": "ms pgothic",
    "ms ゴシック": "ms gothic",
    "ms p明朝": "ms pmincho",
    "ms 明朝": "ms mincho",
}


def _normal(face: str) -> str:
    key = " ".join(unicodedata.normalize("NFKC", face).strip().strip("'\"").split()).casefold()
    return _LOCAL_NAMES.get(key, key)


def metrics_for(
    face: str | None,
    theme: Mapping[str, str] | None = None,
    *,
    local: bool = False,
) -> ResolvedFont:
    """Resolve a face name to metrics: bundled twin, installed font, stand-in, fallback.

    ``theme`` maps theme references ("+mn-lt", "+mj-ea", ...) to faces; without it
    they resolve to the Office theme's (Calibri Light, Calibri) and are not exact.
    With ``local=True`` the widths also cover the face LibreOffice on this machine
    draws in its place when the face is neither installed nor bundled as a twin
    that is installed (what fontconfig substitutes), for decks converted here.
    """
    asked = (face or "").strip()
    resolved = _resolve(asked, theme)
    if local:
        resolved = _with_local(resolved)
    return resolved


@lru_cache(maxsize=256)
def _resolve_name(asked: str) -> ResolvedFont:
    key = _normal(asked)
    table = EXACT.get(key)
    if table is not None:
        metrics = _combined(table.keys, table.scale, table.styles)
        return ResolvedFont(asked, metrics.name, metrics, True, "bundled", table.note)
    if key:
        found = installed(asked)
        if found is not None:
            return ResolvedFont(
                asked, found.name, found, True, "installed", "read from this machine"
            )
    table = STAND_INS.get(key)
    if table is not None:
        metrics = _combined(table.keys, table.scale, table.styles)
        return ResolvedFont(asked, metrics.name, metrics, False, "stand-in", table.note)
    kind = _kind(key)
    keys = _FALLBACK[kind]
    metrics = _combined(keys, 1.0, None)
    label = asked or "(no face)"
    note = f"{label} is unknown; measured as the widest {kind} faces ({metrics.name})"
    return ResolvedFont(asked, metrics.name, metrics, False, "fallback", note)


def _resolve(asked: str, theme: Mapping[str, str] | None) -> ResolvedFont:
    if asked.startswith("+"):
        ref = asked.lower()
        if theme and theme.get(ref):
            return _resolve_name(theme[ref])
        default = OFFICE_THEME.get(ref, "")
        if ref.endswith("-ea"):
            metrics = _combined(_CJK, 1.0, None)
            return ResolvedFont(
                asked,
                metrics.name,
                metrics,
                False,
                "fallback",
                f"theme font {asked} unresolved; measured as CJK faces",
            )
        inner = _resolve_name(default) if default else _resolve_name("")
        return ResolvedFont(
            asked,
            inner.name,
            inner.metrics,
            False,
            inner.source,
            f"theme font {asked} unresolved; measured as {default or 'unknown'}",
        )
    return _resolve_name(asked)


@lru_cache(maxsize=256)
def _local_cover(face: str, twin: str) -> str | None:
    """The family LibreOffice here draws ``face`` with, when it is neither it nor its twin."""
    hit = _fc_match(face.replace("-", r"\-").replace(":", r"\:"))
    if hit is None:
        return None
    families = {f.casefold() for f in hit[0]}
    if face.casefold() in families or twin.casefold() in families:
        return None
    return hit[0][0]


def _with_local(resolved: ResolvedFont) -> ResolvedFont:
    if resolved.source == "installed" or not resolved.face:
        return resolved
    twin = resolved.metrics.name
    cover = _local_cover(resolved.face, twin)
    if cover is None:
        return resolved
    other = _resolve_name(cover)
    if other.metrics is resolved.metrics:
        return resolved
    metrics = resolved.metrics.widest(other.metrics, name=f"{twin} | {other.name} (drawn here)")
    note = (resolved.note + "; " if resolved.note else "") + f"drawn here with {cover}"
    return ResolvedFont(resolved.face, metrics.name, metrics, resolved.exact, resolved.source, note)


def known_faces() -> list[str]:
    """Every face name with a bundled table or stand-in, lower case."""
    return sorted({*EXACT, *STAND_INS})
