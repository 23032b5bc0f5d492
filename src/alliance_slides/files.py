"""Files written whole or not at all: a temporary file in the same folder, then a rename.

Every output of alliance-slides (decks, notes, handouts, records, drafts) is written
through :func:`write_atomically`, so an interrupted run leaves the previous file or
none, never half of one.

A run killed outright (``kill -9``) cannot remove its temporary file, so each write
first removes the ones earlier runs left in its folder (:func:`remove_stale`): only
names this module makes, only when older than :data:`STALE_SECONDS`, and only when no
live process holds them. A writer holds a lock on its temporary file from the moment it
is made until it is renamed, so a build running at the same time keeps its own.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from alliance_slides.errors import BuildError, Location

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Unix: nothing is locked, age alone decides
    fcntl = None  # type: ignore[assignment]

#: Names of this tool's temporary files and folders, as tempfile makes them: a writer's
#: ``.NAME.XXXXXXXX.tmp``, an export's ``.export-XXXXXXXX`` and, in the system's temporary
#: folder, a LibreOffice profile's ``alliance-slides-lo-XXXXXXXX`` (eight of [a-z0-9_]).
TEMPORARY = re.compile(
    r"\.(?:.+\.[a-z0-9_]{8}\.tmp|export-[a-z0-9_]{8})|alliance-slides-lo-[a-z0-9_]{8}"
)

#: How old a leftover must be before it is removed: a writer locks its file at once, so
#: this only guards the instant between making the file and locking it.
STALE_SECONDS = 60.0

#: When each folder was last cleaned by this process.
_CLEANED: dict[str, float] = {}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _lock(fd: int, wait: bool = True) -> bool:
    """Lock ``fd`` for this process (until it is closed); tell whether that worked."""
    if fcntl is None:  # pragma: no cover - not on Unix
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:  # held by another live process (or a file system without locks)
        return False
    return True


def remove_stale(folder: Path) -> None:
    """Remove what killed runs of this tool left in ``folder``; see the module docstring.

    Runs at most once a minute per folder in a process; anything it cannot remove is
    left alone, silently: it is only tidying.
    """
    key = os.path.abspath(folder)
    now = time.time()
    if now - _CLEANED.get(key, 0.0) < STALE_SECONDS:
        return
    _CLEANED[key] = now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not TEMPORARY.fullmatch(entry.name):
            continue
        try:
            if entry.is_symlink() or now - entry.stat().st_mtime < STALE_SECONDS:
                continue
            is_dir = entry.is_dir()
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if not _lock(fd, wait=False):
                continue  # a live build is writing it
            if is_dir:
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            pass
        finally:
            os.close(fd)


def write_atomically(path: Path, data: bytes) -> str:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Returns the SHA-256 of ``data`` (hex), taken before the rename: what was written,
    whatever another process does to ``path`` afterwards.
    """
    return write_atomically_with(path, lambda handle: handle.write(data))


def write_atomically_with(path: Path, produce: Callable[[BinaryIO], object]) -> str:
    """As :func:`write_atomically`, the bytes written by ``produce`` into the open file.

    A deck of many pictures is written straight to its file, never held whole in memory
    (ten 50 MB pictures took a gigabyte). The digest is read back from the file before
    the rename.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:  # the folder is a file, or cannot be made or written in
        if isinstance(e, (FileExistsError, NotADirectoryError)):
            why = f"{e.filename or path.parent} is not a folder"
        else:
            why = f"cannot make a file in {path.parent}: {e.strerror or e}"
        raise BuildError.at(Location(str(path)), f"cannot write: {why}") from e
    try:
        _lock(fd)  # held until the file is renamed and closed: see remove_stale
        # mkstemp makes the file private (0600); the output gets the usual mode instead.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w+b") as handle:
            produce(handle)
            handle.flush()
            os.fsync(handle.fileno())
            handle.seek(0)
            hashed = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                hashed.update(chunk)
            digest = hashed.hexdigest()
            os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise BuildError.at(Location(str(path)), f"cannot write: {e.strerror or e}") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


@contextmanager
def scratch_folder(near: Path, prefix: str = ".export-") -> Iterator[Path]:
    """Yield a temporary folder in ``near`` (same file system, so renames are atomic).

    It is locked while in use and removed after; one a killed run left is removed by a
    later run (:func:`remove_stale`).
    """
    near.mkdir(parents=True, exist_ok=True)
    remove_stale(near)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=near))
    fd = os.open(folder, os.O_RDONLY)
    try:
        _lock(fd)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)
