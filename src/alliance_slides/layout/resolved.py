"""One lecture resolved for output: its rendered text, theme, template and laid-out slides.

:func:`alliance_slides.build.prepare` makes one :class:`ResolvedLecture` per lecture,
and the deck writer, the speaker notes, the handouts, the accessibility checks and the
rebuild cache all read that one value. So they agree on every slide's number and title,
in every aspect ratio and template. The slides are laid out once, when first asked for
(in the worker process that writes the deck, when there is one).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property

from alliance_slides.errors import Location, Problem
from alliance_slides.format.model import Outline
from alliance_slides.format.template import DeckTemplate
from alliance_slides.format.theme import Theme
from alliance_slides.layout import lay_out
from alliance_slides.layout.a11y import check_deck
from alliance_slides.layout.advice import advise
from alliance_slides.layout.kinds.image import picture_warnings
from alliance_slides.layout.scene import SlideScene
from alliance_slides.layout.text import font_warnings
from alliance_slides.templating.render import RenderedLecture

#: The time stamped into a deck when neither SOURCE_DATE_EPOCH nor a date sets one.
_FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class ResolvedLecture:
    """A rendered lecture with the theme it is drawn in and the template it is drawn on."""

    lecture: RenderedLecture
    #: The theme, on the template's slide size and frames when there is a template.
    theme: Theme
    #: The institution's .pptx/.potx, as read; ``None`` for the built-in one.
    template: DeckTemplate | None = None

    @property
    def outline(self) -> Outline:
        """The lecture's rendered outline."""
        return self.lecture.outline

    @cached_property
    def scenes(self) -> tuple[SlideScene, ...]:
        """The deck's slides, title slide first, as they are drawn."""
        return tuple(lay_out(self.lecture, self.theme))

    @cached_property
    def accessibility(self) -> tuple[Problem, ...]:
        """The accessibility findings of the laid-out slides, placed at their slides."""
        fallback = str(self.lecture.outline.path)
        return tuple(f.as_problem(fallback) for f in check_deck(self.scenes, self.theme))

    @cached_property
    def advice(self) -> tuple[Problem, ...]:
        """Advice on slides that read badly (a timeline date that is no date), at their places."""
        return tuple(advise(self.lecture.outline))

    @cached_property
    def warnings(self) -> tuple[Problem, ...]:
        """What a build says about this deck: the template's, fonts', pictures', the advice,
        accessibility."""
        template = self.template
        said = template.warnings if template else ()
        where = Location(str(template.path)) if template else None
        fonts = font_warnings(self.theme)
        # A font comes from the template, else from the theme: the warning names that file.
        place = where or Location(self.theme.source or str(self.lecture.outline.path))
        return (
            *(Problem(where, w) for w in said if where),
            *(Problem(place, w) for w in fonts),
            *picture_warnings(self.lecture),
            *self.advice,
            *self.accessibility,
        )

    @cached_property
    def deck_numbers(self) -> dict[int, tuple[int, ...]]:
        """The deck numbers of each outline slide (1-based; 0 is the title slide).

        A slide continued over several deck slides has several numbers.
        """
        numbers: dict[int, list[int]] = {}
        for number, scene in enumerate(self.scenes, start=1):
            numbers.setdefault(scene.source_number, []).append(number)
        return {source: tuple(found) for source, found in numbers.items()}

    @cached_property
    def stamp(self) -> dt.datetime:
        """The time stamped into the deck: SOURCE_DATE_EPOCH, else the lecture's date."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.strip().isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        date = self.lecture.outline.date
        if isinstance(date, dt.date):
            return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
        return _FIXED_TIME
