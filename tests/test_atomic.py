"""Decks are written atomically: a killed build leaves no truncated .pptx; one failure is one.

A course build is killed with SIGKILL while it is writing; every .pptx left in the
output folder must be a whole deck. A lecture whose deck cannot be written fails
alone: the other decks are written and the failure names its deck.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from alliance_slides.cli import cli
from alliance_slides.errors import AllianceError

LECTURES = 4
SLIDES = 300


def big_course(folder: Path) -> Path:
    """Write a course of LECTURES outlines of SLIDES slides each, with notes on every slide."""
    for number in range(1, LECTURES + 1):
        slides = "".join(
            f"  - title: Slide {i} of lecture {number}\n"
            f"    bullets: [first point {i}, second point {i}, 'a third, longer point {i}']\n"
            f"    notes: Say something about point {i}.\n"
            for i in range(SLIDES)
        )
        (folder / f"{number:02d}-big.yaml").write_text(
            f"title: Lecture {number}\nslides:\n{slides}"
        )
    entries = "".join(f"  - outline: {n:02d}-big.yaml\n" for n in range(1, LECTURES + 1))
    course = folder / "big.yaml"
    course.write_text(f"course: {{code: BIG 1}}\nlectures:\n{entries}")
    return course


def assert_whole_decks(out: Path) -> list[Path]:
    """Assert every .pptx in ``out`` is a complete deck; return them."""
    decks = sorted(out.glob("*.pptx"))
    for deck in decks:
        with zipfile.ZipFile(deck) as archive:
            assert archive.testzip() is None, deck
        assert len(Presentation(str(deck)).slides) == SLIDES + 1, deck
    return decks


def test_a_build_killed_while_writing_leaves_no_truncated_deck(tmp_path: Path) -> None:
    course = big_course(tmp_path)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "alliance_slides", "build", str(course), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers die with it
    )
    try:
        # Kill as soon as a deck is being written (a temporary file) or the first one is done.
        while process.poll() is None:
            if out.is_dir() and any(p.suffix in (".tmp", ".pptx") for p in out.iterdir()):
                break
            time.sleep(0.002)
        assert process.poll() is None, "the build finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    decks = assert_whole_decks(out)
    assert len(decks) < LECTURES  # it was killed mid-way
    leftovers = [p for p in out.iterdir() if p.suffix == ".tmp"]
    assert all(p.name.startswith(".") for p in leftovers), leftovers  # hidden, never .pptx
    for path in leftovers:  # as if the kill was a while ago: no build holds them now
        os.utime(path, (time.time() - 120, time.time() - 120))

    # The next build finishes the job, and removes what the killed one left.
    rebuilt = subprocess.run(
        [sys.executable, "-m", "alliance_slides", "build", str(course), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert len(assert_whole_decks(out)) == LECTURES
    assert [p for p in out.iterdir() if p.suffix == ".tmp"] == []


def test_a_lecture_that_fails_to_write_leaves_the_others_written(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    for stem in ("01-first", "02-second", "03-third"):
        write(f"{stem}.yaml", f"title: {stem}\nslides:\n  - {{title: A, bullets: [a]}}\n")
    write(
        "c.yaml",
        "lectures:\n  - outline: 01-first.yaml\n  - outline: 02-second.yaml\n"
        "  - outline: 03-third.yaml\n",
    )
    (tmp_path / "out" / "02-second.pptx").mkdir(parents=True)  # its deck cannot be written
    for jobs in ("1", "3"):
        result = CliRunner().invoke(cli, ["build", "c.yaml", "-o", "out", "--jobs", jobs])
        assert result.exit_code == 1, result.output
        failures = [line for line in result.output.splitlines() if "02-second" in line]
        assert failures == ["out/02-second.pptx: cannot write: Is a directory"], result.output
        for stem in ("01-first", "03-third"):
            deck = tmp_path / "out" / f"{stem}.pptx"
            assert [s.shapes.title.text for s in Presentation(str(deck)).slides] == [stem, "A"]
        assert (tmp_path / "out" / "02-second.pptx").is_dir()


def test_an_output_folder_that_is_a_file_is_one_line_not_a_traceback(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write("o.yaml", "title: T\nslides:\n  - {title: A}\n")
    write("taken", "a file, not a folder\n")
    for args in (["build", "o.yaml", "-o", "taken"], ["notes", "o.yaml", "-o", "taken/o.md"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert result.output.endswith(": cannot write: taken is not a folder\n"), result.output
        assert len(result.output.splitlines()) == 1
    assert (tmp_path / "taken").read_text() == "a file, not a folder\n"


def test_an_unexpected_failure_in_one_lecture_names_it_and_spares_the_others(
    write: Callable[[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alliance_slides import build as build_module
    from alliance_slides.output import deck as deck_module

    for stem in ("01-first", "02-second"):
        write(f"{stem}.yaml", f"title: {stem}\nslides:\n  - {{title: A, bullets: [a]}}\n")
    write("c.yaml", "lectures:\n  - outline: 01-first.yaml\n  - outline: 02-second.yaml\n")
    real = deck_module.write_deck

    def flaky(resolved, target):  # type: ignore[no-untyped-def]
        if resolved.lecture.number == 2:
            raise FileNotFoundError("pic.png vanished")  # e.g. deleted after it was checked
        return real(resolved, target)

    monkeypatch.setattr(deck_module, "write_deck", flaky)
    with pytest.raises(AllianceError) as caught:
        build_module.build(tmp_path / "c.yaml", tmp_path / "out", jobs=1)
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / '02-second.yaml'}: lecture 2 (02-second): cannot write "
        f"{tmp_path / 'out' / '02-second.pptx'}: FileNotFoundError: pic.png vanished"
    ]
    assert (tmp_path / "out" / "01-first.pptx").is_file()
    assert not (tmp_path / "out" / "02-second.pptx").exists()


#: Holds a lock on a file as a build writing it does, until it is killed.
HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(600)
"""


def test_what_killed_runs_left_is_removed_by_the_next_write_and_nothing_else(
    write: Callable[[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alliance_slides import files

    monkeypatch.setattr(files, "_CLEANED", {})
    write("lecture.yaml", "title: T\nslides:\n  - {title: A, bullets: [a]}\n")
    out = tmp_path / "out"
    records = out / ".alliance-slides"
    records.mkdir(parents=True)
    old = time.time() - 2 * files.STALE_SECONDS

    def leftover(path: Path, age: float = old, folder: bool = False) -> Path:
        if folder:  # a killed export's scratch folder, with a page in it
            path.mkdir()
            (path / "slide-01.png").write_bytes(b"png")
        else:
            path.write_bytes(b"PK half a deck")
        os.utime(path, (age, age))
        return path

    stale = [
        leftover(out / ".lecture.pptx.k3_9xq2a.tmp"),
        leftover(out / ".other.pptx.abcdefgh.tmp"),  # any deck's, not only this one's
        leftover(out / ".export-a1b2c3d4", folder=True),
        leftover(records / ".lecture.pptx.json.zz99zz99.tmp"),
    ]
    kept = [
        leftover(out / ".lecture.pptx.youngone.tmp", age=time.time()),  # may be being made
        leftover(out / ".lecture.pptx.tmp"),  # not a name this tool makes
        leftover(out / ".lecture.pptx.ABCDEFGH.tmp"),
        leftover(out / "lecture.pptx.abcdefgh.tmp"),
        leftover(out / ".notes.md.abcdefghi.tmp"),
    ]
    target = out / ".lecture.pptx.symlinks.tmp"
    target.symlink_to(tmp_path / "lecture.yaml")
    kept.append(target)
    held = leftover(out / ".lecture.pptx.heldheld.tmp")  # a live build is still writing it
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(held)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = CliRunner().invoke(cli, ["build", "lecture.yaml", "-o", "out"])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 0, result.output
    assert [p for p in stale if os.path.lexists(p)] == []
    assert [p for p in [*kept, held] if not os.path.lexists(p)] == []
    assert (tmp_path / "lecture.yaml").is_file()
    assert len(Presentation(str(out / "lecture.pptx")).slides) == 2


def test_a_libreoffice_profile_a_killed_export_left_is_removed_by_the_next_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from alliance_slides import files
    from alliance_slides.errors import ExternalToolError
    from alliance_slides.output.office import convert

    monkeypatch.setattr(files, "_CLEANED", {})
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old = time.time() - 2 * files.STALE_SECONDS
    left = tmp_path / "alliance-slides-lo-q1w2e3r4"  # a profile, a few MB in real life
    (left / "user").mkdir(parents=True)
    os.utime(left, (old, old))
    other = tmp_path / "alliance-slides-lo-notours"  # not a name tempfile makes
    other.mkdir()
    os.utime(other, (old, old))
    (tmp_path / "deck.txt").write_text("not converted")
    with pytest.raises(ExternalToolError):  # /bin/true converts nothing
        convert(tmp_path / "deck.txt", "pdf", tmp_path / "pdf", "/bin/true")
    assert not left.exists()
    assert other.is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("alliance-slides-lo-")] == [
        "alliance-slides-lo-notours"
    ]
