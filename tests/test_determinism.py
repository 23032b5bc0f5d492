"""Equal inputs give byte-identical decks; SOURCE_DATE_EPOCH sets the time stamped in them."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation

from alliance_slides.build import build
from conftest import REPO

OUTLINE = """
title: Twice
slides:
  - {title: One, bullets: [a, b], notes: hello}
  - {kind: timeline, title: T, events: [{when: 1945, label: x}, {when: 1951, label: y}]}
  - {kind: table, title: Tab, columns: [a, b], rows: [[1, 2]]}
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_building_twice_gives_identical_bytes(write: Callable[[str, str], Path]) -> None:
    path = write("twice.yaml", OUTLINE)
    (first,) = build(path, "a")
    (second,) = build(path, "b")
    assert digest(first.path) == digest(second.path)


def test_the_shipped_course_is_deterministic(tmp_path: Path) -> None:
    course = REPO / "courses" / "hist-240.yaml"
    one = build(course, tmp_path / "one")
    two = build(course, tmp_path / "two")
    assert [digest(d.path) for d in one] == [digest(d.path) for d in two]


def test_zip_entries_are_stamped_with_the_lecture_date_or_epoch(
    write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("dated.yaml", "date: 2027-02-02\n" + OUTLINE.lstrip())
    (deck,) = build(path, "dated")
    with zipfile.ZipFile(deck.path) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(2027, 2, 2, 0, 0, 0)}
    props = Presentation(str(deck.path)).core_properties
    assert props.created == dt.datetime(2027, 2, 2)
    assert props.title == "Twice"

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (epoch,) = build(path, "epoch")
    with zipfile.ZipFile(epoch.path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert Presentation(str(epoch.path)).core_properties.modified == dt.datetime(
        2023, 11, 14, 22, 13, 20
    )
