"""The library's front door: one resolved value per lecture, then decks, notes and handouts.

:func:`prepare` loads, checks and renders every lecture a path builds, and resolves
each one's theme and template once, into a
:class:`~alliance_slides.layout.resolved.ResolvedLecture`.
Everything written afterwards reads that value: :func:`build` (decks, then their
exports), :func:`speaker_notes` and :func:`write_handouts`. Every lecture is checked and
rendered before any file is written, so invalid input leaves nothing behind; a lecture
whose deck fails to write does not stop the others. The CLI only parses options,
calls these, and reports.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alliance_slides.errors import (
    BuildError,
    CommandLineError,
    Location,
    Problem,
    TemplateError,
)
from alliance_slides.output.export import DEFAULT_RESOLUTION
from alliance_slides.workers import BuiltDeck, Job, default_jobs, run_all

if TYPE_CHECKING:
    from alliance_slides.format.model import Lecture
    from alliance_slides.format.template import DeckTemplate
    from alliance_slides.format.theme import Theme
    from alliance_slides.layout.resolved import ResolvedLecture
    from alliance_slides.output.notes import NotesDocument, ReadingStyle

__all__ = ["BuiltDeck", "build", "build_lectures", "export_decks", "prepare", "speaker_notes"]

DEFAULT_OUTPUT = Path("build")


def output_dir_for(source: Path, out: Path | None, course: bool) -> Path:
    """Return where decks go: ``out``, else ``build/`` (``build/COURSE/`` for a course)."""
    if out is not None:
        return out
    return DEFAULT_OUTPUT / source.stem if course else DEFAULT_OUTPUT


def prepare(
    path: str | Path,
    theme: str | None = None,
    template: Path | None = None,
    layouts: dict[str, str] | None = None,
) -> list[ResolvedLecture]:
    """Load, check and render every lecture that ``path`` builds, each resolved once.

    ``theme`` (a built-in name or a file) and ``template`` (a .pptx/.potx) override
    what a course names. Themes and templates are read here too, so nothing is
    written when any of them is invalid; lectures that share them share one copy.
    """
    from alliance_slides.format.validate import load_lectures
    from alliance_slides.layout.resolved import ResolvedLecture
    from alliance_slides.templating.environment import Renderer
    from alliance_slides.templating.render import render_lecture

    lectures = load_lectures(Path(path))
    overrides: dict[str, object] = {}
    if theme is not None:
        overrides["theme"] = theme
    if template is not None:
        overrides["pptx_template"] = template.resolve()
    if layouts is not None:
        overrides["layout_names"] = dict(layouts)
    renderers: dict[Path | None, Renderer] = {}
    looks: dict[tuple[object, ...], tuple[Theme, DeckTemplate | None]] = {}
    resolved = []
    problems: list[Problem] = []
    for lecture in lectures:
        lecture = dataclasses.replace(lecture, **overrides)  # type: ignore[arg-type]
        key = (lecture.theme, lecture.aspect, lecture.pptx_template, *lecture.layout_names.items())
        if key not in looks:
            looks[key] = _look(lecture)
        folder = lecture.templates_dir
        if folder not in renderers:
            renderers[folder] = Renderer([folder] if folder else [])
        try:
            rendered = render_lecture(lecture, renderers[folder])
        except TemplateError as e:  # every lecture's template errors are reported at once
            problems.extend(e.problems)
            continue
        resolved.append(ResolvedLecture(rendered, *looks[key]))
    if problems:
        raise TemplateError(problems)
    return resolved


def _look(lecture: Lecture) -> tuple[Theme, DeckTemplate | None]:
    """Return the theme a lecture is drawn in, on its template (if any), and the template."""
    from alliance_slides.format.template import aspect_warning, read_template
    from alliance_slides.format.theme import load_theme

    theme = load_theme(lecture.theme, Path.cwd(), lecture.aspect)
    if lecture.pptx_template is None:
        return theme, None
    template = read_template(lecture.pptx_template, lecture.layout_names)
    warning = aspect_warning(template, lecture.aspect)
    if warning is not None:
        template = dataclasses.replace(template, warnings=(*template.warnings, warning))
    return template.apply(theme), template


def deck_targets(path: Path, lectures: list[ResolvedLecture], out: str | Path | None) -> list[Path]:
    """Return the deck each lecture is written to, in order.

    ``out`` is a folder, or a ``.pptx`` file when ``path`` is a single outline; by
    default decks go to :func:`output_dir_for`. Any other file name (``out.ppt``, or a
    ``.pptx`` for a course) is a usage error: it would make a folder of that name.
    Two lectures of a course never share a deck:
    :func:`~alliance_slides.format.validate.load_lectures` refuses an outline listed
    twice, at its line in the course file.
    """
    course = lectures[0].lecture.course_file is not None
    out_path = Path(out) if out is not None else None
    named = _file_name(out_path)
    if out_path is not None and named:
        if course:
            raise CommandLineError.at(
                Location(str(out_path)),
                f"a course builds several decks: give -o a folder, not a {named} file name",
            )
        if named != ".pptx":
            raise CommandLineError.at(
                Location(str(out_path)),
                f"a deck is a .pptx: give -o a .pptx file name or a folder, not a {named}",
            )
        return [out_path]
    folder = output_dir_for(path, out_path, course)
    return [folder / f"{resolved.lecture.stem}.pptx" for resolved in lectures]


#: Suffixes that make ``-o`` a file's name, not a folder's (a folder may hold a dot).
_FILE_SUFFIXES = frozenset(
    ".pptx .potx .ppt .pps .ppsx .pot .odp .key .pdf .png .html .htm .md .txt".split()
)


def _file_name(out: Path | None) -> str:
    """Return the suffix that makes ``out`` a file name (``.pptx``, ``.ppt``...), or ``""``.

    An existing folder is a folder whatever its name.
    """
    if out is None or out.is_dir():
        return ""
    suffix = out.suffix.lower()
    return suffix if suffix in _FILE_SUFFIXES else ""


def _check_exports(exports: tuple[str, ...], soffice: str | Path | None) -> str | None:
    """Return the LibreOffice program when ``exports`` need it; raise if it is missing."""
    if not exports:
        return None
    from alliance_slides.output.office import find_soffice

    return str(find_soffice(soffice))


def _finish(results: list[BuiltDeck | tuple[Problem, ...]]) -> list[BuiltDeck]:
    """Return the decks done, or raise a :class:`BuildError` with every failure."""
    failures = [p for r in results if isinstance(r, tuple) for p in r]
    if failures:
        raise BuildError(failures)
    return [r for r in results if isinstance(r, BuiltDeck)]


def build(
    path: str | Path,
    out: str | Path | None = None,
    theme: str | None = None,
    on_deck: Callable[[BuiltDeck], None] | None = None,
    template: Path | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    exports: tuple[str, ...] = (),
    resolution: int = DEFAULT_RESOLUTION,
    soffice: str | Path | None = None,
) -> list[BuiltDeck]:
    """Build every deck ``path`` (an outline or a course file) describes.

    ``out`` is a folder, or a ``.pptx`` file when ``path`` is a single outline.
    ``theme`` and ``template`` override what a course names. Decks whose inputs did
    not change since they were written are skipped unless ``force``; the others are
    written by ``jobs`` processes (default: one per core). ``exports`` (any of
    pdf, png, sheet) are then made beside each deck with LibreOffice (``soffice``,
    else found on PATH; its absence is an error before anything is written), each
    only if its deck changed (:mod:`alliance_slides.output.export`).

    ``on_deck`` is called as each deck is done, skipped ones included (for
    progress). Returns the decks in lecture order. Raises an :class:`AllianceError`
    listing every problem when input is invalid (nothing is written then), or a
    :class:`BuildError` naming the lectures that failed (the others are written).
    """
    path = Path(path)
    return build_lectures(
        path,
        prepare(path, theme, template),
        out,
        on_deck,
        jobs=jobs,
        force=force,
        exports=exports,
        resolution=resolution,
        soffice=soffice,
    )


def build_lectures(
    path: Path,
    lectures: list[ResolvedLecture],
    out: str | Path | None = None,
    on_deck: Callable[[BuiltDeck], None] | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    exports: tuple[str, ...] = (),
    resolution: int = DEFAULT_RESOLUTION,
    soffice: str | Path | None = None,
) -> list[BuiltDeck]:
    """Write the decks of ``lectures``, already prepared from ``path`` by :func:`prepare`.

    As :func:`build`, for a caller that needs the lectures too (``watch``, handouts).
    """
    from alliance_slides.output import cache

    targets = deck_targets(path, lectures, out)
    program = _check_exports(exports, soffice)
    results: list[BuiltDeck | tuple[Problem, ...]] = [()] * len(lectures)
    pending: list[tuple[int, Job]] = []
    for index, (resolved, target) in enumerate(zip(lectures, targets, strict=True)):
        key = cache.deck_key(resolved)
        record = None if force else cache.lookup(target, key)
        title = resolved.lecture.outline.title
        recorded = BuiltDeck.from_record(target, title, record["meta"]) if record else None
        if recorded is not None and not exports:
            results[index] = recorded
            if on_deck:
                on_deck(recorded)
            continue
        job = Job(target, resolved, key, recorded, exports, None, resolution, program, force)
        pending.append((index, job))
    done = run_all([job for _, job in pending], jobs or default_jobs(), on_deck)
    for (index, _), outcome in zip(pending, done, strict=True):
        results[index] = outcome
    return _finish(results)


def export_decks(
    decks: list[Path],
    exports: tuple[str, ...],
    out: Path | None = None,
    on_deck: Callable[[BuiltDeck], None] | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    resolution: int = DEFAULT_RESOLUTION,
    soffice: str | Path | None = None,
) -> list[BuiltDeck]:
    """Export existing .pptx ``decks`` (any of pdf, png, sheet) into ``out`` or beside each.

    Works like :func:`build` without the writing: ``jobs`` processes, exports made
    only when their deck changed unless ``force``, failures isolated and raised at
    the end as one :class:`BuildError`.
    """
    program = _check_exports(exports, soffice)
    unique: dict[Path, Path] = {}
    for deck in decks:  # a deck named twice is exported once
        unique.setdefault(deck.resolve(), deck)
    decks = list(unique.values())
    problems = [Problem(Location(str(d)), "deck not found") for d in decks if not d.is_file()]
    if problems:
        raise BuildError(problems)
    if out is not None:  # decks from several folders meet in one: their names must differ
        first: dict[str, Path] = {}
        for deck in decks:
            other = first.setdefault(deck.stem, deck)
            if other is not deck:
                problems.append(
                    Problem(Location(str(deck)), f"would overwrite the exports of {other} in {out}")
                )
    if problems:  # the command line asks for it: a usage error, as a course to one .pptx
        raise CommandLineError(problems)
    work = [
        Job(deck, exports=exports, out_dir=out, resolution=resolution, soffice=program, force=force)
        for deck in decks
    ]
    return _finish(run_all(work, jobs or default_jobs(), on_deck))


@dataclass(frozen=True)
class SpeakerNotes:
    """What :func:`speaker_notes` made: one document per lecture, and its warnings."""

    documents: tuple[NotesDocument, ...]
    #: Lectures whose slides plan more minutes than they have.
    warnings: tuple[Problem, ...]


def speaker_notes(
    path: str | Path,
    fmt: str = "md",
    templates: Path | None = None,
    style: ReadingStyle | None = None,
) -> SpeakerNotes:
    """Render the speaker notes of every lecture ``path`` builds, as ``fmt`` (md, html, txt).

    ``templates`` is a folder of notes templates overriding the built-ins (and the
    course's own ``templates`` folder) by name; ``style`` sets an HTML page for reading
    while speaking or for printing.
    """
    from alliance_slides.output.notes import render_notes, timing_warning
    from alliance_slides.templating.environment import Renderer

    lectures = prepare(path)
    documents = []
    for resolved in lectures:
        folders = [d for d in (templates, resolved.lecture.templates_dir) if d]
        documents.append(render_notes(resolved, fmt, Renderer(folders), style))
    warnings = [w for w in (timing_warning(r.lecture) for r in lectures) if w is not None]
    return SpeakerNotes(tuple(documents), tuple(warnings))


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
    style: ReadingStyle | None = None,
) -> HandoutsWritten:
    """Write the handout of every lecture ``path`` builds, beside its deck.

    ``out`` is the build folder, as for :func:`build`. ``thumbnails``: ``True``
    builds the decks and their PNG pages first (LibreOffice needed); ``None`` uses
    pages made earlier by ``export png`` when they are up to date (a warning says
    when they are not); ``False`` leaves pictures out. ``templates`` is a folder of
    templates overriding the built-ins by name; ``style`` sets the HTML page for reading
    while speaking or for printing.
    """
    from alliance_slides.files import write_atomically
    from alliance_slides.output.handouts import make_handout
    from alliance_slides.output.notes import timing_warning

    lectures = prepare(path, theme, template)
    if thumbnails:
        build_lectures(
            path, lectures, out, jobs=jobs, force=force, exports=("png",), soffice=soffice
        )
    made = []
    warnings = [w for w in (timing_warning(r.lecture) for r in lectures) if w is not None]
    # Every handout is made before any is written: a lecture whose template fails leaves
    # the others as they were, not half of a course's handouts new and half old.
    for resolved, deck in zip(lectures, deck_targets(path, lectures, out), strict=True):
        target, data, warning = make_handout(
            resolved, deck, fmt, layout, thumbnails, templates, style
        )
        made.append((target, data))
        if warning is not None:
            warnings.append(warning)
    for target, data in made:
        write_atomically(target, data)
    return HandoutsWritten(tuple(target for target, _ in made), tuple(warnings))


#: The outline every layout is previewed with: one slide of each kind.
_PREVIEW = """
title: Every kind of slide
subtitle: On one layout of the template
author: A. Lecturer
date: 2027-02-02
sources:
  main: {title: The main source, author: A. Writer, url: https://example.org}
slides:
  - title: Bullets with a longer title to show how titles wrap
    bullets:
      - A first point, long enough to wrap onto a second line on most layouts
      - With **bold** and *italic*
      - A parent point:
          - a sub-point
          - another sub-point
  - kind: section
    title: A section header
    subtitle: Its subtitle
  - kind: two_column
    title: Two columns
    left: {heading: Before, bullets: [one point, another point]}
    right: {heading: After, bullets: [a third point]}
  - kind: timeline
    title: A timeline
    events:
      - {when: 1945, label: First event}
      - {when: 1951, label: Second event, detail: a detail}
      - {when: 1960, label: Third event}
  - kind: quote
    title: A quotation
    text: Words worth quoting, set as large as they fit.
    by: Someone
  - kind: table
    title: A table
    columns: [Item, Year, Note]
    rows: [[Textiles, 1970s, first], [Beef, 1980s, second]]
  - kind: questions
    questions: [Why this layout?, What does it show?]
  - kind: references
"""


@dataclass(frozen=True)
class LayoutPreview:
    """One layout's preview: its name and the picture of every kind drawn on it."""

    layout: str
    picture: Path


def preview_template(
    template: Path, out_dir: Path, soffice: str | Path | None = None
) -> list[LayoutPreview]:
    """Write one PNG per layout of ``template`` into ``out_dir``: every slide kind drawn on it.

    Each layout serves every role in turn, so a person sees what each would look like;
    LibreOffice renders the pages (``soffice``), which are then laid out on one picture.
    """
    import re
    import shutil
    import tempfile

    from alliance_slides.format.template import ROLES, read_template
    from alliance_slides.output.deck import write_deck
    from alliance_slides.output.export import export_sheet

    names = read_template(template).layout_names
    _check_exports(("png",), soffice)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory(prefix="alliance-slides-preview-") as scratch:
        folder = Path(scratch)
        outline = folder / "preview.yaml"
        outline.write_text(_PREVIEW, encoding="utf-8")
        for number, name in enumerate(names, start=1):
            (resolved,) = prepare(outline, template=template, layouts=dict.fromkeys(ROLES, name))
            deck = folder / f"layout-{number:02d}.pptx"
            write_deck(resolved, deck)
            sheet = export_sheet(deck, folder / f"pages-{number:02d}", soffice=soffice, title=name)
            safe = re.sub(r"[^\w.-]+", "-", name).strip("-") or "layout"
            target = out_dir / f"{number:02d}-{safe}.png"
            shutil.copyfile(sheet.path, target)
            made.append(LayoutPreview(name, target))
    return made
