"""Drafting outlines from a text: structure, short phrases, a timeline, and a draft that checks."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pptx import Presentation

from alliance_slides.build import prepare
from alliance_slides.cli import cli
from alliance_slides.source.draft import draft_outline, iter_bullets
from alliance_slides.source.facts import check_lecture, read_paragraphs
from alliance_slides.source.phrasing import BULLET_MOST
from alliance_slides.source.sentences import split_sentences
from conftest import REPO
from drafting import truncation

SHIPPED = REPO / "outlines" / "sources" / "japan-us-alliance.txt"

# Another subject, written for these tests: a heading for the title, sections under
# headings, decades, ranges written two ways, money, Unicode quotes and dashes, an
# abbreviation inside a sentence, and a last paragraph with no date at all.
CANAL = """\
# The Kiel Canal

## Building a shortcut

In the 1880s, German planners argued that a canal across Holstein would spare ships the long
voyage around Denmark. Construction ran from 1887 to 1895, employing nearly 9,000 workers at
its peak. The project cost 156 million marks, a sum the Reichstag approved after long debate.

Emperor Wilhelm II opened the “Kaiser-Wilhelm-Kanal” in June 1895 with a naval parade.
Engineers had dug about 98 kilometres of channel—wide enough, they said, for the largest
warships of the day.

## Widening and war

Between 1907–1914 the canal was widened because new battleships no longer fit its locks.
The Treaty of Versailles internationalised the waterway in 1919, although Germany repudiated
that clause in 1936.

## Traffic today

The canal now carries more ships than the Panama and Suez canals combined. Pilots and
helmsmen guide larger vessels through its narrow bends, and fees rise with every tonne.
Critics warn that the old locks at Brunsbüttel need constant repair; the government has
promised $1.2 billion for new gates.
"""


def draft(source: Path, out: Path) -> dict[str, Any]:
    """Draft ``source`` into ``out`` through the command line and return the outline."""
    result = CliRunner().invoke(cli, ["draft", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """The shipped source article, beside the outline drafted from it."""
    target = tmp_path / "sources" / SHIPPED.name
    target.parent.mkdir()
    shutil.copy(SHIPPED, target)
    return target


@pytest.fixture
def canal(write: Callable[[str, str], Path]) -> Path:
    return write("texts/kiel-canal.md", CANAL)


def sentences_of(path: Path) -> set[str]:
    return {s for p in read_paragraphs(path) for s in split_sentences(p)}


def kinds(outline: dict[str, Any]) -> list[str]:
    return [s.get("kind", "bullets") for s in outline["slides"]]


def timeline_whens(outline: dict[str, Any]) -> list[str]:
    slides = [s for s in outline["slides"] if s.get("kind") == "timeline"]
    return [str(e["when"]) for s in slides for e in s["events"]]


def words(text: str) -> list[str]:
    return [w.strip('.,;:!?“”"()').lower() for w in re.split(r"\s+|—", text) if w]


def assert_short_phrases(outline: dict[str, Any], source: Path) -> None:
    """Every bullet is a finished phrase condensed from one sentence of its cited paragraph.

    Its words (past a date moved to the front) are that sentence's, in order; it is no
    longer than BULLET_MOST words and never stops mid-phrase (see ``truncation``).
    """
    paragraphs = read_paragraphs(source)
    count = 0
    for slide in outline["slides"]:
        for bullet in iter_bullets(slide):
            count += 1
            (cite,) = slide["cite"]
            paragraph = paragraphs[int(cite.partition("#")[2]) - 1]
            phrase = words(re.sub(r"^[^:]*\d[^:]*: ", "", bullet))
            assert len(phrase) <= BULLET_MOST, bullet
            sources = [s for s in split_sentences(paragraph) if in_order(phrase, words(s))]
            assert sources, bullet
            assert truncation(bullet) is None, (bullet, truncation(bullet))
    assert count >= 5


def in_order(phrase: list[str], sentence: list[str]) -> bool:
    """Tell whether the words of ``phrase`` occur in ``sentence`` in the same order."""
    rest = iter(sentence)
    return all(word in rest for word in phrase)


def assert_cited_with_notes(outline: dict[str, Any], source: Path) -> None:
    """Every slide but the references cites paragraphs of the text; notes hold its sentences."""
    (key,) = outline["sources"]
    paragraphs = read_paragraphs(source)
    for slide in outline["slides"]:
        if slide.get("kind") == "references":
            continue
        assert slide["cite"], slide["title"]
        for cite in slide["cite"]:
            name, _, number = cite.partition("#")
            assert name == key and 1 <= int(number) <= len(paragraphs), cite
        if slide.get("kind", "bullets") == "bullets":
            (cite,) = slide["cite"]
            paragraph = paragraphs[int(cite.partition("#")[2]) - 1]
            notes = " ".join(slide["notes"].split())
            quoted = [s for s in split_sentences(paragraph) if s in notes]
            assert quoted, slide["title"]
    # Between them, the bullet slides' notes hold every sentence of the text.
    notes = " ".join(" ".join(s.get("notes", "").split()) for s in outline["slides"])
    assert all(s in notes for s in sentences_of(source))


def assert_builds_and_checks(path: Path) -> Any:
    """Validate (strict), check and build the draft; return the reopened deck."""
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.output
    (lecture,) = prepare(path)
    assert check_lecture(lecture) == []
    deck = path.with_suffix(".pptx")
    result = runner.invoke(cli, ["build", str(path), "-o", str(deck)])
    assert result.exit_code == 0, result.output
    return Presentation(str(deck))


def deck_text(prs: Any) -> str:
    return "\n".join(
        shape.text_frame.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )


# --------------------------------------------------------------------------- the shipped article


def test_the_shipped_article_drafts_every_kind_with_short_cited_phrases(
    shipped: Path, tmp_path: Path
) -> None:
    outline = draft(shipped, tmp_path / "japan.yaml")
    assert outline["title"] == "The Japan US alliance"  # its most repeated name: no heading
    assert outline["sources"] == {
        "japan-us-alliance": {
            "title": "The Japan US alliance",
            "detail": "Drafted from japan-us-alliance.txt; slides cite its paragraphs (¶)",
            "file": "sources/japan-us-alliance.txt",
        }
    }
    assert {"timeline", "section", "bullets", "questions", "references"} <= set(kinds(outline))
    assert kinds(outline)[-1] == "references"
    assert_short_phrases(outline, shipped)
    assert_cited_with_notes(outline, shipped)
    bullets = [b for s in outline["slides"] for b in iter_bullets(s)]
    # Whole clauses, their key terms kept: the Gulf War stays with the $13 billion.
    assert "1991: during the Gulf War, Japan contributed $13 billion" in bullets
    assert (
        "August 1945: the United States decided to rebuild the country as a capitalist partner "
        "to counter the Soviet Union’s influence"
    ) in bullets
    titles = [s["title"] for s in outline["slides"]]
    assert "Tensions emerged during the Democratic Party" not in titles


def test_the_shipped_articles_timeline_has_every_date_in_order(
    shipped: Path, tmp_path: Path
) -> None:
    outline = draft(shipped, tmp_path / "japan.yaml")
    assert timeline_whens(outline) == [
        "August 1945", "1951", "1960", "1970s", "1990s",
        "1991", "September 2001", "2013", "2015", "2022",
    ]  # fmt: skip
    labels = {
        str(e["when"]): e["label"]
        for s in outline["slides"]
        if s.get("kind") == "timeline"
        for e in s["events"]
    }
    assert labels["1951"] == "Japan signed the San Francisco Peace Treaty"
    assert labels["1960"] == "Japan US alliance revised"
    assert labels["1990s"] == "Cold War ended"
    assert labels["1991"] == "Gulf War"
    assert labels["2022"] == "Fumio Kishida announced plans for counterattack capabilities"
    assert max(len(label.split()) for label in labels.values()) <= 9
    sections = [s["title"] for s in outline["slides"] if s.get("kind") == "section"]
    assert sections == ["1945–1970s", "1990s–2022", "Today"]


def test_the_shipped_articles_draft_validates_checks_and_builds(
    shipped: Path, tmp_path: Path
) -> None:
    path = tmp_path / "japan.yaml"
    outline = draft(shipped, path)
    prs = assert_builds_and_checks(path)
    assert len(prs.slides) >= len(outline["slides"]) + 1  # + the title slide
    text = deck_text(prs)
    assert "San Francisco Peace Treaty" in text and "$13 billion" in text
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert any("Japan contributed $13 billion but faced criticism" in n for n in notes)


def test_drafting_is_deterministic_and_stdout_is_the_file(shipped: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    draft(shipped, first)
    again = CliRunner().invoke(cli, ["draft", str(shipped), "-o", str(first), "--force"])
    assert again.exit_code == 0, again.output
    second = tmp_path / "b.yaml"
    draft(shipped, second)
    assert first.read_bytes() == second.read_bytes()
    printed = CliRunner().invoke(cli, ["draft", "sources/japan-us-alliance.txt"])
    assert printed.exit_code == 0
    assert printed.output.encode("utf-8") == first.read_bytes()
    dashed = CliRunner().invoke(cli, ["draft", "sources/japan-us-alliance.txt", "-o", "-"])
    assert dashed.output == printed.output and not Path("-").exists()


# --------------------------------------------------------------------------- another subject


def test_a_markdown_article_gets_its_heading_sections_and_dates(
    canal: Path, tmp_path: Path
) -> None:
    outline = draft(canal, canal.with_suffix(".yaml"))
    assert outline["title"] == "The Kiel Canal"
    assert outline["sources"]["kiel-canal"]["file"] == "kiel-canal.md"
    sections = [s["title"] for s in outline["slides"] if s.get("kind") == "section"]
    assert sections == ["Building a shortcut", "Widening and war", "Traffic today"]
    # Decades, "from … to …" and en-dash ranges, a month, a date in a trailing clause.
    assert timeline_whens(outline) == [
        "1880s",
        "1887–1895",
        "June 1895",
        "1907–1914",
        "1919",
        "1936",
    ]
    assert_short_phrases(outline, canal)
    assert_cited_with_notes(outline, canal)
    bullets = [b for s in outline["slides"] for b in iter_bullets(s)]
    assert "The government has promised $1.2 billion for new gates" in bullets
    assert any("“Kaiser-Wilhelm-Kanal”" in b for b in bullets)  # Unicode quotes kept whole
    assert "Critics warn that the old locks at Brunsbüttel need constant repair" in bullets
    # The paragraph with no date makes a slide whose bullets carry none.
    (traffic,) = [s for s in outline["slides"] if "bullets" in s and s["cite"] == ["kiel-canal#4"]]
    assert not any(re.search(r"\d{4}", b) for b in iter_bullets(traffic))


def test_a_markdown_articles_draft_validates_checks_and_builds(canal: Path) -> None:
    path = canal.with_suffix(".yaml")
    draft(canal, path)
    prs = assert_builds_and_checks(path)
    text = deck_text(prs)
    assert "Kaiser-Wilhelm-Kanal" in text and "Treaty of Versailles" in text


def test_a_two_line_text_drafts_distinct_titles_and_no_empty_note_heading(
    write: Callable[[str, str], Path],
) -> None:
    source = write("tiny.txt", "Hello world.\n\nNothing here.\n")
    outline = draft(source, Path("tiny.yaml"))
    titles = [s["title"] for s in outline["slides"]]
    assert len(titles) == len(set(titles)), titles
    questions = next(s for s in outline["slides"] if s.get("kind") == "questions")
    assert not questions["notes"].rstrip().endswith(":"), questions["notes"]
    assert CliRunner().invoke(cli, ["validate", "--strict", "tiny.yaml"]).exit_code == 0


def test_a_first_short_line_is_the_title_and_still_paragraph_one(
    write: Callable[[str, str], Path],
) -> None:
    source = write(
        "vaccine.txt",
        """
        A Short History of the Smallpox Vaccine
        In 1796, Edward Jenner inoculated a boy with cowpox, and the boy resisted smallpox.
        By the 1970s, vaccination had driven the disease out of most countries.
        The World Health Organization declared smallpox eradicated in 1980.
        """,
    )
    outline = draft(source, Path("vaccine.yaml"))
    assert outline["title"] == "A Short History of the Smallpox Vaccine"
    cited = {c for s in outline["slides"] for c in s.get("cite", [])}
    assert "vaccine#1" not in cited and "vaccine#4" in cited
    assert timeline_whens(outline) == ["1796", "1970s", "1980"]
    assert_builds_and_checks(Path("vaccine.yaml"))


def test_text_that_looks_like_a_template_stays_text(write: Callable[[str, str], Path]) -> None:
    source = write(
        "braces.txt",
        "Printers in 1900 wrote {{ name }} on forms, a habit that lasted until 1950.\n\n"
        "Clerks in 1910 filled the {% blanks %} by hand, working for a small wage.\n\n"
        "Typists in 1920 never wrote {% endraw %} or {# a comment, as far as we know.\n",
    )
    draft(source, Path("braces.yaml"))
    prs = assert_builds_and_checks(Path("braces.yaml"))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    for literal in ("{{ name }}", "{% blanks %}", "{% endraw %}", "{# a comment"):
        assert literal in notes


def test_markdown_list_items_are_sentences_of_their_own(write: Callable[[str, str], Path]) -> None:
    source = write(
        "list.md",
        """
        # Treaties

        - In 1951, Japan signed the San Francisco Peace Treaty with forty-eight nations
        - In 1960, the security treaty was revised despite protests in Tokyo
        """,
    )
    outline = draft(source, Path("list.yaml"))
    bullets = [b for s in outline["slides"] for b in iter_bullets(s)]
    assert "1951: Japan signed the San Francisco Peace Treaty with forty-eight nations" in bullets
    assert "1960: the security treaty was revised despite protests in Tokyo" in bullets
    assert not any(b.startswith("-") or " - " in b for b in bullets)
    assert_builds_and_checks(Path("list.yaml"))


def test_a_japanese_text_drafts_and_checks(write: Callable[[str, str], Path]) -> None:
    source = write(
        "nichibei.txt",
        "日米安保条約は1951年に署名された。\n\n1960年に改定された。反対も多かった。\n",
    )
    outline = draft(source, Path("nichibei.yaml"))
    assert timeline_whens(outline) == ["1951", "1960"]
    bullets = [b for s in outline["slides"] for b in iter_bullets(s)]
    assert "1960年に改定された。" in bullets and "反対も多かった。" in bullets
    assert_builds_and_checks(Path("nichibei.yaml"))


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "missing.txt: cannot read: no such file"),
        (lambda p: p, ": is a folder: give a plain-text or Markdown file"),
        (
            lambda p: (os.mkfifo(p / "pipe.txt"), p / "pipe.txt")[1],
            "pipe.txt:1:1: cannot read: not a regular file",
        ),
        (
            lambda p: (p / "empty.txt", (p / "empty.txt").write_text("\n\n# Only a title\n"))[0],
            "empty.txt:1:1: no paragraphs to draft from: it has only the title 'Only a title'",
        ),
        (
            lambda p: (p / "blank.txt", (p / "blank.txt").write_text("\n \n"))[0],
            "blank.txt:1:1: no paragraphs to draft from: the text is empty",
        ),
    ],
    ids=["missing", "directory", "fifo", "heading only", "empty"],
)
def test_unreadable_or_empty_text_is_one_located_line_and_nothing_written(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    source = make(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    out = tmp_path / "out.yaml"
    for args in (["draft", str(source), "-o", str(out)], ["draft", str(source)]):
        result = CliRunner().invoke(cli, args)
        usage = "no such file" in message or "is a folder" in message
        assert result.exit_code == (2 if usage else 1)  # a usage error
        assert message in result.output
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert sorted(tmp_path.rglob("*")) == before


def test_an_existing_outline_is_replaced_only_with_force(shipped: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("title: My own edits\n")
    result = CliRunner().invoke(cli, ["draft", str(shipped), "-o", str(out)])
    assert result.exit_code == 2  # misuse of the command line, as Click's usage errors
    assert result.output.strip() == f"{out}:1:1: already exists; pass --force to replace it"
    assert out.read_text() == "title: My own edits\n"
    forced = CliRunner().invoke(cli, ["draft", str(shipped), "-o", str(out), "--force"])
    assert forced.exit_code == 0
    assert out.read_text().startswith("# Drafted by `alliance-slides draft`")


def test_a_source_outside_the_outline_folder_is_named_relative_with_a_warning(
    canal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "outlines" / "canal.yaml"
    result = CliRunner().invoke(cli, ["draft", str(canal), "-o", str(out)])
    assert result.exit_code == 0
    assert "warning: " in result.output and "--allow" in result.output
    outline = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert outline["sources"]["kiel-canal"]["file"] == "../texts/kiel-canal.md"
    assert (out.parent / outline["sources"]["kiel-canal"]["file"]).resolve() == canal.resolve()


def test_draft_help_teaches_with_examples() -> None:
    result = CliRunner().invoke(cli, ["draft", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "alliance-slides draft article.txt -o" in result.output


def test_the_library_call_returns_the_same_text(shipped: Path, tmp_path: Path) -> None:
    out = tmp_path / "japan.yaml"
    draft(shipped, out)
    assert draft_outline(shipped, tmp_path).text == out.read_text(encoding="utf-8")


def test_a_drafted_sentence_keeps_its_markdown_characters_as_text(tmp_path: Path) -> None:
    from alliance_slides.format.markup import note_blocks
    from alliance_slides.source.draft import escape_markup

    sentence = "In 1951 the *pact* [art. 3] used snake_case and `ticks` <here>."
    (block,) = note_blocks("- " + escape_markup(sentence))
    assert block.text == sentence
