"""The pipeline: load -> validate -> render -> lay out -> write, one deck per lecture.

This is the library's front door; the CLI only parses options and reports.
Every lecture is checked and rendered before any file is written, so invalid input
leaves nothing behind; a lecture whose deck fails to write does not stop the others.
Decks are written by ``jobs`` worker processes (one per core by default); a deck whose
inputs did not change since it was written is skipped (:mod:`alliance_slides.cache`).
Decks are deterministic, so the files are the same whatever ``jobs`` is.
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
from typing import TYPE_CHECKING

from alliance_slides.errors import AllianceError, BuildError, Location, Problem, TemplateError
from alliance_slides.export import DEFAULT_RESOLUTION, Exported
from alliance_slides.model import Lecture
from alliance_slides.scene import SlideScene
from alliance_slides.theme import Theme

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

DEFAULT_OUTPUT = Path("build")


@dataclass(frozen=True)
class BuiltDeck:
    """What one build wrote: the file, its slide count and the seconds it took."""

    path: Path
    slides: int
    seconds: float
    lecture: str
    warnings: tuple[Problem, ...] = ()
    #: True when the deck was up to date and was not written again.
    unchanged: bool = False
    #: What was exported from the deck (PDF, PNG pages, contact sheet), when asked for.
    exports: tuple[Exported, ...] = ()
    #: False for an existing deck that was only exported (``alliance-slides export``).
    built: bool = True


def default_jobs() -> int:
    """Return how many decks are built at once by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
    problems: list[Problem] = []
    for lecture in lectures:
        lecture = dataclasses.replace(lecture, **overrides)  # type: ignore[arg-type]
        resolve_theme(lecture)
        key = lecture.templates_dir
        if key not in renderers:
            renderers[key] = Renderer([key] if key else [])
        try:
            rendered.append(render_lecture(lecture, renderers[key]))
        except TemplateError as e:  # every lecture's template errors are reported at once
            problems.extend(e.problems)
    if problems:
        raise TemplateError(problems)
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
    from alliance_slides.template import read_template

    return read_template(template, dict(layout_names)).apply(theme)


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
    outline = lecture.outline
    with DeckWriter(theme, lecture.pptx_template, lecture.layout_names) as writer:
        for scene in scenes:
            writer.add(scene)
        writer.set_properties(
            title=outline.title,
            author=outline.author,
            subject=lecture.course.title,
            keywords=outline.tags,
            when=build_time(lecture),
        )
        writer.save(target, build_time(lecture))
    return DeckReport(len(scenes), warnings)


def deck_targets(path: Path, lectures: list[Lecture], out: str | Path | None) -> list[Path]:
    """Return the deck each lecture is written to, in order.

    ``out`` is a folder, or a ``.pptx`` file when ``path`` is a single outline; by
    default decks go to :func:`output_dir_for`. Two lectures of a course never share a
    deck: :func:`~alliance_slides.validate.load_lectures` refuses an outline listed twice,
    at its line in the course file.
    """
    course = lectures[0].course_file is not None
    out_path = Path(out) if out is not None else None
    if out_path is not None and out_path.suffix.lower() == ".pptx":
        if course:
            raise BuildError.at(
                Location(str(out_path)),
                "a course builds several decks: give -o a folder, not a .pptx",
            )
        return [out_path]
    folder = output_dir_for(path, out_path, course)
    return [folder / f"{lecture.stem}.pptx" for lecture in lectures]


def clear_caches() -> None:
    """Forget loaded themes and templates, so a long-running ``watch`` sees edited files."""
    _theme.cache_clear()


@dataclass(frozen=True)
class _Job:
    """One deck's share of a build or an export, as handed to a worker process."""

    target: Path
    #: The lecture to write the deck from; ``None`` for a deck that is only exported.
    lecture: Lecture | None = None
    key: str = ""
    #: What the deck's record says (slides, warnings), when it is not written again.
    recorded: BuiltDeck | None = None
    exports: tuple[str, ...] = ()
    out_dir: Path | None = None
    resolution: int = DEFAULT_RESOLUTION
    soffice: str | None = None
    force: bool = False


def _problems_meta(problems: tuple[Problem, ...]) -> list[list[object]]:
    return [[p.location.file, p.location.line, p.location.column, p.message] for p in problems]


def _recorded_deck(lecture: Lecture, target: Path, meta: dict[str, object]) -> BuiltDeck:
    """Return what a deck's record says about it, for a deck that is not written again."""
    warnings = meta.get("warnings")
    problems = tuple(
        Problem(Location(str(w[0]), int(w[1]), int(w[2])), str(w[3]))
        for w in (warnings if isinstance(warnings, list) else [])
    )
    slides = meta.get("slides")
    return BuiltDeck(
        target,
        slides if isinstance(slides, int) else 0,
        0.0,
        lecture.outline.title,
        problems,
        unchanged=True,
    )


def _run(job: _Job) -> BuiltDeck | tuple[Problem, ...]:
    """Write one deck if needed, then export it; return it, or the problems that stopped it.

    Runs in a worker process, so errors come back as data: the exception family
    does not survive pickling.
    """
    from alliance_slides import cache
    from alliance_slides.export import export

    started = time.perf_counter()
    try:
        if job.recorded is not None:
            deck = job.recorded
        elif job.lecture is not None:
            report = write_deck(job.lecture, job.target)
            meta = {"slides": report.slides, "warnings": _problems_meta(report.warnings)}
            cache.remember(job.target, job.key, meta=meta)
            deck = BuiltDeck(
                job.target,
                report.slides,
                time.perf_counter() - started,
                job.lecture.outline.title,
                report.warnings,
            )
        else:
            deck = BuiltDeck(job.target, 0, 0.0, job.target.stem, unchanged=True, built=False)
        title = job.lecture.outline.title if job.lecture else None
        made = tuple(
            export(fmt, job.target, job.out_dir, job.resolution, job.soffice, job.force, title)
            for fmt in job.exports
        )
    except AllianceError as e:
        return e.problems
    except Exception as e:  # noqa: BLE001 - one lecture's failure must not cost the others
        if os.environ.get("ALLIANCE_SLIDES_DEBUG"):
            raise
        # A bug, or an input changed since it was checked: say which lecture, keep going.
        lecture = job.lecture
        where = Location(str(lecture.outline.path if lecture else job.target))
        what = f"lecture {lecture.number} ({lecture.stem}): " if lecture else ""
        return (
            Problem(where, f"{what}cannot write {job.target}: {type(e).__name__}: {e}"),
        )
    return dataclasses.replace(deck, exports=made)


def _pool_context() -> BaseContext:
    """Return how worker processes start: forked on Linux (fast), spawned elsewhere."""
    import multiprocessing
    import sys

    method = "fork" if sys.platform == "linux" else "spawn"
    return multiprocessing.get_context(method)


def _run_all(
    jobs: list[_Job], workers: int, on_deck: Callable[[BuiltDeck], None] | None
) -> list[BuiltDeck | tuple[Problem, ...]]:
    """Run ``jobs`` in up to ``workers`` processes (in this one if 1); results in job order.

    ``on_deck`` is called in this process as each deck is done, in the order they finish.
    """
    results: list[BuiltDeck | tuple[Problem, ...]] = [()] * len(jobs)

    def finish(index: int, outcome: BuiltDeck | tuple[Problem, ...]) -> None:
        results[index] = outcome
        if isinstance(outcome, BuiltDeck) and on_deck:
            on_deck(outcome)

    workers = min(workers, len(jobs))
    if workers <= 1:
        for index, job in enumerate(jobs):
            finish(index, _run(job))
        return results
    import concurrent.futures
    import gc

    context = _pool_context()
    if context.get_start_method() == "fork":
        # Forked workers inherit what this process has imported: import the deck writer
        # once here rather than once per worker, and keep the inherited objects out of
        # the collector so that its scans do not copy every shared page.
        import alliance_slides.deck  # noqa: F401
        import alliance_slides.layouts  # noqa: F401

        gc.freeze()
    try:
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = {pool.submit(_run, job): index for index, job in enumerate(jobs)}
            for future in concurrent.futures.as_completed(futures):
                finish(futures[future], future.result())
    finally:
        gc.unfreeze()
    return results


def _check_exports(exports: tuple[str, ...], soffice: str | Path | None) -> str | None:
    """Return the LibreOffice program when ``exports`` need it; raise if it is missing."""
    if not exports:
        return None
    from alliance_slides.office import find_soffice

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
    written by ``jobs`` processes (default: :func:`default_jobs`). ``exports`` (any of
    pdf, png, sheet) are then made beside each deck with LibreOffice (``soffice``,
    else found on PATH; its absence is an error before anything is written), each
    only if its deck changed (:mod:`alliance_slides.export`).

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
    lectures: list[Lecture],
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

    As :func:`build`, for a caller that needs the lectures too (``watch``).
    """
    from alliance_slides import cache

    targets = deck_targets(path, lectures, out)
    program = _check_exports(exports, soffice)
    results: list[BuiltDeck | tuple[Problem, ...]] = [()] * len(lectures)
    pending: list[tuple[int, _Job]] = []
    for index, (lecture, target) in enumerate(zip(lectures, targets, strict=True)):
        key = cache.deck_key(lecture, build_time(lecture).isoformat())
        record = None if force else cache.lookup(target, key)
        recorded = _recorded_deck(lecture, target, record.get("meta") or {}) if record else None
        if recorded is not None and not exports:
            results[index] = recorded
            if on_deck:
                on_deck(recorded)
            continue
        job = _Job(target, lecture, key, recorded, exports, None, resolution, program, force)
        pending.append((index, job))
    done = _run_all([job for _, job in pending], jobs or default_jobs(), on_deck)
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
    if out is not None:  # decks from several folders meet in one: their names must differ
        first: dict[str, Path] = {}
        for deck in decks:
            other = first.setdefault(deck.stem, deck)
            if other is not deck:
                problems.append(
                    Problem(Location(str(deck)), f"would overwrite the exports of {other} in {out}")
                )
    if problems:
        raise BuildError(problems)
    work = [
        _Job(deck, exports=exports, out_dir=out, resolution=resolution, soffice=program,
             force=force)
        for deck in decks
    ]
    return _finish(_run_all(work, jobs or default_jobs(), on_deck))
