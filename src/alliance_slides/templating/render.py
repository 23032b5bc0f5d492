"""Model to rendered model: every string of a lecture goes through Jinja2.

Templates see ``course`` (the course block; empty when an outline is built alone),
``lecture`` (the outline's fields after the course's overrides, and ``number``),
``slide`` (the slide being rendered, and its ``number``) and ``vars``. The result
has the same types as the input, with plain text in every string.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from alliance_slides.errors import Location, Problem, TemplateError
from alliance_slides.format.markup import link_problems
from alliance_slides.format.model import Bullet, Lecture, Outline, Slide
from alliance_slides.templating.environment import Renderer, format_date

#: Fields that are names or paths, not text a reader sees.
_LITERAL_FIELDS = frozenset(
    {
        "kind", "cite", "tags", "image", "image_path", "path", "file", "location",
        "field_locations", "layout", "chart", "side", "align",
    }
)

#: Fields read as CommonMark blocks rather than one line of inline markup.
_NOTES_FIELDS = frozenset({"notes", "title_notes"})

_LECTURE_FIELDS = ("title", "subtitle", "author", "duration", "tags")
_COURSE_FIELDS = ("code", "title", "instructor", "term", "institution")

#: A line that starts a list item in notes: "- x", "* x", "• x", "1. x", "2) x".
_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022]|\d+[.)])\s")
_BLANK_LINES = re.compile(r"\n\s*\n")


def reflow(text: str) -> str:
    """Join the lines of each paragraph of ``text``, as Markdown reads prose.

    Speaker notes are usually written as YAML block scalars (``notes: |``), which
    keep the author's line breaks; shown as written, every line would be a paragraph
    of its own in PowerPoint's notes pane and in handouts. A blank line still starts
    a new paragraph, and a line starting a list item (``- ``, ``1. ``) stays a line.
    """
    paragraphs = []
    for block in _BLANK_LINES.split(text.strip()):
        lines: list[str] = []
        for line in block.splitlines():
            if lines and not _LIST_ITEM.match(line):
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


@dataclass(frozen=True)
class RenderedLecture(Lecture):
    """A lecture whose every string has been through Jinja2: what layout and output read.

    Only :func:`render_lecture` makes one, and layouts and writers take this type, so a
    lecture whose strings still hold template markup cannot reach them (mypy checks it).
    """


class ShownDate(dt.date):
    """A date that prints as people write it ("February 2, 2027") and is still a date.

    Templates print ``{{ lecture.date }}`` as text, and can also take its ``.year`` or
    format it another way with ``| date('%d %b')``.
    """

    def __str__(self) -> str:
        return format_date(self)


def lecture_context(lecture: Lecture, outline: Outline) -> dict[str, Any]:
    """Return what templates see as ``lecture``: its fields after the course's overrides."""
    context: dict[str, Any] = {name: getattr(outline, name) for name in _LECTURE_FIELDS}
    date = outline.date
    if isinstance(date, dt.date):
        date = ShownDate(date.year, date.month, date.day)
    context["date"] = date
    context["date_iso"] = format_date(outline.date, "iso") if outline.date is not None else None
    context["title_slide"] = outline.title_slide
    context["sources"] = {
        key: {name: getattr(source, name) for name in ("title", "author", "detail", "url")}
        for key, source in (outline.sources or {}).items()
    }
    context["number"] = lecture.number
    # A note can speak of tagged slides only when this build keeps them:
    # {% if lecture.includes('advanced') %} ... {% endif %}
    # Only text is a tag: str() of a list a template built could be gigabytes.
    context["includes"] = lambda tag: isinstance(tag, str) and lecture.keeps((tag,))
    context["slides"] = len(outline.slides)
    context["minutes"] = outline.planned_minutes  # a hidden slide is a reserve
    return context


def slide_context(slide: Slide, number: int) -> dict[str, Any]:
    """Return what templates see as ``slide``."""
    return {
        "title": slide.title,
        "kind": slide.kind,
        "number": number,
        "minutes": slide.minutes,
        "tags": slide.tags,
        "cite": slide.cite,
    }


class _Walker:
    """Render every text field of a dataclass tree with one context."""

    def __init__(
        self,
        renderer: Renderer,
        context: dict[str, Any],
        where: Location,
        what: str,
        problems: list[Problem],
    ) -> None:
        self.renderer = renderer
        self.context = context
        self.where = where
        self.what = what
        self.problems = problems

    def value(self, value: Any, where: Location, notes: bool = False) -> Any:
        if isinstance(value, str):
            try:
                text = self.renderer.render_string(value, self.context, where, self.what)
            except TemplateError as e:  # noted, so every failing string is reported at once
                self.problems.extend(e.problems)
                return value
            if text != value:  # validation saw the links as written; these are as rendered
                for problem in link_problems(text, blocks=notes):
                    self.problems.append(Problem(where, f"{self.what}: {problem}"))
            return text
        if isinstance(value, tuple):
            return tuple(self.value(v, where) for v in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.object(value)
        return value

    def object(self, obj: Any, done: frozenset[str] = frozenset()) -> Any:
        """Return ``obj`` with its text fields rendered, but for those named in ``done``."""
        where = getattr(obj, "location", self.where)
        places = getattr(obj, "field_locations", {})
        changes = {
            f.name: self.value(
                getattr(obj, f.name), places.get(f.name, where), f.name in _NOTES_FIELDS
            )
            for f in dataclasses.fields(obj)
            if f.name not in _LITERAL_FIELDS and f.name not in done
        }
        return dataclasses.replace(obj, **changes)


def render_lecture(lecture: Lecture, renderer: Renderer | None = None) -> RenderedLecture:
    """Return ``lecture`` with every template string rendered to plain text.

    Fields are rendered in order, and what templates see is what has been rendered so
    far: a subtitle's ``{{ lecture.title }}`` and a slide's ``{{ slide.title }}`` are
    the rendered titles, never their markup.
    """
    renderer = renderer or Renderer([lecture.templates_dir] if lecture.templates_dir else [])
    outline = lecture.outline
    problems: list[Problem] = []
    course = lecture.course
    for name in _COURSE_FIELDS:  # in order, each seeing those rendered before it
        context = {"course": course.as_context(), "vars": dict(lecture.vars)}
        walker = _Walker(renderer, {**context, "lecture": {}, "slide": {}}, course.location,
                         "course", problems)
        value = walker.value(getattr(course, name), course.location)
        course = dataclasses.replace(course, **{name: value})
    base = {"course": course.as_context(), "vars": dict(lecture.vars)}
    for name in ("title", "subtitle", "author", "date"):
        context = {**base, "lecture": lecture_context(lecture, outline), "slide": {}}
        head = _Walker(renderer, context, outline.location, "lecture", problems)
        where = outline.field_locations.get(name, outline.location)
        outline = dataclasses.replace(outline, **{name: head.value(getattr(outline, name), where)})
    lecture_ctx = lecture_context(lecture, outline)
    context = {**base, "lecture": lecture_ctx, "slide": {}}
    if outline.title_notes:
        head = _Walker(renderer, context, outline.location, "title notes", problems)
        where = outline.field_locations.get("title_notes", outline.location)
        title_notes = reflow(head.value(outline.title_notes, where, notes=True))
        outline = dataclasses.replace(outline, title_notes=title_notes)
    head = _Walker(renderer, context, outline.location, "sources", problems)
    sources = {key: head.object(source) for key, source in (outline.sources or {}).items()}
    slides = []
    for number, slide in enumerate(outline.slides, start=1):
        where = slide.field_locations.get("title", slide.location)
        context = {**base, "lecture": lecture_ctx, "slide": slide_context(slide, number)}
        walker = _Walker(renderer, context, slide.location, f"slide {number}", problems)
        slide = dataclasses.replace(slide, title=walker.value(slide.title, where))
        context = {**base, "lecture": lecture_ctx, "slide": slide_context(slide, number)}
        walker = _Walker(renderer, context, slide.location, f"slide {number}", problems)
        rendered = walker.object(slide, done=frozenset({"title"}))
        slides.append(dataclasses.replace(rendered, notes=reflow(rendered.notes)))
    if problems:
        raise TemplateError(problems)
    outline = dataclasses.replace(
        outline, sources=sources if outline.sources is not None else None, slides=tuple(slides)
    )
    done = dataclasses.replace(lecture, course=course, outline=outline)
    return RenderedLecture(**{f.name: getattr(done, f.name) for f in dataclasses.fields(Lecture)})


def plain_bullets(bullets: tuple[Bullet, ...]) -> list[tuple[int, str]]:
    """Flatten bullets to (level, text) pairs, depth first."""
    out: list[tuple[int, str]] = []

    def walk(items: tuple[Bullet, ...], level: int) -> None:
        for bullet in items:
            out.append((level, bullet.text))
            walk(bullet.children, level + 1)

    walk(bullets, 0)
    return out
