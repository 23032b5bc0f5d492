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


def test_a_course_built_in_parallel_is_the_same_as_built_in_one_process(tmp_path: Path) -> None:
    course = REPO / "courses" / "hist-240.yaml"
    serial = build(course, tmp_path / "serial", jobs=1)
    parallel = build(course, tmp_path / "parallel", jobs=2)
    assert [d.path.name for d in serial] == [d.path.name for d in parallel]
    assert [digest(d.path) for d in serial] == [digest(d.path) for d in parallel]


def test_core_properties_are_fixed_unless_the_outline_sets_them(
    write: Callable[[str, str], Path],
) -> None:
    plain = write("plain.yaml", OUTLINE)
    (deck,) = build(plain, "plain")
    props = Presentation(str(deck.path)).core_properties
    fixed = dt.datetime(2000, 1, 1)
    assert (props.created, props.modified, props.last_printed) == (fixed, fixed, fixed)
    assert (props.revision, props.last_modified_by, props.author) == (1, "alliance-slides", "")
    with zipfile.ZipFile(deck.path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}

    header = "author: A. Lecturer\ntags: [alliance, postwar]\n"
    named = write("named.yaml", header + OUTLINE.lstrip())
    (deck,) = build(named, "named")
    props = Presentation(str(deck.path)).core_properties
    assert (props.author, props.keywords, props.title) == (
        "A. Lecturer",
        "alliance, postwar",
        "Twice",
    )
    assert props.created == fixed
