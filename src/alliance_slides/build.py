"""The pipeline: load -> validate -> render -> lay out -> write, one deck per lecture.

This is the library's front door; the CLI only parses options and reports.
Every lecture is checked and rendered before any file is written, so invalid input
leaves nothing behind; a lecture whose deck fails to write does not stop the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alliance_slides.errors import AllianceError, BuildError, Location, Problem
from alliance_slides.model import Lecture
from alliance_slides.scene import SlideScene
from alliance_slides.theme import Theme

DEFAULT_OUTPUT = Path("build")


@dataclass(frozen=True)
class BuiltDeck:
    """What one build wrote: the file, its slide count and the seconds it took."""

    path: Path
    slides: int
    seconds: float
    lecture: str
    warnings: tuple[Problem, ...] = ()


def output_dir_for(source: Path, out: Path | None, course: bool) -> Path:
    """Return where decks go: ``out``, else ``build/`` (``build/COURSE/`` for a course)."""
    if out is not None:
        return out
    return DEFAULT_OUTPUT / source.stem if course else DEFAULT_OUTPUT


def build_time(lecture: Lecture) -> dt.datetime:
    """Return the time stamped into a deck: SOURCE_DATE_EPOCH, else the lecture's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    date = lecture.outline.date
    if isinstance(date, dt.date):
        return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    return dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def prepare(path: Path, theme: str | None = None, template: Path | None = None) -> list[Lecture]:
    """Load, check and render every lecture that ``path`` builds.

    ``theme`` (a built-in name or a file) and ``template`` (a .pptx/.potx) override
    what a course names. Themes and templates are checked here too, so nothing is
    written when any of them is invalid.
    """
    from alliance_slides.render import render_lecture
    from alliance_slides.templating import Renderer
    from alliance_slides.validate import load_lectures

    lectures = load_lectures(path)
    overrides: dict[str, object] = {}
    if theme is not None:
        overrides["theme"] = theme
    if template is not None:
        overrides["pptx_template"] = template.resolve()
    renderers: dict[Path | None, Renderer] = {}
    rendered = []
    for lecture in lectures:
        lecture = dataclasses.replace(lecture, **overrides)  # type: ignore[arg-type]
        resolve_theme(lecture)
        key = lecture.templates_dir
        if key not in renderers:
            renderers[key] = Renderer([key] if key else [])
        rendered.append(render_lecture(lecture, renderers[key]))
    return rendered


def resolve_theme(lecture: Lecture) -> Theme:
    """Return the theme a lecture is drawn with: its theme, aspect and template's geometry."""
    names = tuple(sorted(lecture.layout_names.items()))
    return _theme(lecture.theme, lecture.aspect, lecture.pptx_template, names)


@functools.lru_cache(maxsize=32)
def _theme(
    name: str | None, aspect: str, template: Path | None, layout_names: tuple[tuple[str, str], ...]
) -> Theme:
    from alliance_slides.theme import load_theme

    theme = load_theme(name, Path.cwd(), aspect)
    if template is None:
        return theme
    from alliance_slides.deck import template_geometry

    return template_geometry(template, dict(layout_names)).apply(theme)


@dataclass(frozen=True)
class DeckReport:
    """What writing one deck gave: its slide count and its accessibility warnings."""

    slides: int
    warnings: tuple[Problem, ...] = ()


def accessibility_warnings(lecture: Lecture, scenes: list[SlideScene], theme: Theme
                           ) -> tuple[Problem, ...]:
    """Return the accessibility findings of a laid-out lecture, as problems at its slides."""
    from alliance_slides.a11y import check_deck

    fallback = str(lecture.outline.path)
    return tuple(f.as_problem(fallback) for f in check_deck(scenes, theme))


def check_accessibility(lecture: Lecture) -> tuple[Problem, ...]:
    """Lay out a rendered lecture (no file written) and return its accessibility findings."""
    from alliance_slides.layouts import lay_out

    theme = resolve_theme(lecture)
    return accessibility_warnings(lecture, lay_out(lecture, theme), theme)


def write_deck(lecture: Lecture, target: Path, theme: Theme | None = None) -> DeckReport:
    """Lay out one rendered lecture and write its deck; report slides and warnings."""
    from alliance_slides.deck import DeckWriter
    from alliance_slides.layouts import lay_out

    theme = theme or resolve_theme(lecture)
    scenes = lay_out(lecture, theme)
    warnings = accessibility_warnings(lecture, scenes, theme)
    writer = DeckWriter(theme, lecture.pptx_template, lecture.layout_names)
    for scene in scenes:
        writer.add(scene)
    outline = lecture.outline
    writer.set_properties(
        title=outline.title,
        author=outline.author,
        subject=lecture.course.title,
        keywords=outline.tags,
        when=build_time(lecture),
    )
    writer.save(target, build_time(lecture))
    return DeckReport(len(scenes), warnings)


def build(
    path: str | Path,
    out: str | Path | None = None,
    theme: str | None = None,
    on_deck: Callable[[BuiltDeck], None] | None = None,
    template: Path | None = None,
) -> list[BuiltDeck]:
    """Build every deck ``path`` (an outline or a course file) describes.

    ``out`` is a folder, or a ``.pptx`` file when ``path`` is a single outline.
    ``theme`` and ``template`` override what a course names.
    ``on_deck`` is called after each deck is written (for progress). Raises an
    :class:`AllianceError` listing every problem when input is invalid (nothing is
    written then), or a :class:`BuildError` naming the lectures that failed.
    """
    path = Path(path)
    lectures = prepare(path, theme, template)
    course = lectures[0].course_file is not None
    out_path = Path(out) if out is not None else None
    if out_path is not None and out_path.suffix.lower() == ".pptx":
        if course:
            raise BuildError.at(
                Location(str(out_path)),
                "a course builds several decks: give -o a folder, not a .pptx",
            )
        targets = [out_path]
    else:
        folder = output_dir_for(path, out_path, course)
        targets = [folder / f"{lecture.stem}.pptx" for lecture in lectures]
    built: list[BuiltDeck] = []
    failures: list[Problem] = []
    for lecture, target in zip(lectures, targets, strict=True):
        started = time.perf_counter()
        try:
            report = write_deck(lecture, target)
        except AllianceError as e:
            failures.extend(e.problems)
            continue
        deck = BuiltDeck(
            target,
            report.slides,
            time.perf_counter() - started,
            lecture.outline.title,
            report.warnings,
        )
        built.append(deck)
        if on_deck:
            on_deck(deck)
    if failures:
        raise BuildError(failures)
    return built
