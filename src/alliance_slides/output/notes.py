"""Rendered lectures to speaker notes (Markdown, HTML or text) through Jinja2 templates.

The templates are ``notes.md.j2``, ``notes.html.j2`` and ``notes.txt.j2``: the
built-ins ship with the package, and a course's ``templates`` folder (or
``--templates``) overrides them by name. Slide numbers are the deck's own, so the
script matches what the audience sees, continuation slides included; each slide has its
time cue, and :func:`timing_warning` says when the slides plan more minutes than the
lecture has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliance_slides.errors import Location, Problem
from alliance_slides.files import write_atomically
from alliance_slides.format.model import BulletsSlide, Lecture
from alliance_slides.layout.resolved import ResolvedLecture
from alliance_slides.templating.environment import Renderer
from alliance_slides.templating.render import lecture_context, plain_bullets

FORMATS = {"md": "notes.md.j2", "html": "notes.html.j2", "txt": "notes.txt.j2"}
SUFFIXES = {"md": ".md", "html": ".html", "txt": ".txt"}


@dataclass(frozen=True)
class ReadingStyle:
    """How an HTML page of notes or a handout is set: for reading while speaking, or printing.

    ``large_type`` sets the text large enough to read at arm's length from a lectern;
    ``page_per_slide`` starts each slide on a printed page of its own. Templates see it
    as ``style`` (``style.large_type``, ``style.page_per_slide``).
    """

    large_type: bool = False
    page_per_slide: bool = False

    def as_context(self) -> dict[str, bool]:
        return {"large_type": self.large_type, "page_per_slide": self.page_per_slide}


@dataclass(frozen=True)
class NotesDocument:
    """Speaker notes of one lecture, rendered: the output name and the text."""

    name: str
    text: str


def notes_context(
    resolved: ResolvedLecture, style: ReadingStyle | None = None
) -> dict[str, Any]:
    """Return what a notes template sees: course, vars, lecture, slides, timing and style.

    Each slide has the number and title the deck shows (a slide continued over
    several deck slides has the first one's). A hidden slide is a reserve: its minutes
    are shown but do not move the time cues on (its ``start`` and ``end`` are where the
    running time stands).
    """
    lecture = resolved.lecture
    outline = lecture.outline
    slides = []
    if outline.title_slide and outline.title_notes.strip():
        slides.append(
            {
                "number": 1, "numbers": (1,), "title": resolved.scenes[0].title,
                "kind": "title", "notes": outline.title_notes.strip(), "minutes": None,
                "start": 0.0, "end": 0.0, "cite": (), "tags": (), "bullets": [],
                "hidden": False,
            }
        )
    elapsed = 0.0
    for index, slide in enumerate(outline.slides, start=1):
        # A hidden slide is a reserve: its minutes are not in the running time.
        minutes = 0 if slide.hidden else slide.minutes or 0
        number = resolved.deck_numbers[index][0]
        slides.append(
            {
                "number": number,
                "numbers": resolved.deck_numbers[index],
                "title": resolved.scenes[number - 1].title,
                "kind": slide.kind,
                "notes": slide.notes.strip(),
                "minutes": slide.minutes,
                "start": elapsed,
                "end": elapsed + minutes,
                "cite": slide.cite,
                "tags": slide.tags,
                "bullets": plain_bullets(slide.bullets) if isinstance(slide, BulletsSlide) else [],
                "hidden": slide.hidden,
            }
        )
        elapsed += minutes
    duration = outline.duration
    return {
        "course": lecture.course.as_context(),
        "vars": dict(lecture.vars),
        "lecture": lecture_context(lecture, outline),
        "slides": slides,
        "planned_minutes": elapsed,
        "over_time": bool(duration and elapsed > duration),
        "style": (style or ReadingStyle()).as_context(),
    }


def timing_warning(lecture: Lecture) -> Problem | None:
    """Return a warning when the slides' minutes add up to more than the lecture's duration.

    ``None`` comes back when the lecture has no duration or the slides fit in it.
    """
    outline = lecture.outline
    planned = outline.planned_minutes
    if not outline.duration or planned <= outline.duration:
        return None
    from alliance_slides.templating.environment import format_number

    if lecture.course_file is not None:
        where = Location(str(lecture.course_file))
        what = f"lecture {lecture.number} ({lecture.stem}): "
    else:
        where = outline.field_locations.get("duration") or Location.of_file(outline.path)
        what = ""
    return Problem(
        where,
        f"{what}the slides plan {format_number(planned)} minutes; "
        f"the lecture has {outline.duration}",
    )


def render_notes(
    resolved: ResolvedLecture,
    fmt: str = "md",
    renderer: Renderer | None = None,
    style: ReadingStyle | None = None,
) -> NotesDocument:
    """Render the speaker notes of one lecture in ``fmt`` (md, html or txt), set in ``style``."""
    lecture = resolved.lecture
    renderer = renderer or Renderer([lecture.templates_dir] if lecture.templates_dir else [])
    text = renderer.render_template(FORMATS[fmt], notes_context(resolved, style))
    return NotesDocument(name=f"{lecture.stem}.notes{SUFFIXES[fmt]}", text=text)


def notes_paths(documents: list[NotesDocument], out: Path) -> list[Path]:
    """Return where each document goes: ``out`` itself for one file, else inside ``out``."""
    if len(documents) == 1 and (out.suffix or out.is_file()):
        return [out]
    return [out / doc.name for doc in documents]


def write_notes(documents: list[NotesDocument], out: Path) -> list[Path]:
    """Write each document to its place under ``out`` (see :func:`notes_paths`)."""
    targets = notes_paths(documents, out)
    for doc, target in zip(documents, targets, strict=True):
        write_atomically(target, doc.text.encode("utf-8"))
    return targets
