"""A timeline drawn with shapes: a line, a marker per date, each date with what happened.

Events of one date share a marker. Labels go under the line, or, when that gives
them more room, alternately above and below it, so each may be about twice as wide
as its share of the line. The drawing is centred in the body, and continues on
further slides when its labels do not fit even at the theme's floor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from alliance_slides.format.model import Event, TimelineSlide
from alliance_slides.format.theme import Theme
from alliance_slides.layout.kinds.base import LayoutContext, run_titles, scene
from alliance_slides.layout.scene import (
    Box,
    LineShape,
    MarkerShape,
    Paragraph,
    Shape,
    SlideScene,
    TextShape,
)
from alliance_slides.layout.text import (
    INSET_X,
    TextSpec,
    breaks_words,
    count_lines,
    frame_height,
    parse_emphasis,
    set_size,
)

MAX_PER_SLIDE = 6
MARKER = 20.0
#: The most labels grow past their starting size, in points (a little: 26 to 32).
GROWTH = 6.0
#: Space between a marker and its date, and between a date and its label, in points.
GAP = 6.0
#: Horizontal space between neighbouring labels, in points.
GUTTER = 8.0
#: Words that name a time without a number in them.
_RELATIVE = {"today", "now", "present", "later", "earlier", "then", "before", "after"}
_DIGIT = re.compile(r"\d")


def is_date(when: str) -> bool:
    """Tell whether a timeline's ``when`` names a time a reader can place: a year, a date.

    Anything with a number in it counts ("1951", "1971–72", "August 1945", "1950s"), and
    a few words for the present; "Cold War" is a period, not a place on the line.
    """
    return bool(_DIGIT.search(when)) or when.strip().casefold() in _RELATIVE


def same_dates(events: Sequence[Event]) -> list[list[Event]]:
    """Group neighbouring events of one date, each group under one marker."""
    groups: list[list[Event]] = []
    for event in events:
        key = " ".join(event.when.split()).casefold()
        if groups and " ".join(groups[-1][0].when.split()).casefold() == key:
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def _label_specs(group: Sequence[Event]) -> list[TextSpec]:
    specs = []
    for index, event in enumerate(group):
        specs.append(
            TextSpec(parse_emphasis(event.label), align="center", gap=0.5 if index else 0)
        )
        if event.detail:
            specs.append(
                TextSpec(
                    parse_emphasis(event.detail), align="center", color="muted", gap=0.2, scale=0.9
                )
            )
    return specs


def _when_specs(group: Sequence[Event]) -> list[TextSpec]:
    runs = parse_emphasis(group[0].when, bold=True)
    return [TextSpec(runs, align="center", color="accent", gap=0)]


@dataclass(frozen=True)
class _Plan:
    """How one slide of a timeline is drawn."""

    alternate: bool  # labels above and below the line, in turn
    size: float
    whens: tuple[tuple[Paragraph, ...], ...]
    labels: tuple[tuple[Paragraph, ...], ...]
    width: float  # of each label
    pitch: float  # between markers
    first: float  # the first marker's x

    def heights(self, index: int) -> tuple[float, float]:
        return (
            frame_height(self.whens[index], self.width),
            frame_height(self.labels[index], self.width),
        )

    def above(self, index: int) -> bool:
        return self.alternate and index % 2 == 0


def _plan(
    groups: Sequence[Sequence[Event]], theme: Theme, alternate: bool, whole_words: bool
) -> _Plan | None:
    """Return the largest-type plan that fits the body in this arrangement, or ``None``.

    Labels start a little under the body size and shrink to the floor.
    """
    floor = theme.body_min_size
    start = max(theme.body_size - 2, floor)
    size = start
    while size >= floor - 1e-9:
        plan = _sized(groups, theme, alternate, size)
        if _fits(plan, theme.body_box.h, whole_words):
            return plan
        size -= 1
    return None


def _sized(
    groups: Sequence[Sequence[Event]], theme: Theme, alternate: bool, size: float
) -> _Plan:
    """Return the plan of this arrangement with labels set at ``size``, dates a little larger."""
    body = theme.body_box
    count = len(groups)
    if alternate:
        pitch = body.w / (count + 1)
        width, first = 2 * pitch - GUTTER, body.x + pitch
    else:
        pitch = body.w / count
        width, first = pitch - GUTTER, body.x + pitch / 2
    floor = theme.body_min_size
    whens = tuple(_when(group, width, size + 2, floor) for group in groups)
    labels = tuple(set_size(_label_specs(group), size, floor) for group in groups)
    return _Plan(alternate, size, whens, labels, width, pitch, first)


def _lines(plan: _Plan) -> list[int]:
    """Return how many lines each paragraph of the plan's dates and labels takes."""
    return [
        count_lines(p.runs, plan.width - 2 * INSET_X, p.size)
        for text in (*plan.whens, *plan.labels)
        for p in text
    ]


def _grown(
    groups: Sequence[Sequence[Event]], theme: Theme, plan: _Plan, whole_words: bool
) -> _Plan:
    """Return the plan with labels grown a little, up to :data:`GROWTH` points, if they may.

    Few dates give each label a wide column, room for larger type: it is taken when it
    still fits the body and wraps no date or label onto another line (a label does not
    become a tower of words). On a template, the template's body size is the most.
    """
    wanted = _lines(plan)
    ceiling = min(plan.size + GROWTH, theme.body_ceiling)
    size = ceiling
    while size > plan.size:
        larger = _sized(groups, theme, plan.alternate, size)
        if _fits(larger, theme.body_box.h, whole_words) and _lines(larger) == wanted:
            return larger
        size -= 2
    return plan


def _when(
    group: Sequence[Event], width: float, start: float, floor: float
) -> tuple[Paragraph, ...]:
    """Return a date set on one line: at ``start``, or smaller down to ``floor`` (then wrapped)."""
    specs = _when_specs(group)
    size = start
    while size > floor:
        if count_lines(specs[0].runs, width - 2 * INSET_X, size) == 1:
            break
        size -= 1
    return set_size(specs, max(size, floor), floor)


def _reach(plan: _Plan, index: int) -> float:
    """How far an event's date and label reach from the marker's edge."""
    when_h, label_h = plan.heights(index)
    return when_h + label_h + 2 * GAP


def _extent(plan: _Plan) -> tuple[float, float]:
    """How far the drawing reaches above and below the line's markers."""
    count = len(plan.labels)
    above = max((_reach(plan, i) for i in range(count) if plan.above(i)), default=0.0)
    below = max((_reach(plan, i) for i in range(count) if not plan.above(i)), default=0.0)
    return above, below


def _fits(plan: _Plan, room: float, whole_words: bool) -> bool:
    above, below = _extent(plan)
    if above + MARKER + below > room:
        return False
    if whole_words:
        for index in range(len(plan.labels)):
            if breaks_words(plan.labels[index], plan.width) or breaks_words(
                plan.whens[index], plan.width
            ):
                return False
    return True


def _best(groups: Sequence[Sequence[Event]], theme: Theme, whole_words: bool) -> _Plan | None:
    """Return the plan that keeps dates on one line, sets labels largest, then shortest.

    Under the line wins a tie: it reads left to right without turning the eye. The
    arrangement is chosen at the starting size; the chosen one may then grow a little.
    """
    plans = [_plan(groups, theme, False, whole_words)]
    if len(groups) >= 3:
        plans.append(_plan(groups, theme, True, whole_words))
    found = [p for p in plans if p is not None]
    if not found:
        return None

    def score(plan: _Plan) -> tuple[bool, float, float]:
        one_line = all(
            count_lines(w[0].runs, plan.width - 2 * INSET_X, w[0].size) == 1 for w in plan.whens
        )
        tallest = max(_reach(plan, i) for i in range(len(plan.labels)))
        return one_line, plan.size, -tallest - (1.0 if plan.alternate else 0.0)

    best = max(found, key=score)
    if best.size == max(theme.body_size - 2, theme.body_min_size):  # it fit at the start
        return _grown(groups, theme, best, whole_words)
    return best


def _chunks(groups: list[list[Event]], theme: Theme) -> list[tuple[list[list[Event]], _Plan]]:
    """Split dates into runs that fit one slide each, as even as can be, with their plans.

    Runs whose labels keep every word whole are preferred: fewer dates a slide give
    each a wider label.
    """
    total = len(groups)
    for whole_words in (True, False):
        for per_slide in range(min(MAX_PER_SLIDE, total), 0, -1):
            count = -(-total // per_slide)
            even = -(-total // count)
            runs = [groups[i : i + even] for i in range(0, total, even)]
            plans = [_best(run, theme, whole_words) for run in runs]
            if all(plan is not None for plan in plans):
                return [(run, plan) for run, plan in zip(runs, plans, strict=True) if plan]
    # Not even one date a slide fits: each on its own, at the floor (the checks say so).
    out = []
    for group in groups:
        plan = _best([group], theme, False) or _floor_plan([group], theme)
        out.append(([group], plan))
    return out


def _floor_plan(groups: Sequence[Sequence[Event]], theme: Theme) -> _Plan:
    floor = theme.body_min_size
    body = theme.body_box
    whens = tuple(set_size(_when_specs(g), floor, floor) for g in groups)
    labels = tuple(set_size(_label_specs(g), floor, floor) for g in groups)
    return _Plan(False, floor, whens, labels, body.w - GUTTER, body.w, body.x + body.w / 2)


def _run_extent(plans: Sequence[_Plan], room: float) -> tuple[float, float] | None:
    """How far a continued run's drawings reach above and below the line, at most.

    Drawn with these, the line stays at one height from a slide to its continuation;
    ``None`` when one drawing's reach above and another's below do not fit together.
    """
    if len(plans) < 2:
        return None
    extents = [_extent(plan) for plan in plans]
    above = max(a for a, _ in extents)
    below = max(b for _, b in extents)
    return (above, below) if above + MARKER + below <= room else None


def _draw(
    groups: Sequence[Sequence[Event]],
    plan: _Plan,
    theme: Theme,
    extent: tuple[float, float] | None = None,
) -> list[Shape]:
    body = theme.body_box
    count = len(groups)
    heights = [plan.heights(i) for i in range(count)]
    above, below = extent or _extent(plan)
    block = above + MARKER + below
    line_y = body.y + max(0.0, (body.h - block) / 2) + above + MARKER / 2
    shapes: list[Shape] = [
        LineShape(body.x, line_y, body.right, line_y, 3, "line", name="Timeline")
    ]
    for i, group in enumerate(groups):
        when = group[0].when
        cx = plan.first + plan.pitch * i
        left = min(max(cx - plan.width / 2, body.x), body.right - plan.width)
        when_h, label_h = heights[i]
        if plan.above(i):
            when_y = line_y - MARKER / 2 - GAP - when_h
            label_y = when_y - GAP - label_h
            anchor = "bottom"
        else:
            when_y = line_y + MARKER / 2 + GAP
            label_y = when_y + when_h + GAP
            anchor = "top"
        label_box = Box(left, label_y, plan.width, label_h)
        when_box = Box(left, when_y, plan.width, when_h)
        label = TextShape(
            "text", label_box, plan.labels[i], anchor=anchor, name=f"Event: {group[0].label}"
        )
        date = TextShape("text", when_box, plan.whens[i], anchor=anchor, name=f"When: {when}")
        marker = MarkerShape(
            Box(cx - MARKER / 2, line_y - MARKER / 2, MARKER, MARKER),
            "accent",
            name=f"Marker: {when}",
        )
        # Reading order follows the eye: what is above the line first.
        shapes.extend([label, date, marker] if plan.above(i) else [marker, date, label])
    return shapes


def timeline_layout(slide: TimelineSlide, ctx: LayoutContext) -> list[SlideScene]:
    """Dates spaced evenly in the order given; many dates continue on further slides."""
    scenes = []
    chunks = _chunks(same_dates(slide.events), ctx.theme)
    titles = run_titles(slide.title, len(chunks), ctx.theme)
    # A continued run keeps its line at one height, centred for the run as a whole.
    extent = _run_extent([plan for _, plan in chunks], ctx.theme.body_box.h)
    for index, (groups, plan) in enumerate(chunks):
        title, heading = titles[index]
        shapes: list[Shape] = [heading, *_draw(groups, plan, ctx.theme, extent)]
        scenes.append(scene(slide, "title_only", title, shapes, index))
    return scenes
