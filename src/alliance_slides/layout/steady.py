"""Steady sizes across a deck: body text under the title, one or two sizes per kind.

Each slide's layout picks the largest size its text fits at; alone, that makes the
body 36 pt on one slide, 26 on the next and 32 on the one after, and a short list can
come out larger than the title above it. A deck is laid out once, then:

- body text is capped under the deck's title size (:data:`UNDER_TITLE` smaller), and
  a statement (a few short items set large) at the title size;
- each kind of body text ("bullets", "two_column", "statement" ...) takes at most two
  sizes in the deck (:func:`steady_sizes`): every slide the largest of them it fits at.

Slides whose size changes are laid out again at it (their spacing and balance follow).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from alliance_slides.format.theme import Theme

#: Body text stays at least this many points under the deck's title size.
UNDER_TITLE = 4.0
#: Two sizes of one kind closer than this are one: the smaller (a point more is not worth
#: a jump from slide to slide).
CLOSE = 2.0


def under_title(theme: Theme, title_size: float) -> Theme:
    """Return ``theme`` with body text that grows no larger than ``title_size`` allows.

    The body and its ceiling are kept :data:`UNDER_TITLE` under the title, never under
    the body floor. A template's own sizes are its designer's, and kept as they are
    unless a long title makes the deck's titles smaller than its body text: then the
    body goes no larger than the titles.
    """
    under = 0.0 if theme.inherit_styles else UNDER_TITLE
    cap = max(title_size - under, theme.body_min_size)
    if theme.body_ceiling <= cap:
        return theme
    return dataclasses.replace(
        theme, body_size=min(theme.body_size, cap), body_max_size=min(theme.body_max_size, cap)
    )


def two_sizes(sizes: Sequence[float]) -> tuple[float, ...]:
    """Return the one or two sizes a kind of body text takes across a deck.

    Every slide must fit, so the smaller is the smallest any slide fits at; the larger
    is the one that leaves the deck's text largest overall (each slide takes the larger
    if it fits at it). Sizes within :data:`CLOSE` of the smaller collapse into it.
    """
    if not sizes:
        return ()
    low = min(sizes)
    best, total = low, low * len(sizes)
    for high in sorted(set(sizes), reverse=True):
        if high - low < CLOSE:
            continue
        gained = sum(high if size >= high else low for size in sizes)
        if gained > total + 1e-9:
            best, total = high, gained
    return (low,) if best == low else (low, best)


def steady_sizes(found: Sequence[tuple[str, float]]) -> dict[str, tuple[float, ...]]:
    """Return the sizes each kind of body text takes in the deck, from what each slide fits."""
    kinds: dict[str, list[float]] = {}
    for kind, size in found:
        kinds.setdefault(kind, []).append(size)
    return {kind: two_sizes(sizes) for kind, sizes in kinds.items()}
