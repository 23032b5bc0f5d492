"""Dates in a run of tokens, each kept whole: "3 April 1948", "June 5, 1947", "1946–47".

One grammar covers what edited prose writes: a day before or after the month (with or
without a comma, an ordinal or a period after an abbreviated month), a month or a
season with its year, a year alone, a decade, a qualified year ("late 1947",
"mid-1950s"), an ISO date, and ranges of any of these ("1945–52", "from 1887 to 1895",
"between 1945 and 1950", "April 1948 – June 1949"). A day and month are checked
against the calendar. The scan is one pass of one compiled pattern over the joined
tokens, and a character offset is mapped back to its token by bisection, so finding
every date of a text costs time in proportion to its length.

Library date finders were measured and not used: dateparser's ``search_dates`` reads
"$13" and "1952 and" as dates, splits "1946–47", and takes 10–20 ms a sentence
(minutes for a long text); datefinder in strict mode misses a year on its own.
"""

from __future__ import annotations

import calendar
import functools
import re
from bisect import bisect_right
from dataclasses import dataclass

from alliance_slides.source.facts import normalize
from alliance_slides.source.lexicon import (
    AUXILIARIES,
    COORDINATORS,
    MONTHS,
    PREPOSITIONS,
    SUBORDINATORS,
)

_MONTH = (
    r"(?<!\w)(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)|March|Apr(?:il|\.)?|May|June?\.?|July?\.?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
    r"(?![A-Za-z])"
)
_DAY = r"(?<![\w$€£¥.,])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?<![\d$€£¥.,])(?:1\d{3}|20\d{2}|2100)(?!\d)(?![.,]\d)"
_SEASON = r"(?<!\w)(?i:spring|summer|autumn|fall|winter)"
_PREP = (
    r"(?<!\w)(?i:in|on|by|since|during|from|after|before|until|till|through|between|around|circa|c\.|"
    r"as\s+of|of)"
)


def _point(n: int) -> str:
    """A single date; group names carry ``n`` so a range can hold two."""
    return (
        rf"(?:(?P<d1_{n}>{_DAY})\s+(?:of\s+)?(?P<m1_{n}>{_MONTH}),?\s+(?P<y1_{n}>{_YEAR})"
        rf"|(?P<m2_{n}>{_MONTH})\s+(?P<d2_{n}>{_DAY}),?\s+(?P<y2_{n}>{_YEAR})"
        rf"|(?P<y5_{n}>{_YEAR})-(?P<mm_{n}>0[1-9]|1[0-2])-(?P<dd_{n}>0[1-9]|[12]\d|3[01])(?!\d)"
        rf"|(?P<m3_{n}>{_MONTH}),?\s+(?:of\s+)?(?P<y3_{n}>{_YEAR})"
        rf"|(?P<s_{n}>{_SEASON})\s+(?:of\s+)?(?P<y4_{n}>{_YEAR})"
        rf"|(?:(?<!\w)(?P<q_{n}>(?i:early|mid|late))(?:-|\s+))?(?P<y6_{n}>{_YEAR})(?P<dec_{n}>'?s\b)?)"
    )


_DATE = re.compile(
    rf"(?:(?P<prep>{_PREP})\s+)?(?:(?<!\w)(?P<the>(?i:the))\s+)?(?P<first>{_point(0)})"
    rf"(?:\s*(?P<sep>-|/|(?i:to|until|till|through|and))\s*"
    rf"(?P<second>{_point(1)}|(?P<yy>\d{{2}})(?![\d']))"
    r")?"
)
_DIGIT = re.compile(r"\d")
# A count, not a year: "1500 troops", "2000 workers" (a plural after a bare number).
_COUNTED = re.compile(r"[a-z]{2,}[a-rt-z]s")


@dataclass(frozen=True)
class DateSpan:
    """A date found in a run of tokens: where it is, how a slide shows it, how it sorts."""

    start: int  # first token of the phrase, preposition included
    end: int  # one past its last token (equal to start when it sits inside a longer word)
    year_at: int  # the token holding the (first) year
    when: str  # as the text writes it, without preposition or article: "3 April 1948"
    key: tuple[int, int, int]  # year, month, day of its start (0 when not given)
    last: int  # the year it ends in (the same year unless a range or a decade)
    last_text: str  # the last year as the text writes it in full ("1952", "1990s")
    adjective: bool  # "the 1991 Gulf War": the date qualifies a name; only it goes


@dataclass(frozen=True)
class _Point:
    text: str
    year: int
    month: int
    day: int
    decade: bool


def _month_number(word: str) -> int:
    word = word.rstrip(".").lower()
    return next(i for i, m in enumerate(MONTHS, start=1) if m.startswith(word[:3]))


def _read_point(match: re.Match[str], n: int) -> _Point | None:
    """Return the date of point ``n`` of ``match`` (None when the calendar refuses it)."""
    g = match.groupdict()
    text = match.group("first" if n == 0 else "second")
    for kind in "125346":
        year = g.get(f"y{kind}_{n}")
        if year:
            break
    else:
        return None
    month = day = 0
    if kind in "12":
        month, day = _month_number(g[f"m{kind}_{n}"]), int(re.sub(r"\D", "", g[f"d{kind}_{n}"]))
    elif kind == "5":
        month, day = int(g[f"mm_{n}"]), int(g[f"dd_{n}"])
    elif kind == "3":
        month = _month_number(g[f"m3_{n}"])
    if day and day > calendar.monthrange(int(year), month)[1]:
        return None
    decade = bool(g.get(f"dec_{n}")) and year.endswith("0")
    if g.get(f"dec_{n}") and not decade:
        return None  # "1991s" is not a decade
    return _Point(text, int(year), month, day, decade)


def _span_text(text: str) -> str:
    """Write a matched date as a slide shows it: single spaces, no trailing comma."""
    return " ".join(text.split()).rstrip(",")


@functools.lru_cache(maxsize=65536)
def _normal(token: str) -> str:
    return normalize(token)


class _Tokens:
    """Tokens joined into one normalised text, with each token's offset for bisection."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pieces = [_normal(t) for t in tokens]
        self.offsets: list[int] = []
        at = 0
        for piece in self.pieces:
            self.offsets.append(at)
            at += len(piece) + 1
        self.text = " ".join(self.pieces)

    def at(self, char: int) -> int:
        return bisect_right(self.offsets, char) - 1

    def whole(self, first: int, last: int, start: int, end: int) -> bool:
        """Tell whether chars ``start:end`` cover tokens ``first..last`` but for punctuation."""
        head = self.pieces[first][: start - self.offsets[first]]
        tail = self.pieces[last][end - self.offsets[last] :]
        return not re.search(r"\w", head) and not re.search(r"\w", tail)


def _year_text(point: _Point) -> str:
    return str(point.year) + ("s" if point.decade else "")


def _range_end(first: _Point, match: re.Match[str]) -> tuple[str, int, str] | None:
    """Return the end of a range as written and its year, when the separator makes one."""
    if not match["second"]:
        return None
    sep = match["sep"].lower()
    prep = (match["prep"] or "").lower()
    if sep in ("to", "until", "till", "through") and prep != "from":
        return None  # "in 1960 to include": a year, then a verb
    if sep == "and" and prep != "between":
        return None
    if sep == "/" and not match["yy"]:
        return None
    if match["yy"]:
        if match["yy"] == "00" and first.year % 100:
            return None
        year = first.year // 100 * 100 + int(match["yy"])
        year += 100 if year < first.year else 0
        return match["yy"], year, _year_text(first)
    second = _read_point(match, 1)
    if second is None or (second.year, second.month) < (first.year, first.month):
        return None
    end_year = second.year + (9 if second.decade else 0)
    return second.text, end_year, _year_text(second)


def find_dates(tokens: list[str]) -> list[DateSpan]:
    """Return the dates in ``tokens``, in text order, each one whole."""
    if not _DIGIT.search(" ".join(tokens)):
        return []  # no year, no date
    joined = _Tokens(tokens)
    text = joined.text
    found: list[DateSpan] = []
    pos = 0
    while match := _DATE.search(text, pos):
        first = _read_point(match, 0)
        if first is None:
            pos = match.end("first")
            continue
        ranged = _range_end(first, match)
        end_char = match.end() if ranged else match.end("first")
        start_char = match.start()
        prep = (match["prep"] or "").lower()
        plain = not (first.month or first.decade or match[f"q_{0}"] or match[f"s_{0}"])
        after_at = joined.at(end_char - 1) + 1
        after = joined.pieces[after_at] if after_at < len(tokens) else ""
        counted = _COUNTED.fullmatch(after.rstrip(",.;:")) and after not in AUXILIARIES
        if plain and not prep and not match["the"] and counted:
            pos = match.end("first")
            continue  # "1500 troops"
        if prep == "between" and not ranged:
            start_char = match.start("the") if match["the"] else match.start("first")
            prep = ""
        first_at, last_at = joined.at(start_char), joined.at(end_char - 1) + 1
        year_at = joined.at(match.start("first"))
        when = _span_text(first.text)
        if ranged:
            when = f"{when}\u2013{_span_text(ranged[0])}"
        before = joined.pieces[first_at - 1].lower() if first_at else ""
        determiner = bool(match["the"]) or (
            not prep and before in ("a", "an", "the", "its", "their", "this", "that")
        )
        next_word = re.sub(r"^\W+|\W+$", "", after).lower()
        adjective = (
            determiner
            and not first.decade
            and not ranged
            and after[:1].isalpha()
            and next_word not in PREPOSITIONS | COORDINATORS | AUXILIARIES | SUBORDINATORS
        )
        if adjective:  # only the date itself goes: "the [September 2001] attacks"
            start_char = match.start("first")
            first_at = joined.at(start_char)
        if not joined.whole(first_at, last_at - 1, start_char, end_char):
            first_at = last_at = year_at  # inside a longer word ("1951年に"): nothing to take out
            adjective = False
        last_year = ranged[1] if ranged else first.year + (9 if first.decade else 0)
        last_text = ranged[2] if ranged else _year_text(first)
        key = (first.year, first.month, first.day)
        found.append(
            DateSpan(first_at, last_at, year_at, when, key, last_year, last_text, adjective)
        )
        pos = end_char
    return found


#: Tokens past a date that a scan may look at before it is settled (a range's second
#: point, a word after it): a date this far from the end of a prefix is found alike
#: in the prefix and in the whole.
SETTLED = 12


def first_date(tokens: list[str]) -> DateSpan | None:
    """Return the first date in ``tokens``, as :func:`find_dates` finds it, reading only
    as far as it must (a clause of a long unpunctuated text may have thousands of words)."""
    size = 64
    while True:
        spans = find_dates(tokens[:size])
        if size >= len(tokens):
            return spans[0] if spans else None
        if spans and max(spans[0].end, spans[0].year_at + 1) + SETTLED <= size:
            return spans[0]
        size *= 4
