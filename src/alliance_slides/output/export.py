"""Decks to PDF, to PNG pages and to a contact sheet, through LibreOffice and poppler.

Each export lands beside its deck unless a folder is given:

- ``STEM.pdf``: the deck as LibreOffice prints it (:func:`alliance_slides.output.office.convert`,
  one private LibreOffice profile per call, so parallel exports never collide);
- ``STEM/slide-01.png`` ...: one picture per slide, from the PDF (poppler's pdftoppm);
- ``STEM.sheet.png``: every slide as a thumbnail on one picture
  (:mod:`alliance_slides.output.contact_sheet`).

Every file appears complete or not at all (made in a temporary folder beside the
target, then renamed), and each export is recorded by :mod:`alliance_slides.output.cache`
with the hash of the deck it was made from, so it is made again only when its deck
changed (or when asked to with ``force``).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alliance_slides.errors import ExternalToolError, Location
from alliance_slides.files import scratch_folder
from alliance_slides.output import cache
from alliance_slides.output.office import convert, page_count, pdf_to_png

#: Pixels per inch of the PNG pages: a 16:9 slide becomes 1280 x 720.
DEFAULT_RESOLUTION = 96
_PAGE = re.compile(r"slide-(\d+)\.png")


@dataclass(frozen=True)
class Exported:
    """What one export gave: its main path, every file in it, and whether it was reused."""

    path: Path
    files: tuple[Path, ...]
    seconds: float = 0.0
    #: True when the export was already up to date and nothing was written.
    unchanged: bool = False


def pdf_path(deck: Path, out_dir: Path | None = None) -> Path:
    """Return where a deck's PDF goes: ``STEM.pdf`` in ``out_dir`` (default: the deck's)."""
    return (out_dir or deck.parent) / f"{deck.stem}.pdf"


def pages_dir(deck: Path, out_dir: Path | None = None) -> Path:
    """Return the folder of a deck's PNG pages: ``STEM/`` in ``out_dir`` (default: the deck's)."""
    return (out_dir or deck.parent) / deck.stem


def sheet_path(deck: Path, out_dir: Path | None = None) -> Path:
    """Return where a deck's contact sheet goes: ``STEM.sheet.png``."""
    return (out_dir or deck.parent) / f"{deck.stem}.sheet.png"


def page_name(number: int) -> str:
    """Return the file name of page ``number`` (1-based): ``slide-01.png``."""
    return f"slide-{number:02d}.png"


def page_files(folder: Path) -> list[Path]:
    """Return the ``slide-NN.png`` pages in ``folder``, in slide order (empty if none)."""
    if not folder.is_dir():
        return []
    found = [(m, p) for p in folder.iterdir() if (m := _PAGE.fullmatch(p.name))]
    return [p for m, p in sorted(found, key=lambda item: int(item[0].group(1)))]


def hidden_slides(deck: Path) -> list[bool]:
    """Return, for each slide of ``deck`` in order, whether it is hidden in the slide show."""
    from pptx import Presentation

    return [
        slide._element.get("show") in ("0", "false") for slide in Presentation(str(deck)).slides
    ]


_SHOW = re.compile(rb'(<p:sld\b[^>]*?)\s+show="(?:0|false)"')


def _unhidden_copy(deck: Path, folder: Path) -> Path:
    """Write a copy of ``deck`` into ``folder`` with no slide hidden; return its path."""
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / deck.name
    with zipfile.ZipFile(deck) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if re.fullmatch(r"ppt/slides/slide\d+\.xml", info.filename):
                data = _SHOW.sub(rb"\1", data, count=1)
            copy.writestr(info, data)
    return target


def deck_pdf(deck: Path, out_dir: Path, soffice: str | Path | None = None) -> Path:
    """Convert ``deck`` to PDF in ``out_dir``, one page per slide, hidden slides included.

    LibreOffice leaves hidden slides out of a PDF unless told otherwise (see
    ``office.PDF_FILTER``); a LibreOffice older than 7.4 does not read that option, so
    when the pages fall short of the slides, a copy of the deck with no hidden slide is
    converted instead. Pages then match slides one for one, and pictures, contact
    sheets and handouts can name each by its number in the deck.
    """
    made = convert(deck, "pdf", out_dir, soffice)
    pages = page_count(made)
    if pages is None:
        return made
    hidden = hidden_slides(deck)
    if pages < len(hidden) and any(hidden):
        copy = _unhidden_copy(deck, out_dir / "unhidden")
        os.replace(convert(copy, "pdf", out_dir / "unhidden", soffice), made)
    return made


@contextmanager
def _scratch(near: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``near`` (same file system, so renames are atomic)."""
    with scratch_folder(near) as folder:
        yield folder


def export_pdf(
    deck: Path,
    out_dir: Path | None = None,
    soffice: str | Path | None = None,
    force: bool = False,
) -> Exported:
    """Convert ``deck`` to PDF with LibreOffice, unless its PDF is already up to date.

    Raises :class:`~alliance_slides.errors.ExternalToolError` when LibreOffice is
    missing (with the install hint) or fails.
    """
    started = time.perf_counter()
    target = pdf_path(deck, out_dir)
    key = cache.derived_key("pdf", deck)
    if not force and cache.is_fresh(target, key):
        return Exported(target, (target,), unchanged=True)
    with _scratch(target.parent) as scratch:
        made = deck_pdf(deck, scratch, soffice)
        digest = cache.file_digest(made)  # what this run made, whoever renames after it
        os.replace(made, target)
    cache.remember(target, key, digests={target: digest})
    return Exported(target, (target,), time.perf_counter() - started)


def export_png(
    deck: Path,
    out_dir: Path | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    soffice: str | Path | None = None,
    force: bool = False,
) -> Exported:
    """Render every slide of ``deck`` to ``STEM/slide-NN.png``, unless they are up to date.

    The deck's PDF is reused when it is up to date; otherwise one is made in a
    temporary folder and not kept. Pages of an earlier, longer deck are removed.
    """
    started = time.perf_counter()
    folder = pages_dir(deck, out_dir)
    key = cache.derived_key("png", deck, resolution=resolution)
    if not force and cache.is_fresh(folder, key):
        return Exported(folder, tuple(page_files(folder)), unchanged=True)
    with _scratch(folder.parent) as scratch:
        pdf = pdf_path(deck, out_dir)
        if force or not cache.is_fresh(pdf, cache.derived_key("pdf", deck)):
            pdf = deck_pdf(deck, scratch / "pdf", soffice)
        try:
            rendered = pdf_to_png(pdf, scratch / "png", resolution, prefix="page")
        except subprocess.CalledProcessError as e:
            reason = (e.stderr or b"").decode(errors="replace").strip() or f"exit {e.returncode}"
            raise ExternalToolError.at(
                Location(str(deck)), f"pdftoppm failed: {reason.splitlines()[-1]}"
            ) from e
        folder.mkdir(parents=True, exist_ok=True)
        for old in page_files(folder):
            old.unlink()
        pages = []
        digests = {}
        for number, page in enumerate(rendered, start=1):
            target = folder / page_name(number)
            digests[target] = cache.file_digest(page)
            os.replace(page, target)
            pages.append(target)
    # The deck's hash lets a handout tell whether these pages still show its deck.
    cache.remember(folder, key, pages, meta={"deck": cache.file_digest(deck)}, digests=digests)
    return Exported(folder, tuple(pages), time.perf_counter() - started)


def export_sheet(
    deck: Path,
    out_dir: Path | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    soffice: str | Path | None = None,
    force: bool = False,
    columns: int | None = None,
    title: str | None = None,
) -> Exported:
    """Make ``STEM.sheet.png``: every slide of ``deck`` as a thumbnail grid on one picture.

    The PNG pages are made first (or reused) with :func:`export_png`. The sheet is headed
    by ``title``, else the deck's own title, else its file name.
    """
    from alliance_slides.output.contact_sheet import make_contact_sheet

    started = time.perf_counter()
    pages = export_png(deck, out_dir, resolution, soffice, force)
    target = sheet_path(deck, out_dir)
    title = title or deck_title(deck) or deck.stem
    key = cache.derived_key("sheet", deck, resolution=resolution, columns=columns, title=title)
    if not force and pages.unchanged and cache.is_fresh(target, key):
        return Exported(target, (target,), unchanged=True)
    make_contact_sheet(
        list(pages.files), target, columns=columns, title=title, hidden=hidden_slides(deck)
    )
    cache.remember(target, key)
    return Exported(target, (target,), time.perf_counter() - started)


def deck_title(path: Path) -> str | None:
    """Return the title a deck's properties give, or ``None`` (none, or not a deck)."""
    from pptx import Presentation

    try:
        return Presentation(str(path)).core_properties.title or None
    except Exception:  # noqa: BLE001 - any unreadable deck simply has no title to show
        return None


def export(
    fmt: str,
    deck: Path,
    out_dir: Path | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    soffice: str | Path | None = None,
    force: bool = False,
    title: str | None = None,
) -> Exported:
    """Export ``deck`` as ``fmt`` (pdf, png or sheet); ``title`` heads a contact sheet."""
    if fmt == "pdf":
        return export_pdf(deck, out_dir, soffice, force)
    if fmt == "png":
        return export_png(deck, out_dir, resolution, soffice, force)
    if fmt == "sheet":
        return export_sheet(deck, out_dir, resolution, soffice, force, title=title)
    raise ValueError(f"unknown export format: {fmt}")
