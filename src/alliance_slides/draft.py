"""Drafting an outline from a source text: titles, condensed bullets, a timeline, citations.

No model and no download: sentences are split on punctuation and condensed by rule.
A leading connective or subordinate clause is split off, the sentence's date moves to
the front ("1951: …"), a modifier between subject and verb is set aside, and what is
left is cut to about ten words at a preposition or conjunction; the pieces set aside
become sub-bullets when they name someone or hold a figure. Every word kept comes from
the paragraph the slide cites, and each line is checked with :mod:`alliance_slides.facts`
before it is kept, so ``alliance-slides check`` passes on a fresh draft. Paragraph
numbers are those of :func:`alliance_slides.facts.read_paragraphs`, which ``check`` uses.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from alliance_slides.errors import BuildError, Location, ValidationError
from alliance_slides.facts import claims, normalize, read_text, supported, text_blocks

#: Words on a bullet, a slide title and a timeline label (a date in front counts).
BULLET_WORDS = 10
TITLE_WORDS = 8
LABEL_WORDS = 6
#: Characters a slide title may have with its date in front (more would wrap).
TITLE_CHARS = 52
#: Columns of the notes in the YAML file (they are reflowed on the slide).
NOTES_WIDTH = 92
#: Sub-bullets under a bullet, at most.
SUBS_PER_BULLET = 1
#: Bullets and sub-bullets on one slide before a paragraph continues on another.
LINES_PER_SLIDE = 7
#: Events on one timeline slide, and paragraphs in a section when the text has no headings.
EVENTS_PER_SLIDE = 5
PARAGRAPHS_PER_SECTION = 3

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
_ARTICLES = frozenset({"the", "a", "an"})
# Words a long phrase may be cut before: what follows them is a detail, not the point.
_CUT_BEFORE = frozenset(
    "in on at for from during over under since after before through across against among "
    "between into about around by with without within toward towards via like including as "
    "to and or that which who while because whereas than".split()
)
# A clause opening with one of these, up to its comma, is a lead-in ("After the war, …").
_LEAD_WORDS = frozenset(
    "after following during in on by since until before when while although though as "
    "because despite with under once from between at for throughout amid over".split()
)
# Sentence openers that carry no content of their own.
_CONNECTIVES = frozenset(
    "however today meanwhile moreover still instead nevertheless nonetheless thus therefore "
    "also yet indeed finally later eventually subsequently consequently furthermore "
    "additionally then now currently recently ultimately afterwards accordingly".split()
)
_TIME_WORDS = ("Today", "Now", "Currently", "Recently", "Nowadays", "Later", "Afterwards")
# After a comma, these open a clause that qualifies the one before it.
_SUBORDINATE = frozenset(
    "though although while whereas which who whom whose because but yet including".split()
)
_AUX = frozenset(
    "has have had is are was were will would can could may might must should did does do".split()
)
_PRONOUNS = frozenset("i you he she it we they this that these those".split())
_FILLER = frozenset("instead also really very quite just further largely mainly notably".split())
_STOP_END = _ARTICLES | _CUT_BEFORE | _AUX | frozenset({"its", "their", "his", "her", "of", "not"})
_QUOTE_CHARS = '\u201c\u201d"\u2018'
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)\]\u300d]*\s*")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,2}[.)])\s+")
_LIST_SPLIT = re.compile(r"\s+(?=(?:[-*+]|\d{1,2}[.)])\s)")
_ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. prof. st. mt. jr. sr. gen. col. lt. sgt. capt. gov. sen. rep. rev. fr. "
    "no. vol. fig. vs. etc. e.g. i.e. ca. c. jan. feb. mar. apr. jun. jul. aug. sep. sept. "
    "oct. nov. dec.".split()
)


# --------------------------------------------------------------------------- sentences


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


def _tokens(sentence: str) -> list[str]:
    # Em dashes and spaced en dashes set off asides: make them tokens of their own.
    sentence = re.sub(r"\s*\u2014\s*|\s+[\u2013-]\s+", " \u2014 ", sentence)
    sentence = re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)|`", "", sentence)  # Markdown emphasis, code
    sentence = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", sentence)  # Markdown links
    return sentence.split()


def _bare(token: str) -> str:
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


# --------------------------------------------------------------------------- condensing


def _clean(tokens: list[str]) -> list[str]:
    """Strip what a cut leaves hanging: end punctuation, stray quotes and brackets."""
    words = [t for t in tokens if t != "\u2014"]
    text = " ".join(words)
    if text.count("\u201c") != text.count("\u201d") or text.count('"') % 2:
        words = [w.strip(_QUOTE_CHARS) for w in words]
    if "".join(words).count("(") != "".join(words).count(")"):
        words = [w.strip("()") for w in words]
    words = [w for w in words if w]
    while words and _bare(words[-1]) in _STOP_END:
        words.pop()
    while words and not _bare(words[0]):
        words.pop(0)
    if words:
        words[-1] = re.sub(r"[,;:.!?]+$", "", words[-1]) or words[-1]
        words[0] = re.sub(r"^[,;:]+", "", words[0])
    return [w for w in words if w]


def _cap(tokens: list[str], limit: int) -> tuple[list[str], list[str]]:
    """Cut ``tokens`` to ``limit`` words at a preposition or conjunction; return head and rest."""
    if len(tokens) <= limit:
        return tokens, []
    cuts = _cuts(tokens, limit)
    at = max(cuts) if cuts else limit
    if not cuts:
        # Never cut inside a name ("San Francisco | Peace Treaty") or after a possessive.
        while at > 3 and (
            (tokens[at - 1][:1].isupper() and tokens[at][:1].isupper())
            or re.search(r"[\u2019']s?$", tokens[at - 1])
        ):
            at -= 1
    return tokens[:at], tokens[at:]


def _cuts(tokens: list[str], limit: int) -> list[int]:
    """Return where ``tokens`` may be cut to at most ``limit`` words, at a clause boundary."""
    limit = min(limit, len(tokens) - 1)
    cuts = [
        i
        for i in range(3, limit + 1)
        if _bare(tokens[i]) in _CUT_BEFORE
        # "the Panama and Suez canals" is one thing: not cut between two names
        and not (
            _bare(tokens[i]) in ("and", "or")
            and tokens[i - 1][:1].isupper()
            and tokens[i + 1 : i + 2]
            and tokens[i + 1][:1].isupper()
        )
    ]
    return cuts + [i for i in range(3, limit + 1) if tokens[i - 1].endswith((",", ";"))]


def _names(tokens: list[str]) -> list[list[str]]:
    """Return the runs of two or more capitalised words ("San Francisco Peace Treaty")."""
    runs: list[list[str]] = [[]]
    for index, token in enumerate(tokens):
        word = re.sub(r"[\u2019']s$|[^\w.\u2019'-]+$", "", re.sub(r"^\W+", "", token))
        if not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            word = word.rstrip(".")
        inner = _bare(token) == "of" and runs[-1] and index + 1 < len(tokens)
        opener = not runs[-1] and _bare(token) in _LEAD_WORDS | _CONNECTIVES | _ARTICLES
        if (word[:1].isupper() and not opener) or (inner and tokens[index + 1][:1].isupper()):
            runs[-1].append(word)
            if word != token.strip('\u201c\u201d"()'):  # punctuation or a possessive ends it
                runs.append([])
        elif runs[-1]:
            runs.append([])
    runs = [r[1:] if r and _bare(r[0]) in _ARTICLES else r for r in runs]
    return [r for r in runs if len(r) >= 2 and _bare(r[-1]) != "of"]


def _drop_fillers(tokens: list[str]) -> list[str]:
    return [t for t in tokens if _bare(t) not in _FILLER or t[:1].isupper()]


def _headline(tokens: list[str]) -> list[str]:
    """Drop a passive's auxiliary, as headlines do: "alliance was revised" -> "alliance revised"."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        nxt = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if _bare(token) in ("is", "are", "was", "were") and re.fullmatch(r"\w+(?:ed|en)", nxt):
            continue
        out.append(token)
    return out


def _lower_first(tokens: list[str]) -> list[str]:
    if tokens and _bare(tokens[0]) in (_LEAD_WORDS | _SUBORDINATE | _CUT_BEFORE | _ARTICLES):
        return [tokens[0][:1].lower() + tokens[0][1:], *tokens[1:]]
    return tokens


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Unit:
    """One clause of a sentence, as a bullet: its lead-in, its main words, its asides."""

    lead: list[str]
    main: list[str]
    asides: list[list[str]] = field(default_factory=list)
    contrast: list[list[str]] = field(default_factory=list)


def _pull_asides(tokens: list[str]) -> tuple[list[str], list[list[str]]]:
    """Take parentheses and dash-enclosed asides out of a sentence."""
    main: list[str] = []
    asides: list[list[str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        closer = ")" if token.startswith("(") else "\u2014" if token == "\u2014" else ""
        if closer:
            j = next(
                (
                    k
                    for k in range(i + 1 if closer == "\u2014" else i, len(tokens))
                    if (tokens[k] == closer if closer == "\u2014" else ")" in tokens[k])
                ),
                None,
            )
            if j is None and closer == "\u2014":
                j = len(tokens) - 1  # a dash to the end of the sentence
            if j is not None and main:
                asides.append(tokens[i : j + 1])
                i = j + 1
                continue
        main.append(token)
        i += 1
    return main, asides


def _split_clauses(tokens: list[str]) -> list[list[str]]:
    """Split at semicolons and at ", and" or ", or" before a new subject or lead-in."""
    clauses, current = [], []
    for i, token in enumerate(tokens):
        current.append(token)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if token.endswith(";"):
            clauses.append(current)
            current = []
        elif (
            token.endswith(",")
            and _bare(nxt) in ("and", "or")
            and (_bare(after) in _LEAD_WORDS or after[:1].isupper())
            and len(current) >= 4
        ):
            clauses.append(current)
            current = []
    if current:
        clauses.append(current)
    # The conjunction that joined two clauses opens nothing on its own.
    return [c[1:] if _bare(c[0]) in ("and", "or") and len(c) > 1 else c for c in clauses]


def _split_lead(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split off an opening connective or lead-in clause ending at a comma."""
    first = _bare(tokens[0]) if tokens else ""
    if first in _CONNECTIVES and tokens[0].endswith(","):
        return _split_lead(tokens[1:])
    if first in _LEAD_WORDS or first in _CONNECTIVES:
        for i, token in enumerate(tokens[:14]):
            if token.endswith(",") and i + 1 < len(tokens):
                return tokens[: i + 1], tokens[i + 1 :]
    return [], tokens


def _split_trailing(tokens: list[str]) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """Split a clause before ", though …", " but …", ", which …", ", focusing …"."""
    main: list[str] = []
    asides: list[list[str]] = []
    contrast: list[list[str]] = []
    for i, token in enumerate(tokens):
        word = _bare(token)
        after_comma = i > 0 and tokens[i - 1].endswith(",")
        opens = (after_comma and (word in _SUBORDINATE or re.fullmatch(r"[a-z]+ing", word))) or (
            word in ("but", "while", "whereas", "although", "though", "because") and i >= 3
        )
        if opens and len(main) >= 3:
            rest = tokens[i:]
            # A contrast or a participle ("focusing on …") is kept even with no name in it.
            kept = word in ("but", "yet", "though", "although", "while", "whereas", "because")
            (contrast if kept or word.endswith("ing") else asides).append(rest)
            break
        main.append(token)
    return main, asides, contrast


def sentence_units(sentence: str) -> list[Unit]:
    """Break a sentence into clauses, each with its lead-in and its asides."""
    tokens, asides = _pull_asides(_tokens(sentence))
    units = []
    for clause in _split_clauses(tokens):
        lead, rest = _split_lead(clause)
        main, more, contrast = _split_trailing(rest)
        units.append(Unit(lead, main, more, contrast))
    if units:
        units[0].asides.extend(asides)
    return [u for u in units if u.main or u.lead]


def _without(tokens: list[str], span: DateSpan | None) -> list[str]:
    if span is None:
        return tokens
    if span.adjective:  # "the September 2001 attacks" -> "the attacks"
        return tokens[: span.start] + tokens[span.year_at + 1 :]
    return tokens[: span.start] + tokens[span.end :]


def _subject_modifier(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Set aside a phrase between subject and verb: "policy under X's approach has raised"."""
    aux = next((i for i, t in enumerate(tokens[:13]) if _bare(t) in _AUX), None)
    if aux is None:
        return tokens, []
    prep = next(
        (i for i in range(1, aux) if _bare(tokens[i]) in _CUT_BEFORE - {"and", "or", "to"}), None
    )
    before = tokens[aux - 1]
    # "Tokyo must", "it has": a name or pronoun right before the verb is its own subject.
    if prep is None or aux - prep > 9 or before[:1].isupper() or _bare(before) in _PRONOUNS:
        return tokens, []
    return tokens[:prep] + tokens[aux:], tokens[prep:aux]


@dataclass(frozen=True)
class Phrase:
    """A condensed clause: the bullet, the date in front of it, its sub-bullets."""

    text: str
    date: DateSpan | None
    subs: tuple[str, ...]
    label: str  # a short label for the timeline
    headline: str  # a slide title


def _date_of(unit: Unit) -> tuple[DateSpan | None, str]:
    for part in ("lead", "main"):
        spans = find_dates(getattr(unit, part))
        if spans:
            return spans[0], part
    return None, ""


def _strip_lead_word(tokens: list[str]) -> list[str]:
    while tokens and (_bare(tokens[0]) in _LEAD_WORDS | _ARTICLES | _CONNECTIVES):
        tokens = tokens[1:]
    return tokens


def condense(unit: Unit) -> Phrase | None:
    """Condense one clause to a short phrase (None when nothing is left of it)."""
    date, where = _date_of(unit)
    lead = _clean(_without(unit.lead, date) if where == "lead" else unit.lead)
    main = unit.main
    if where == "main" and date is not None:
        main = _without(main, date)
    main = _drop_fillers(main)
    if main and _bare(main[0]) in _ARTICLES and len(main) > 2:
        main = main[1:]
    main, modifier = _subject_modifier(main)
    main = _clean(main)
    if len(main) < 2 and lead:  # nothing but a lead-in: it is the phrase
        main, lead = _clean(_strip_lead_word(lead)), []
    if not main:
        return None
    # A date inside a longer word ("1951年に") stays where it is: no copy in front.
    shown = date if date and date.start < date.end else None
    prefix = [date.when] if shown and date else []
    room = BULLET_WORDS - len(" ".join(prefix).split())
    head, rest = _cap(main, room)
    head = _clean(head)
    text = " ".join(head)
    text = f"{date.when}: {_upper_first(text)}" if shown and date else _upper_first(text)
    # What was set aside may become a sub-bullet: a contrast first, then the piece naming
    # the most names and figures, else the rest of a cut clause; the others stay in the notes.
    ranked = []
    for order, (candidate, contrast) in enumerate(
        [(lead, False), (modifier, False), (rest, False)]
        + [(c, True) for c in unit.contrast]
        + [(a, False) for a in unit.asides]
    ):
        words = _lower_first(_clean(_cap(_drop_fillers(candidate), BULLET_WORDS)[0]))
        weight = 99 if contrast else 2 * sum(1 for _ in claims("x " + " ".join(words)))
        weight = weight or int(candidate is rest)
        if len(words) >= 3 and weight:
            ranked.append((-weight, order, " ".join(words)))
    subs = [text for _, _, text in sorted(ranked)[:SUBS_PER_BULLET]]
    label_from = _strip_lead_word(lead) if where == "lead" and len(lead) >= 2 else main
    title_room = TITLE_WORDS - (len(prefix[0].split()) if prefix else 0)
    headline = _upper_first(" ".join(_clean(_cap(_headline(main), title_room)[0])))
    if shown and date and len(headline) + len(date.when) + 2 <= TITLE_CHARS:
        headline = f"{date.when}: {headline}"
    elif len(headline) > TITLE_CHARS:  # a long title wraps: keep it to a line
        headline = _upper_first(" ".join(_clean(_cap(_headline(main), title_room - 2)[0])))
    return Phrase(text, date, tuple(subs), _label(_clean(label_from)), headline)


def _label(tokens: list[str]) -> str:
    """Shorten a clause to a timeline label: a cut at a boundary, else its longest name."""
    tokens = _headline(tokens)
    if len(tokens) > LABEL_WORDS:
        names = _names(tokens)
        cuts = _cuts(tokens, LABEL_WORDS)
        if cuts:  # the first boundary: a label says what happened, not the details
            tokens = _clean(tokens[: min(cuts)])
        elif not names:
            tokens = _clean(_cap(tokens, LABEL_WORDS)[0])
        else:
            tokens = max(names, key=len)
    return _upper_first(" ".join(tokens))


# --------------------------------------------------------------------------- the draft


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the source, with its number as ``check`` counts it."""

    number: int
    text: str
    heading: str | None  # the Markdown heading it falls under, if any
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A dated event for the timeline."""

    when: str
    label: str
    key: tuple[int, int]
    paragraph: int
    sentence: str


def _paragraphs(text: str) -> tuple[str | None, list[Paragraph]]:
    """Return the text's own title (a leading heading or short line) and its paragraphs."""
    title: str | None = None
    heading: str | None = None
    paragraphs: list[Paragraph] = []
    number = 0
    for index, block in enumerate(text_blocks(text)):
        if block.startswith("#"):
            words = block.lstrip("#").strip()
            if index == 0 and title is None:
                title = words
            else:
                heading = words
            continue
        number += 1
        short = len(block.split()) <= 12 and not re.search(r"[.!?:;,\u3002\uff01\uff1f]$", block)
        if index == 0 and title is None and short:
            title = block  # a first short line is the title; it still counts as ¶1
            continue
        paragraphs.append(Paragraph(number, block, heading, tuple(split_sentences(block))))
    return title, paragraphs


def _derived_title(paragraphs: list[Paragraph]) -> str:
    """Name a text that has no title: its most repeated capitalised phrase, else its opening."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    the: Counter[str] = Counter()
    for paragraph in paragraphs:
        words = [re.sub(r"[\u2019']s$|[^\w\u2019'-]+$", "", w) for w in paragraph.text.split()]
        for n in (4, 3, 2):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if not gram[0][:1].isupper() or _bare(gram[-1]) in _STOP_END or not all(gram):
                    continue
                if any(re.search(r"[,.;:]$", w) for w in paragraph.text.split()[i : i + n - 1]):
                    continue
                phrase = " ".join(gram)
                counts[phrase] += 1
                first_seen.setdefault(phrase, len(first_seen))
                if i and _bare(words[i - 1]) == "the":
                    the[phrase] += 1
    best = sorted(
        (p for p, c in counts.items() if c >= 2),
        key=lambda p: (-counts[p] * len(p.split()), first_seen[p]),
    )
    if best:
        phrase = best[0]
        return f"The {phrase}" if the[phrase] * 2 > counts[phrase] else phrase
    units = sentence_units(paragraphs[0].sentences[0])
    opening = condense(units[0]) if units else None
    first = paragraphs[0].sentences[0]
    return opening.headline if opening else " ".join(first.split()[:TITLE_WORDS])[:TITLE_CHARS]


def _cite(key: str, numbers: Iterable[int]) -> list[str]:
    return [f"{key}#{n}" for n in sorted(set(numbers))]


def _escape(text: str) -> str:
    """Keep source text that looks like Jinja2 from being run as a template.

    Each brace opening a tag becomes an expression printing it: ``{{ '{' }}{ x }}``
    renders as ``{{ x }}``, whatever follows (even an unclosed tag or ``endraw``).
    """
    return re.sub(r"\{(?=[{%#])", "{{ '{' }}", text)


class _Literal(str):
    """A string dumped as a YAML block scalar (|)."""


class _Flow(list[Any]):
    """A list dumped on one line, [a, b]."""


class _FlowMap(dict[str, Any]):
    """A mapping dumped on one line, {when: 1945, label: …}."""


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents lists under their key, as the shipped outlines do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.add_representer(
    _Literal, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style="|")
)
_Dumper.add_representer(
    _Flow, lambda d, s: d.represent_sequence("tag:yaml.org,2002:seq", s, flow_style=True)
)
_Dumper.add_representer(
    _FlowMap, lambda d, m: d.represent_mapping("tag:yaml.org,2002:map", m, flow_style=True)
)


class _Draft:
    """Collects the slides of a draft, keeping only lines its cited paragraphs support."""

    def __init__(self, key: str, paragraphs: list[Paragraph]) -> None:
        self.key = key
        self.texts = {p.number: p.text for p in paragraphs}
        self.slides: list[dict[str, Any]] = []
        self.titles: set[str] = set()
        self.title_of_deck = ""

    def honest(self, line: str, numbers: Iterable[int]) -> bool:
        """Tell whether every figure and name of ``line`` is in one of the paragraphs."""
        texts = [self.texts[n] for n in numbers]
        return all(any(supported(c, t) for t in texts) for c in claims(line))

    def title(self, candidates: Iterable[str], numbers: Iterable[int]) -> str:
        """Return the first candidate title that is supported and not yet used in the deck."""
        numbers = list(numbers)
        options = [c for c in candidates if c and self.honest(c, numbers)]
        for option in options:
            if option.lower() not in self.titles:
                break
        else:
            option = f"{options[0] if options else 'From the text'} (continued)"
        self.titles.add(option.lower())
        return option

    def add(
        self, slide: dict[str, Any], numbers: Iterable[int], header: str, sentences: list[str]
    ) -> None:
        """Add a slide citing ``numbers``; its notes are ``header`` and the sentences as a list."""
        slide["cite"] = _Flow(_cite(self.key, numbers))
        # Wrapped for the editor; notes are reflowed as prose, each list item a line.
        items = [
            textwrap.fill(
                f"- {sentence}",
                NOTES_WIDTH,
                subsequent_indent="  ",
                break_on_hyphens=False,
                break_long_words=False,
            )
            for sentence in sentences
        ]
        slide["notes"] = _Literal(_escape("\n".join([header, *items])) + "\n")
        self.slides.append(slide)


def _sentence_phrases(sentence: str) -> list[Phrase]:
    return [p for p in (condense(u) for u in sentence_units(sentence)) if p is not None]


def _dated(sentence: str) -> Iterator[tuple[str, str, tuple[int, int]]]:
    """Yield each clause's date with a short label: ("1951", "San Francisco Peace Treaty")."""
    for unit in sentence_units(sentence):
        phrase = condense(unit)
        if phrase is not None and phrase.date is not None and phrase.label:
            yield phrase.date.when, phrase.label, phrase.date.key
        # "…, although Germany repudiated that clause in 1936": a date of its own
        for piece in unit.contrast + unit.asides:
            spans = find_dates(piece)
            if spans:
                label = _label(_clean(_strip_lead_word(_without(piece, spans[0]))))
                if label:
                    yield spans[0].when, label, spans[0].key


def _events(paragraphs: list[Paragraph]) -> list[Event]:
    events: dict[tuple[str, str], Event] = {}
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            for when, label, key in _dated(sentence):
                event = Event(when, label, key, paragraph.number, sentence)
                events.setdefault((event.when, event.label.lower()), event)
    return sorted(events.values(), key=lambda e: e.key)  # stable: text order within a date


def _groups(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    """Group paragraphs by the heading they fall under, or in runs of about three."""
    if any(p.heading for p in paragraphs):
        groups: list[list[Paragraph]] = []
        for paragraph in paragraphs:
            if not groups or paragraph.heading != groups[-1][0].heading:
                groups.append([])
            groups[-1].append(paragraph)
        return groups
    count = -(-len(paragraphs) // PARAGRAPHS_PER_SECTION)
    size, extra = divmod(len(paragraphs), count)
    groups, at = [], 0
    for index in range(count):
        step = size + (1 if index < extra else 0)
        groups.append(paragraphs[at : at + step])
        at += step
    return groups


def _section(draft: _Draft, group: list[Paragraph], events: list[Event]) -> None:
    numbers = [p.number for p in group]
    dated = [e for e in events if e.paragraph in numbers]
    first = group[0].sentences[0]
    opening = _sentence_phrases(first)
    headline = opening[0].headline if opening else ""
    span = ""
    if dated:
        low, high = min(dated, key=lambda e: e.key), max(dated, key=lambda e: e.key)
        low_year, high_year = low.when.split()[-1], high.when.split()[-1]
        span = low_year if low_year == high_year else f"{low_year}\u2013{high_year}"
    word = _bare(first.split()[0]).capitalize() if first.split() else ""
    candidates = [group[0].heading or "", span, word if word in _TIME_WORDS else "", headline]
    title = draft.title(candidates, numbers)
    slide: dict[str, Any] = {"kind": "section", "title": _escape(title)}
    subtitle = _topics(group, draft.title_of_deck) if title != headline else ""
    if subtitle and draft.honest(subtitle, numbers):
        slide["subtitle"] = _escape(subtitle)
    header = f"This part follows \u00b6{_span(numbers)} of the text. It opens:"
    if group[0].heading and group[0].heading != title:
        header = f"The text's heading here: {group[0].heading}. {header}"
    draft.add(slide, numbers, header, [first])


def _topics(group: list[Paragraph], deck_title: str) -> str:
    """Name what a section covers: its most mentioned names, in the order they come."""
    counts: Counter[str] = Counter()
    for paragraph in group:
        for sentence in paragraph.sentences:
            for name in _names(_tokens(sentence)):
                phrase = " ".join(name)
                if phrase.lower() not in deck_title.lower():
                    counts[phrase] += 1
    order = list(counts)
    top = sorted(order, key=lambda n: (-counts[n], order.index(n)))[:3]
    return " \u00b7 ".join(sorted(top, key=order.index))


def _span(numbers: list[int]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}\u2013{numbers[-1]}"


def _bullet_slides(draft: _Draft, paragraph: Paragraph) -> None:
    numbers = [paragraph.number]
    sentences = [(s, _sentence_phrases(s)) for s in paragraph.sentences]
    sizes = [sum(1 + len(p.subs) for p in phrases) for _, phrases in sentences]
    # A long paragraph goes on as many slides as it needs, with about as many lines on each.
    target = -(-sum(sizes) // -(-sum(sizes) // LINES_PER_SLIDE)) if sum(sizes) else 1
    chunks: list[list[tuple[str, list[Phrase]]]] = [[]]
    lines = 0
    for (sentence, phrases), size in zip(sentences, sizes, strict=True):
        if not phrases:
            continue
        if lines >= target:
            chunks.append([])
            lines = 0
        chunks[-1].append((sentence, phrases))
        lines += size
    for chunk in chunks:
        if not chunk:
            continue
        bullets: list[Any] = []
        for _, phrases in chunk:
            for phrase in phrases:
                if not draft.honest(phrase.text, numbers):
                    continue
                subs = [_escape(s) for s in phrase.subs if draft.honest(s, numbers)]
                text = _escape(phrase.text)
                bullets.append({text: subs} if subs else text)
        if not bullets:
            continue
        heads = [p.headline for _, phrases in chunk for p in phrases]
        title = draft.title(heads, numbers)
        slide = {"title": _escape(title), "bullets": bullets}
        draft.add(
            slide, numbers, f"From \u00b6{paragraph.number} of the text:", [s for s, _ in chunk]
        )


def _timeline(draft: _Draft, events: list[Event]) -> None:
    if len(events) < 2:
        return
    count = -(-len(events) // EVENTS_PER_SLIDE)
    per = -(-len(events) // count)
    for at in range(0, len(events), per):
        chunk = events[at : at + per]
        numbers = sorted({e.paragraph for e in chunk})
        # "1907\u20131914 to 1936" reads as "1907 to 1936": a range gives its start, or its end.
        start = chunk[0].when.split("\u2013")[0]
        end = chunk[-1].when.split("\u2013")[-1]
        end = end if len(end) > 2 else chunk[-1].when
        title = draft.title([f"Timeline: {start} to {end}"], numbers)
        items = []
        for event in chunk:
            when: Any = int(event.when) if event.when.isdigit() else event.when
            items.append(_FlowMap(when=when, label=_escape(event.label)))
        sentences = [f"{e.when} (\u00b6{e.paragraph}): {e.sentence}" for e in chunk]
        slide = {"kind": "timeline", "title": _escape(title), "events": items}
        draft.add(slide, numbers, "The dates, from the text:", sentences)


def _questions(draft: _Draft, events: list[Event], title: str, paragraphs: list[Paragraph]) -> None:
    questions: list[str] = []
    numbers: set[int] = set()
    if len(events) >= 2:
        first, last = events[0], events[-1]
        questions.append(
            f"What changed between {_prose(first.when)} and {_prose(last.when)}, and what did not?"
        )
        numbers |= {first.paragraph, last.paragraph}
    subject = title.removeprefix("The ")
    where = [p.number for p in paragraphs if subject.lower() in normalize(p.text).lower()]
    if where:
        subject = "the " + subject if title.startswith("The ") else subject
        questions.append(f"How does the text's picture of {subject} change from start to end?")
        numbers |= {where[0]}
    questions.append("Which event in the text mattered most, and why?")
    questions.append("What does the text leave out, and where would you look next?")
    numbers = numbers or {paragraphs[0].number}
    kept = [_escape(q) for q in questions if draft.honest(q, numbers)]
    sentences = list(dict.fromkeys(e.sentence for e in events[:1] + events[-1:]))
    draft.add(
        {"kind": "questions", "title": "Questions for discussion", "questions": kept},
        numbers,
        "Prompts drafted from the text; replace them with your own. Its first and last dates:",
        sentences,
    )


def _prose(when: str) -> str:
    """Write a date as a sentence does: "the 1990s", "1951"."""
    return f"the {when}" if when.endswith("s") else when


def _relative(source: Path, folder: Path) -> str:
    try:
        return Path(os.path.relpath(source.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows: there is no relative path
        return source.resolve().as_posix()


def _source_key(source: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-") or "source"


@dataclass(frozen=True)
class Drafted:
    """A drafted outline: its YAML text, how many slides it has, what the user should know."""

    text: str
    slides: int
    warnings: tuple[str, ...] = ()


def draft_outline(source: Path, outline_dir: Path) -> Drafted:
    """Draft an outline (YAML text) from a plain-text or Markdown file.

    ``outline_dir`` is the folder the outline will live in: the source's ``file:`` is
    written relative to it. Raises ValidationError when the text cannot be read or has
    no paragraphs.
    """
    text = read_text(source)
    own_title, paragraphs = _paragraphs(text)
    paragraphs = [p for p in paragraphs if p.sentences]
    if not paragraphs:
        raise ValidationError.at(
            Location.of_file(str(source)), "no paragraphs to draft from: the text is empty"
        )
    title = own_title or _derived_title(paragraphs)
    key = _source_key(source)
    draft = _Draft(key, paragraphs)
    draft.title_of_deck = title
    draft.titles.add(title.lower())  # the title slide shows it already
    events = _events(paragraphs)
    _timeline(draft, events)
    for group in _groups(paragraphs):
        _section(draft, group, events)
        for paragraph in group:
            _bullet_slides(draft, paragraph)
    _questions(draft, events, title, paragraphs)
    draft.slides.append({"kind": "references", "title": "References"})
    outline: dict[str, Any] = {"title": _escape(title)}
    if len(events) >= 2:
        outline["subtitle"] = f"{events[0].when} to {events[-1].when}"
    outline["sources"] = {
        key: {
            "title": _escape(title),
            "detail": _escape(f"Drafted from {source.name}; slides cite its paragraphs (\u00b6)"),
            "file": _relative(source, outline_dir),
        }
    }
    outline["slides"] = draft.slides
    header = (
        f"# Drafted by `alliance-slides draft` from {source.name}. Every slide cites its\n"
        "# paragraph (key#N) and its notes hold the sentences it came from. Edit freely, then\n"
        "# run `alliance-slides check` on this file to keep figures and names true to the text.\n"
    )
    body = yaml.dump(
        outline, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, indent=2
    )
    warnings: tuple[str, ...] = ()
    if not source.resolve().is_relative_to(outline_dir.resolve()):
        # Inputs may only name files inside their own folder unless the build allows more.
        warnings = (
            f"{source} is outside the outline's folder: give validate, build and check "
            f"--allow {source.resolve().parent}, or keep the text beside the outline",
        )
    return Drafted(header + body, len(draft.slides), warnings)


def write_draft(source: Path, output: Path, force: bool = False) -> Drafted:
    """Draft an outline from ``source`` and write it to ``output`` atomically.

    An existing ``output`` is an instructor's work: it is replaced only when ``force``.
    """
    from alliance_slides.deck import write_atomically

    if output.exists() and not force:
        raise BuildError.at(
            Location.of_file(str(output)), "already exists; pass --force to replace it"
        )
    drafted = draft_outline(source, output.parent)
    write_atomically(output, drafted.text.encode("utf-8"))
    return drafted


def iter_bullets(slide: dict[str, Any]) -> Iterator[str]:
    """Yield a drafted slide's bullets and sub-bullets as text (for tests and tools)."""
    for bullet in slide.get("bullets", []):
        if isinstance(bullet, dict):
            for text, subs in bullet.items():
                yield text
                yield from subs
        else:
            yield bullet
