"""Which files an input may name, and whether a named picture or template is what it claims.

Outlines and course files come from other people, so the paths they name (outlines,
images, themes, template folders, .pptx templates, source texts) must stay inside
the folders the person running the build chose to expose:

- the folder of the file named on the command line;
- for a course file, also the folder holding that folder, so the usual layout of
  ``courses/``, ``outlines/`` and ``templates/`` side by side works wherever it
  is built from (this is the shipped course's layout);
- every folder given with ``--allow DIR`` (the CLI runs the build inside
  :func:`allowing`; a program using the library does the same).

Paths are resolved with symlinks followed before they are compared, so neither
``../`` nor an absolute path nor a symlink can point outside. Files named on the
command line itself (``--theme``, ``--template``) are the user's own choice and
are not confined.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import ModuleType

from alliance_slides import limits

#: Picture formats (as Pillow names them) that PowerPoint and python-pptx take.
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WMF")


#: Folders allowed besides an input's own, for the code run inside :func:`allowing`.
_ALLOWED: ContextVar[tuple[Path, ...]] = ContextVar("allowed_folders", default=())


@contextmanager
def allowing(folders: Iterable[Path]) -> Iterator[None]:
    """Let inputs read inside run also name paths inside ``folders`` (``--allow DIR``).

    The setting holds for this thread; paths are all checked in it, before any
    worker process writes a deck.
    """
    token = _ALLOWED.set(tuple(Path(folder).resolve() for folder in folders))
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def allowed_roots(source: Path, course: bool) -> tuple[Path, ...]:
    """Return the folders, resolved, that the paths named by ``source`` must stay inside."""
    folder = source.resolve().parent
    roots = [folder, folder.parent] if course else [folder]
    return tuple(dict.fromkeys([*roots, *_ALLOWED.get()]))


def outside(path: Path, roots: Sequence[Path]) -> str | None:
    """Return why ``path`` may not be read (it resolves outside every root), or ``None``."""
    try:
        resolved = path.resolve()
        resolved.stat()
    except FileNotFoundError:
        pass  # where it would be is what counts; whoever reads it says it is missing
    except (RuntimeError, OSError) as e:  # a symlink loop (RuntimeError up to Python 3.12)
        return f"cannot be resolved ({getattr(e, 'strerror', None) or e})"
    if any(resolved.is_relative_to(root) for root in roots):
        return None
    shown = ", ".join(str(root) for root in roots)
    how = " through a symlink" if path.is_symlink() or _has_symlink(path) else ""
    return (
        f"resolves{how} to {resolved}, outside the folders this build may read ({shown}); "
        "use --allow DIR to allow another folder"
    )


def _has_symlink(path: Path) -> bool:
    """Tell whether any existing part of ``path`` is a symlink."""
    return any(part.is_symlink() for part in (path, *path.parents) if part.exists())


def pillow() -> ModuleType:
    """Return Pillow's ``Image`` module, its bomb guard set to our own limit.

    Pillow warns of a "decompression bomb" past 89 megapixels and refuses twice that;
    pictures are checked against :data:`~alliance_slides.limits.MAX_IMAGE_PIXELS` before
    anything opens them, so Pillow (and python-pptx, which opens pictures with it) is
    told the same limit and never prints its own warning about a picture we accepted.
    """
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = limits.MAX_IMAGE_PIXELS
    return Image


def image_problem(path: Path) -> str | None:
    """Return why the file at ``path`` cannot be placed on a slide, or ``None`` if it can.

    Pillow reads the header and verifies the file without decoding the pixels, so a
    huge or malformed picture is refused before it costs memory.
    """
    Image = pillow()  # noqa: N806 - the module, as Pillow names it

    size = path.stat().st_size
    if size > limits.MAX_IMAGE_BYTES:
        return f"image is {size:,} bytes; the limit is {limits.MAX_IMAGE_BYTES:,} (MAX_IMAGE_BYTES)"
    try:
        with warnings.catch_warnings():
            # Our own pixel limit is checked below; Pillow's bomb warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                kind, (width, height) = picture.format, picture.size
                if width * height > limits.MAX_IMAGE_PIXELS:
                    return (
                        f"image is {width:,} x {height:,} pixels; the limit is "
                        f"{limits.MAX_IMAGE_PIXELS:,} pixels (MAX_IMAGE_PIXELS)"
                    )
                picture.verify()
    except Image.DecompressionBombError as e:  # Pillow's own, larger, limit came first
        return f"{e}; the limit is {limits.MAX_IMAGE_PIXELS:,} pixels (MAX_IMAGE_PIXELS)"
    except Exception as e:  # noqa: BLE001 - Pillow raises many kinds on a broken file
        return f"not a picture Pillow can read ({type(e).__name__}: {e})"
    if kind not in IMAGE_FORMATS:
        return f"{kind} pictures cannot go in a deck; use one of: {', '.join(IMAGE_FORMATS)}"
    if not width or not height:
        return "image has no pixels"
    return None


def template_problem(path: Path) -> str | None:
    """Return why ``path`` is not a .pptx/.potx that can be opened safely, or ``None``.

    Only the zip container is read: a zip bomb (a small file that unpacks to
    gigabytes) is refused before python-pptx unpacks it.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return f"not a PowerPoint file (.pptx/.potx are zip files): {e}"
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.MAX_TEMPLATE_BYTES:
        return (
            f"unpacks to {unpacked:,} bytes; the limit is {limits.MAX_TEMPLATE_BYTES:,} "
            "(MAX_TEMPLATE_BYTES)"
        )
    if "ppt/presentation.xml" not in {entry.filename for entry in entries}:
        return "not a PowerPoint file: it has no ppt/presentation.xml"
    return None
