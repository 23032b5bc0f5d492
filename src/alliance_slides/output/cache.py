"""Rebuild skipping: an output is made again only when something it is made from changed.

A deck's key is a hash of everything that decides its bytes: the outline and course
files, the course's templates folder, the theme file and its logo, the .pptx template,
every image, the options (theme, aspect, layout names, time stamp) and alliance-slides
itself (its version and its own files, so an upgrade or an edited checkout rebuilds).
After an output is written, its key and the hash of each file written are kept in a
small record beside it (``.alliance-slides/NAME.json``). A later run skips the output
when the key is the same and every file is still what was written; anything else (a
changed input, a deleted or hand-edited deck, a new version) makes it again.
Exports made from a deck (PDF, PNG pages) are recorded the same way, keyed by the
hash of the deck they were made from.

Contents are hashed rather than modification times compared, so touching a file,
checking it out again does not force a rebuild, and an edit within the same
second is never missed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from alliance_slides import __version__
from alliance_slides.files import write_atomically
from alliance_slides.format.model import BulletsSlide, ImageSlide
from alliance_slides.layout.resolved import ResolvedLecture

#: The folder, beside the outputs, that holds one record per output.
RECORDS = ".alliance-slides"
_PACKAGE = Path(__file__).resolve().parents[1]
_PACKAGE_SUFFIXES = {".py", ".j2", ".yaml", ".json", ".txt"}


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's contents, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """Return a hash of this alliance-slides: its version and every file of the package."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in _PACKAGE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(file_digest(path).encode())
    return digest.hexdigest()


def _folder_files(folder: Path) -> list[Path]:
    """Return the files under ``folder`` (recursively, hidden ones skipped), sorted."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def lecture_inputs(resolved: ResolvedLecture) -> list[Path]:
    """Return every file a lecture's deck is made from, resolved, sorted and without repeats.

    The outline, the course file, the files of the course's templates folder, the theme
    file (a built-in theme is part of the package) and its logo, the .pptx template and
    the pictures of image slides and beside bullets (the theme's own version of each,
    where there is one).
    :mod:`alliance_slides.watch` polls the same list.
    """
    from alliance_slides.format.theme import builtin_theme_names, resolve_theme_path
    from alliance_slides.layout.kinds.image import themed_picture

    lecture = resolved.lecture
    files: list[Path] = [lecture.outline.path]
    if lecture.course_file is not None:
        files.append(lecture.course_file)
    if lecture.templates_dir is not None:
        files.extend(_folder_files(lecture.templates_dir))
    if lecture.theme and lecture.theme not in builtin_theme_names():
        files.append(resolve_theme_path(lecture.theme, Path.cwd()))
    if resolved.theme.logo is not None:
        files.append(resolved.theme.logo)
    if lecture.pptx_template is not None:
        files.append(lecture.pptx_template)
    for slide in lecture.outline.slides:
        if isinstance(slide, ImageSlide) and slide.image_path is not None:
            files.append(themed_picture(slide.image_path, resolved.theme))
        beside = slide.image if isinstance(slide, BulletsSlide) else None
        if beside is not None and beside.image_path is not None:
            files.append(themed_picture(beside.image_path, resolved.theme))
    return sorted({Path(os.path.abspath(f)) for f in files})


def _hash(parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def deck_key(resolved: ResolvedLecture) -> str:
    """Return the key of a lecture's deck: its inputs' contents, its options and the tool.

    The time stamped into the deck is part of it (it follows SOURCE_DATE_EPOCH).
    """
    lecture = resolved.lecture
    inputs = [(str(path), file_digest(path)) for path in lecture_inputs(resolved)]
    return _hash(
        {
            "tool": tool_fingerprint(),
            "inputs": inputs,
            "stem": lecture.stem,
            "theme": lecture.theme,
            "aspect": lecture.aspect,
            "template": str(lecture.pptx_template) if lecture.pptx_template else None,
            "layouts": sorted(lecture.layout_names.items()),
            "when": resolved.stamp.isoformat(),
        }
    )


def derived_key(kind: str, source: Path, **options: object) -> str:
    """Return the key of an export of ``kind`` made from the file ``source`` with ``options``."""
    return _hash(
        {"tool": tool_fingerprint(), "kind": kind, "source": file_digest(source), **options}
    )


def record_path(target: Path) -> Path:
    """Return where the record of ``target`` (a file, or a folder of pages) is kept."""
    return target.parent / RECORDS / f"{target.name}.json"


_DIGEST = re.compile(r"[0-9a-f]{64}")
#: The largest record read; one of a deck of ten thousand slides with a warning each is
#: about a megabyte.
_MAX_RECORD_BYTES = 4 * 1024 * 1024


def _record_files(record: object) -> dict[str, str] | None:
    """Return a record's files (name beside the target: digest) if the record is well formed.

    A record is only ever a cache: one that is unreadable, of the wrong shape, or names a
    file outside the target's folder is taken as no record (the output is made again).
    """
    if not isinstance(record, dict) or not isinstance(record.get("key"), str):
        return None
    if not isinstance(record.get("meta", {}), dict):
        return None
    files = record.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for name, digest in files.items():
        parts = Path(name).parts
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            return None
        if not parts or Path(name).is_absolute() or ".." in parts:
            return None
    return files


def lookup(target: Path, key: str | None) -> dict[str, Any] | None:
    """Return the record of ``target`` if it was made with ``key`` and is unchanged since.

    ``None`` comes back when it must be made (again): no record, another key, a record
    that is not well formed, or a file missing or different from what was written. A
    ``key`` of ``None`` accepts any key (to read what an unchanged output was made from).
    The record's ``meta`` is always a dict.
    """
    where = record_path(target)
    try:
        # A record is a few hundred bytes: a bigger one, or no file at all (a FIFO would
        # never end), is no record of ours.
        if not where.is_file() or where.stat().st_size > _MAX_RECORD_BYTES:
            return None
        record = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    files = _record_files(record)
    if files is None or (key is not None and record["key"] != key):
        return None
    base = target.parent
    for name, digest in files.items():
        path = base / name
        try:
            if not path.is_file() or file_digest(path) != digest:
                return None
        except OSError:
            return None
    record.setdefault("meta", {})
    return record  # type: ignore[no-any-return]


def is_fresh(target: Path, key: str) -> bool:
    """Tell whether ``target`` was made with ``key`` and its files are unchanged since."""
    return lookup(target, key) is not None


def remember(
    target: Path,
    key: str,
    files: Sequence[Path] | None = None,
    meta: dict[str, Any] | None = None,
    digests: Mapping[Path, str] | None = None,
) -> None:
    """Record that ``target`` (or the ``files`` it consists of) was just made with ``key``.

    ``digests`` gives the hash of what was written to each file, taken before it was
    renamed into place (:func:`~alliance_slides.files.write_atomically` returns it): a
    build running at the same time with other options may replace the file at once, and
    reading it back would pair this key with that build's output. A file without one is
    read back. ``meta`` is kept with the record (a deck keeps its slide count and
    warnings, so a skipped deck still reports them).
    """
    base = target.parent
    made: Iterable[Path] = files if files is not None else [target]
    known = digests or {}
    record = {
        "key": key,
        "files": {
            str(Path(os.path.relpath(path, base))): known.get(path) or file_digest(path)
            for path in made
        },
        "meta": meta or {},
    }
    write_atomically(record_path(target), json.dumps(record, indent=1).encode("utf-8"))
