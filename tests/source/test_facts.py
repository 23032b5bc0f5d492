"""Checking slides against their source: figures and names must be in the cited paragraph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from alliance_slides.build import prepare
from alliance_slides.cli import cli
from alliance_slides.source import facts
from alliance_slides.source.facts import Claim, check_lecture, claims, read_paragraphs, supported
from conftest import REPO

ARTICLE = (
    "The canal opened in the 1880s after a decade of work.\n"
    "\n"
    "Between 1945–1952 the port was rebuilt; the city spent $13 billion on it.\n"
    "\n"
    "Engineers from the “Northern Company” said the harbour—old and silted—was unsafe.\n"
    "\n"
    "Nothing here has a date; it only says that fishermen complained.\n"
)


@pytest.fixture
def article(write: Callable[[str, str], Path]) -> Path:
    return write("article.txt", ARTICLE)


def outline(write: Callable[[str, str], Path], slides: str) -> Path:
    return write(
        "lecture.yaml",
        "title: Harbour\nsources:\n  art: {title: Article, file: article.txt}\nslides:\n" + slides,
    )


def findings(path: Path) -> list[str]:
    (lecture,) = prepare(path)
    return [f.message for f in check_lecture(lecture)]


def test_paragraphs_are_blank_line_blocks_or_lines(article: Path, tmp_path: Path) -> None:
    assert len(read_paragraphs(article)) == 4
    lines = tmp_path / "lines.txt"
    lines.write_text("# Heading\nFirst paragraph.\nSecond paragraph.\n")
    assert read_paragraphs(lines) == ["First paragraph.", "Second paragraph."]


def test_claims_find_years_decades_money_numbers_and_names() -> None:
    found = list(claims("In the 1880s, **Northern Company** paid $13 billion in 1951 for 3 ships"))
    assert Claim("decade", "1880s") in found
    assert Claim("money", "$13 billion") in found
    assert Claim("year", "1951") in found
    assert Claim("number", "3") in found
    assert {c.text for c in found if c.kind == "name"} == {"Northern", "Company"}
    assert not [c for c in claims("Source ¶6 says so") if c.kind == "number"]


def test_decades_match_only_the_same_decade() -> None:
    assert supported(Claim("decade", "1990s"), "After the Cold War ended in the 1990s, ...")
    assert not supported(Claim("decade", "1980s"), "After the Cold War ended in the 1990s")
    assert not supported(Claim("year", "1990"), "in the 1990s")


def test_ranges_with_unicode_dashes_hold_both_ends(
    write: Callable[[str, str], Path], article: Path
) -> None:
    slides = "  - {title: Rebuilding, bullets: [1945 to 1952, '1953'], cite: [art#2]}\n"
    path = outline(write, slides)
    assert findings(path) == ["'1953' not in source ¶2"]


def test_money_amounts_match_with_or_without_the_sign(
    write: Callable[[str, str], Path], article: Path
) -> None:
    slides = "  - {title: Cost, bullets: [$13 billion, 13 billion spent], cite: [art#2]}\n"
    ok = outline(write, slides)
    assert findings(ok) == []
    wrong = outline(write, "  - {title: Cost, bullets: [$14 billion], cite: [art#2]}\n")
    assert findings(wrong) == ["'$14 billion' not in source ¶2"]


def test_names_with_unicode_quotes_and_acronyms(
    write: Callable[[str, str], Path], article: Path
) -> None:
    slides = (
        "  - title: What engineers said\n"
        "    bullets: ['The \"Northern Company\" warned', 'The NC warned',\n"
        "              'and the Southern Company too']\n"
        "    cite: [art#3]\n"
    )
    assert findings(outline(write, slides)) == ["'Southern' not in source ¶3"]


def test_paragraph_with_no_dates_rejects_every_figure(
    write: Callable[[str, str], Path], article: Path
) -> None:
    slides = "  - {title: Complaints, bullets: [Fishermen complained in 1901], cite: [art#4]}\n"
    assert findings(outline(write, slides)) == ["'1901' not in source ¶4"]


def test_a_wrong_paragraph_and_a_missing_cite_are_findings(
    write: Callable[[str, str], Path], article: Path
) -> None:
    slides = (
        "  - {title: Canal, bullets: [Opened in the 1880s], cite: [art#2]}\n"
        "  - {title: Uncited, bullets: [Rebuilt in 1945]}\n"
        "  - {title: Past the end, bullets: [A 1945 fact], cite: [art#9]}\n"
    )
    assert findings(outline(write, slides)) == [
        "'1880s' not in source ¶2",
        "'1945' and more, but the slide cites no source",
        "'1945' not in source ¶9 (the source has 4)",
    ]


def test_check_command_prints_file_line_and_exits_1(
    write: Callable[[str, str], Path], article: Path
) -> None:
    path = outline(write, "  - title: Canal\n    bullets: [Opened in 1962]\n    cite: [art#1]\n")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    # Slide 2 of the deck: the title slide is slide 1.
    assert "lecture.yaml:5: slide 2 \"Canal\": '1962' not in source ¶1" in result.output
    assert "2 slides checked, 1 finding" in result.output


def test_check_with_source_option_needs_no_file_field(
    write: Callable[[str, str], Path], article: Path
) -> None:
    path = write(
        "plain.yaml",
        "title: T\nsources: {art: {title: A}}\nslides:\n"
        "  - {title: Canal, bullets: [the 1880s], cite: [art#1]}\n",
    )
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 1
    result = CliRunner().invoke(cli, ["check", str(path), "--source", str(article)])
    assert result.exit_code == 0, result.output


def test_a_range_written_on_the_slide_needs_both_ends(
    write: Callable[[str, str], Path], article: Path
) -> None:
    slides = (
        "  - {title: Rebuilding, bullets: ['1945\u20131952: the port rebuilt'], cite: [art#2]}\n"
        "  - {title: Later, bullets: ['1945\u20131953: the port rebuilt'], cite: [art#2]}\n"
    )
    assert findings(outline(write, slides)) == ["'1953' not in source ¶2"]


def test_em_dashes_part_words_and_names_may_use_any_letters(
    write: Callable[[str, str], Path], article: Path
) -> None:
    found = {c.text for c in claims("Warned by Northern Company\u2014its engineers")}
    assert found == {"Northern", "Company"}
    assert Claim("name", "Brunsbüttel") in list(claims("Locks at Brunsbüttel"))
    assert supported(Claim("name", "Brunsbüttel"), "the locks at Brunsbüttel need repair")
    assert not supported(Claim("name", "Brunsbüttel"), "the locks at Kiel need repair")
    slides = "  - {title: Warning, bullets: ['Northern Company\u2014old hands'], cite: [art#3]}\n"
    assert findings(outline(write, slides)) == []


def test_a_heading_line_does_not_swallow_the_paragraph_under_it(tmp_path: Path) -> None:
    text = tmp_path / "notes.md"
    text.write_text("# Title\n\n## Part one\nFirst paragraph.\n\nSecond paragraph.\n")
    assert read_paragraphs(text) == ["First paragraph.", "Second paragraph."]


def test_check_passes_on_the_shipped_course_from_the_command_line() -> None:
    course = REPO / "courses" / "hist-240.yaml"
    result = CliRunner().invoke(cli, ["check", str(course)])
    assert result.exit_code == 0, result.output
    assert "slides checked, 0 findings" in result.output


def test_chart_values_are_claims_and_link_addresses_are_not(
    write: Callable[[str, str], Path],
) -> None:
    write("src.txt", "Japan contributed $13 billion in 1991.\n")
    outline = write(
        "c.yaml",
        """
        title: C
        sources:
          o: {title: O, file: src.txt}
        slides:
          - kind: chart
            title: Gulf money
            categories: [Japan]
            series: [{name: Contribution, values: [99]}]
            alt: Japan paid 13 billion
            cite: [o#1]
          - title: Link
            bullets: ["[the 1991 text](https://example.org/2024)", "[a 1999 text](https://e.org)"]
            cite: [o#1]
        """,
    )
    (lecture,) = prepare(outline)
    found = [str(f) for f in check_lecture(lecture.lecture)]
    assert len(found) == 2
    assert "'99' not in source ¶1" in found[0]
    assert "'1999' not in source ¶1" in found[1]


_TEXT = st.text(alphabet=st.sampled_from(list("ab A'-_.1 é\u00e9\u2019")), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_TEXT, _TEXT)
def test_a_name_is_found_alike_in_short_and_long_paragraphs(name: str, paragraph: str) -> None:
    # A long paragraph is answered from an index of its words, a short one by searching:
    # the same paragraph padded past the index threshold must give the same answer.
    claim = Claim("name", name)
    padding = " ." * (facts._INDEXED // 2 + 1)
    assert supported(claim, paragraph) == supported(claim, paragraph + padding)


def test_check_numbers_slides_as_the_deck_does(
    write: Callable[[str, str], Path], article: Path
) -> None:
    many = "".join(f"      - Point {n} of a list too long for one slide\n" for n in range(24))
    path = outline(
        write,
        f"  - title: Long\n    bullets:\n{many}"
        "  - {title: Reserve, hidden: true, bullets: [a]}\n"
        "  - {title: Canal, bullets: [Opened in 1962], cite: ['art#1']}\n",
    )
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1, result.output
    built = CliRunner().invoke(cli, ["build", str(path), "-o", "deck.pptx"])
    assert built.exit_code == 0, built.output
    titles = [s.shapes.title.text for s in Presentation("deck.pptx").slides]
    assert titles.count("Long (cont.)") >= 1, titles
    number = titles.index("Canal") + 1
    assert f"slide {number} \"Canal\": '1962' not in source ¶1" in result.output, titles
