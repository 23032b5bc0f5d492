"""Benchmark alliance-slides against a plain python-pptx script and pandoc.

For bullets-only outlines of 40, 400 and 4,000 slides with notes (the same content
written as pandoc Markdown with ``::: notes``), it times whole processes, interleaved
(ours, baseline, pandoc, ours, ...), and prints for each: median wall time, ms per
slide, peak memory (max RSS of the process), the ratios, and the marginal cost per
slide between sizes; ``spread`` is (slowest - fastest) / median, the noise.
Then CLI start-up (``alliance-slides --help``) and a build of
the shipped four-lecture course with ``--jobs 1`` and with the default (one worker
per core), and finally the issue's goals, each marked met or not.

    python benchmarks/run.py                 # 5 rounds, sizes 40 400 4000
    python benchmarks/run.py --rounds 3 --sizes 40 400
    python benchmarks/run.py --draft         # alliance-slides draft on 0.5, 1 and 2 MB texts

Nothing here is asserted: compare the printed figures before and after a change.

How it measures: each command is started by GNU time (``/usr/bin/time``), a small C
program, which reports the command's own peak RSS. Asking the kernel from Python
instead (``RUSAGE_CHILDREN``, ``os.wait4``) would report at least the RSS of the
Python process that started it, since a child spawned by fork/vfork starts out
counted with its parent's pages. Wall time is taken around that process here.
``alliance-slides`` is the console script installed beside this Python (not a
pyenv/asdf shim on PATH, whose own start-up is a shell script's and not ours); the
baseline runs with this Python. The package's bytecode is compiled first, as pip
does on install. A deck is always really written: the output and
its build record are deleted before each run, and ``--force`` is given.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the drafter is timed on the tests' prose

from prose import varied_text  # noqa: E402

#: The baseline: the shortest direct python-pptx script that writes the same slides
#: (a 16:9 deck, title, three bullets and notes per slide) from the same outline,
#: read with PyYAML's fast libyaml loader.
BASELINE = '''
import sys, yaml
from pptx import Presentation
from pptx.util import Pt
with open(sys.argv[1]) as f:
    data = yaml.load(f, Loader=yaml.CSafeLoader)
prs = Presentation()
prs.slide_width, prs.slide_height = Pt(960), Pt(540)
layout = prs.slide_layouts[1]
for s in data["slides"]:
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = s["title"]
    body = slide.placeholders[1].text_frame
    body.text = s["bullets"][0]
    for b in s["bullets"][1:]:
        body.add_paragraph().text = b
    slide.notes_slide.notes_text_frame.text = s["notes"]
prs.save(sys.argv[2])
'''

#: The floor for any tool that writes decks with python-pptx from a YAML outline behind a
#: click CLI: starting Python, importing those three, and saving an empty deck. Whatever is
#: above it is the tool's own cost; a goal below it cannot be met by such a tool.
FLOOR = """
import gc, sys, click, yaml, pptx
pptx.Presentation().save(sys.argv[1])
gc.freeze()  # as alliance-slides does on its way out, so teardown is not counted
"""

TIME = "/usr/bin/time"


def write_inputs(folder: Path, slides: int) -> tuple[Path, Path]:
    """Write the same content as an outline (YAML) and as pandoc Markdown."""
    yaml_lines = [f"title: Benchmark of {slides} slides", "title_slide: false", "slides:"]
    md_lines = []
    for i in range(1, slides + 1):
        bullets = [f"Point one of slide {i}, on the alliance", f"Point two of slide {i}",
                   "Point three with a few more words to wrap"]
        notes = f"Speaker notes for slide {i}: what to say, a question, about two minutes."
        yaml_lines += [f"  - title: Slide {i}", "    bullets:"]
        yaml_lines += [f"      - {b}" for b in bullets]
        yaml_lines += [f"    notes: \"{notes}\""]
        md_lines += [f"# Slide {i}", ""] + [f"- {b}" for b in bullets]
        md_lines += ["", "::: notes", notes, ":::", ""]
    outline = folder / f"deck{slides}.yaml"
    outline.write_text("\n".join(yaml_lines) + "\n")
    markdown = folder / f"deck{slides}.md"
    markdown.write_text("\n".join(md_lines) + "\n")
    return outline, markdown


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command to completion; return its wall seconds and its peak RSS in MB."""
    report = cwd / ".time-report"
    start = time.perf_counter()
    result = subprocess.run([TIME, "-f", "%M", "-o", str(report), *command], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
    kilobytes = int(report.read_text().split()[-1])
    return seconds, kilobytes / 1024


def cli() -> list[str]:
    """Return the command that runs the alliance-slides installed for this Python."""
    script = Path(sys.executable).parent / "alliance-slides"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "alliance_slides"]


def fresh(*paths: Path) -> Callable[[], None]:
    """Return a function deleting ``paths`` (files or folders), so every build really writes."""
    def clean() -> None:
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
    return clean


def bench_draft(ours: list[str], sizes: list[float], rounds: int) -> None:
    """Time ``alliance-slides draft`` on texts of ``sizes`` megabytes, prose and one paragraph.

    Prints the median wall time, the CPU time, peak memory, seconds per megabyte and,
    for each size, its time over what the smallest size's rate predicts (1.00: linear).
    Then the goal of issue 15: 2 MB drafted in under 10 seconds.
    """
    print(f"alliance-slides draft: {' '.join(ours)}; cores: {os.cpu_count()}")
    print(f"{'text':<14} {'MB':>5} {'runs':>4} {'median s':>9} {'cpu s':>7} {'s/MB':>6} "
          f"{'peak MB':>8} {'vs linear':>9}")
    worst: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as tmp:
        work = Path(tmp)
        for shape, one in (("prose", False), ("one paragraph", True)):
            rate = 0.0
            for size in sorted(sizes):
                text = work / f"text-{size}.txt"
                text.write_text(varied_text(int(size * 2**20), one), encoding="utf-8")
                walls, cpus, peak = [], [], 0.0
                for _ in range(rounds):
                    seconds, memory, cpu = run_timed(
                        [*ours, "draft", str(text), "-o", "draft.yaml", "--force"], work)
                    walls.append(seconds)
                    cpus.append(cpu)
                    peak = max(peak, memory)
                median = statistics.median(walls)
                rate = rate or median / size
                print(f"{shape:<14} {size:>5g} {rounds:>4} {median:>9.2f} "
                      f"{statistics.median(cpus):>7.2f} {median / size:>6.2f} {peak:>8.0f} "
                      f"{median / (rate * size):>9.2f}", flush=True)
                if size == 2:
                    worst[shape] = median
    for shape, seconds in worst.items():
        print(f"goal {'met    ' if seconds < 10 else 'NOT MET'}  draft 2 MB of {shape} in "
              f"under 10 s ({seconds:.2f} s)")


def run_timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run a command; return its wall seconds, its peak RSS in MB and its CPU seconds."""
    report = cwd / ".time-report"
    start = time.perf_counter()
    result = subprocess.run([TIME, "-f", "%M %U %S", "-o", str(report), *command], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
    kilobytes, user, system = report.read_text().split()[-3:]
    return seconds, int(kilobytes) / 1024, float(user) + float(system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="runs per tool and size (median)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 400, 4000])
    parser.add_argument("--slow", type=float, default=60.0,
                        help="python-pptx or pandoc, when its first run at a size takes longer "
                             "(s), runs only once more there (both take minutes at 4,000 "
                             "slides); alliance-slides always runs --rounds times")
    parser.add_argument("--draft", type=float, nargs="*", metavar="MB",
                        help="instead, time alliance-slides draft on texts of these sizes in "
                             "megabytes (default 0.5 1 2)")
    args = parser.parse_args()
    if not Path(TIME).is_file():
        raise SystemExit(f"needs GNU time at {TIME} (Debian: apt-get install time)")
    if args.draft is not None:
        import alliance_slides

        compileall.compile_dir(Path(alliance_slides.__file__).parent, quiet=1)
        bench_draft(cli(), args.draft or [0.5, 1, 2], args.rounds)
        return
    pandoc = shutil.which("pandoc")
    ours = cli()
    # As pip does when it installs a package: otherwise, under PYTHONDONTWRITEBYTECODE or
    # in a read-only checkout, every run would compile the package's sources again.
    import alliance_slides

    compileall.compile_dir(Path(alliance_slides.__file__).parent, quiet=1)
    build_help = subprocess.run([*ours, "build", "--help"], capture_output=True, text=True).stdout
    force = ["--force"] if "--force" in build_help else []
    print(f"alliance-slides: {' '.join(ours)}; python: {sys.executable}; "
          f"pandoc: {pandoc or 'not installed'}; cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as tmp:
        work = Path(tmp)
        (work / "baseline.py").write_text(BASELINE)
        (work / "floor.py").write_text(FLOOR)
        tools: dict[str, Callable[[Path, Path], list[str]]] = {
            "alliance-slides": lambda o, m: [*ours, "build", str(o), "-o", "ours.pptx", "-q",
                                             *force],
            "python-pptx": lambda o, m: [sys.executable, "baseline.py", str(o), "base.pptx"],
        }
        if pandoc:
            tools["pandoc"] = lambda o, m: [pandoc, str(m), "-o", "pandoc.pptx"]
        clean = fresh(work / "ours.pptx", work / ".alliance-slides")
        print(f"{'slides':>7} {'tool':<16} {'runs':>4} {'median s':>9} {'ms/slide':>9} "
              f"{'peak MB':>8} {'spread':>7}")
        medians: dict[tuple[int, str], float] = {}
        peaks: dict[tuple[int, str], float] = {}
        for size in args.sizes:
            outline, markdown = write_inputs(work, size)
            times: dict[str, list[float]] = {name: [] for name in tools}
            for round_ in range(args.rounds):
                for name, command in tools.items():  # interleaved, so drift hits all alike
                    if name != "alliance-slides" and round_ >= 2 and times[name][0] > args.slow:
                        continue
                    clean()
                    seconds, peak = run(command(outline, markdown), work)
                    times[name].append(seconds)
                    peaks[(size, name)] = max(peaks.get((size, name), 0.0), peak)
            for name in tools:
                median = statistics.median(times[name])
                medians[(size, name)] = median
                spread = (max(times[name]) - min(times[name])) / median
                print(f"{size:>7} {name:<16} {len(times[name]):>4} {median:>9.3f} "
                      f"{1000 * median / size:>9.2f} {peaks[(size, name)]:>8.0f} {spread:>7.0%}")
            mine = medians[(size, "alliance-slides")]
            line = f"{'':>7} ratios: ours/python-pptx {mine / medians[(size, 'python-pptx')]:.2f}"
            if pandoc:
                line += f", ours/pandoc {mine / medians[(size, 'pandoc')]:.2f}"
            print(line, flush=True)
        sizes = sorted(args.sizes)
        marginal: dict[str, float] = {}
        if len(sizes) >= 3:
            a, b, c = sizes[:3]
            for name in tools:
                first = (medians[(b, name)] - medians[(a, name)]) / (b - a)
                second = (medians[(c, name)] - medians[(b, name)]) / (c - b)
                marginal[name] = second / first
                print(f"marginal ms/slide {name}: {a}->{b} {1000 * first:.2f}, "
                      f"{b}->{c} {1000 * second:.2f} (ratio {second / first:.2f})")
        starts = [run([*ours, "--help"], work) for _ in range(max(args.rounds, 5))]
        start_ms = 1000 * statistics.median(s[0] for s in starts)
        print(f"CLI start-up (--help): median {start_ms:.0f} ms, peak "
              f"{max(s[1] for s in starts):.0f} MB")
        floors = [run([sys.executable, "floor.py", "floor.pptx"], work)[0]
                  for _ in range(max(args.rounds, 5))]
        floor_ms = 1000 * statistics.median(floors)
        line = f"floor (Python, click, PyYAML, python-pptx, empty deck): median {floor_ms:.0f} ms"
        if pandoc and 40 in sizes:
            line += f", {floor_ms / 1000 / medians[(40, 'pandoc')]:.2f} of pandoc's 40 slides"
        if 40 in sizes:
            above = 1000 * medians[(40, "alliance-slides")] - floor_ms
            line += f"; ours at 40 slides is the floor + {above:.0f} ms"
        print(line)
        course = REPO / "courses" / "hist-240.yaml"
        clean_course = fresh(work / "course")
        variants = {f"default ({os.cpu_count()} cores)": []}
        if "--jobs" in build_help:
            variants = {"--jobs 1": ["--jobs", "1"], **variants}
        course_times: dict[str, list[float]] = {label: [] for label in variants}
        course_peaks: dict[str, float] = {label: 0.0 for label in variants}
        for _ in range(args.rounds):
            for label, extra in variants.items():
                clean_course()
                seconds, peak = run([*ours, "build", str(course), "-o", "course", "-q",
                                     *force, *extra], work)
                course_times[label].append(seconds)
                course_peaks[label] = max(course_peaks[label], peak)
        course_medians = {label: statistics.median(course_times[label]) for label in variants}
        for label in variants:
            print(f"course build, 4 lectures, {label}: median {course_medians[label]:.3f} s, "
                  f"peak of the largest process {course_peaks[label]:.0f} MB")
        goals(medians, peaks, marginal, start_ms, sizes, bool(pandoc))
        if len(variants) == 2:
            serial, parallel = course_medians.values()
            print(f"goal {'met    ' if parallel < serial else 'NOT MET'}  course build in "
                  f"parallel faster than --jobs 1 ({parallel / serial:.2f}x its time)")


def goals(medians: dict[tuple[int, str], float], peaks: dict[tuple[int, str], float],
          marginal: dict[str, float], start_ms: float, sizes: list[int], pandoc: bool) -> None:
    """Print the issue's goals for single decks and start-up, each with its figure."""
    ours = "alliance-slides"
    checks = []
    if pandoc and 40 in sizes:
        ratio = medians[(40, ours)] / medians[(40, "pandoc")]
        checks.append((f"40 slides not slower than pandoc (ours/pandoc {ratio:.2f})", ratio <= 1))
    if 400 in sizes:
        ratio = medians[(400, ours)] / medians[(400, "python-pptx")]
        checks.append((f"400 slides: ours/python-pptx {ratio:.2f} <= 0.5", ratio <= 0.5))
        if pandoc:
            ratio = medians[(400, ours)] / medians[(400, "pandoc")]
            checks.append((f"400 slides faster than pandoc (ours/pandoc {ratio:.2f})", ratio < 1))
    if ours in marginal:
        ratio = marginal[ours]
        checks.append((f"linear: marginal cost ratio {ratio:.2f} <= 1.3", ratio <= 1.3))
    if 4000 in sizes:
        peak = peaks[(4000, ours)]
        checks.append((f"peak memory at 4,000 slides {peak:.0f} MB < 300 MB", peak < 300))
    checks.append((f"--help {start_ms:.0f} ms < 150 ms", start_ms < 150))
    for text, met in checks:
        print(f"goal {'met    ' if met else 'NOT MET'}  {text}")


if __name__ == "__main__":
    main()
