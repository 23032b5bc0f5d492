"""LibreOffice in headless mode: converting decks to PDF (and PDF pages to PNG).

Each conversion runs with its own LibreOffice profile folder, so parallel
conversions (several lectures, several test workers) never collide on the
profile lock. A missing program is an :class:`ExternalToolError` with the
install hint, not a traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from alliance_slides import limits
from alliance_slides.errors import ExternalToolError, Location
from alliance_slides.files import scratch_folder

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress "
    "fonts-crosextra-carlito) or pass --soffice PATH"
)
#: Seconds one conversion may take before it is abandoned.
TIMEOUT = 300
#: What ``--convert-to pdf`` becomes: Impress's PDF filter told to keep hidden slides, which
#: it leaves out by default (so pages would no longer be the deck's slides, one for one).
#: LibreOffice reads filter options written as JSON from 7.4; an older one ignores them,
#: which :func:`alliance_slides.output.export.deck_pdf` notices by counting pages.
PDF_FILTER = 'pdf:impress_pdf_Export:{"ExportHiddenSlides":{"type":"boolean","value":"true"}}'


def find_soffice(given: str | Path | None = None) -> Path:
    """Return the LibreOffice program: ``given``, else ``soffice`` or ``libreoffice`` on PATH."""
    candidates = [str(given)] if given else ["soffice", "libreoffice"]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return Path(found)
    where = Location(str(given)) if given else Location("soffice")
    raise ExternalToolError.at(where, f"LibreOffice not found; {INSTALL_HINT}")


def convert(source: Path, fmt: str, out_dir: Path, soffice: str | Path | None = None) -> Path:
    """Convert ``source`` with LibreOffice to ``fmt`` (e.g. 'pdf') in ``out_dir``."""
    program = find_soffice(soffice)
    out_dir.mkdir(parents=True, exist_ok=True)
    # A private profile per conversion, locked while in use, so that one a killed run left
    # is removed by the next one (files.remove_stale), and never one still in use.
    with scratch_folder(Path(tempfile.gettempdir()), "alliance-slides-lo-") as folder:
        profile = str(folder)
        command = [
            str(program),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER if fmt == "pdf" else fmt,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        env = {**os.environ, "HOME": profile}
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False
            )
        except subprocess.TimeoutExpired as e:
            raise ExternalToolError.at(
                Location(str(source)), f"LibreOffice took over {TIMEOUT} s; gave up"
            ) from e
    target = out_dir / f"{source.stem}.{fmt.split(':')[0]}"
    if result.returncode != 0 or not target.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit code {result.returncode}"
        raise ExternalToolError.at(Location(str(source)), f"LibreOffice failed: {reason}")
    return target


def _pdf_info(pdf: Path) -> str:
    """Return what poppler's pdfinfo says of a PDF ('' when it is not installed)."""
    program = shutil.which("pdfinfo")
    if not program:
        return ""
    info = subprocess.run(
        [program, str(pdf)], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    return info.stdout


def _page_size(pdf: Path) -> tuple[float, float] | None:
    """Return the size of the PDF's first page in points (poppler's pdfinfo), if it says."""
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", _pdf_info(pdf), re.MULTILINE)
    return (float(match.group(1)), float(match.group(2))) if match else None


def page_count(pdf: Path) -> int | None:
    """Return how many pages a PDF has (poppler's pdfinfo), or ``None`` when it cannot say."""
    match = re.search(r"^Pages:\s+(\d+)", _pdf_info(pdf), re.MULTILINE)
    return int(match.group(1)) if match else None


def pdf_to_png(
    pdf: Path, out_dir: Path, resolution: int = 60, prefix: str | None = None
) -> list[Path]:
    """Render each page of ``pdf`` to PNG with poppler's pdftoppm; return the files in order.

    Pages are exactly ``round(width in inches x resolution)`` pixels wide (pdftoppm's own
    ``-r`` rounds up, making a 1280-pixel slide 1281), the height following the page.
    """
    program = shutil.which("pdftoppm")
    if not program:
        raise ExternalToolError.at(
            Location("pdftoppm"), "pdftoppm not found; install poppler-utils"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = prefix or pdf.stem
    page = _page_size(pdf)
    size = ["-r", str(resolution)]
    if page and page[0] > 0 and page[1] > 0:
        # A slide of 56 x 56 inches at 600 dpi would be a billion pixels: fewer, then.
        fewer = (0.999 * limits.MAX_PAGE_PIXELS / (page[0] * page[1])) ** 0.5  # rounding
        scale = min(resolution / 72, fewer)
        size = ["-scale-to-x", str(max(1, round(page[0] * scale))), "-scale-to-y", "-1"]
    subprocess.run(
        [program, "-png", *size, str(pdf), str(out_dir / stem)],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return sorted(out_dir.glob(f"{stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
