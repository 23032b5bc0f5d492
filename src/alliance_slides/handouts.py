"""Handouts: every slide beside (or above) its notes, as HTML or Markdown; timing warnings.

A handout has one item per slide the audience sees, title slide first; a slide
that continues over several deck slides is one item showing all of them. When the
deck's PNG pages exist (``alliance-slides export png``) each item shows its slides'
pictures: embedded as ``data:`` URIs in HTML, so the file is self-contained, and
linked by relative path in Markdown. Without pages an item shows the slide's text.
The templates are ``handout.html.j2`` and ``handout.md.j2``, overridable by name like
the notes templates.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliance_slides.errors import Location, Problem
from alliance_slides.model import Lecture
from alliance_slides.notes import timing_warning
from alliance_slides.scene import PictureShape, SlideScene, TableShape, TextShape
from alliance_slides.templating import Renderer

FORMATS = {"html": "handout.html.j2", "md": "handout.md.j2"}
SUFFIXES = {"html": ".handout.html", "md": ".handout.md"}
#: Shapes that repeat on every slide and say nothing about it.
_CHROME = {"Footer", "Slide number"}


@dataclass(frozen=True)
class HandoutDocument:
    """A rendered handout of one lecture: its file name and its text."""

    name: str
    text: str


def _scene_lines(scenes: Sequence[SlideScene]) -> list[dict[str, Any]]:
    """Return the text the audience reads on ``scenes`` (titles and chrome left out)."""
    lines: list[dict[str, Any]] = []
    for scene in scenes:
        for shape in scene.shapes:
            if isinstance(shape, TextShape) and shape.role != "title":
                if shape.name in _CHROME:
                    continue
                for paragraph in shape.paragraphs:
                    if paragraph.text.strip():
                        lines.append({"text": paragraph.text, "level": paragraph.level})
            elif isinstance(shape, TableShape):
                lines.append({"text": " | ".join(shape.header), "level": 0})
                lines.extend({"text": " | ".join(row), "level": 1} for row in shape.rows)
            elif isinstance(shape, PictureShape):
                lines.append({"text": f"[picture: {shape.alt}]", "level": 0})
    return lines


def data_uri(page: Path) -> str:
    """Return a PNG file as a ``data:`` URI, for a self-contained HTML page."""
    return "data:image/png;base64," + base64.b64encode(page.read_bytes()).decode("ascii")


def handout_context(
    lecture: Lecture,
    scenes: Sequence[SlideScene],
    images: Sequence[str] | None = None,
    layout: str = "side",
) -> dict[str, Any]:
    """Return what a handout template sees.

    ``scenes`` are the lecture's laid-out slides (as in its deck); ``images`` holds,
    per deck slide in order, the ``src`` of its picture (a data URI or a relative
    path), or is ``None`` when there are no pictures. Besides ``course``, ``vars`` and
    ``lecture``, templates see ``items`` (one per outline slide, title slide first:
    ``numbers``, ``title``, ``kind``, ``notes``, ``lines``, ``images``, ``minutes``,
    ``start``, ``end``), ``layout`` and ``thumbnails``.
    """
    from alliance_slides.render import lecture_context

    outline = lecture.outline
    groups: list[list[tuple[int, SlideScene]]] = []
    for number, scene in enumerate(scenes, start=1):
        if groups and groups[-1][0][1].source_number == scene.source_number:
            groups[-1].append((number, scene))
        else:
            groups.append([(number, scene)])
    starts: dict[int, float] = {}
    elapsed = 0.0
    for index, slide in enumerate(outline.slides, start=1):
        starts[index] = elapsed
        elapsed += slide.minutes or 0
    items = []
    for group in groups:
        numbers = [n for n, _ in group]
        source = group[0][1].source_number
        shown = outline.slides[source - 1] if source else None
        minutes = shown.minutes if shown else None
        start = starts.get(source, 0.0)
        items.append(
            {
                "numbers": numbers,
                "number": numbers[0],
                "title": shown.title if shown else outline.title,
                "kind": shown.kind if shown else "title",
                "notes": shown.notes.strip() if shown else "",
                "lines": _scene_lines([s for _, s in group]),
                "images": [images[n - 1] for n in numbers] if images else [],
                "minutes": minutes,
                "start": start,
                "end": start + (minutes or 0),
            }
        )
    return {
        "course": lecture.course.as_context(),
        "vars": dict(lecture.vars),
        "lecture": lecture_context(lecture, outline),
        "items": items,
        "layout": layout,
        "thumbnails": bool(images),
        "planned_minutes": elapsed,
    }


def render_handout(
    lecture: Lecture,
    fmt: str = "html",
    pages: Sequence[Path] | None = None,
    layout: str = "side",
    target: Path | None = None,
    renderer: Renderer | None = None,
    scenes: Sequence[SlideScene] | None = None,
) -> HandoutDocument:
    """Render the handout of one (rendered) lecture as ``fmt`` (html or md).

    ``pages`` are the deck's PNG pages in order, or ``None`` for a handout without
    pictures; they must be as many as the deck's slides. HTML embeds them; Markdown
    links them relative to ``target``'s folder (default: the current folder).
    ``scenes`` are the lecture's laid-out slides, when the caller has them already.
    """
    if scenes is None:
        scenes = laid_out(lecture)
    images: list[str] | None = None
    if pages:
        if fmt == "html":
            images = [data_uri(page) for page in pages]
        else:
            base = (target.parent if target else Path.cwd()).resolve()
            images = [Path(os.path.relpath(p.resolve(), base)).as_posix() for p in pages]
    renderer = renderer or Renderer([lecture.templates_dir] if lecture.templates_dir else [])
    context = handout_context(lecture, scenes, images, layout)
    text = renderer.render_template(FORMATS[fmt], context)
    return HandoutDocument(name=f"{lecture.stem}{SUFFIXES[fmt]}", text=text)


def laid_out(lecture: Lecture) -> list[SlideScene]:
    """Return the lecture's slides laid out as in its deck."""
    from alliance_slides.build import resolve_theme
    from alliance_slides.layouts import lay_out

    return lay_out(lecture, resolve_theme(lecture))


def current_pages(lecture: Lecture, deck: Path, slides: int) -> list[Path] | None:
    """Return the deck's PNG pages if they show the lecture as its inputs are now.

    That is: the deck is up to date with the lecture's inputs, the pages were made
    from that very deck and are unchanged, one per slide (``slides`` of them).
    ``None`` otherwise.
    """
    from alliance_slides import cache
    from alliance_slides.build import build_time
    from alliance_slides.export import page_files, pages_dir

    if not cache.is_fresh(deck, cache.deck_key(lecture, build_time(lecture).isoformat())):
        return None
    folder = pages_dir(deck)
    record = cache.lookup(folder, None)
    if record is None or (record.get("meta") or {}).get("deck") != cache.file_digest(deck):
        return None
    pages = page_files(folder)
    return pages if len(pages) == slides else None


@dataclass(frozen=True)
class HandoutsWritten:
    """What :func:`write_handouts` did: the files written and what it has to say."""

    paths: tuple[Path, ...]
    #: Warnings: planned minutes over the duration, pictures left out and why.
    warnings: tuple[Problem, ...]


def write_handouts(
    path: Path,
    out: Path | None = None,
    fmt: str = "html",
    layout: str = "side",
    thumbnails: bool | None = None,
    templates: Path | None = None,
    *,
    theme: str | None = None,
    template: Path | None = None,
    jobs: int | None = None,
    force: bool = False,
    soffice: str | Path | None = None,
) -> HandoutsWritten:
    """Write the handout of every lecture ``path`` builds, beside its deck.

    ``out`` is the build folder, as for :func:`alliance_slides.build.build`.
    ``thumbnails``: ``True`` builds the decks and their PNG pages first (LibreOffice
    needed); ``None`` uses pages made earlier by ``export png`` when they are up to
    date (a warning says when they are not); ``False`` leaves pictures out.
    ``templates`` is a folder of templates overriding the built-ins by name.
    """
    from alliance_slides.build import build_lectures, deck_targets, prepare
    from alliance_slides.export import pages_dir
    from alliance_slides.files import write_atomically

    lectures = prepare(path, theme, template)
    if thumbnails:
        build_lectures(path, lectures, out, jobs=jobs, force=force, exports=("png",),
                       soffice=soffice)
    decks = deck_targets(path, lectures, out)
    written = []
    warnings = [w for w in map(timing_warning, lectures) if w is not None]
    for lecture, deck in zip(lectures, decks, strict=True):
        scenes = laid_out(lecture)
        pages = current_pages(lecture, deck, len(scenes)) if thumbnails is not False else None
        folder = pages_dir(deck)
        if pages is None and (thumbnails or (thumbnails is None and folder.is_dir())):
            warnings.append(
                Problem(
                    Location(str(folder)),
                    "slide pictures do not match the deck and were left out of the handout"
                    + ("" if thumbnails else "; pass --thumbnails to make them again"),
                )
            )
        target = deck.parent / f"{deck.stem}{SUFFIXES[fmt]}"
        dirs = [d for d in (templates, lecture.templates_dir) if d]
        doc = render_handout(lecture, fmt, pages, layout, target, Renderer(dirs), scenes)
        write_atomically(target, doc.text.encode("utf-8"))
        written.append(target)
    return HandoutsWritten(tuple(written), tuple(warnings))
