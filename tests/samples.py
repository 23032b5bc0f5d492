"""Sample inputs shared by several test modules, written once so they cannot drift apart."""

from __future__ import annotations

from pathlib import Path

#: One outline with every slide kind and most fields: what "all kinds build" tests use.
EVERY_KIND = """
title: Every kind
subtitle: A test lecture
author: "{{ course.instructor | default('TBA') }}"
date: 2027-02-02
sources:
  unused: {title: A source nobody cites}
  main: {title: The main source, author: A. Writer, url: https://example.org}
slides:
  - title: Bullets
    bullets:
      - Plain first
      - With **bold** and *italic*
      - Parent:
          - child one
          - child two:
              - grandchild
    notes: Say hello on slide {{ slide.number }} of {{ lecture.title }}.
    cite: [main#1]
  - kind: section
    title: A section
    subtitle: Its subtitle
  - kind: two_column
    title: Compare
    left: {heading: Left side, bullets: [l1, l2]}
    right: {heading: Right side, bullets: [r1]}
  - kind: timeline
    title: Dates
    events:
      - {when: 1945, label: First}
      - {when: 1951, label: Second, detail: more}
      - {when: 1960, label: Third}
  - kind: quote
    title: A quotation
    text: America First
    by: someone
  - kind: table
    title: A table
    columns: [Sector, Decade]
    rows: [[Textiles, 1970s], [Beef, 1970s]]
  - kind: image
    title: A picture
    image: pic.png
    alt: A red square
    caption: The caption
  - kind: questions
    questions: [Why?, How?]
  - kind: references
"""


def every_kind(folder: Path, name: str = "every.yaml") -> Path:
    """Write the every-kind outline and its picture (pic.png) into ``folder``; return it."""
    from PIL import Image

    Image.new("RGB", (400, 200), "red").save(folder / "pic.png")
    path = folder / name
    path.write_text(EVERY_KIND, encoding="utf-8")
    return path


#: One outline with every authoring feature of issue 16: per-slide layouts, numbered lists,
#: links and code, a picture (SVG) beside bullets, a hidden slide, a chart, table widths and
#: alignment, an SVG picture, citations shown on slides, and notes formatted as Markdown.
EVERY_FEATURE = """
title: Every feature
subtitle: The authoring features of alliance-slides
date: 2027-02-02
title_notes: |
  Welcome; **collect** the reading responses.
sources:
  overview: {title: The Japan US alliance (overview article)}
  context: {title: Course context notes}
slides:
  - title: Three treaties
    layout: Two Content
    numbered: true
    bullets:
      - "**1951**: the [peace treaty](https://example.org/sf1951) and `Article 3`"
      - The 1960 revision:
          - a US duty to defend
          - prior consultation
      - "Read [the treaty text](https://example.org/treaty1960)"
    notes: |
      Start with **the dates**; the text is [online](https://example.org/sf1951).

      - first point
      - second point

      1. one
      2. two
    cite: [overview#2, overview#3, context#9]
  - title: The Yoshida line
    image: {path: diagram.svg, alt: Japan and the United States divide the work, side: right}
    bullets:
      - Japan rebuilds its economy
      - The United States keeps troops in Japan
      - Settled in 1951
    cite: [overview#2]
  - title: Left picture
    image: {path: pic.png, alt: A red rectangle, side: left}
    bullets: [One, Two]
  - title: In reserve
    hidden: true
    layout: blank
    bullets: [Shown only if there is time]
  - kind: chart
    title: Defense budget
    chart: column
    categories: ["2013", "2018", "2023"]
    series:
      - {name: "Budget (¥ trillion)", values: [4.7, 5.2, 6.8]}
    alt: The budget rose from 4.7 to 6.8 trillion yen
    category_title: Fiscal year
    value_title: ¥ trillion
    labels: true
  - kind: chart
    title: Where the bases are
    chart: pie
    categories: [Okinawa, Elsewhere]
    series: [{name: Share of area, values: [70, 30]}]
    alt: Okinawa holds about 70 percent of the area
    labels: true
  - kind: table
    title: Troops
    columns: [Year, Event, Troops]
    widths: [1, 4, 1]
    align: [left, left, right]
    rows: [["1951", "Security pact", "260,000"], ["1960", "Revised treaty", "46,000"]]
  - kind: table
    title: Default alignment
    columns: [Item, Amount]
    rows: [[Gulf War, "$13 billion"], [Share, "70%"]]
  - kind: image
    title: A diagram
    image: diagram.svg
    alt: Two boxes joined by an arrow
    caption: The diagram as a vector picture
"""

#: A small SVG: two labelled boxes and an arrow (the picture beside text and the SVG slide).
DIAGRAM_SVG = """<svg xmlns="http://www.w3.org/2000/svg"
  width="400" height="300" viewBox="0 0 400 300">
  <rect x="10" y="40" width="160" height="120" fill="#1B365D"/>
  <rect x="230" y="40" width="160" height="120" fill="#B3202E"/>
  <path d="M175 100 H225" stroke="#545C66" stroke-width="6"/>
  <text x="90" y="105" font-size="28" fill="#FFFFFF" text-anchor="middle">Japan</text>
  <text x="310" y="105" font-size="28" fill="#FFFFFF" text-anchor="middle">US</text>
  <rect x="10" y="200" width="380" height="70" fill="#EEF2F6"/>
</svg>
"""


def every_feature(folder: Path, name: str = "features.yaml") -> Path:
    """Write the every-feature outline, its PNG (pic.png) and SVG (diagram.svg); return it."""
    from PIL import Image

    Image.new("RGB", (400, 200), "red").save(folder / "pic.png")
    (folder / "diagram.svg").write_text(DIAGRAM_SVG, encoding="utf-8")
    path = folder / name
    path.write_text(EVERY_FEATURE, encoding="utf-8")
    return path
