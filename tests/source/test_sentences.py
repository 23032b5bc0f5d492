"""Sentences and dates of a source text, as drafting reads them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_slides.source.dates import first_date
from alliance_slides.source.sentences import find_dates, has_sentences, split_sentences


def test_dates_are_found_with_their_months_ranges_and_decades() -> None:
    def whens(text: str) -> list[str]:
        return [d.when for d in find_dates(text.split())]

    assert whens("Following Japan’s surrender in August 1945, the") == ["August 1945"]
    assert whens("In the 1970s and the early 1990s prices rose") == ["1970s", "early 1990s"]
    assert whens("Between 1945–1952 the port was rebuilt") == ["1945–1952"]
    assert whens("from 1887 to 1895, and between 1907 and 1914") == ["1887–1895", "1907–1914"]
    assert whens("in 1951 and 1960 and in 2001") == ["1951", "1960", "2001"]
    assert whens("it cost $1945 or 1,945 marks for 3000 ships") == []
    assert whens("After the September 11, 2001 attacks") == ["September 11, 2001"]


def test_sentences_split_at_their_ends_not_at_abbreviations() -> None:
    text = "The U.S. military stayed. Dr. Smith left in 1951. It ended “quietly.” Then Iraq. Prime"
    assert split_sentences(text) == [
        "The U.S. military stayed.",
        "Dr. Smith left in 1951.",
        "It ended “quietly.”",
        "Then Iraq.",
        "Prime",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["- ", "1. ", "2) ", "* ", "a", "7", "\u200b", "\u3000", " ", "."]),
        max_size=8,
    ).map("".join)
)
def test_whether_a_paragraph_has_sentences_is_told_without_splitting_it(text: str) -> None:
    assert has_sentences(text) == bool(split_sentences(text))


def test_a_stop_inside_strong_emphasis_ends_the_sentence() -> None:
    text = "**Don't use long words when short ones will do.** Use _buy_ instead of _purchase_."
    assert split_sentences(text) == [
        "**Don't use long words when short ones will do.**",
        "Use _buy_ instead of _purchase_.",
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["the", "war,", "from", "1887", "to", "1895", "June", "5,", "1947,", "in", "late",
             "1940s", "and", "between", "1500", "troops", "–", "52", "spring", "of"]
        ),
        max_size=400,
    )
)
def test_the_first_date_is_found_alike_reading_only_a_prefix(tokens: list[str]) -> None:
    spans = find_dates(tokens)
    assert first_date(tokens) == (spans[0] if spans else None)
