"""Watching a lecture's inputs and rebuilding its decks when one changes.

:class:`Watcher` keeps the list of files a build reads (the outline or course file,
every outline, the templates, the theme, its logo, the images, the .pptx template
(the course's, or one given as for ``build --template``):
:func:`alliance_slides.output.cache.lecture_inputs`) and their sizes and modification
times. Each :meth:`Watcher.poll` compares them with the files as they are now and,
when one changed (or on the first poll), builds again; the build itself skips decks
whose inputs did not change, so only the lectures touched are written.

An invalid input does not stop the watching: its problems come back in the
outcome, and the files they point at join the watched ones, so fixing the broken
outline triggers the next build even before any build has succeeded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from alliance_slides.errors import AllianceError, Problem
from alliance_slides.workers import BuiltDeck

#: A file's state as compared between polls: (modification time in ns, size), or None.
Stamp = tuple[int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


@dataclass(frozen=True)
class WatchOutcome:
    """What one rebuild gave: the decks (written or up to date), or the problems found."""

    decks: tuple[BuiltDeck, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass
class Watcher:
    """Rebuild the decks of ``path`` when any file they are made from changes."""

    path: Path
    out: Path | None = None
    theme: str | None = None
    #: An institution's .pptx/.potx overriding the course's, as ``build --template``.
    template: Path | None = None
    jobs: int | None = None
    #: Write every deck again on the first build (later ones write only what changed).
    force: bool = False
    #: The files watched, with their state when last built.
    stamps: dict[Path, Stamp] = field(default_factory=dict)
    _started: bool = False

    @property
    def files(self) -> list[Path]:
        """The files watched now."""
        return sorted(self.stamps)

    def changed(self) -> list[Path]:
        """Return the watched files whose size or modification time changed since the build."""
        return [path for path, stamp in self.stamps.items() if _stamp(path) != stamp]

    def poll(self) -> WatchOutcome | None:
        """Build if anything changed since the last build (or never built); else ``None``."""
        if self._started and not self.changed():
            return None
        self._started = True
        return self.rebuild()

    def rebuild(self) -> WatchOutcome:
        """Build now; remember the inputs read, or the files the problems point at."""
        from alliance_slides.build import build_lectures, prepare
        from alliance_slides.output.cache import lecture_inputs

        watched = {Path(os.path.abspath(self.path))}
        # Stamps are taken before building, so an edit made during the build is seen next time.
        try:
            lectures = prepare(self.path, self.theme, self.template)
            for resolved in lectures:
                watched.update(lecture_inputs(resolved))
            self.stamps = {path: _stamp(path) for path in watched}
            decks = build_lectures(self.path, lectures, self.out, jobs=self.jobs, force=self.force)
            self.force = False
            return WatchOutcome(decks=tuple(decks))
        except AllianceError as e:
            named = {Path(os.path.abspath(p.location.file)) for p in e.problems}
            watched.update(p for p in named if p.is_file())
            self.stamps = {path: _stamp(path) for path in watched | set(self.stamps)}
            return WatchOutcome(problems=e.problems)
