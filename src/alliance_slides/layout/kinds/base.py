"""What every layout shares: the context it gets, titles, bullets and continuations."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from alliance_slides.format.model import Bullet, Slide
from alliance_slides.format.theme import Theme
from alliance_slides.layout.scene import Box, SlideScene, TextShape, to_letters, to_roman
from alliance_slides.layout.text import TextSpec, fit_size, parse_emphasis, set_size
from alliance_slides.templating.render import RenderedLecture

BULLET_CHARS = ("•", "–", "•", "–", "•")


@dataclass(frozen=True)
class LayoutContext:
    """What a layout may read: the theme and the (rendered) lecture being built."""

    theme: Theme
    lecture: RenderedLecture
    cited: frozenset[str] = field(default=frozenset())
    #: The size the deck's content titles are set at (``None``: the theme's title size).
    title_size: float | None = None
    #: The body sizes each kind of body text may take in this deck (see ``layout.steady``);
    #: a kind not named takes the size it fits at.
    steady: dict[str, tuple[float, ...]] = field(default_factory=dict)

    @property
    def deck_title_size(self) -> float:
        """The size content titles are set at in this deck."""
        return self.title_size or self.theme.title_size

    def steady_size(self, kind: str, size: float) -> float:
        """Return the largest of the deck's sizes for ``kind`` up to ``size`` (else ``size``)."""
        allowed = [s for s in self.steady.get(kind, ()) if s <= size + 1e-9]
        return max(allowed, default=size)


#: A layout turns one slide into one or more scenes (more when content is continued).
Layout = Callable[[Any, LayoutContext], list[SlideScene]]


def continued_title(title: str, index: int) -> str:
    """Return the title of the ``index``-th slide (0-based) of a continued run."""
    if index == 0:
        return title
    return f"{title} (cont.)" if index == 1 else f"{title} (cont. {index})"


def title_shape(
    text: str,
    theme: Theme,
    box: Box | None = None,
    color: str = "title",
    start: float | None = None,
    floor: float | None = None,
    align: str = "left",
    anchor: str = "bottom",
) -> TextShape:
    """Return a title frame, shrunk (within the theme's floor) until it fits."""
    box = box or theme.title_box
    look = theme.looks.get("title") if theme.inherit_styles else None
    bold = look.bold if look is not None else True
    spec = [
        TextSpec(parse_emphasis(text, bold=bold), align=align, color=color, gap=0, look="title")
    ]
    start = start or theme.title_size
    floor = floor or theme.title_min_size
    size = fit_size(spec, box, start, floor) or fit_size(spec, box, floor, 14) or 14
    return TextShape("title", box, set_size(spec, size, 14), anchor=anchor, name="Title")


def run_titles(title: str, count: int, theme: Theme) -> list[tuple[str, TextShape]]:
    """Return the titles of a continued run of ``count`` slides, all set at one size.

    The size is the one the longest title ("… (cont. N)") fits at, so the title
    does not jump in size from one slide of the run to the next.
    """
    texts = [continued_title(title, i) for i in range(count)]
    size = min(title_shape(text, theme).paragraphs[0].size for text in texts)
    return [
        (text, title_shape(text, theme, start=size, floor=min(size, theme.title_min_size)))
        for text in texts
    ]


#: Slide layouts whose titles are not a content slide's (set on the band, larger).
_OWN_TITLES = ("title", "section")


def uniform_titles(scenes: Sequence[SlideScene], theme: Theme) -> list[SlideScene]:
    """Set every content slide's title at one size: the largest at which all of them fit.

    Titles wrap to two lines before they shrink (the title frame holds two lines at the
    theme's size), and a title that shrinks takes the deck's titles with it, so the
    title does not change size from slide to slide. One that does not fit even at the
    theme's smallest title size keeps its own, smaller size rather than shrink them all.
    Section titles are made one size among themselves in the same way.
    """
    groups = {
        "content": lambda made: made.layout not in _OWN_TITLES,
        "section": lambda made: made.layout == "section",
    }
    out = list(scenes)
    for member in groups.values():
        sizes = [
            shape.paragraphs[0].size
            for made in out
            if member(made)
            for shape in made.shapes
            if isinstance(shape, TextShape) and shape.role == "title" and shape.paragraphs
        ]
        if not sizes:
            continue
        deck = deck_title(sizes, theme)
        out = [
            dataclasses.replace(
                made,
                shapes=tuple(
                    _resized(shape, deck)
                    if isinstance(shape, TextShape) and shape.role == "title"
                    else shape
                    for shape in made.shapes
                ),
            )
            if member(made)
            else made
            for made in out
        ]
    return out


def deck_title(sizes: Sequence[float], theme: Theme) -> float:
    """Return the size a deck's titles are set at, given the size each fits at on its own."""
    return max(min(sizes), min(theme.title_min_size, theme.title_size))


def content_title_sizes(scenes: Sequence[SlideScene]) -> list[float]:
    """Return the size each content slide's title fits at on its own."""
    return [
        shape.paragraphs[0].size
        for made in scenes
        if made.layout not in _OWN_TITLES
        for shape in made.shapes
        if isinstance(shape, TextShape) and shape.role == "title" and shape.paragraphs
    ]


def _resized(shape: TextShape, size: float) -> TextShape:
    """Return a title frame set at ``size``, or at its own size if that is smaller."""
    paragraphs = tuple(
        dataclasses.replace(p, size=min(p.size, size)) for p in shape.paragraphs
    )
    return dataclasses.replace(shape, paragraphs=paragraphs)


def list_mark(level: int, number: int) -> str:
    """Return the mark of a numbered list item: 1. at the top, a. below, i. below that."""
    if level == 0:
        return f"{number}."
    return f"{to_letters(number)}." if level == 1 else f"{to_roman(number)}."


def bullet_specs(bullets: Sequence[Bullet], numbered: bool = False) -> list[list[TextSpec]]:
    """Turn bullets into groups of specs: each top-level bullet with its sub-bullets.

    Numbered, each item carries its own number ("1.", "a.", "i."), so a list continued
    on another slide goes on from where it stopped.
    """
    groups: list[list[TextSpec]] = []

    def walk(items: Sequence[Bullet], level: int, group: list[TextSpec], start: int = 1) -> None:
        for number, bullet in enumerate(items, start=start):
            mark = list_mark(level, number) if numbered else BULLET_CHARS[min(level, 4)]
            group.append(
                TextSpec(
                    parse_emphasis(bullet.text),
                    level=level,
                    bullet=mark,
                    gap=0.45 if level == 0 else 0.2,
                    look="body",
                )
            )
            walk(bullet.children, level + 1, group)

    for number, bullet in enumerate(bullets, start=1):
        group: list[TextSpec] = []
        walk([bullet], 0, group, number)
        groups.append(group)
    return groups


def scene(
    slide: Slide, layout: str, title: str, shapes: list[Any], index: int = 0, **extra: Any
) -> SlideScene:
    """Return a scene for ``slide``; notes go on the first of a continued run only."""
    return SlideScene(
        layout=layout,
        title=title,
        shapes=tuple(shapes),
        notes=slide.notes.strip() if index == 0 else "",
        tags=slide.tags,
        **extra,
    )
