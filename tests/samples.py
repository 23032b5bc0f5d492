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
