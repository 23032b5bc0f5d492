"""Files written whole or not at all: a temporary file in the same folder, then a rename.

Every output of alliance-slides (decks, notes, handouts, records, drafts) is written
through :func:`write_atomically`, so an interrupted run leaves the previous file or
none, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from alliance_slides.errors import BuildError, Location


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:  # the folder is a file, or cannot be made or written in
        if isinstance(e, (FileExistsError, NotADirectoryError)):
            why = f"{e.filename or path.parent} is not a folder"
        else:
            why = f"cannot make a file in {path.parent}: {e.strerror or e}"
        raise BuildError.at(Location(str(path)), f"cannot write: {why}") from e
    try:
        # mkstemp makes the file private (0600); the output gets the usual mode instead.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise BuildError.at(Location(str(path)), f"cannot write: {e.strerror or e}") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
