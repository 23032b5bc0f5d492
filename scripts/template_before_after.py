"""Render the before/after pictures of a real institution's template in docs/templates/.

"Before" is alliance-slides as it was before templates were honoured (git revision
``--before``, checked out in a temporary worktree): the template's layouts, but the
built-in look drawn over them. "After" is this checkout. Both build the same outline on
the same template and go through LibreOffice and pdftoppm, as a reader sees them; four
slides of each are laid out on one picture.

    python scripts/template_before_after.py [TEMPLATE] [--before REV]

TEMPLATE defaults to the Japanese 4:3 reference template in ../shared/templates (made
by others; see its SOURCES.txt). Only the pictures are kept in the repository.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from alliance_slides.output.office import convert, pdf_to_png

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "templates"
DEFAULT = ROOT.parent / "shared" / "templates" / "drakawa-japanese-4x3.pptx"
#: The last revision before templates were honoured (fonts, colours, frames, footers).
BEFORE = "cdabf66"
OUTLINE = """
title: Japan and the United States since 1945
subtitle: Postwar origins of the alliance
author: Dr. A. Example
date: 2027-02-02
slides:
  - title: Why the occupation mattered
    bullets:
      - A new constitution drafted in 1946, with Article 9 renouncing war
      - Land reform and the dissolution of the zaibatsu
      - The "reverse course" after 1947 as the Cold War hardened
  - kind: timeline
    title: From occupation to alliance
    events:
      - {when: 1945, label: Surrender}
      - {when: 1951, label: San Francisco treaty, detail: and the first security treaty}
      - {when: 1960, label: Revised treaty}
  - kind: quote
    title: In their words
    text: The Japanese people forever renounce war as a sovereign right of the nation.
    by: Constitution of Japan, Article 9
  - kind: table
    title: Three treaties
    columns: [Year, Treaty, What it did]
    rows:
      - [1951, San Francisco, Ended the occupation]
      - [1951, Security Treaty, US bases stay]
      - [1960, Mutual Cooperation, Mutual defence]
"""
#: The slides shown: bullets, timeline, quote, table (the title slide is the first).
SHOWN = (2, 3, 4, 5)


def build(python_path: Path, outline: Path, template: Path, target: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(python_path)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "alliance_slides",
            "build",
            str(outline),
            "--template",
            str(template),
            "-o",
            str(target),
            "--force",
        ],
        check=True,
        env=env,
    )


def sheet(pages: list[Path], target: Path) -> None:
    """Lay the shown pages out two by two, with a thin gap, and save ``target``."""
    images = [Image.open(pages[n - 1]).convert("RGB") for n in SHOWN if n <= len(pages)]
    w, h = images[0].size
    gap = 8
    grid = Image.new("RGB", (2 * w + 3 * gap, 2 * h + 3 * gap), "#B0B0B0")
    for i, image in enumerate(images):
        grid.paste(image, (gap + (i % 2) * (w + gap), gap + (i // 2) * (h + gap)))
    grid.save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--before", default=BEFORE, help="git revision of 'before'")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        outline = work / "lecture.yaml"
        outline.write_text(OUTLINE, encoding="utf-8")
        old = work / "before-src"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.before],
            check=True,
            capture_output=True,
        )
        try:
            build(old / "src", outline, args.template, work / "before.pptx")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)])
        build(ROOT / "src", outline, args.template, work / "after.pptx")
        for name in ("before", "after"):
            pdf = convert(work / f"{name}.pptx", "pdf", work / name)
            pages = pdf_to_png(pdf, work / name, resolution=60, prefix=name)
            sheet(pages, OUT / f"{name}.png")


if __name__ == "__main__":
    main()
