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
import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from alliance_slides.errors import Location, Problem
from alliance_slides.layout.markup import inline_runs
from alliance_slides.layout.resolved import ResolvedLecture
from alliance_slides.layout.scene import PictureShape, Run, SlideScene, TableShape, TextShape
from alliance_slides.output.notes import ReadingStyle
from alliance_slides.templating.environment import Renderer
from alliance_slides.templating.render import lecture_context

FORMATS = {"html": "handout.html.j2", "md": "handout.md.j2"}
SUFFIXES = {"html": ".handout.html", "md": ".handout.md"}
#: Shapes that repeat on every slide and say nothing about it.
_CHROME = {"Footer", "Slide number", "Source"}


@dataclass(frozen=True)
class HandoutDocument:
    """A rendered handout of one lecture: its file name and its text."""

    name: str
    text: str


def runs_html(runs: Sequence[Run]) -> Markup:
    """Return runs as HTML: emphasis, code and links kept, every character of text escaped."""
    out = []
    for run in runs:
        text = html.escape(run.text, quote=False)
        if run.code:
            text = f"<code>{text}</code>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.link is not None:
            text = f'<a href="{html.escape(run.link)}">{text}</a>'
        out.append(text)
    return Markup("".join(out))


def _line(runs: Sequence[Run], level: int) -> dict[str, Any]:
    return {"text": "".join(r.text for r in runs), "html": runs_html(runs), "level": level}


def _cells(cells: Sequence[str]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for i, cell in enumerate(cells):
        runs.extend(([Run(" | ")] if i else []) + list(inline_runs(cell)))
    return tuple(runs)


def _scene_lines(scenes: Sequence[SlideScene]) -> list[dict[str, Any]]:
    """Return the text the audience reads on ``scenes`` (titles and chrome left out).

    Each line has its ``text``, its ``html`` (links kept, all escaped) and its ``level``.
    """
    lines: list[dict[str, Any]] = []
    for scene in scenes:
        for shape in scene.shapes:
            if isinstance(shape, TextShape) and shape.role != "title":
                if shape.name in _CHROME:
                    continue
                for paragraph in shape.paragraphs:
                    if paragraph.text.strip():
                        lines.append(_line(paragraph.runs, paragraph.level))
            elif isinstance(shape, TableShape):
                lines.append(_line(_cells(shape.header), 0))
                lines.extend(_line(_cells(row), 1) for row in shape.rows)
            elif isinstance(shape, PictureShape):
                lines.append(_line((Run(f"[picture: {shape.alt}]"),), 0))
    return lines


def data_uri(page: Path) -> str:
    """Return a PNG file as a ``data:`` URI, for a self-contained HTML page."""
    return "data:image/png;base64," + base64.b64encode(page.read_bytes()).decode("ascii")


def handout_context(
    resolved: ResolvedLecture,
    images: Sequence[str] | None = None,
    layout: str = "side",
    style: ReadingStyle | None = None,
) -> dict[str, Any]:
    """Return what a handout template sees.

    ``images`` holds, per deck slide in order, the ``src`` of its picture (a data URI or a relative
    path), or is ``None`` when there are no pictures. Besides ``course``, ``vars`` and
    ``lecture``, templates see ``items`` (one per outline slide, title slide first:
    ``numbers``, ``title``, ``kind``, ``notes``, ``lines``, ``images``, ``minutes``,
    ``start``, ``end``), ``layout`` and ``thumbnails``.
    """
    lecture = resolved.lecture
    outline = lecture.outline
    groups: list[list[tuple[int, SlideScene]]] = []
    for number, scene in enumerate(resolved.scenes, start=1):
        if groups and groups[-1][0][1].source_number == scene.source_number:
            groups[-1].append((number, scene))
        else:
            groups.append([(number, scene)])
    starts: dict[int, float] = {}
    elapsed = 0.0
    for index, slide in enumerate(outline.slides, start=1):
        starts[index] = elapsed
        if not slide.hidden:  # a hidden slide is a reserve, outside the running time
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
                "title": group[0][1].title,
                "kind": shown.kind if shown else "title",
                "notes": shown.notes.strip() if shown else outline.title_notes.strip(),
                "hidden": shown.hidden if shown else False,
                "lines": _scene_lines([s for _, s in group]),
                "images": [images[n - 1] for n in numbers] if images else [],
                "minutes": minutes,
                "start": start,
                "end": start + (0 if shown and shown.hidden else minutes or 0),
            }
        )
    return {
        "course": lecture.course.as_context(),
        "vars": dict(lecture.vars),
        "lecture": lecture_context(lecture, outline),
        "items": items,
        "layout": layout,
        "style": (style or ReadingStyle()).as_context(),
        "thumbnails": bool(images),
        "planned_minutes": elapsed,
    }


def render_handout(
    resolved: ResolvedLecture,
    fmt: str = "html",
    pages: Sequence[Path] | None = None,
    layout: str = "side",
    target: Path | None = None,
    renderer: Renderer | None = None,
    style: ReadingStyle | None = None,
) -> HandoutDocument:
    """Render the handout of one lecture as ``fmt`` (html or md).

    ``pages`` are the deck's PNG pages in order, or ``None`` for a handout without
    pictures; they must be as many as the deck's slides. HTML embeds them; Markdown
    links them relative to ``target``'s folder (default: the current folder).
    """
    lecture = resolved.lecture
    images: list[str] | None = None
    if pages:
        if fmt == "html":
            images = [data_uri(page) for page in pages]
        else:
            base = (target.parent if target else Path.cwd()).resolve()
            images = [Path(os.path.relpath(p.resolve(), base)).as_posix() for p in pages]
    renderer = renderer or Renderer([lecture.templates_dir] if lecture.templates_dir else [])
    context = handout_context(resolved, images, layout, style)
    text = renderer.render_template(FORMATS[fmt], context)
    return HandoutDocument(name=f"{lecture.stem}{SUFFIXES[fmt]}", text=text)


def current_pages(resolved: ResolvedLecture, deck: Path) -> list[Path] | None:
    """Return the deck's PNG pages if they show the lecture as its inputs are now.

    That is: the deck is up to date with the lecture's inputs, the pages were made
    from that very deck and are unchanged, one per slide. ``None`` otherwise.
    """
    from alliance_slides.output import cache
    from alliance_slides.output.export import page_files, pages_dir

    if not cache.is_fresh(deck, cache.deck_key(resolved)):
        return None
    folder = pages_dir(deck)
    record = cache.lookup(folder, None)
    if record is None or record["meta"].get("deck") != cache.file_digest(deck):
        return None
    pages = page_files(folder)
    return pages if len(pages) == len(resolved.scenes) else None


def make_handout(
    resolved: ResolvedLecture,
    deck: Path,
    fmt: str = "html",
    layout: str = "side",
    thumbnails: bool | None = None,
    templates: Path | None = None,
    style: ReadingStyle | None = None,
) -> tuple[Path, bytes, Problem | None]:
    """Render the handout of one lecture: where it goes (beside ``deck``), its bytes, and
    any warning. Nothing is written, so a course's handouts are written all or none.

    ``thumbnails``: ``False`` leaves pictures out; otherwise the deck's PNG pages are
    shown when they are up to date (the warning says when they are not). ``templates``
    is a folder of templates overriding the built-ins by name.
    """
    from alliance_slides.output.export import pages_dir

    lecture = resolved.lecture
    pages = current_pages(resolved, deck) if thumbnails is not False else None
    folder = pages_dir(deck)
    warning = None
    if pages is None and (thumbnails or (thumbnails is None and folder.is_dir())):
        warning = Problem(
            Location(str(folder)),
            "slide pictures do not match the deck and were left out of the handout"
            + ("" if thumbnails else "; pass --thumbnails to make them again"),
        )
    target = deck.parent / f"{deck.stem}{SUFFIXES[fmt]}"
    dirs = [d for d in (templates, lecture.templates_dir) if d]
    doc = render_handout(resolved, fmt, pages, layout, target, Renderer(dirs), style)
    return target, doc.text.encode("utf-8"), warning
