"""Measuring, wrapping and fitting text with the metrics of the face that will render it.

Each paragraph names its look ("title", "body" or "text"); :func:`measuring` says, for
the theme or template being laid out, which face each look is set in and with what
spacing (space before and after, line spacing, letter spacing, indents, insets), as the
template defines them. Widths come from :mod:`alliance_slides.layout.fonts` (bundled
tables of the Office faces and their metric twins, installed fonts, or a conservative
estimate for an unknown face, which is warned about once); a line at single spacing is
1.2 times the size, for every face (measured in LibreOffice). Layouts ask
:func:`fit_size` for the largest size, down to a floor, at which paragraphs fit a box,
and split content across continuation slides when even the floor does not fit.
PowerPoint's own autofit is never relied on: it only acts when PowerPoint opens and
edits the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import alliance_slides.layout.fonts as fonts
from alliance_slides.layout.scene import Box, Paragraph, Run

#: A line at single spacing, in ems (PowerPoint and LibreOffice, every face: fonts.py).
LATIN_LINE = fonts.LINE_PITCH
CJK_LINE = fonts.LINE_PITCH
#: Text frame insets used when drawing (PowerPoint's defaults: 0.1 in, 0.05 in).
INSET_X = 7.2
INSET_Y = 3.6
#: Measured widths are padded this much, for renderers that space glyphs a little wider.
WIDTH_SLACK = 1.04
#: Left margin of each list level, in points, at a hang of BULLET_HANG: the bullet stands
#: BULLET_HANG left of it, at the same place whatever the size.
LEVEL_INDENT = (26.0, 56.0, 84.0, 110.0, 136.0)
BULLET_HANG = 22.0
#: The room a bullet hangs in, in ems of its paragraph's size: the gap after the bullet
#: grows with the text, or at 32 pt and over the bullet touches its first word.
BULLET_EM = 0.9
#: Numbered paragraphs hang further, to leave room for "10."
NUMBER_INDENT = 1.7  # in ems of the paragraph's size

#: The face `code` runs are measured in: Courier New, through its metric twin Liberation Mono.
CODE_FACE = "Courier New"


@dataclass(frozen=True)
class Measure:
    """How one look of text is measured: its faces and the spacing around its lines."""

    face: str = "Calibri"
    east_asian: str = "Noto Sans CJK JP"
    line: float = 1.0  #: line spacing, a multiple of single
    line_points: float = 0.0  #: an exact line pitch in points (0: none)
    #: Space before a paragraph in points, plus in lines; ``None``: the text's own gap.
    before: float | None = None
    before_lines: float = 0.0
    after: float = 0.0
    after_lines: float = 0.0
    spc: float = 0.0  #: letter spacing, hundredths of a point
    caps: bool = False
    #: Left margin and first-line indent per list level (points); empty: the built-in ones.
    indents: tuple[tuple[float, float], ...] = ()
    insets: tuple[float, float, float, float] = (INSET_X, INSET_Y, INSET_X, INSET_Y)
    #: Whether the template's style fixes the paragraph spacing (its placeholders do).
    fixed: bool = False
    theme_fonts: tuple[tuple[str, str], ...] = field(default=())


_DEFAULT = Measure()
_MEASURES: ContextVar[dict[str, Measure] | None] = ContextVar("measures", default=None)


def measures_for(theme: Any) -> dict[str, Measure]:
    """Return how each look is measured in ``theme`` (a template's looks when it has them)."""
    title_face = getattr(theme, "title_font", "") or theme.latin_font
    plain = {
        "title": Measure(title_face, theme.east_asian_font),
        "body": Measure(theme.latin_font, theme.east_asian_font),
        "text": Measure(theme.latin_font, theme.east_asian_font),
    }
    looks = getattr(theme, "looks", None) or {}
    for name, look in looks.items():
        base = plain.get(name, plain["text"])
        plain[name] = Measure(
            face=look.font if not look.font.startswith("+") else base.face,
            east_asian=look.east_asian
            if not look.east_asian.startswith("+")
            else theme.east_asian_font,
            line=look.line,
            line_points=look.line_points,
            before=look.before if name != "text" else None,
            before_lines=look.before_lines if name != "text" else 0.0,
            after=look.after if name != "text" else 0.0,
            after_lines=look.after_lines if name != "text" else 0.0,
            spc=look.spc,
            caps=look.caps,
            indents=tuple(look.indents) if name == "body" else (),
            insets=tuple(look.insets) if name != "text" else _DEFAULT.insets,  # type: ignore[arg-type]
            fixed=name != "text",
        )
    return plain


@contextmanager
def measuring(theme: Any) -> Iterator[None]:
    """Measure text as ``theme`` sets it while inside (see :func:`font_warnings`)."""
    token = _MEASURES.set(measures_for(theme))
    try:
        yield
    finally:
        _MEASURES.reset(token)


def measure(look: str) -> Measure:
    """Return how text of ``look`` is measured now."""
    current = _MEASURES.get()
    return current.get(look, _DEFAULT) if current else _DEFAULT


@lru_cache(maxsize=64)
def _resolved(face: str) -> fonts.ResolvedFont:
    return fonts.metrics_for(face)


def _metrics(face: str) -> fonts.FontMetrics:
    return _resolved(face).metrics


def is_wide(ch: str) -> bool:
    """Tell whether a character is drawn one em wide (CJK ideographs, kana, full-width forms)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def has_wide(text: str) -> bool:
    """Tell whether text holds any East Asian wide character."""
    return any(ord(ch) > 0x2E7F and is_wide(ch) for ch in text)


def text_width(
    text: str, size: float, bold: bool = False, look: str = "text", italic: bool = False
) -> float:
    """Return the width of ``text`` set at ``size`` points in ``look``, in points."""
    m = measure(look)
    if m.caps:
        text = text.upper()
    width = _metrics(m.face).width(text, size, bold, italic)
    if m.spc:
        width += len(text) * m.spc / 100.0
    return width * WIDTH_SLACK


def parse_emphasis(text: str, bold: bool = False) -> tuple[Run, ...]:
    """Return the runs of a string of CommonMark inline markup (bold, italic, code, links)."""
    from alliance_slides.layout.markup import inline_runs

    return inline_runs(text, bold)


def run_width(text: str, size: float, run: Run, look: str = "text") -> float:
    """Return the width of ``text`` set in ``run``'s face and style, in points.

    A ``code`` run is set in the monospace face, whatever the look's face is.
    """
    if run.code:
        return _metrics(CODE_FACE).width(text, size, run.bold, run.italic) * WIDTH_SLACK
    return text_width(text, size, run.bold, look, run.italic)


_TOKEN = re.compile(r"\s+|[^\s\u2E80-\uFFEF]+|.", re.UNICODE)


def _tokens(runs: Sequence[Run]) -> list[tuple[str, Run]]:
    """Split runs into breakable pieces (words, spaces, single wide characters), each with its run.

    A link is measured by its words, never its address.
    """
    out = []
    for run in runs:
        for token in _TOKEN.findall(run.text):
            out.append((token, run))
    return out


def _measurer(size: float, look: str) -> Any:
    """Return ``width(text, run)`` for text at ``size`` in ``look``, the face resolved once."""
    m = measure(look)
    metrics = _metrics(m.face)
    caps, spc = m.caps, m.spc / 100.0

    def width(text: str, run: Run) -> float:
        if run.code:
            return run_width(text, size, run, look)
        if caps:
            text = text.upper()
        w = metrics.width(text, size, run.bold, run.italic)
        if spc:
            w += len(text) * spc
        return w * WIDTH_SLACK

    return width


def count_lines(runs: Sequence[Run], width: float, size: float, look: str = "text") -> int:
    """Return how many lines the runs take when wrapped greedily into ``width`` points.

    A word wider than the line breaks anywhere, as renderers do, and a character wider
    than the line takes a line of its own: a narrow column costs lines, never infinity.
    Fitting, spreading and the accessibility check ask the same questions again, so
    answers are remembered (for the look as it is measured now).
    """
    m = measure(look)
    return _count_lines(tuple(runs), width, size, look, m)


#: Words' widths in ems, by face and style: the same words are measured at many sizes.
_EMS: dict[tuple[fonts.FontMetrics, bool, bool], dict[str, float]] = {}


def _ems(metrics: fonts.FontMetrics, bold: bool, italic: bool) -> dict[str, float]:
    key = (metrics, bold, italic)
    found = _EMS.get(key)
    if found is None or len(found) > 100_000:
        found = _EMS[key] = {}
    return found


@lru_cache(maxsize=16384)
def _count_lines(runs: tuple[Run, ...], width: float, size: float, look: str, m: Measure) -> int:
    plain = not (m.caps or m.spc) and not any(run.code for run in runs)
    measured = _measurer(size, look)
    metrics = _metrics(m.face)
    scale = size * WIDTH_SLACK
    lines = 1
    used = 0.0
    for token, run in _tokens(runs):
        if token.isspace():
            token = " "  # a run of spaces sets as one
        if plain:  # the hot path: a word's width in ems, remembered across sizes
            ems = _ems(metrics, run.bold, run.italic)
            em = ems.get(token)
            if em is None:
                em = ems[token] = metrics.width(token, 1.0, run.bold, run.italic)
            w = em * scale
        else:
            w = measured(token, run)
        if token == " ":
            used += w
            continue
        if used + w <= width:
            used += w
            continue
        if w <= width:
            lines += 1
            used = w
            continue
        for ch in token:
            cw = measured(ch, run)
            if used > 0 and used + cw > width:
                lines += 1
                used = 0.0
            used += cw
    return lines


def line_height(runs: Sequence[Run], size: float, look: str = "text") -> float:
    """Return the height of one line of these runs in ``look``."""
    m = measure(look)
    if m.line_points:
        return m.line_points
    return size * fonts.LINE_PITCH * m.line


def bullet_indent(paragraph: Paragraph) -> tuple[float, float]:
    """Return a paragraph's left margin and bullet hang, in points (0, 0 without a bullet)."""
    if paragraph.number is not None:
        # Each level of a numbered list hangs its number in a column of its own.
        width = NUMBER_INDENT * paragraph.size
        return width * (min(paragraph.level, 4) + 1), 0.0 if paragraph.continued else width
    indents = measure(paragraph.look).indents
    if indents:
        margin, first = indents[min(paragraph.level, len(indents) - 1)]
        return margin, 0.0 if paragraph.continued else max(0.0, -first)
    if not paragraph.bullet:
        return 0.0, 0.0
    # The bullet stays where a level's bullets stand; the text starts an em-ish after it.
    hang = BULLET_EM * paragraph.size
    margin = LEVEL_INDENT[min(paragraph.level, 4)] - BULLET_HANG + hang
    return margin, 0.0 if paragraph.continued else hang


def insets(look: str) -> tuple[float, float, float, float]:
    """Return the text insets (left, top, right, bottom) of frames of ``look``."""
    return measure(look).insets


def paragraph_height(paragraph: Paragraph, width: float) -> float:
    """Return the height of a paragraph wrapped into a frame ``width`` points wide."""
    indent = bullet_indent(paragraph)[0]
    m = measure(paragraph.look)
    left, _, right, _ = m.insets
    lines = count_lines(
        paragraph.runs, width - left - right - indent, paragraph.size, paragraph.look
    )
    line = m.line_points or paragraph.size * fonts.LINE_PITCH * m.line
    return paragraph.space_before + lines * line + paragraph.space_after


def frame_height(paragraphs: Sequence[Paragraph], width: float) -> float:
    """Return the height the paragraphs need in a frame ``width`` wide, insets included."""
    if not paragraphs:
        return 2 * INSET_Y
    first = paragraphs[0]
    _, top, _, bottom = insets(first.look)
    # PowerPoint ignores the space before the first paragraph of a frame.
    return top + bottom - first.space_before + sum(paragraph_height(p, width) for p in paragraphs)


def fits(paragraphs: Sequence[Paragraph], box: Box) -> bool:
    """Tell whether the paragraphs fit the box."""
    return frame_height(paragraphs, box.w) <= box.h


def breaks_words(paragraphs: Sequence[Paragraph], width: float) -> bool:
    """Tell whether a word is wider than its line in a frame ``width`` wide.

    A renderer breaks such a word anywhere ("Demilitariz / ation"), which the height
    alone does not show; a smaller size or a wider box keeps it whole.
    """
    for paragraph in paragraphs:
        left, _, right, _ = insets(paragraph.look)
        line = width - left - right - bullet_indent(paragraph)[0]
        measured = _measurer(paragraph.size, paragraph.look)
        for token, run in _tokens(paragraph.runs):
            if len(token) > 1 and not token.isspace():
                if measured(token, run) > line:
                    return True
    return False


@dataclass(frozen=True)
class TextSpec:
    """Text to set, before a size is chosen: runs, list level and bullet."""

    runs: tuple[Run, ...]
    level: int = 0
    bullet: str | None = None
    align: str = "left"
    color: str | None = None
    gap: float = 0.35  # space before, in ems of the paragraph's size
    scale: float = 1.0  # size relative to the frame's size
    look: str = "text"  # title | body | text: whose face and spacing it is set in
    continued: bool = False  # the rest of the paragraph before: indented, no bullet drawn


def set_size(specs: Sequence[TextSpec], size: float, floor: float) -> tuple[Paragraph, ...]:
    """Turn specs into paragraphs at ``size``; deeper levels are smaller, never below ``floor``."""
    out = []
    for spec in specs:
        own = max(floor, round(size * spec.scale - 3 * min(spec.level, 2), 1))
        m = measure(spec.look)
        if m.before is None:
            before, after = round(own * spec.gap, 1), 0.0
        else:
            line = m.line_points or own * fonts.LINE_PITCH * m.line
            before = round(m.before + m.before_lines * line, 1)
            after = round(m.after + m.after_lines * line, 1)
        out.append(
            Paragraph(
                runs=spec.runs,
                size=own,
                level=spec.level,
                bullet=spec.bullet,
                align=spec.align,
                color=spec.color,
                space_before=before,
                space_after=after,
                look=spec.look,
                continued=spec.continued,
            )
        )
    return tuple(out)


def fit_size(
    specs: Sequence[TextSpec], box: Box, start: float, floor: float, step: float = 1.0
) -> float | None:
    """Return the largest size from ``start`` down to ``floor`` at which the specs fit ``box``.

    A size that keeps every word whole is preferred; when none does (a URL wider than
    the box), the largest that fits by height. Returns ``None`` when they do not fit
    even at ``floor``.
    """
    size = start
    fallback = None
    while size >= floor - 1e-9:
        paragraphs = set_size(specs, size, floor)
        if fits(paragraphs, box):
            if not breaks_words(paragraphs, box.w):
                return size
            if fallback is None:
                fallback = size
        size -= step
    return fallback


def _lines(paragraphs: Sequence[Paragraph], width: float) -> list[int]:
    """Return how many lines each paragraph takes in a frame ``width`` points wide."""
    return [
        count_lines(p.runs, width - 2 * INSET_X - bullet_indent(p)[0], p.size) for p in paragraphs
    ]


def grow_size(
    specs: Sequence[TextSpec], box: Box, start: float, ceiling: float, step: float = 4.0
) -> float:
    """Return the largest size that text fitting ``box`` at ``start`` can grow to.

    Sizes go up from ``start`` in steps of ``step`` points (28, 32, 36: a few sizes
    across a deck, not one per slide), to at most ``ceiling``. A larger size is taken
    when the text still fits, keeps every word whole and wraps no paragraph onto more
    lines than at ``start``: three short bullets grow, a long one does not gain a
    dangling word.
    """
    wanted = _lines(set_size(specs, start, start), box.w)
    steps = int((ceiling - start) // step + 1e-9)
    for k in range(steps, 0, -1):
        size = start + k * step
        paragraphs = set_size(specs, size, start)
        if (
            fits(paragraphs, box)
            and not breaks_words(paragraphs, box.w)
            and _lines(paragraphs, box.w) == wanted
        ):
            return size
    return start


def spread(
    paragraphs: Sequence[Paragraph], box: Box, most: float = 1.0, fill: float = 0.8
) -> tuple[Paragraph, ...]:
    """Open the gaps before top-level paragraphs so a short list takes more of its box.

    Each gap grows by the same amount, to at most ``most`` ems of its paragraph's size,
    and only while the text takes less than ``fill`` of the box's height: items of a
    short list stand apart, a full box is left as it is.
    """
    gaps = [i for i, p in enumerate(paragraphs) if i and p.level == 0 and p.space_before > 0]
    spare = fill * box.h - frame_height(paragraphs, box.w)
    if not gaps or spare <= 0:
        return tuple(paragraphs)
    extra = spare / len(gaps)
    out = list(paragraphs)
    for i in gaps:
        p = out[i]
        grown = min(p.space_before + extra, max(p.space_before, most * p.size))
        out[i] = replace(p, space_before=round(grown, 1))
    return tuple(out)


def split_to_fit(
    groups: Sequence[Sequence[TextSpec]], box: Box, floor: float
) -> list[list[TextSpec]]:
    """Split groups of specs (a bullet and its sub-bullets) into chunks that fit ``box``.

    Groups stay whole where they can; a group too tall for a box of its own is
    split between its paragraphs. Chunks are filled at ``floor`` size and then
    balanced, so continuation slides carry similar amounts.
    """
    units: list[list[TextSpec]] = []
    for group in groups:
        if fits(set_size(group, floor, floor), box):
            units.append(list(group))
        else:
            units.extend([piece] for spec in group for piece in split_paragraph(spec, box, floor))
    chunks: list[list[TextSpec]] = [[]]
    for unit in units:
        candidate = chunks[-1] + unit
        if chunks[-1] and not fits(set_size(candidate, floor, floor), box):
            chunks.append(list(unit))
        else:
            chunks[-1] = candidate
    if len(chunks) > 1:
        chunks = _balance(units, len(chunks), box, floor) or chunks
    return chunks


def split_paragraph(spec: TextSpec, box: Box, floor: float) -> list[TextSpec]:
    """Cut a paragraph too tall for ``box`` at ``floor`` into pieces that each fit it.

    Cuts fall between words, as late as the box allows; every piece after the first
    is marked ``continued`` (the bullet's indent, no bullet). A paragraph that fits,
    or a single word that does not, comes back whole.
    """
    pieces: list[TextSpec] = []
    rest = spec
    while not fits(set_size([rest], floor, floor), box):
        split = [_TOKEN.findall(run.text) for run in rest.runs]  # once per piece
        words = [i for i, token in enumerate(t for run in split for t in run) if token.isspace()]

        # How many leading words the piece keeps: found by doubling from a few, then
        # halving, so each piece costs about its own length, not the rest's.
        low, high = 0, min(16, len(words))
        while high < len(words) and _head_fits(rest, split, words[high - 1], box, floor):
            low, high = high, min(2 * high, len(words))
        while low < high:
            middle = (low + high + 1) // 2
            if _head_fits(rest, split, words[middle - 1], box, floor):
                low = middle
            else:
                high = middle - 1
        if low == 0:
            break  # not even one word fits: leave it whole, the checks will say so
        head_runs, tail_runs = _cut(rest.runs, words[low - 1], split)
        pieces.append(replace(rest, runs=head_runs))
        rest = replace(rest, runs=tail_runs, continued=True, gap=min(rest.gap, 0.2))
    pieces.append(rest)
    return pieces


def _head_fits(
    spec: TextSpec, split: Sequence[list[str]], space: int, box: Box, floor: float
) -> bool:
    """Tell whether the words of ``spec`` before its ``space``-th token fit ``box``."""
    head = _cut(spec.runs, space, split)[0]
    return fits(set_size([replace(spec, runs=head)], floor, floor), box)


def _cut(
    runs: Sequence[Run], space: int, split: Sequence[list[str]] | None = None
) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """Split runs at their ``space``-th token (a space, dropped), keeping each run's style.

    ``split`` is each run's tokens, when the caller has them already.
    """
    # Whole runs go to one side; only the run holding the space is cut, by slicing its
    # tokens (a Run per token made a 40,000-character bullet take a minute to split).
    head: list[Run] = []
    tail: list[Run] = []
    index = 0
    for number, run in enumerate(runs):
        tokens = split[number] if split is not None else _TOKEN.findall(run.text)
        if not tokens:
            continue
        if index + len(tokens) <= space:
            head.append(run)
        elif index > space:
            tail.append(run)
        else:
            at = space - index
            head.append(replace(run, text="".join(tokens[:at])))
            tail.append(replace(run, text="".join(tokens[at + 1 :])))
            head, tail = [r for r in head if r.text], [r for r in tail if r.text]
        index += len(tokens)
    return _joined(head), _joined(tail)


def _joined(runs: list[Run]) -> tuple[Run, ...]:
    """Merge neighbouring runs of one style back into one."""
    out: list[Run] = []
    for run in runs:
        if out and replace(out[-1], text="") == replace(run, text=""):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return tuple(run for run in out if run.text) or (Run(""),)


def _balance(
    units: list[list[TextSpec]], count: int, box: Box, floor: float
) -> list[list[TextSpec]] | None:
    """Spread units over ``count`` chunks of about equal height, if each still fits."""
    heights = [frame_height(set_size(u, floor, floor), box.w) for u in units]
    target = sum(heights) / count
    chunks: list[list[TextSpec]] = [[]]
    acc = 0.0
    for unit, height in zip(units, heights, strict=True):
        if chunks[-1] and acc + height / 2 > target and len(chunks) < count:
            chunks.append([])
            acc = 0.0
        chunks[-1].extend(unit)
        acc += height
    if all(fits(set_size(c, floor, floor), box) for c in chunks):
        return chunks
    return None


def font_warnings(theme: Any) -> list[str]:
    """Return one warning for each face ``theme`` sets text in whose widths are estimated."""
    said: dict[str, str] = {}
    for m in measures_for(theme).values():
        found = _resolved(m.face)
        warning = found.warning()
        if warning and m.face not in said:
            said[m.face] = warning
    return list(said.values())
