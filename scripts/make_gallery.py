"""Draw docs/gallery.md: every slide kind in every built-in theme, as LibreOffice renders it.

One short lecture (its facts are the shipped course's) is built in each built-in theme
and each slide exported as a PNG to docs/gallery/THEME-NN-KIND.png; docs/gallery.md
shows them side by side, a row per kind. Run it after changing a theme or a layout, and
look at the result:

    python scripts/make_gallery.py          # needs LibreOffice (soffice) and pdftoppm
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from alliance_slides.build import build
from alliance_slides.format.theme import builtin_theme_names, load_theme

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "gallery"
PAGE = REPO / "docs" / "gallery.md"
FIGURES = REPO / "outlines" / "figures"
#: Pixels an inch: a 16:9 slide is 640 pixels wide, enough to judge a layout by.
RESOLUTION = 48

#: The lecture, slide by slide, with the kind each slide shows (the title slide first).
KINDS = [
    ("title", "Title slide"),
    ("bullets", "Bullets"),
    ("bullets-picture", "Numbered bullets beside a picture"),
    ("section", "Section"),
    ("two_column", "Two columns"),
    ("timeline", "Timeline"),
    ("quote", "Quotation"),
    ("table", "Table"),
    ("image", "Picture"),
    ("chart", "Chart"),
    ("questions", "Questions"),
    ("references", "References"),
]

OUTLINE = """
title: The Postwar Origins of the Alliance
subtitle: Every kind of slide, in every theme
author: Dr. A. Example
date: 2027-02-02
sources:
  overview: {title: The Japan US alliance (overview article)}
slides:
  - title: The Occupation's first aims
    bullets:
      - "August 1945: surrender; SCAP governs through Tokyo"
      - "**Demilitarize**: forces disbanded, leaders purged or tried"
      - "**Democratize**: land reform, a new constitution"
    cite: [overview#1]
  - title: Yoshida's bargain
    numbered: true
    image:
      path: yoshida-line.png
      alt: Japan rebuilds its economy; the United States keeps troops in Japan
      side: right
    bullets:
      - Japan rebuilds its economy
      - US troops stay in Japan
      - Settled in 1951
    cite: [overview#2]
  - kind: section
    title: A change of course
    subtitle: Cold War priorities reach Tokyo
  - kind: two_column
    title: Who gained, who objected?
    left:
      heading: Yoshida's government
      bullets: [Security without a large army, "Resources free for **recovery**"]
    right:
      heading: Critics at home and abroad
      bullets: ["Foreign bases, an **unequal** pact", Okinawa left under US rule]
  - kind: timeline
    title: From surrender to sovereignty
    events:
      - {when: August 1945, label: Surrender, detail: the Occupation begins}
      - {when: June 1950, label: Korean War begins}
      - {when: September 1951, label: Peace treaty signed}
      - {when: September 1951, label: Security pact signed}
      - {when: April 1952, label: Occupation ends}
      - {when: 1954, label: Self-Defense Forces founded}
  - kind: quote
    text: >-
      Aspiring sincerely to an international peace based on justice and order, the Japanese
      people forever renounce war as a sovereign right of the nation
    by: Constitution of Japan (1947), Article 9
  - kind: table
    title: The security treaty, old and new
    columns: [Question, 1951 pact, 1960 treaty]
    rows:
      - [A US duty to defend Japan?, None stated, "Yes, in territory Japan administers"]
      - [How long?, No end date, "Ten years, then one year's notice"]
      - [A say over US deployments, None, Prior consultation]
  - kind: image
    title: The Yoshida line
    image: yoshida-line.png
    alt: Japan takes postwar reconstruction and growth; the United States military responsibilities
    caption: Yoshida's choice divided the work between the two countries
  - kind: chart
    title: Japan's defense budget
    chart: column
    categories: ["2013", "2018", "2023"]
    series:
      - {name: "Budget (¥ trillion)", values: [4.7, 5.2, 6.8]}
    alt: The budget rose from 4.7 to 6.8 trillion yen
    value_title: ¥ trillion
    labels: true
  - kind: questions
    questions:
      - Did the reverse course abandon the Occupation's first aims, or build on them?
      - Was the Yoshida line a dependency, a bargain, or a shrewd choice?
  - kind: references
"""


def render(theme: str, work: Path) -> list[Path]:
    """Build the lecture in ``theme`` and return its slides as PNG files, in order."""
    folder = work / theme
    folder.mkdir()
    for figure in FIGURES.glob("yoshida-line*.png"):
        shutil.copy(figure, folder / figure.name)
    outline = folder / "gallery.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    (deck,) = build(outline, folder / "out", theme=theme, exports=("png",), resolution=RESOLUTION)
    (png,) = [e for e in deck.exports if e.path.is_dir()]
    return sorted(png.files)


def page(themes: list[str]) -> str:
    """Return docs/gallery.md: a row per kind, a column per theme."""
    lines = [
        "# Gallery: every slide kind in every theme",
        "",
        "The same short lecture built in each built-in theme and rendered by LibreOffice",
        "(16:9). Made by `python scripts/make_gallery.py`; run it again after changing a",
        "theme or a layout, and look.",
        "",
    ]
    for name in themes:
        first = load_theme(name)
        lines.append(f"- **{name}**: {first.latin_font}, text #{first.colors['text']} on "
                     f"#{first.colors['background']}, accent #{first.colors['accent']}")
    lines += ["", "| kind | " + " | ".join(themes) + " |", "|---" * (len(themes) + 1) + "|"]
    for number, (kind, label) in enumerate(KINDS, start=1):
        cells = [
            f"![{label}, {theme}](gallery/{theme}-{number:02d}-{kind}.png)" for theme in themes
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    themes = builtin_theme_names()
    # The classic theme first: it is the default.
    themes.sort(key=lambda name: (name != "classic", name))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="gallery-") as scratch:
        for theme in themes:
            pages = render(theme, Path(scratch))
            if len(pages) != len(KINDS):
                sys.exit(f"{theme}: {len(pages)} slides, expected {len(KINDS)}")
            for number, ((kind, _), source) in enumerate(zip(KINDS, pages, strict=True), 1):
                target = OUT / f"{theme}-{number:02d}-{kind}.png"
                shutil.copy(source, target)
            print(f"{theme}: {len(pages)} slides")
    PAGE.write_text(page(themes), encoding="utf-8")
    print(f"wrote {PAGE} and {len(KINDS) * len(themes)} pictures in {OUT}")


if __name__ == "__main__":
    main()
