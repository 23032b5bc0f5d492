"""A timeline continued on another slide keeps its line where it was (layout.kinds.timeline)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alliance_slides.build import prepare
from alliance_slides.layout.scene import LineShape

NINE = """\
  - kind: timeline
    title: Nine events
    events:
      - {when: 1945, label: Surrender}
      - {when: 1947, label: Constitution, detail: Article 9}
      - {when: 1950, label: Korean War}
      - {when: 1951, label: San Francisco, detail: peace and security}
      - {when: 1952, label: Occupation ends}
      - {when: 1954, label: SDF founded}
      - {when: 1960, label: Revised treaty, detail: Anpo protests}
      - {when: 1972, label: Okinawa reverts}
      - {when: 1991, label: Gulf War}
"""


def test_a_continued_timeline_keeps_its_line_at_one_height(
    write: Callable[[str, str], Path],
) -> None:
    write("o.yaml", f"title: T\ntitle_slide: false\nslides:\n{NINE}")
    (lecture,) = prepare(write("c.yaml", "course: {code: X 1}\nlectures: [{outline: o.yaml}]\n"))
    assert len(lecture.scenes) == 2, "nine dates continue"
    lines = [s for scene in lecture.scenes for s in scene.shapes if isinstance(s, LineShape)]
    assert len({round(line.y1, 1) for line in lines}) == 1, [line.y1 for line in lines]
    body = lecture.theme.body_box
    assert body.y < lines[0].y1 < body.bottom
