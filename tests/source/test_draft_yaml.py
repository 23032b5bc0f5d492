"""A drafted outline's YAML is written fast, and exactly as PyYAML writes it."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_slides.source import draft_yaml
from alliance_slides.source.draft_yaml import Flow, FlowMap, Literal, dump_outline, pyyaml_dump

# Characters that change how PyYAML writes a string: indicators, quotes, spaces, line
# breaks it treats specially, the byte-order mark, non-ASCII and astral letters.
_PIECES = st.sampled_from(
    list("ab Z19.-:#,?[]{}&*!|>'\"%@`~\t\n")
    + ["\u00e9", "\u2019", "\u00b6", "\u2013", "\x85", "\u2028", "\ufeff", "\U0001f600"]
    + ["yes", "null", "1945", "---", "...", ": ", " #", "\u00a0", "\x00", "\ud800"]
)
_TRICKY = st.lists(_PIECES, max_size=8).map("".join)
_WORDS = st.one_of(_TRICKY, st.sampled_from(["Japan", "1951: Treaty signed", "it's", "a" * 130]))


def _slides(texts: list[str], number: int) -> list[dict[str, Any]]:
    a, b, c = (texts + ["x", "y", "z"])[:3]
    return [
        {"kind": "timeline", "title": a, "events": [FlowMap(when=number, label=b)],
         "cite": Flow([f"k#{number}", c]), "notes": Literal(f"{a}\n- {b}\n")},
        {"title": b, "bullets": [a, {c: [a, b]}], "cite": Flow(["k#1"]),
         "notes": Literal(f"{c}\n")},
        {"kind": "section", "title": c, "subtitle": a, "cite": Flow([b]),
         "notes": Literal(f"{a}\n")},
        {"kind": "questions", "title": "Questions", "questions": [a, b, c]},
        {"kind": "references", "title": "References"},
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=3), st.integers(0, 3000))
def test_the_text_is_pyyamls_for_any_strings(texts: list[str], number: int) -> None:
    outline = {"title": texts[0], "sources": {"k": {"title": "T", "file": "k.txt"}}}
    outline["slides"] = _slides(texts, number)
    assert dump_outline(outline) == pyyaml_dump(outline)


def test_long_lines_empty_lists_and_odd_values_are_pyyamls() -> None:
    slides: list[dict[str, Any]] = [
        {"title": "Many", "cite": Flow([f"source#{n}" for n in range(400)])},
        {"title": "word " * 300, "bullets": []},
        {"title": "Key", "bullets": [{"k " * 70: ["sub"]}]},
        {"title": True, "questions": [None, 1.5]},
        {"title": "Notes", "notes": Literal(" leading space\n")},
        {"title": "Notes", "notes": Literal("two\n\n")},
        {"title": "Notes", "notes": Literal("gap\n\nthen\n")},
    ]
    outline = {"title": "T", "slides": slides}
    assert dump_outline(outline) == pyyaml_dump(outline)
    assert yaml.safe_load(dump_outline(outline))["slides"][0]["cite"][399] == "source#399"


def test_ordinary_slides_do_not_go_through_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    outline = {"title": "T", "slides": _slides(["Japan signed", "1951: Treaty", "it's"], 1951)}
    expected = pyyaml_dump(outline)
    calls: list[object] = []

    def counted(data: object) -> str:
        calls.append(data)
        return pyyaml_dump(data)

    monkeypatch.setattr(draft_yaml, "pyyaml_dump", counted)
    assert dump_outline(outline) == expected
    assert len(calls) == 1  # the outline's head only
