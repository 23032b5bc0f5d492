"""Source text to sentences, tokens and dates, for drafting outlines.

Sentences are split on punctuation, keeping abbreviations ("U.S.", "Dr.") and initials
whole; tokens are words, with the dashes that set off an aside as tokens of their own;
dates are years, decades, months and ranges, taken only where :mod:`alliance_slides.source.facts`
sees a year too, so a drafted line and ``check`` agree on what a date is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_slides.source.facts import claims, normalize

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = "|".join(_MONTHS)
# A date as the normalised text writes it: "in August 1945", "the 1990s", "1945-1952",
# "from 1945 to 1952", "between 1945 and 1952", "the early 1960s", "September 11, 2001".
_DATE = re.compile(
    rf"(?:\b(?P<prep>in|on|by|since|during|from|after|before|until|through|between|around|"
    rf"of|circa)\s+)?(?:\b(?P<the>the)\s+)?(?:\b(?P<qual>early|mid|late)[- ]\s*)?"
    rf"(?:\b(?P<month>{_MONTH})\s+(?:(?P<day>\d{{1,2}}),?\s+)?)?"
    rf"(?<![\d$€£¥.,])(?P<year>\d{{4}})(?P<decade>'?s)?(?![\d,.]\d)"
    rf"(?:\s*(?P<sep>-|to|until|and)\s*(?P<end>\d{{4}}(?:'?s)?|\d{{2}})\b)?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)\]\u300d]*\s*")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,2}[.)])\s+")
_LIST_SPLIT = re.compile(r"\s+(?=(?:[-*+]|\d{1,2}[.)])\s)")
_ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. prof. st. mt. jr. sr. gen. col. lt. sgt. capt. gov. sen. rep. rev. fr. "
    "no. vol. fig. vs. etc. e.g. i.e. ca. c. jan. feb. mar. apr. jun. jul. aug. sep. sept. "
    "oct. nov. dec.".split()
)


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph at sentence ends, keeping "U.S.", "Dr." and initials whole.

    A Markdown list's items are sentences of their own; so is each sentence ended by a
    full-width stop (。！？), which needs no space after it.
    """
    if _LIST_ITEM.match(paragraph):
        items = [_LIST_ITEM.sub("", item) for item in _LIST_SPLIT.split(paragraph)]
        return [s for item in items for s in split_sentences(item)]
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        after = paragraph[match.end() : match.end() + 2].lstrip("\"'\u201c\u2018([")
        wide = match.group(0)[0] in "\u3002\uff01\uff1f"
        if not wide and not (
            match.group(0)[-1].isspace() and (after[:1].isupper() or after[:1].isdigit())
        ):
            continue
        before = paragraph[start : match.start() + 1].split()
        last = before[-1] if before else ""
        # "U.S.", "A." and "Dr." end a word, not a sentence.
        if not wide and (re.fullmatch(r"(?:[A-Za-z]\.)+", last) or last.lower() in _ABBREVIATIONS):
            continue
        sentences.append(paragraph[start : match.end()].strip())
        start = match.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def tokenize(sentence: str) -> list[str]:
    """Return the words of a sentence, without Markdown marks; an aside's dash is a word."""
    # Em dashes and spaced en dashes set off asides: make them tokens of their own.
    sentence = re.sub(r"\s*\u2014\s*|\s+[\u2013-]\s+", " \u2014 ", sentence)
    sentence = re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)|`", "", sentence)  # Markdown emphasis, code
    sentence = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", sentence)  # Markdown links
    return sentence.split()


def bare(token: str) -> str:
    """Return a token as a word to compare: normalised, lower case, no punctuation around."""
    return re.sub(r"^\W+|\W+$", "", normalize(token)).lower()


@dataclass(frozen=True)
class DateSpan:
    """A date found in a run of tokens: where it is, how a slide shows it, how it sorts."""

    start: int  # first token of the phrase, preposition included
    end: int  # one past its last token
    year_at: int  # the token holding the year
    when: str
    key: tuple[int, int]
    adjective: bool  # "the 1991 Gulf War": the date qualifies a name; keep it in place


def find_dates(tokens: list[str]) -> list[DateSpan]:
    """Return the dates in ``tokens``: years, decades, months, ranges, in text order."""
    offsets, pieces, at = [], [], 0
    for token in tokens:
        piece = normalize(token)
        offsets.append(at)
        pieces.append(piece)
        at += len(piece) + 1
    text = " ".join(pieces)
    years = {c.text.replace("'", "") for c in claims(text) if c.kind in ("year", "decade")}

    def token_at(char: int) -> int:
        return max(i for i, off in enumerate(offsets) if off <= char)

    found, pos = [], 0
    while match := _DATE.search(text, pos):
        year = match["year"] + ("s" if match["decade"] else "")
        if year not in years or not 1000 <= int(match["year"]) <= 2100:
            pos = match.start("year") + 4
            continue
        end_char = match.end()
        end = match["end"]
        sep = (match["sep"] or "").lower()
        ranged = sep == "-" or (sep in ("to", "until") and match["prep"] in ("from", "From"))
        ranged = ranged or (sep == "and" and (match["prep"] or "").lower() == "between")
        if end and not ranged:
            end, end_char = None, match.end("decade") if match["decade"] else match.end("year")
        start_char = match.start()
        prep = (match["prep"] or "").lower()
        if prep == "between" and not end:  # "between" needs its second year
            start_char = match.start("the") if match["the"] else match.start("year")
            if match["month"]:
                start_char = match.start("month")
        first, last = token_at(start_char), token_at(end_char - 1) + 1
        year_at = token_at(match.start("year"))
        month = (match["month"] or "").lower()
        when = " ".join(
            part
            for part in (
                (match["qual"] or "").lower(),
                tokens[token_at(match.start("month"))].strip(",") if month else "",
                f"{match['day']}," if match["day"] else "",
                year + (f"\u2013{end.replace(chr(39), '')}" if end else ""),
            )
            if part
        )
        after = tokens[last] if last < len(tokens) else ""
        adjective = bool(match["the"] and not match["decade"] and not end and after[:1].isalpha())
        if adjective:  # only the date itself goes: "the [September 2001] attacks"
            first = token_at(match.start("month") if month else match.start("year"))
        if not re.fullmatch(r"\W*\d{4}(?:'?s)?(?:-\d{2,4})?\W*", pieces[year_at]):
            first = last = year_at  # inside a longer word ("1951年に"): nothing to take out
            adjective = False
        key = (int(match["year"]), _MONTHS.index(month) + 1 if month else 0)
        found.append(DateSpan(first, last, year_at, when, key, adjective))
        pos = end_char
    return found
