"""Drafts of real articles of several styles: valid, checked, and never garbled.

The articles (tests/source/articles, see SOURCES.md there) are public-domain texts the
drafting code was not written against; the shipped article is held to the same rules.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from alliance_slides.cli import cli
from alliance_slides.source.draft import iter_bullets
from alliance_slides.source.facts import normalize, read_paragraphs
from conftest import REPO
from drafting import truncation

ARTICLES = Path(__file__).parent / "articles"
TEXTS = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md")) + [
    REPO / "outlines" / "sources" / "japan-us-alliance.txt"
]


@pytest.fixture(params=TEXTS, ids=[p.stem for p in TEXTS])
def drafted(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    source = tmp_path / request.param.name
    shutil.copy(request.param, source)
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(cli, ["draft", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    return out, yaml.safe_load(out.read_text(encoding="utf-8"))


def cited_text(slide: dict[str, Any], paragraphs: list[str]) -> str:
    return " ".join(paragraphs[int(c.partition("#")[2]) - 1] for c in slide.get("cite", []))


def test_the_draft_validates_strictly_and_checks(drafted: tuple[Path, dict[str, Any]]) -> None:
    path, _ = drafted
    result = CliRunner().invoke(cli, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0 and "0 findings" in result.output, result.output


def test_no_title_bullet_or_label_is_truncated(drafted: tuple[Path, dict[str, Any]]) -> None:
    path, outline = drafted
    (source,) = outline["sources"].values()
    paragraphs = read_paragraphs(path.parent / source["file"])
    problems = []
    for slide in outline["slides"]:
        text = cited_text(slide, paragraphs)
        # A section named for its years ("1947–1949") is a span, not a phrase.
        span = re.fullmatch(r"\d{4}s?(?:\u2013\d{4}s?)?", slide["title"])
        phrases = [*([] if span else [slide["title"]]), *iter_bullets(slide)]
        phrases += [e["label"] for e in slide.get("events", [])]
        for phrase in phrases:
            why = truncation(re.sub(r" \(continued(?: [a-z]+)?\)$", "", phrase), text)
            if why:
                problems.append(f"{phrase!r}: {why}")
    assert problems == []


def test_timeline_dates_are_whole_and_labels_are_events(
    drafted: tuple[Path, dict[str, Any]],
) -> None:
    path, outline = drafted
    (source,) = outline["sources"].values()
    paragraphs = read_paragraphs(path.parent / source["file"])
    for slide in outline["slides"]:
        text = normalize(cited_text(slide, paragraphs))
        for event in slide.get("events", []):
            when = normalize(str(event["when"]))
            # The date as the text writes it (a range joined by a dash), never a piece of one.
            first, _, last = when.partition("-")
            assert first in text and last in text, when
            assert not re.search(rf"\d\s*{re.escape(first)}|{re.escape(first)}\s*\d", text), when
            assert re.search(r"[^\W\d_]{3,}", event["label"]), event
            assert not re.fullmatch(r"[\d\s,.–-]+", event["label"]), event


def test_titles_are_unique_and_numbers_come_from_the_cited_paragraph(
    drafted: tuple[Path, dict[str, Any]],
) -> None:
    path, outline = drafted
    titles = [outline["title"], *(s["title"] for s in outline["slides"])]
    assert len({t.lower() for t in titles}) == len(titles)
    (source,) = outline["sources"].values()
    paragraphs = read_paragraphs(path.parent / source["file"])
    for slide in outline["slides"]:
        text = normalize(cited_text(slide, paragraphs)).replace(",", "")
        for line in [slide["title"], *iter_bullets(slide)]:
            line = re.sub(r"\u00b6\d+", "", normalize(line))  # "From ¶5": a citation
            for number in re.findall(r"\d+(?:\.\d+)?", line.replace(",", "")):
                assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text), (line, number)


_PRONOUN = re.compile(r"^(?:[^:]*\d[^:]*: )?(?:It|This|That|These|Those|They|He|She|We|There)\b")


def test_titles_name_their_subject(drafted: tuple[Path, dict[str, Any]]) -> None:
    # A title is a phrase of the text; where a slide's own headlines open on a pronoun or
    # are taken, it names what the slide is about (a name it mentions most) before
    # falling back on "From ¶N" or the paragraph's first title "(continued)".
    _, outline = drafted
    titles = [s["title"] for s in outline["slides"] if s.get("kind") not in ("timeline",)]
    assert [t for t in titles if _PRONOUN.match(t)] == []
    weak = [t for t in titles if t.startswith("From \u00b6") or t.endswith(")")]
    assert len(weak) <= 2, weak
