"""Clauses condensed to bullets, sub-bullets, titles and timeline labels."""

from __future__ import annotations

import pytest

from alliance_slides.source.phrasing import (
    BULLET_WORDS,
    TITLE_CHARS,
    condense,
    name_runs,
    sentence_units,
)


def phrases(sentence: str) -> list[tuple[str, tuple[str, ...], str, str]]:
    condensed = [condense(unit) for unit in sentence_units(sentence)]
    return [(p.text, p.subs, p.label, p.headline) for p in condensed if p is not None]


def test_a_lead_in_date_moves_to_the_front_and_a_short_clause_stays_whole() -> None:
    sentence = (
        "In 1951, Japan signed the San Francisco Peace Treaty and a security pact with the US."
    )
    assert phrases(sentence) == [
        (
            "1951: Japan signed the San Francisco Peace Treaty and a security pact with the US",
            (),
            "Japan signed the San Francisco Peace Treaty",
            "1951: Japan signed the San Francisco Peace Treaty",
        )
    ]


def test_a_lead_in_naming_the_event_stays_with_the_bullet_and_labels_it() -> None:
    sentence = "During the 1991 Gulf War, Japan contributed $13 billion but faced criticism."
    [(text, subs, label, headline)] = phrases(sentence)
    assert text == "1991: during the Gulf War, Japan contributed $13 billion"
    assert subs == ("but faced criticism",)
    assert label == "Gulf War"


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "On 5 June 1947, Marshall spoke at Harvard about a plan.",
            "Marshall spoke at Harvard about a plan",
        ),
        (
            "Truman signed the act on 3 April 1948 after a long debate.",
            "Truman signed the act after a long debate",
        ),
        (
            "In 2022, Prime Minister Fumio Kishida announced plans for counterattack capabilities.",
            "Fumio Kishida announced plans for counterattack capabilities",
        ),
    ],
)
def test_days_stay_with_their_dates_and_labels_keep_the_object(sentence: str, label: str) -> None:
    [(text, _, got, _)] = phrases(sentence)
    assert got == label
    assert not text.split(": ", 1)[1][:1].isdigit() and " on 3" not in text


def test_a_contrast_is_kept_and_a_headline_drops_the_passive_auxiliary() -> None:
    sentence = "The treaty was revised in 1960, though Japan was not required to defend the US."
    [(text, subs, label, headline)] = phrases(sentence)
    assert text == "1960: The treaty was revised"
    assert subs == ("though Japan was not required to defend the US",)
    assert (label, headline) == ("Treaty revised", "1960: The treaty revised")


def test_a_modifier_between_subject_and_verb_is_set_aside_and_kept_if_it_names_someone() -> None:
    named = "Today, policy under President Trump's new approach has raised doubts about it."
    assert phrases(named)[0][:2] == (
        "Policy has raised doubts about it",
        ("under President Trump's new approach",),
    )
    plain = "Today, policy under the new approach has raised doubts about it."
    assert phrases(plain)[0][:2] == ("Policy has raised doubts about it", ())


@pytest.mark.parametrize(
    "sentence",
    [
        "Washington used Japan as a strategic base during the Cold War to contain communist "
        "expansion across the whole of East Asia and the Pacific for four decades.",
        "Experts suggest the alliance will focus more on military cooperation and less on "
        "economic partnership while analysts believe the shift could allow more independence.",
    ],
)
def test_long_clauses_are_cut_to_short_bullets_and_one_line_titles(sentence: str) -> None:
    for text, subs, _, headline in phrases(sentence):
        assert len(text.split()) <= BULLET_WORDS
        assert all(len(sub.split()) <= BULLET_WORDS for sub in subs)
        assert len(headline) <= TITLE_CHARS
        assert set(text.lower().split()) <= set(sentence.lower().replace(".", "").split())


def test_names_are_whole_and_end_before_a_bracket() -> None:
    def names(text: str) -> list[str]:
        return [" ".join(run) for run in name_runs(text.split())]

    assert names("In the post-World War II period, Europe") == ["World War II"]
    assert names("the Socialist Unity Party of Germany (SED), the German Communist Party") == [
        "Socialist Unity Party of Germany",
        "German Communist Party",
    ]


def test_instead_of_is_no_filler_and_a_second_predicate_ends_a_title() -> None:
    [(text, _, _, _)] = phrases("Use buy instead of purchase and help instead of assist.")
    assert text == "Use buy instead of purchase and help instead of assist"
    sentence = (
        "The Marshall Plan generated a resurgence of European industrialization and brought "
        "extensive investment into the region."
    )
    [phrase] = [condense(u) for u in sentence_units(sentence)]
    assert phrase is not None
    assert phrase.long_headline == (
        "The Marshall Plan generated a resurgence of European industrialization"
    )


def test_a_title_does_not_end_inside_a_list() -> None:
    sentence = (
        "The contract will provide safety, reliability, and quality engineering for the agency "
        "and its partners in deep space."
    )
    [phrase] = [condense(u) for u in sentence_units(sentence)]
    assert phrase is not None
    assert not phrase.headline.endswith("reliability")
    assert not phrase.long_headline.endswith("reliability")
