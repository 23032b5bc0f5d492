"""The shipped course content: the corrections of issue 18 stay made.

These tests read the outlines as YAML and the speaker notes as the command line
renders them (`alliance-slides notes`), so they do not depend on the package's
module layout. Each pins a correction to what the source article and the course
context notes support, or a rule that keeps the lectures teachable.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO

OUTLINES = sorted((REPO / "outlines").glob("0*.yaml"))
COURSES = {p.stem: p for p in sorted((REPO / "courses").glob("*.yaml"))}
CONTEXT = REPO / "outlines" / "sources" / "context-notes.txt"
OVERVIEW = REPO / "outlines" / "sources" / "japan-us-alliance.txt"

TIME_CUE = re.compile(r"about\s+(a|one|\d+)\s+minutes?", re.I)
ASK = re.compile(r"\bask\b", re.I)
YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
MONEY = re.compile(r"\$\s?\d[\d,.]*(?:\s?(?:thousand|million|billion|trillion))?", re.I)
DEFAULT_TITLES = {"questions": "Questions for discussion", "references": "References"}


def outline(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def paragraphs(path: Path) -> list[str]:
    """A source's paragraphs as `key#N` counts them: blank-line blocks, or lines when none."""
    text = path.read_text(encoding="utf-8").strip()
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
    return [" ".join(b.split()) for b in blocks if b.strip()]


def title(slide: dict[str, Any]) -> str:
    return str(slide.get("title") or DEFAULT_TITLES.get(slide.get("kind", "bullets"), ""))


def lines(slide: dict[str, Any]) -> list[str]:
    """The text a slide shows: title, subtitle, bullets, columns, events, cells, quote, caption."""
    out = [title(slide), str(slide.get("subtitle") or "")]

    def walk(bullets: list[Any]) -> None:
        for bullet in bullets or []:
            if isinstance(bullet, dict):
                for head, children in bullet.items():
                    out.append(str(head))
                    walk(children)
            else:
                out.append(str(bullet))

    walk(slide.get("bullets", []))
    for side in ("left", "right"):
        if side in slide:
            out.append(str(slide[side].get("heading", "")))
            walk(slide[side].get("bullets", []))
    for event in slide.get("events", []):
        out += [str(event.get(k) or "") for k in ("when", "label", "detail")]
    out += [str(c) for c in slide.get("columns", [])]
    out += [str(c) for row in slide.get("rows", []) for c in row]
    out += [str(slide.get(k) or "") for k in ("text", "by", "caption")]
    out += [str(q) for q in slide.get("questions", [])]
    return [line for line in out if line]


def kept(course: str) -> list[tuple[Path, list[dict[str, Any]]]]:
    """Each lecture of a course with the slides its build keeps."""
    data = outline(COURSES[course])
    result = []
    for entry in data["lectures"]:
        path = (COURSES[course].parent / entry["outline"]).resolve()
        drop = set(entry.get("exclude_tags") or [])
        slides = [s for s in outline(path)["slides"] if not drop & set(s.get("tags") or [])]
        result.append((path, slides))
    return result


def notes(course: str, tmp: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Run `alliance-slides notes` on a course: lecture stem -> [(title, time line, notes)]."""
    run = subprocess.run(
        ["alliance-slides", "notes", str(COURSES[course]), "-o", str(tmp / course)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr.lower(), run.stderr
    result = {}
    for file in sorted((tmp / course).glob("*.notes.md")):
        text = file.read_text(encoding="utf-8")
        assert "**Timing:**" not in text, f"{file.name}: slides take longer than the lecture"
        sections = re.split(r"^## Slide \d+: (.*)$", text, flags=re.M)[1:]
        slides = []
        for head, body in zip(sections[::2], sections[1::2], strict=True):
            body = body.strip()
            time, _, rest = body.partition("\n")
            slides.append((head.strip(), time.strip(), rest.strip()))
        result[file.name.removesuffix(".notes.md")] = slides
    return result


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[Any]]]:
    tmp = tmp_path_factory.mktemp("notes")
    return {course: notes(course, tmp) for course in COURSES}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["alliance-slides", *args], cwd=REPO, capture_output=True, text=True)


# The facts the issue found wrong -------------------------------------------------------------


def test_lecture_1_reads_indefinitely_as_the_source_does() -> None:
    text = (REPO / "outlines" / "01-postwar-origins.yaml").read_text(encoding="utf-8")
    assert "permanent" not in text
    assert "commit both countries" not in text and "both countries to" not in text
    assert "right after" not in text, "the decision to rebuild came with the reverse course"
    assert "Two aims" not in text, "the source gives one aim, pursued to counter Soviet influence"


def test_the_iraq_request_is_never_dated_2001() -> None:
    for path in OUTLINES:
        for slide in outline(path)["slides"]:
            for row in slide.get("rows", []):
                if any("Iraq" in str(cell) for cell in row):
                    assert not any("2001" in str(cell) for cell in row), (path.stem, row)
            for line in lines(slide):
                if "Iraq" in line:
                    assert "2001" not in line, (path.stem, line)


def test_2013_never_stands_without_the_december_2012_correction(
    rendered: dict[str, dict[str, list[Any]]],
) -> None:
    for path in OUTLINES:
        for slide in outline(path)["slides"]:
            shown = " ".join(lines(slide))
            if "2013" in shown:
                assert "December 2012" in shown, (path.stem, title(slide))
    for lectures in rendered.values():
        for slides in lectures.values():
            for head, _, text in slides:
                if "2013" in text:
                    assert "2012" in text, head
    assert "2013; the election was in December 2012" in CONTEXT.read_text(encoding="utf-8")


def test_collective_self_defense_means_defending_an_ally_not_japan_itself() -> None:
    defined = False
    for path in OUTLINES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(its|Japan's) own defen[cs]e|more of its defen[cs]e", text), path
        for slide in outline(path)["slides"]:
            for line in lines(slide):
                if re.search(r"collective self-defen[cs]e:", line, re.I):
                    assert re.search(r"\ball(y|ies)\b", line), line
                    defined = True
    assert defined, "some slide says what collective self-defense means"


def test_lecture_4_keeps_plans_views_and_forecasts_apart() -> None:
    data = outline(REPO / "outlines" / "04-current-uncertainty.yaml")
    shown = [line for slide in data["slides"] for line in lines(slide)]
    assert not any(re.search(r"builds? new capabilities", line) for line in shown)
    assert any("Kishida" in line for line in shown if "Reaffirmation" in line)
    assert any(line.startswith("Defense officials") for line in shown), "the view is attributed"
    assert any("non-nuclear" in line.lower() for line in shown), "the official policy is shown"
    text = (REPO / "outlines" / "04-current-uncertainty.yaml").read_text(encoding="utf-8")
    assert "independent role with close ties to Washington" not in text


def test_the_source_errors_are_corrected_in_the_notes(
    rendered: dict[str, dict[str, list[Any]]],
) -> None:
    full = {
        stem: " ".join(n for _, _, n in slides) for stem, slides in rendered["hist-240"].items()
    }
    assert "election was in fact held on 16 December 2012" in full["04-current-uncertainty"]
    assert "minesweepers" in full["03-post-cold-war-roles"]
    assert "dissolved only at the end of 1991" in full["03-post-cold-war-roles"]
    assert "mid-1950s until the oil shock of 1973" in full["02-cold-war"]
    assert "three non-nuclear principles" in full["04-current-uncertainty"]
    l3 = outline(REPO / "outlines" / "03-post-cold-war-roles.yaml")
    shown = " ".join(line for slide in l3["slides"] for line in lines(slide))
    assert "sends no personnel" not in shown.lower()
    assert "areas surrounding Japan" in shown and "beyond Japan's own region" not in shown


# Sources and citations -----------------------------------------------------------------------


def test_every_slide_cites_a_paragraph_that_exists() -> None:
    counts = {"overview": len(paragraphs(OVERVIEW)), "context": len(paragraphs(CONTEXT))}
    assert counts["overview"] == 7
    used = set()
    for path in OUTLINES:
        data = outline(path)
        sources = data["sources"]
        assert sources["context"]["file"] == "sources/context-notes.txt"
        assert sources["context"]["title"] == "Course context notes"
        for slide in data["slides"]:
            if slide.get("kind") == "references":
                continue
            assert slide.get("cite"), (path.stem, title(slide))
            for cite in slide["cite"]:
                key, _, number = cite.partition("#")
                assert key in counts and number, cite
                assert 1 <= int(number) <= counts[key], (path.stem, title(slide), cite)
                used.add(cite)
    assert {f"context#{n}" for n in range(1, counts["context"] + 1)} <= used, (
        "a context note unused"
    )


@pytest.mark.parametrize("course", sorted(COURSES))
def test_check_verifies_context_claims_against_the_context_file(course: str) -> None:
    run = cli("check", f"courses/{course}.yaml")
    assert run.returncode == 0, run.stdout + run.stderr
    assert ", 0 findings" in run.stderr


def test_check_catches_a_claim_its_context_paragraph_lacks(tmp_path: Path) -> None:
    bad = outline(REPO / "outlines" / "01-postwar-origins.yaml")
    bad["sources"]["overview"]["file"] = str(OVERVIEW)
    bad["sources"]["context"]["file"] = str(CONTEXT)
    bad["slides"] = [
        {"title": "Occupation ends", "bullets": ["In April 1953"], "cite": ["context#1"]}
    ]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    run = cli("check", str(path), "--allow", str(REPO))
    assert run.returncode == 1
    assert "'1953' not in source ¶1" in run.stdout


# Teaching: repetition, notes, time ------------------------------------------------------------


@pytest.mark.parametrize("path", OUTLINES, ids=lambda p: p.stem)
def test_no_year_or_amount_is_on_more_than_two_slides(path: Path) -> None:
    where: dict[str, set[int]] = {}
    for number, slide in enumerate(outline(path)["slides"], start=1):
        for line in lines(slide):
            for fact in YEAR.findall(line) + [m.replace(" ", "") for m in MONEY.findall(line)]:
                where.setdefault(fact, set()).add(number)
    assert {f: sorted(n) for f, n in where.items() if len(n) > 2} == {}


@pytest.mark.parametrize("path", OUTLINES, ids=lambda p: p.stem)
def test_no_event_is_shown_both_in_a_table_and_in_a_timeline(path: Path) -> None:
    """A table row and a timeline event with a year and a name in common are one event twice."""

    def keys(text: str) -> tuple[set[str], set[str]]:
        return set(YEAR.findall(text)), set(re.findall(r"\b[A-Z][a-z]{2,}", text))

    slides = outline(path)["slides"]
    rows = [
        keys(" ".join(map(str, r))) for s in slides if s.get("kind") == "table" for r in s["rows"]
    ]
    events = [
        keys(" ".join(str(e.get(k) or "") for k in ("when", "label", "detail")))
        for s in slides
        if s.get("kind") == "timeline"
        for e in s["events"]
    ]
    for years, names in rows:
        for event_years, event_names in events:
            assert not (years & event_years and names & event_names), (path.stem, years, names)


@pytest.mark.parametrize("course", sorted(COURSES))
def test_each_lecture_asks_one_question_first_and_ends_in_perspectives_and_discussion(
    course: str,
) -> None:
    for path, slides in kept(course):
        first = lines(slides[0])
        assert first[1].strip("*").endswith("?"), (course, path.stem, "the question comes first")
        kinds = [s.get("kind", "bullets") for s in slides]
        assert "two_column" in kinds, (course, path.stem, "two perspectives side by side")
        assert kinds[-2:] == ["questions", "references"], (course, path.stem)
        synthesis = [s for s in slides if "synthesis" in (s.get("tags") or [])]
        assert len(synthesis) == 1, (course, path.stem, "one slide pulls the answer together")


@pytest.mark.parametrize("course", sorted(COURSES))
def test_notes_are_speakable_and_unpadded(
    course: str, rendered: dict[str, dict[str, list[Any]]]
) -> None:
    for path, slides in kept(course):
        rendered_slides = rendered[course][path.stem]
        assert [t for t, _, _ in rendered_slides] == [title(s) for s in slides], path.stem
        for slide, (head, time, text) in zip(slides, rendered_slides, strict=True):
            where = (course, path.stem, head)
            assert re.fullmatch(r"\*\d+ min · minutes \d+–\d+\*", time), where
            words = len(text.split())
            if slide.get("kind") == "section":
                assert 40 <= words <= 200, (*where, words)
            else:
                assert 60 <= words <= 200, (*where, words)
            assert not TIME_CUE.search(text), (*where, "the time cue is the template's")
            assert len(ASK.findall(text)) <= 1, (*where, "more than one 'ask'")
            assert not re.match(r"(Following|Coming from|After) the (section|previous)", text), (
                where
            )
            assert "{{" not in text and "{%" not in text, where


def test_no_two_notes_open_the_same_way(rendered: dict[str, dict[str, list[Any]]]) -> None:
    openings: dict[str, str] = {}
    for stem, slides in rendered["hist-240"].items():
        for head, _, text in slides:
            opening = " ".join(text.split()[:6])
            assert opening not in openings, (stem, head, openings.get(opening))
            openings[opening] = head


@pytest.mark.parametrize("course", sorted(COURSES))
def test_minutes_add_up_to_the_lecture_and_never_exceed_it(course: str) -> None:
    data = outline(COURSES[course])
    for entry, (path, slides) in zip(data["lectures"], kept(course), strict=True):
        planned = sum(s.get("minutes", 0) for s in slides)
        assert entry["duration"] - 5 <= planned <= entry["duration"], (course, path.stem, planned)


# The survey build -----------------------------------------------------------------------------


def test_survey_notes_never_point_at_a_slide_the_survey_drops(
    rendered: dict[str, dict[str, list[Any]]],
) -> None:
    for path in OUTLINES:
        slides = outline(path)["slides"]
        dropped = [i for i, s in enumerate(slides) if "advanced" in (s.get("tags") or [])]
        assert dropped, f"{path.stem}: the survey has something to drop"
        text = " ".join(n for _, _, n in rendered["survey-intro"][path.stem])
        for i in dropped:
            assert title(slides[i]) not in text, (path.stem, title(slides[i]))
            before, after = slides[i - 1].get("notes", ""), slides[i + 1].get("notes", "")
            assert not re.search(r"next slide|slide after", before, re.I), path.stem
            assert not re.search(r"previous slide|last slide|slide before", after, re.I), path.stem
        assert not re.search(r"advanced (slide|version)|full course|longer version", text, re.I)


@pytest.mark.parametrize("course", sorted(COURSES))
def test_course_variables_read_as_english(
    course: str, rendered: dict[str, dict[str, list[Any]]]
) -> None:
    variables = outline(COURSES[course])["vars"]
    text = " ".join(n for slides in rendered[course].values() for _, _, n in slides)
    hours = variables["office_hours"]
    assert text.count(hours) == 4, "every lecture closes with the course's office hours"
    assert not re.search(rf"{re.escape(hours)} (is|are)\b", text), "no verb to agree with a var"
    assert f"to the {variables['campus']} campus" in text
