"""Render the before/after pictures of text fitting in docs/before-after/.

"Before" is what a plain python-pptx script gives for two crowded slides (fifteen
bullets; an 8x6 table) in python-pptx's default template; "after" is alliance-slides
on the same content. Both go through LibreOffice and pdftoppm, as a reader sees them.

    python scripts/before_after.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from alliance_slides.build import build
from alliance_slides.output.office import convert, pdf_to_png

OUT = Path(__file__).resolve().parents[1] / "docs" / "before-after"
BULLETS = [f"Point number {i} with a few words of explanation for the class" for i in range(1, 16)]
COLUMNS = ["Year", "Event", "Actor", "Place", "Outcome", "Notes"]
ROWS = [[str(1950 + i), f"A long event description {i}", "Government of Japan",
         "Tokyo and Washington", "An outcome that takes words", "More notes"] for i in range(8)]


def naive_deck(path: Path) -> None:
    """Write the two slides the way a plain python-pptx script does."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Fifteen bullets on a single slide"
    body = slide.placeholders[1].text_frame
    body.text = BULLETS[0]
    for text in BULLETS[1:]:
        body.add_paragraph().text = text
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "An eight by six table"
    table = slide.shapes.add_table(9, 6, Inches(0.5), Inches(1.5), Inches(9), Inches(4)).table
    for c, heading in enumerate(COLUMNS):
        table.cell(0, c).text = heading
    for r, row in enumerate(ROWS, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    prs.save(str(path))


def outline(path: Path) -> None:
    rows = "\n".join(f"      - [{', '.join(row)}]" for row in ROWS)
    bullets = "\n".join(f"      - {b}" for b in BULLETS)
    path.write_text(
        "title: Before and after\ntitle_slide: false\nslides:\n"
        f"  - title: Fifteen bullets on a single slide\n    bullets:\n{bullets}\n"
        f"  - title: An eight by six table\n    kind: table\n"
        f"    columns: [{', '.join(COLUMNS)}]\n    rows:\n{rows}\n",
        encoding="utf-8",
    )


def pictures(pptx: Path, work: Path, prefix: str) -> list[Path]:
    pdf = convert(pptx, "pdf", work / prefix)
    return pdf_to_png(pdf, work / prefix, resolution=50, prefix=prefix)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        naive_deck(work / "before.pptx")
        outline(work / "outline.yaml")
        (deck,) = build(work / "outline.yaml", work / "after.pptx")
        before = pictures(work / "before.pptx", work, "before")
        after = pictures(deck.path, work, "after")
        for name, files in (("before", before), ("after", after)):
            for i, file in enumerate(files, start=1):
                target = OUT / f"{name}-{i}.png"
                Image.open(file).save(target, optimize=True)
                print(f"wrote {target}")


if __name__ == "__main__":
    main()
