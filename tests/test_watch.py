"""Watching: a change rebuilds, an invalid outline reports and watching goes on."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation

from alliance_slides.watch import Watcher

GOOD = "title: Watched\nslides:\n  - title: One\n    bullets: [first]\n"


def first_body(deck: Path) -> str:
    slide = Presentation(str(deck)).slides[1]
    return slide.placeholders[1].text_frame.text


def edit(path: Path, text: str) -> None:
    """Write ``text`` and move the modification time on, as a later save would."""
    stamp = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(stamp + 10**9, stamp + 10**9))


def test_the_first_poll_builds_and_an_unchanged_tree_does_nothing(
    write: Callable[[str, str], Path],
) -> None:
    watcher = Watcher(write("w.yaml", GOOD), Path("out"))
    outcome = watcher.poll()
    assert outcome is not None and not outcome.problems
    assert [d.path for d in outcome.decks] == [Path("out/w.pptx")]
    assert watcher.poll() is None


def test_an_invalid_edit_reports_and_the_fix_rebuilds(write: Callable[[str, str], Path]) -> None:
    outline = write("w.yaml", GOOD)
    watcher = Watcher(outline, Path("out"))
    watcher.poll()
    edit(outline, GOOD.replace("bullets", "bulets"))
    outcome = watcher.poll()
    assert outcome is not None and not outcome.decks
    assert [str(p) for p in outcome.problems] == [
        "w.yaml:4:5: unknown field 'bulets' (did you mean 'bullets'?)"
    ]
    assert first_body(Path("out/w.pptx")) == "first", "the last good deck stays"
    assert watcher.poll() is None, "no change since: no second report"
    edit(outline, GOOD.replace("first", "second"))
    outcome = watcher.poll()
    assert outcome is not None and [d.unchanged for d in outcome.decks] == [False]
    assert first_body(Path("out/w.pptx")) == "second"


def test_a_course_watches_its_outlines_even_when_one_starts_broken(
    write: Callable[[str, str], Path],
) -> None:
    write("a.yaml", GOOD)
    broken = write("b.yaml", "title: B\nslides: [{title: x, kind: tabel}]\n")
    course = write("course.yaml", "lectures: [{outline: a.yaml}, {outline: b.yaml}]\n")
    watcher = Watcher(course, Path("out"))
    outcome = watcher.poll()
    assert outcome is not None and "unknown slide kind 'tabel'" in str(outcome.problems[0])
    assert broken.resolve() in watcher.files
    edit(broken, "title: B\nslides: [{title: x, bullets: [fixed]}]\n")
    outcome = watcher.poll()
    assert outcome is not None and not outcome.problems
    assert sorted(d.path.name for d in outcome.decks) == ["a.pptx", "b.pptx"]
    assert Path(os.path.abspath("a.yaml")) in watcher.files


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


def test_the_watch_command_keeps_going_after_an_error(write: Callable[[str, str], Path]) -> None:
    outline = write("w.yaml", GOOD)
    process = subprocess.Popen(
        [sys.executable, "-m", "alliance_slides", "watch", str(outline), "-o", "out",
         "--interval", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        # A shell running the tests in the background ignores Ctrl-C, and a child
        # inherits that: give it the default handler, as a terminal's job has.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()

    def wait_for(text: str) -> str:
        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never printed; got {seen}")

    try:
        assert wait_for("wrote out/w.pptx").startswith("wrote out/w.pptx (2 slides, ")
        wait_for("watching 1 files (up to date)")
        edit(outline, GOOD.replace("bullets", "bulets"))
        assert wait_for("unknown field").startswith("w.yaml:4:5: unknown field 'bulets'")
        wait_for("watching 1 files (errors above)")
        assert process.poll() is None, "an invalid outline does not stop watching"
        edit(outline, GOOD.replace("first", "third"))
        wait_for("wrote out/w.pptx")
        assert first_body(Path("out/w.pptx")) == "third"
        process.send_signal(signal.SIGINT)  # Ctrl-C
        wait_for("stopped")
        assert process.wait(timeout=30) == 130
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_watch_builds_on_the_template_given_and_force_rewrites_the_first_build(
    write: Callable[[str, str], Path],
) -> None:
    Presentation().save("t43.pptx")  # python-pptx's own template: 4:3
    path = write("w.yaml", GOOD)
    first = Watcher(path, Path("out"), template=Path("t43.pptx")).poll()
    assert first is not None and not first.problems
    deck = Presentation("out/w.pptx")
    assert (deck.slide_width, deck.slide_height) == (9144000, 6858000)
    again = Watcher(path, Path("out"), template=Path("t43.pptx")).poll()
    forced = Watcher(path, Path("out"), template=Path("t43.pptx"), force=True)
    assert again is not None and [d.unchanged for d in again.decks] == [True]
    outcome = forced.poll()
    assert outcome is not None and [d.unchanged for d in outcome.decks] == [False]
    edit(path, GOOD.replace("first", "second"))
    assert forced.poll() is not None  # later builds write only what changed
    assert forced.force is False
