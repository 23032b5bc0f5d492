"""The outline and course as typed, immutable data; no I/O.

Every field of the YAML format is declared here once, with :func:`spec`: its
type, whether it is required, its default and a docstring. Validation and the
JSON Schema are both derived from these declarations. Fields declared with plain
``field()`` are not part of the format; the validator fills them in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliance_slides import limits
from alliance_slides.errors import Location, Problem
from alliance_slides.format.loader import LocatedList, LocatedMap
from alliance_slides.format.markup import link_problems
from alliance_slides.format.schema import (
    INVALID,
    Boolean,
    Checker,
    Choice,
    DateText,
    FreeMapping,
    Lazy,
    ListOf,
    MapOf,
    Number,
    Object,
    Text,
    ValueType,
    build,
    describe,
    spec,
    suggest,
)

NOWHERE = Location("<unknown>")

#: The layout roles a slide is drawn in; a template's layouts are matched to them.
LAYOUT_ROLES = ("title", "section", "content", "two_content", "title_only", "blank")


def _located() -> Any:
    return field(default=NOWHERE, kw_only=True, compare=False, repr=False)


def _field_locations() -> Any:
    """Where each field's value was written, for messages about one field."""
    return field(default_factory=dict, kw_only=True, compare=False, repr=False)


# --------------------------------------------------------------------------- text


class Inline(Text):
    """Text a reader sees: CommonMark inline markup, whose links go to web or mail addresses."""

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        text = super().convert(value, where, checker)
        if text is INVALID:
            return INVALID
        problems = link_problems(text)
        for problem in problems:
            checker.problem(where, problem)
        return INVALID if problems else text

    def json_schema(self) -> dict[str, Any]:
        return {
            **super().json_schema(),
            "description": "CommonMark inline text: **bold**, *italic*, `code`, [text](https://...)",
        }


class Notes(Text):
    """Speaker notes: CommonMark paragraphs and lists, whose links go to web or mail addresses."""

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        text = super().convert(value, where, checker)
        if text is INVALID:
            return INVALID
        problems = link_problems(text, blocks=True)
        for problem in problems:
            checker.problem(where, problem)
        return INVALID if problems else text


INLINE = Inline()
NOTES = Notes()


# --------------------------------------------------------------------------- bullets


@dataclass(frozen=True)
class Bullet:
    """One bullet: its text (``**bold**``/``*italic*`` allowed) and its sub-bullets."""

    text: str
    children: tuple[Bullet, ...] = ()
    location: Location = _located()


def _sub_bullet_hint(children: Any, quoted: bool) -> str:
    """Say how to fix a bullet whose sub-bullets are not a list, as it was written.

    ``- Parent:`` with nothing after it: its sub-bullets are most likely not indented
    under it. ``- Note: more text``: a ': ' inside a bullet that is not in quotes.
    """
    indent = "indent its sub-bullets under it (two spaces more than its '-')"
    if children is None:
        if quoted:
            return f": {indent}"
        return f": {indent}, or, to end the bullet with ':', put it in quotes"
    if quoted:
        return " (to write ': ' inside a bullet, put the whole bullet in quotes)"
    return " (to write ': ' inside a bullet, put the bullet in quotes)"


class BulletList(ValueType):
    """Bullets: text items, or one-key mappings ``text: [sub-bullets]``."""

    label = "a list of bullets"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        if not isinstance(value, LocatedList):
            return self.wrong(value, where, checker)
        bullets = []
        for i, item in enumerate(value):
            at = value.item_at(i)
            if isinstance(item, LocatedMap):
                if len(item) != 1:
                    checker.problem(
                        at,
                        "a bullet with sub-bullets is a mapping with one key "
                        f"(its text), got {len(item)} keys",
                    )
                    continue
                ((text, children),) = item.items()
                if INLINE.convert(text, item.key_at(text), checker) is INVALID:
                    continue
                if not isinstance(children, LocatedList):
                    checker.problem(
                        item.value_at(text),
                        f"sub-bullets of '{text}' must be a list, got {describe(children)}"
                        + _sub_bullet_hint(children, text in getattr(item, "quoted_keys", ())),
                    )
                    continue
                sub = self.convert(children, item.value_at(text), checker)
                if sub is not INVALID:
                    bullets.append(Bullet(text, sub, location=at))
            else:
                text = INLINE.convert(item, at, checker)
                if text is not INVALID:
                    bullets.append(Bullet(text, location=at))
        return tuple(bullets) if len(bullets) == len(value) else INVALID

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "array",
            "items": {
                "anyOf": [
                    {"type": ["string", "number"]},
                    {
                        "type": "object",
                        "minProperties": 1,
                        "maxProperties": 1,
                        "additionalProperties": {"$ref": "#/$defs/bullets"},
                    },
                ]
            },
        }


BULLETS = BulletList()
TEXTS = ListOf(Text())
TAGS = ListOf(Text(), single=True)

_CITE = re.compile(r"^(?P<key>[^#]+?)(?:#(?P<para>\d+))?$")


class Cites(ValueType):
    """Sources a slide cites: ``key`` or ``key#paragraph``, each key one of ``sources``."""

    label = TAGS.label

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        cites = TAGS.convert(value, where, checker)
        if cites is INVALID:
            return INVALID
        in_list = isinstance(value, LocatedList)
        places = [value.item_at(i) if in_list else where for i in range(len(cites))]
        ok = True
        for cite, at in zip(cites, places, strict=True):
            match = _CITE.fullmatch(cite)  # not match(): '$' would let "key\n" through
            if not match:
                checker.problem(at, f"cite '{cite}' should be 'key' or 'key#paragraph'")
            elif match["para"] and not 1 <= int(match["para"][:9]) <= 99_999:
                checker.problem(at, f"cite '{cite}': paragraphs are numbered from 1 (up to 99,999)")
            elif match["key"] not in checker.source_keys:
                known = checker.source_keys
                listed = f"; sources are: {', '.join(known)}" if known else "; no sources"
                checker.problem(
                    at,
                    f"cite key '{match['key']}' is not in sources"
                    f"{suggest(match['key'], known)}{listed}",
                )
            else:
                continue
            ok = False
        return cites if ok else INVALID

    def json_schema(self) -> dict[str, Any]:
        return TAGS.json_schema()


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """A work cited by the lecture; slides cite it as ``key`` or ``key#paragraph``."""

    title: str = spec(INLINE, "Title of the work.", required=True, default="")
    author: str | None = spec(INLINE, "Author(s).")
    detail: str | None = spec(INLINE, "Anything else: edition, pages, how paragraphs are numbered.")
    url: str | None = spec(Text(), "Where to find it.")
    file: str | None = spec(
        Text(),
        "Its text, relative to the outline (one paragraph per line or per blank-line block), "
        "for checking slides against it.",
    )
    location: Location = _located()


# --------------------------------------------------------------------------- slides


class SlideLayout(Text):
    """A slide layout: a built-in role, or a layout of the template by name (any case)."""

    label = "a layout name or role"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        name = super().convert(value, where, checker)
        if name is INVALID:
            return INVALID
        names = checker.layout_names
        if names is None:
            from alliance_slides.format.template import template_layout_names

            names = template_layout_names(None)
        known = {n.casefold() for n in (*LAYOUT_ROLES, *names)}
        if name.casefold() in known:
            return name
        which = "the default template" if checker.layout_names is None else "the course's template"
        return checker.problem(
            where,
            f"unknown layout '{name}'{suggest(name, [*LAYOUT_ROLES, *names])}; roles are: "
            f"{', '.join(LAYOUT_ROLES)}; {which} has: {', '.join(names)}",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "examples": list(LAYOUT_ROLES)}


@dataclass(frozen=True)
class Slide:
    """Fields every slide kind has."""

    title: str = spec(INLINE, "Slide title.", required=True, default="")
    notes: str = spec(
        NOTES, "Speaker notes: Markdown paragraphs and lists (Jinja2 allowed).", default=""
    )
    cite: tuple[str, ...] = spec(
        Cites(), "Sources cited: a key of `sources`, optionally `#paragraph`.", default=()
    )
    minutes: float | None = spec(Number(), "Planned minutes for this slide.")
    tags: tuple[str, ...] = spec(TAGS, "Tags a course can include or exclude.", default=())
    layout: str | None = spec(
        SlideLayout(),
        "A layout of the template by name, or a role: " + ", ".join(LAYOUT_ROLES) + ".",
    )
    hidden: bool = spec(
        Boolean(), "In the deck, but skipped in the slide show (a reserve slide).", default=False
    )
    kind: str = field(default="bullets", kw_only=True)
    location: Location = _located()
    field_locations: dict[str, Location] = _field_locations()

    def check_fields(self, data: LocatedMap, checker: Checker) -> bool:
        """Record what is wrong between fields (each already valid alone); tell if nothing is."""
        return True

    @classmethod
    def check_counts(cls, data: LocatedMap, checker: Checker) -> bool:
        """Record lists whose lengths disagree, read from ``data`` as written; tell if none do.

        Only the lengths of lists are compared, so this also runs on a slide with an
        invalid field (a word among a chart's numbers, a missing alt): one run reports
        both, not the length only once the field is mended.
        """
        return True


@dataclass(frozen=True)
class Picture:
    """A picture beside the bullets of a slide."""

    path: str = spec(
        Text(), "Image file (PNG, JPEG, GIF or SVG), relative to the outline.",
        required=True, default="",
    )
    alt: str = spec(Text(), "Alternative text for screen readers.", required=True, default="")
    side: str = spec(Choice("right", "left"), "Which side of the bullets.", default="right")
    image_path: Path | None = field(default=None, kw_only=True, compare=False)
    location: Location = _located()
    field_locations: dict[str, Location] = _field_locations()


@dataclass(frozen=True)
class BulletsSlide(Slide):
    """A title and a list of bullets (the default kind)."""

    bullets: tuple[Bullet, ...] = spec(BULLETS, "Bullets, with sub-bullets.", default=())
    numbered: bool = spec(
        Boolean(), "Number the bullets 1., 2., ... (sub-bullets a., b., ...).", default=False
    )
    image: Picture | None = spec(
        Object(Picture), "A picture beside the bullets: {path, alt, side: right | left}."
    )


@dataclass(frozen=True)
class SectionSlide(Slide):
    """A section header that opens a part of the lecture."""

    subtitle: str | None = spec(INLINE, "A line under the section title.")


@dataclass(frozen=True)
class Column:
    """One side of a two-column slide."""

    heading: str = spec(INLINE, "Column heading.", required=True, default="")
    bullets: tuple[Bullet, ...] = spec(BULLETS, "Bullets of this column.", default=())
    location: Location = _located()


@dataclass(frozen=True)
class TwoColumnSlide(Slide):
    """Two headed lists side by side, for comparisons."""

    left: Column = spec(Object(Column), "Left column.", required=True, default=None)
    right: Column = spec(Object(Column), "Right column.", required=True, default=None)


@dataclass(frozen=True)
class Event:
    """One event on a timeline."""

    when: str = spec(INLINE, "A year or any text naming a time.", required=True, default="")
    label: str = spec(INLINE, "What happened, in a few words.", required=True, default="")
    detail: str | None = spec(INLINE, "A short line of detail under the label.")
    location: Location = _located()


@dataclass(frozen=True)
class TimelineSlide(Slide):
    """Events drawn on a line, in the order given."""

    events: tuple[Event, ...] = spec(
        ListOf(Object(Event), min_items=1), "Events, in order.", required=True, default=()
    )


@dataclass(frozen=True)
class QuoteSlide(Slide):
    """A large quotation with its attribution."""

    title: str = spec(INLINE, "Slide title (not shown large; used for navigation).", default="")
    text: str = spec(INLINE, "The quoted words.", required=True, default="")
    by: str | None = spec(INLINE, "Who said or wrote it.")


@dataclass(frozen=True)
class TableSlide(Slide):
    """A native PowerPoint table."""

    columns: tuple[str, ...] = spec(
        ListOf(INLINE, min_items=1), "Column headings.", required=True, default=()
    )
    rows: tuple[tuple[str, ...], ...] = spec(
        ListOf(ListOf(INLINE)), "Rows, each as long as `columns`.", required=True, default=()
    )
    widths: tuple[float, ...] | None = spec(
        ListOf(Number(minimum=0)),
        "Relative column widths, one per column (e.g. [1, 4, 1]); default: by their text.",
    )
    align: tuple[str, ...] | None = spec(
        ListOf(Choice("left", "center", "right")),
        "Alignment of each column; default: right for columns of numbers, else left.",
    )

    @classmethod
    def check_counts(cls, data: LocatedMap, checker: Checker) -> bool:
        columns = data.get("columns")
        if not isinstance(columns, LocatedList):
            return True
        ok = True
        count = len(columns)
        rows: LocatedList | Any = data.get("rows")
        for i, row in enumerate(rows if isinstance(rows, LocatedList) else ()):
            if isinstance(row, LocatedList) and len(row) != count:
                checker.problem(
                    rows.item_at(i), f"table row {i + 1} has {len(row)} cells; columns has {count}"
                )
                ok = False
        for name in ("widths", "align"):
            given = data.get(name)
            if isinstance(given, LocatedList) and len(given) != count:
                checker.problem(
                    data.value_at(name),
                    f"{name} has {len(given)} items; columns has {count} (one per column)",
                )
                ok = False
        return ok

    def check_fields(self, data: LocatedMap, checker: Checker) -> bool:
        ok = self.check_counts(data, checker)
        for i, width in enumerate(self.widths or ()):
            if width <= 0:
                checker.problem(
                    data["widths"].item_at(i),
                    f"width {i + 1} is {width:g}; widths are relative and above 0 (e.g. [1, 4, 1])",
                )
                ok = False
        return ok


@dataclass(frozen=True)
class ImageSlide(Slide):
    """A picture scaled to fit, with alternative text."""

    image: str = spec(Text(), "Image file, relative to the outline.", required=True, default="")
    alt: str = spec(Text(), "Alternative text for screen readers.", required=True, default="")
    caption: str | None = spec(INLINE, "Caption under the picture.")
    image_path: Path | None = field(default=None, kw_only=True, compare=False)


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name (the legend's) and one value per category."""

    name: str = spec(Text(), "Name of the series, shown in the legend.", required=True, default="")
    values: tuple[float, ...] = spec(
        ListOf(Number(minimum=-limits.MAX_NUMBER), min_items=1),
        "One number per category, in order.",
        required=True,
        default=(),
    )
    location: Location = _located()


#: The charts a chart slide can draw.
CHART_TYPES = ("column", "bar", "line", "pie", "stacked_column")


@dataclass(frozen=True)
class ChartSlide(Slide):
    """A native, editable PowerPoint chart; its data is embedded in the deck."""

    chart: str = spec(Choice(*CHART_TYPES), "Kind of chart.", default="column")
    categories: tuple[str, ...] = spec(
        ListOf(Text(), min_items=1), "The categories (x axis; slices of a pie).",
        required=True, default=(),
    )
    series: tuple[Series, ...] = spec(
        ListOf(Object(Series), min_items=1), "The series: {name, values}.",
        required=True, default=(),
    )
    alt: str = spec(
        Text(), "Alternative text: what the chart shows, for screen readers.",
        required=True, default="",
    )
    category_title: str | None = spec(Text(), "Title of the category axis.")
    value_title: str | None = spec(Text(), "Title of the value axis.")
    labels: bool = spec(Boolean(), "Show each value on the chart.", default=False)

    @classmethod
    def check_counts(cls, data: LocatedMap, checker: Checker) -> bool:
        categories, series = data.get("categories"), data.get("series")
        if not isinstance(categories, LocatedList) or not isinstance(series, LocatedList):
            return True
        ok = True
        count = len(categories)
        for i, one in enumerate(series, start=1):
            values = one.get("values") if isinstance(one, LocatedMap) else None
            if isinstance(values, LocatedList) and values and len(values) != count:
                name = one.get("name")
                checker.problem(
                    one.value_at("values"),
                    f"series '{name if isinstance(name, str) else i}' has {len(values)} values; "
                    f"categories has {count} (one value per category)",
                )
                ok = False
        return ok

    def check_fields(self, data: LocatedMap, checker: Checker) -> bool:
        ok = self.check_counts(data, checker)
        if self.chart == "pie" and len(self.series) != 1:
            checker.problem(
                data.value_at("series"),
                f"a pie chart shows one series; this has {len(self.series)} "
                "(use column or bar to compare several)",
            )
            ok = False
        if self.chart == "pie" and any(v < 0 for s in self.series for v in s.values):
            checker.problem(data.value_at("series"), "a pie chart cannot show negative values")
            ok = False
        if not self.alt.strip():
            checker.problem(data.value_at("alt"), "alt text must not be empty")
            ok = False
        return ok


@dataclass(frozen=True)
class QuestionsSlide(Slide):
    """Discussion prompts."""

    title: str = spec(INLINE, "Slide title.", default="Questions for discussion")
    questions: tuple[str, ...] = spec(
        ListOf(INLINE, min_items=1), "The prompts.", required=True, default=()
    )


@dataclass(frozen=True)
class ReferencesSlide(Slide):
    """The outline's sources, cited ones first."""

    title: str = spec(INLINE, "Slide title.", default="References")


#: Slide classes by the ``kind:`` that selects them.
SLIDE_KINDS: dict[str, type[Slide]] = {
    "bullets": BulletsSlide,
    "section": SectionSlide,
    "two_column": TwoColumnSlide,
    "timeline": TimelineSlide,
    "quote": QuoteSlide,
    "table": TableSlide,
    "image": ImageSlide,
    "chart": ChartSlide,
    "questions": QuestionsSlide,
    "references": ReferencesSlide,
}


# --------------------------------------------------------------------------- outline


@dataclass(frozen=True)
class Outline:
    """One lecture: its own fields and its slides."""

    title: str = spec(INLINE, "Lecture title.", required=True, default="")
    subtitle: str | None = spec(INLINE, "A line under the title.")
    author: str | None = spec(INLINE, "Who gives the lecture (Jinja2 allowed).")
    date: dt.date | str | None = spec(DateText(), "Date of the lecture.")
    duration: int | None = spec(Number(minimum=1, whole=True), "Planned minutes.")
    tags: tuple[str, ...] = spec(TAGS, "Tags of the lecture.", default=())
    sources: dict[str, Source] = spec(
        MapOf(Object(Source)), "Works cited; keys are used by `cite`.", default=None
    )
    title_slide: bool = spec(Boolean(), "Make a title slide from the lecture fields.", default=True)
    title_notes: str = spec(
        NOTES, "Speaker notes of the title slide (Markdown, Jinja2 allowed).", default=""
    )
    slides: tuple[Slide, ...] = spec(
        Lazy(lambda: ListOf(SlideType())), "The slides, in order.", required=True, default=()
    )
    path: Path = field(default=Path("."), kw_only=True, compare=False)
    location: Location = _located()
    field_locations: dict[str, Location] = _field_locations()

    @property
    def planned_minutes(self) -> float:
        """The minutes the slides plan, hidden (reserve) slides left out."""
        return sum(slide.minutes or 0 for slide in self.slides if not slide.hidden)


#: Fields a slide may start with, to recognise one written without its colon.
_SLIDE_FIELDS = frozenset({"title", "kind", "text", "questions", "bullets", "notes"})


class SlideType(ValueType):
    """A slide mapping, of the kind its ``kind`` field names."""

    label = "a slide (a mapping with a title)"

    def convert(self, value: Any, where: Location, checker: Checker) -> Any:
        if not isinstance(value, LocatedMap):
            hint = ""
            word = value.split(" ", 1)[0] if isinstance(value, str) else ""
            if " " in str(value) and word in _SLIDE_FIELDS:  # '- title Why': the colon is missing
                hint = f" (missing ':' after '{word}'?)"
            return checker.problem(
                where, f"expected a slide (a mapping with a title), got {value!r}{hint}"
            )
        kind = value.get("kind", "bullets")
        if not isinstance(kind, str) or kind not in SLIDE_KINDS:
            kinds = ", ".join(SLIDE_KINDS)
            hint = suggest(str(kind), list(SLIDE_KINDS)) if isinstance(kind, str) else ""
            return checker.problem(
                value.value_at("kind"), f"unknown slide kind '{kind}'{hint}; kinds are: {kinds}"
            )
        slide = build(SLIDE_KINDS[kind], value, checker, skip=("kind",))
        if slide is INVALID:
            SLIDE_KINDS[kind].check_counts(value, checker)
            return INVALID
        slide = dataclasses.replace(slide, kind=kind)
        return slide if slide.check_fields(value, checker) else INVALID

    def json_schema(self) -> dict[str, Any]:
        from alliance_slides.format.schema import object_schema

        variants = []
        for name, cls in SLIDE_KINDS.items():
            kind = {"const": name, "description": (cls.__doc__ or "").strip()}
            variant = object_schema(cls, {"kind": kind})
            if name != "bullets":
                variant["required"] = [*variant.get("required", []), "kind"]
            variants.append(variant)
        return {"anyOf": variants}


# --------------------------------------------------------------------------- course


@dataclass(frozen=True)
class CourseInfo:
    """The course block: what templates see as ``course``."""

    code: str | None = spec(Text(), "Course code, e.g. HIST 240.")
    title: str | None = spec(Text(), "Course title.")
    instructor: str | None = spec(Text(), "Who teaches it.")
    term: str | None = spec(Text(), "Term, e.g. Spring 2027.")
    institution: str | None = spec(Text(), "School or university.")
    location: Location = _located()

    def as_context(self) -> dict[str, Any]:
        """Return the fields that are set, as templates see them."""
        return {
            name: getattr(self, name)
            for name in ("code", "title", "instructor", "term", "institution")
            if getattr(self, name) is not None
        }


@dataclass(frozen=True)
class LectureEntry:
    """One lecture of a course: an outline and what the course changes in it."""

    outline: str = spec(
        Text(), "Outline file, relative to the course file.", required=True, default=""
    )
    date: dt.date | str | None = spec(DateText(), "Replaces the outline's date.")
    duration: int | None = spec(Number(minimum=1, whole=True), "Replaces the outline's duration.")
    exclude_tags: tuple[str, ...] = spec(
        TAGS, "Drop slides carrying any of these tags.", default=()
    )
    include_tags: tuple[str, ...] = spec(
        TAGS, "If non-empty, keep only slides with one of these tags (untagged kept).", default=()
    )
    location: Location = _located()


@dataclass(frozen=True)
class Course:
    """A course: many lectures built from outlines, customized."""

    course: CourseInfo = spec(Object(CourseInfo), "The course block.", default=CourseInfo())
    vars: dict[str, Any] = spec(FreeMapping(), "Free variables for templates.", default=None)
    template: str | None = spec(
        Text(), "A .pptx/.potx whose masters and layouts are used (relative to this file)."
    )
    templates: str | None = spec(
        Text(), "A folder of Jinja2 templates that override the built-in ones."
    )
    theme: str | None = spec(
        Text(), "A built-in theme (classic, hall, slate) or a theme file relative to this file."
    )
    aspect: str = spec(Choice("16:9", "4:3"), "Slide shape.", default="16:9")
    source_line: bool = spec(
        Boolean(), "Show a source line (\"Source: overview ¶2\") on slides that cite.",
        default=True,
    )
    layouts: dict[str, str] | None = spec(
        MapOf(Text()),
        "Layout names of `template` to use per role: " + ", ".join(LAYOUT_ROLES) + ".",
    )
    lectures: tuple[LectureEntry, ...] = spec(
        ListOf(Object(LectureEntry), min_items=1),
        "The lectures, in order.",
        required=True,
        default=(),
    )
    path: Path = field(default=Path("."), kw_only=True, compare=False)
    location: Location = _located()


@dataclass(frozen=True)
class Lecture:
    """An outline as one build sees it: after a course entry's overrides and tag filters."""

    outline: Outline
    number: int = 1
    course: CourseInfo = field(default_factory=CourseInfo)
    vars: dict[str, Any] = field(default_factory=dict)
    #: The output name, without extension: the outline file's stem.
    stem: str = ""
    #: The course file this lecture was built from; ``None`` for an outline built alone.
    course_file: Path | None = None
    #: A folder of Jinja2 templates that override the built-ins, if the course names one.
    templates_dir: Path | None = None
    #: A .pptx/.potx whose masters and layouts are used, if the course names one.
    pptx_template: Path | None = None
    #: The theme: a built-in name or a file path (resolved), if the course names one.
    theme: str | None = None
    #: Slide shape, "16:9" or "4:3".
    aspect: str = "16:9"
    #: Layout names of the template to use per role, as the course overrides them.
    layout_names: dict[str, str] = field(default_factory=dict)
    #: Whether slides that cite show a source line (the course's ``source_line``).
    source_line: bool = True
    #: The course entry's tag filters (already applied to ``outline.slides``).
    include_tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()

    @property
    def slides(self) -> tuple[Slide, ...]:
        return self.outline.slides

    def keeps(self, tags: tuple[str, ...] | list[str]) -> bool:
        """Tell whether this build keeps a slide carrying ``tags`` (untagged slides always)."""
        if set(tags) & set(self.exclude_tags):
            return False
        return not self.include_tags or not tags or bool(set(tags) & set(self.include_tags))


#: Problems collected by validation, re-exported for callers.
__all__ = ["Problem", "SLIDE_KINDS", "Outline", "Course", "Lecture", "Slide", "Bullet"]
