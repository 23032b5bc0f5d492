"""The processes a build or an export runs its decks in, and what each deck's run gave.

A course's decks are written by up to ``jobs`` worker processes (one per core by
default), forked on Linux so they start with what this process imported. Each job
writes one deck if it is out of date, records it (:mod:`alliance_slides.output.cache`), then
makes its exports. A job's failure comes back as problems, so one lecture's failure
does not cost the others; decks are deterministic, so the files are the same whatever
``jobs`` is.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alliance_slides.errors import AllianceError, Location, Problem
from alliance_slides.output.export import DEFAULT_RESOLUTION, Exported

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from alliance_slides.layout.resolved import ResolvedLecture


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

    def record(self) -> dict[str, object]:
        """Return what the deck's cache record keeps of it, so a skipped deck still reports."""
        warnings = [
            [p.location.file, p.location.line, p.location.column, p.message]
            for p in self.warnings
        ]
        return {"slides": self.slides, "warnings": warnings}

    @classmethod
    def from_record(cls, path: Path, lecture: str, meta: object) -> BuiltDeck | None:
        """Return the deck a cache record describes (up to date, not written), if it can.

        ``None`` when the record's ``meta`` is not what :meth:`record` writes: a record
        is only a cache, and one edited or damaged makes the deck be built again.
        """
        if not isinstance(meta, dict):
            return None
        slides, warnings = meta.get("slides"), meta.get("warnings")
        if type(slides) is not int or slides < 0 or not isinstance(warnings, list):
            return None
        problems = []
        for w in warnings:
            if not (isinstance(w, list) and [type(x) for x in w] == [str, int, int, str]):
                return None
            if w[1] < 0 or w[2] < 0:
                return None
            problems.append(Problem(Location(w[0], w[1], w[2]), w[3]))
        return cls(path, slides, 0.0, lecture, tuple(problems), unchanged=True)


def default_jobs() -> int:
    """Return how many decks are built at once by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Job:
    """One deck's share of a build or an export, as handed to a worker process."""

    target: Path
    #: The lecture to write the deck from; ``None`` for a deck that is only exported.
    resolved: ResolvedLecture | None = None
    key: str = ""
    #: What the deck's record says (slides, warnings), when it is not written again.
    recorded: BuiltDeck | None = None
    exports: tuple[str, ...] = ()
    out_dir: Path | None = None
    resolution: int = DEFAULT_RESOLUTION
    soffice: str | None = None
    force: bool = False


def run(job: Job) -> BuiltDeck | tuple[Problem, ...]:
    """Write one deck if needed, then export it; return it, or the problems that stopped it.

    Runs in a worker process, so errors come back as data: the exception family
    does not survive pickling.
    """
    from alliance_slides.output import cache
    from alliance_slides.output.export import export

    started = time.perf_counter()
    resolved = job.resolved
    title = resolved.lecture.outline.title if resolved else None
    try:
        if job.recorded is not None:
            deck = job.recorded
        elif resolved is not None:
            from alliance_slides.output.deck import write_deck

            written = write_deck(resolved, job.target)
            deck = BuiltDeck(
                job.target,
                written.slides,
                time.perf_counter() - started,
                resolved.lecture.outline.title,
                resolved.warnings,
            )
            digests = {job.target: written.digest}
            cache.remember(job.target, job.key, meta=deck.record(), digests=digests)
        else:
            deck = BuiltDeck(job.target, 0, 0.0, job.target.stem, unchanged=True, built=False)
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
        lecture = resolved.lecture if resolved else None
        where = Location(str(lecture.outline.path if lecture else job.target))
        what = f"lecture {lecture.number} ({lecture.stem}): " if lecture else ""
        return (Problem(where, f"{what}cannot write {job.target}: {type(e).__name__}: {e}"),)
    return dataclasses.replace(deck, exports=made)


def _pool_context() -> BaseContext:
    """Return how worker processes start: forked on Linux (fast), spawned elsewhere."""
    import multiprocessing
    import sys

    method = "fork" if sys.platform == "linux" else "spawn"
    return multiprocessing.get_context(method)


def run_all(
    jobs: list[Job], workers: int, on_deck: Callable[[BuiltDeck], None] | None
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
            finish(index, run(job))
        return results
    import concurrent.futures
    import gc

    context = _pool_context()
    if context.get_start_method() == "fork":
        # Forked workers inherit what this process has imported: import the deck writer
        # once here rather than once per worker, and keep the inherited objects out of
        # the collector so that its scans do not copy every shared page.
        import alliance_slides.output.deck  # noqa: F401

        gc.freeze()
    try:
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = {pool.submit(run, job): index for index, job in enumerate(jobs)}
            for future in concurrent.futures.as_completed(futures):
                finish(futures[future], future.result())
    finally:
        gc.unfreeze()
    return results
