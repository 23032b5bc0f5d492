"""Accessibility checks: titles, alt text, contrast, text size, reading order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliance_slides.build import build
from alliance_slides.cli import cli
from alliance_slides.format.theme import DEFAULT_THEME
from alliance_slides.layout.a11y import check_deck, contrast
from alliance_slides.layout.scene import Box, Paragraph, Run, SlideScene, TextShape

OUTLINE = """
title: Accessible lecture
slides:
  - title: Same
    bullets: [one]
  - title: Same
    bullets: [two]
"""


def _text(role: str, box: Box, size: float = 24, color: str | None = None) -> TextShape:
    return TextShape(role, box, (Paragraph((Run("words"),), size=size, color=color),))


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_findings_cover_each_rule() -> None:
    title = _text("title", Box(10, 10, 500, 50))
    scenes = [
        SlideScene("content", "", (title,)),
        SlideScene("content", "Small", (title, _text("body", Box(10, 80, 500, 50), size=14))),
        SlideScene(
            "content", "Pale", (title, _text("body", Box(10, 80, 500, 50), color="on_band_muted"))
        ),
        SlideScene(
            "content",
            "Order",
            (title, _text("text", Box(500, 300, 100, 50)), _text("text", Box(10, 80, 100, 50))),
        ),
    ]
    messages = [f.message for f in check_deck(scenes, DEFAULT_THEME)]
    assert "has no title" in messages
    assert "text 'words' is 14 pt; body text needs 18 pt" in messages
    assert any(m.startswith("text 'words' has contrast 1.") for m in messages)
    assert "reading order does not follow the visual order" in messages


def test_built_decks_of_every_kind_pass(write: Callable[[str, str], Path]) -> None:
    outline = write(
        "ok.yaml",
        """
        title: Clean
        sources: {s: {title: A source}}
        slides:
          - {title: B, bullets: [one, {two: [three]}], cite: [s]}
          - {kind: section, title: S, subtitle: sub}
          - {kind: two_column, title: C, left: {heading: L, bullets: [a]},
             right: {heading: R, bullets: [b]}}
          - {kind: timeline, title: T, events: [{when: 1945, label: x}, {when: 1951, label: y}]}
          - {kind: quote, title: Q, text: words, by: someone}
          - {kind: table, title: Tab, columns: [a, b], rows: [[1, 2]]}
          - {kind: questions, questions: [why?]}
          - {kind: references}
        """,
    )
    for theme in ("classic", "slate"):
        (deck,) = build(outline, f"out-{theme}", theme=theme)
        assert deck.warnings == (), deck.warnings


def test_duplicate_titles_warn_on_build_and_fail_validate_strict(
    write: Callable[[str, str], Path],
) -> None:
    path = write("dup.yaml", OUTLINE)
    (deck,) = build(path, "out")
    assert [w.message for w in deck.warnings] == ['slide 3 "Same": title is the same as slide 2\'s']
    assert str(deck.warnings[0].location) == "dup.yaml:5:5"
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(path)]).exit_code == 0
    strict = runner.invoke(cli, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1
    assert 'dup.yaml:5:5: slide 3 "Same": title is the same as slide 2\'s' in strict.output


def test_text_that_cannot_fit_or_continue_is_a_warning_and_fails_strict(
    write: Callable[[str, str], Path],
) -> None:
    long = " ".join(["The alliance was revised after long and bitter public protests."] * 25)
    write(
        "over.yaml",
        f"""
        title: Over
        title_slide: false
        slides:
          - {{kind: quote, title: Said, text: "{long}", by: Someone}}
          - {{kind: table, title: Cells, columns: [A, B], rows: [[x, "{long} {long} {long}"]]}}
          - {{title: Fine, bullets: ["{long}"]}}
        """,
    )
    result = CliRunner().invoke(cli, ["build", "over.yaml", "-o", "out"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        'over.yaml:4:5: warning: slide 1 "Said": text \'“The alliance was revised after long an…\' '
        "does not fit its box even at 24 pt; shorten it",
        'over.yaml:5:5: warning: slide 2 "Cells": the table runs off the slide even at 12 pt; '
        "shorten its cells",
    ]
    strict = CliRunner().invoke(cli, ["validate", "--strict", "over.yaml"])
    assert strict.exit_code == 1


def test_a_chart_without_alt_and_a_link_that_does_not_say_where_are_findings() -> None:
    from alliance_slides.layout.scene import ChartSeries, ChartShape

    title = _text("title", Box(48, 24, 864, 80))
    link = Paragraph((Run("Read it "), Run("here", link="https://example.org/treaty")), 24)
    named = Paragraph((Run("the 1960 treaty", link="https://example.org/treaty"),), 24)
    body = TextShape("body", Box(48, 130, 864, 100), (link, named))
    chart = ChartShape(
        Box(48, 240, 864, 250), "column", ("a",), (ChartSeries("s", (1.0,)),), alt=" "
    )
    scene = SlideScene("content", "Findings", (title, body, chart))
    messages = [f.message for f in check_deck([scene], DEFAULT_THEME)]
    assert messages == [
        "link text 'here' does not say where it goes; name the page or document "
        "([the 1960 treaty](https://...))",
        "chart 'Chart' has no alternative text",
    ]


def test_a_table_too_tall_because_a_column_is_too_narrow_says_so(
    write: Callable[[str, str], Path],
) -> None:
    # The '#' column gets 1/61 of the width: its words break a letter or two a line, so the
    # first row is taller than the slide. Shortening the cells is not the fix; widening is.
    write(
        "narrow.yaml",
        """
        title: Narrow
        title_slide: false
        slides:
          - kind: table
            title: Events
            columns: ["#", Event]
            widths: [1, 60]
            rows: [[Nineteen-fifty-one treaty signing, Security pact], ["2", Other]]
        """,
    )
    result = CliRunner().invoke(cli, ["build", "narrow.yaml", "-o", "out"])
    assert result.exit_code == 0
    (warning,) = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning.startswith('narrow.yaml:4:5: warning: slide 1 "Events": the table runs off')
    assert warning.endswith(
        "column 1 ('#') is too narrow for its words, which break a few letters a line: give it "
        "more of the width (widths: [...]) or shorten those words"
    )
    assert "shorten its cells" not in warning


def test_a_link_is_checked_in_the_colour_it_is_drawn_in() -> None:
    """A link is drawn in the theme's link colour (its accent), not its run's text colour."""
    import dataclasses

    from alliance_slides.layout.scene import TableShape

    pale = dataclasses.replace(DEFAULT_THEME, colors={**DEFAULT_THEME.colors, "accent": "F0B0B0"})
    title = _text("title", Box(48, 24, 864, 80))
    para = Paragraph((Run("See "), Run("the 1960 treaty", link="https://example.org/t")), 24)
    body = TextShape("body", Box(48, 130, 864, 100), (para,))
    table = TableShape(
        Box(48, 250, 864, 100), ("Where",), (("[the archive](https://example.org/a)",),),
        (864.0,), (40.0, 40.0), 20,
    )
    scene = SlideScene("content", "T", (title, body, table))
    messages = [f.message for f in check_deck([scene], pale)]
    assert [m.split(" has contrast")[0] for m in messages if "contrast" in m] == [
        "link 'the 1960 treaty'",
        "link 'the archive'",
    ]
    assert all("F0B0B0" in m for m in messages if m.startswith("link"))
    assert [f.message for f in check_deck([scene], DEFAULT_THEME)] == []
