"""Drafting an outline from a source text: sections, bullet slides, a timeline, citations.

No model and no download: :mod:`alliance_slides.source.sentences` splits the text and finds its
dates, :mod:`alliance_slides.source.phrasing` condenses each clause to a bullet, a title or a
label, and this module groups paragraphs into sections and slides. Each line is checked
with :mod:`alliance_slides.source.facts` before it is kept, so ``alliance-slides check`` passes
on a fresh draft. Paragraph numbers are those of
:func:`alliance_slides.source.facts.read_paragraphs`, which ``check`` uses.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliance_slides import limits
from alliance_slides.errors import CommandLineError, Location, Problem, ValidationError
from alliance_slides.source.dates import first_date
from alliance_slides.source.draft_yaml import Flow, FlowMap, Literal, dump_outline
from alliance_slides.source.facts import Claim, claims, normalize, supported, text_blocks
from alliance_slides.source.lexicon import NO_END
from alliance_slides.source.phrasing import (
    TITLE_CHARS,
    Phrase,
    Unit,
    clean,
    condense,
    finished,
    headline,
    name_runs,
    sentence_units,
    strip_lead_word,
    timeline_label,
    without_date,
)
from alliance_slides.source.reading import read_source
from alliance_slides.source.sentences import (
    DateSpan,
    bare,
    has_sentences,
    split_sentences,
    tokenize,
)

#: Columns of the notes in the YAML file (they are reflowed on the slide).
NOTES_WIDTH = 92
#: Bullets and sub-bullets, and words, on one slide before a paragraph continues on another.
LINES_PER_SLIDE = 7
WORDS_PER_SLIDE = 70
#: Most slides a draft makes, leaving room under MAX_SLIDES for the lecturer's own.
MOST_SLIDES = limits.MAX_SLIDES - 100
#: Characters of text a draft writes in all (notes included), well under MAX_FILE_BYTES.
MOST_CHARS = limits.MAX_FILE_BYTES // 4
#: Characters of one slide's notes (each string must stay under MAX_STRING_LENGTH).
NOTES_CHARS = min(20_000, limits.MAX_STRING_LENGTH // 2)
#: Longest word a bullet, title or label may hold; longer ones (a URL, a run of letters)
#: stay in the notes.
WORD_CHARS = 40
#: Control characters (C0 but tab and line ends, DEL, C1), bidirectional overrides and
#: isolates, and non-characters: none is copied into an outline.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
#: Events on one timeline slide, and paragraphs in a section when the text has no headings.
EVENTS_PER_SLIDE = 5
#: Events a timeline shows at most (a long text keeps the first of each year, spaced out).
TIMELINE_EVENTS = 60
#: Most slides and characters the timeline takes (each slide's notes hold its sentences).
TIMELINE_SLIDES = -(-TIMELINE_EVENTS // EVENTS_PER_SLIDE)
TIMELINE_CHARS = TIMELINE_SLIDES * (NOTES_CHARS + 2_000)
PARAGRAPHS_PER_SECTION = 3
#: Words of a text without a title that its title is found in (its most repeated name),
#: and words of a section that its topics are found in.
TITLE_FROM_WORDS = 50_000
TOPICS_FROM_WORDS = 20_000
_DIGIT = re.compile(r"\d")
_BREAKS = re.compile(r"[\t\n\x0b\x0c\r]")
_LETTER = re.compile(r"[^\W\d_]")
#: A word too long to set on a slide (a URL's punctuation breaks it into shorter ones).
_LONG_WORD = re.compile(rf"\w{{{WORD_CHARS + 1},}}")
_TIME_WORDS = ("Today", "Now", "Currently", "Recently", "Nowadays", "Later", "Afterwards")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the source, with its number as ``check`` counts it."""

    number: int
    text: str
    heading: str | None  # the Markdown heading it falls under, if any

    @functools.cached_property
    def sentences(self) -> tuple[str, ...]:
        """Its sentences, found when first needed: a text too long for one outline is
        split only as far as the draft goes."""
        return tuple(split_sentences(self.text))


@dataclass(frozen=True)
class Event:
    """A dated event for the timeline."""

    when: str
    label: str
    key: tuple[int, int, int]
    first: str  # its first year as the text writes it ("1946", "1990s")
    last: str  # its last year likewise ("1952"; "1946" for "1946–47", which has no "1947")
    paragraph: int
    sentence: str


def _safe(text: str) -> str:
    """Return ``text`` without control characters, one space where a run of them stood."""
    return " ".join(UNSAFE.sub(" ", text).split())


def _heading(words: str) -> str | None:
    """Return a heading as a title, shortened to a finished phrase when it is long."""
    if len(words) <= TITLE_CHARS + 20 and all(len(w) <= WORD_CHARS for w in words.split()):
        return words or None
    return headline(words.split()) or None


@dataclass
class _Text:
    """A source text as the draft reads it."""

    title: str | None = None  # its own title: a first heading or short first line
    paragraphs: list[Paragraph] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)  # level and words, in order
    removed: int = 0  # control characters left out
    long_words: int = 0  # words too long for a slide (kept in the notes)
    longest: int = 0  # characters of the longest one


def _paragraphs(text: str) -> _Text:
    """Read the text's own title, paragraphs and headings, and what had to be left out.

    Blocks are those :func:`~alliance_slides.source.facts.text_blocks` finds in the text
    as written, so paragraph numbers are the ones ``check`` counts.
    """
    read = _Text()
    heading: str | None = None
    number = 0
    for index, raw in enumerate(text_blocks(text)):
        read.removed += len(UNSAFE.findall(raw))
        block = _safe(raw)
        if raw.startswith("#"):
            words = _heading(block.lstrip("#").strip())
            if index == 0 and read.title is None:
                read.title = words
            else:
                heading = words
                if words:
                    read.headings.append((len(block) - len(block.lstrip("#")), words))
            continue
        number += 1
        short = len(block.split()) <= 12 and not re.search(r"[.!?:;,\u3002\uff01\uff1f]$", block)
        # A first short line is the title (it still counts as ¶1), when it makes one.
        if index == 0 and read.title is None and short and block and _heading(block):
            read.title = _heading(block)
            continue
        if block and has_sentences(block):
            read.paragraphs.append(Paragraph(number, block, heading))
            for word in _LONG_WORD.findall(block):
                read.long_words += 1
                read.longest = max(read.longest, len(word))
    return read


@functools.lru_cache(maxsize=65536)
def _name_end(word: str) -> str:
    """A word without what may follow a name: a possessive, closing punctuation."""
    return re.sub(r"[\u2019']s$|[^\w\u2019'-]+$", "", word)


def _derived_title(paragraphs: list[Paragraph]) -> str:
    """Name a text that has no title: its most repeated name-like phrase (in its first
    TITLE_FROM_WORDS words), else its opening.

    A phrase counts where it ends a name, not where a longer one goes on ("Economic
    Cooperation" in "Economic Cooperation Act" does not count).
    """
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    the: Counter[str] = Counter()
    read = 0
    for paragraph in paragraphs[:2000]:
        if read >= TITLE_FROM_WORDS:
            break
        raw = paragraph.text.split()[: TITLE_FROM_WORDS - read]
        read += len(raw)
        words = [_name_end(w) for w in raw]
        capitals = [i for i, w in enumerate(words) if w[:1].isupper()]  # where a name may start
        for n in (4, 3, 2):
            for i in capitals:
                if i + n > len(words):
                    break
                gram = words[i : i + n]
                if bare(gram[-1]) in NO_END or not all(gram):
                    continue
                if any(len(w) > WORD_CHARS for w in gram):
                    continue
                if any(w.endswith((",", ".", ";", ":")) for w in raw[i : i + n - 1]):
                    continue
                after = words[i + n] if i + n < len(words) else ""
                ends = raw[i + n - 1] != gram[-1] or not after[:1].isupper()
                if not ends or not finished(gram):
                    continue
                phrase = " ".join(gram)
                counts[phrase] += 1
                first_seen.setdefault(phrase, len(first_seen))
                if i and bare(words[i - 1]) == "the":
                    the[phrase] += 1
    best = sorted(
        (p for p, c in counts.items() if c >= 2),
        key=lambda p: (-counts[p] * len(p.split()), first_seen[p]),
    )
    if best:
        phrase = best[0]
        return f"The {phrase}" if the[phrase] * 2 > counts[phrase] else phrase
    for paragraph in paragraphs[:50]:
        for sentence in paragraph.sentences[:3]:
            for condensed in _sentence_phrases(sentence):
                if condensed.headline:
                    head = condensed.headline
                    return head.split(": ", 1)[-1] if condensed.date else head
    return "Drafted from the text"


@functools.lru_cache(maxsize=8192)
def _claims(line: str) -> tuple[Claim, ...]:
    """The claims of a line; a title is asked about again while its slide is made."""
    return tuple(claims(line))


def _cite(key: str, numbers: Iterable[int]) -> list[str]:
    """Cite paragraphs ``key#N``, or the whole text (``key``) when there are none."""
    return [f"{key}#{n}" for n in sorted(set(numbers))] or [key]


def escape_markup(text: str) -> str:
    """Keep a source's characters from being read as Markdown on the slide (``*`` stays a star).

    Outlines read text as CommonMark; a sentence copied from a source means what it says.
    """
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _escape(text: str) -> str:
    """Keep source text that looks like Jinja2 from being run as a template.

    Each brace opening a tag becomes an expression printing it: ``{{ '{' }}{ x }}``
    renders as ``{{ x }}``, whatever follows (even an unclosed tag or ``endraw``).
    """
    return re.sub(r"\{(?=[{%#])", "{{ '{' }}", text)


class _Draft:
    """Collects the slides of a draft, keeping only lines its cited paragraphs support.

    It also keeps the draft within the input limits (slides, characters) and notes what
    it had to leave out, for the warnings.
    """

    def __init__(self, key: str, paragraphs: list[Paragraph], whole: str = "") -> None:
        self.key = key
        self.texts = {p.number: p.text for p in paragraphs}
        self.whole = whole  # what a slide citing the whole text is checked against
        self.slides: list[dict[str, Any]] = []
        self.titles: set[str] = set()
        self.again: dict[str, int] = {}  # the next "(continued N)" of each title
        self.title_of_deck = ""
        self.chars = 0
        self.left_out: list[str] = []
        self.headings_kept = 0  # of a text of headings only

    def full(self, reserve: int = 0) -> bool:
        """Tell whether the draft has room for no more slides (``reserve`` kept back, and
        room for the timeline, which is made last)."""
        slides = len(self.slides) + reserve + TIMELINE_SLIDES
        return slides >= MOST_SLIDES or self.chars + TIMELINE_CHARS >= MOST_CHARS

    def honest(self, line: str, numbers: Iterable[int]) -> bool:
        """Tell whether every figure and name of ``line`` is in one of the paragraphs."""
        texts = [self.texts[n] for n in numbers] or [self.whole]
        return all(any(supported(c, t) for t in texts) for c in _claims(line))

    def title(self, candidates: Iterable[str], numbers: Iterable[int]) -> str:
        """Return the first candidate title that is supported and not yet used in the deck."""
        numbers = list(numbers)
        first = ""  # the first supported candidate, used or not
        for option in candidates:
            if not option or (first and option.lower() in self.titles):
                continue  # (a used one is checked only until one is supported)
            if self.honest(option, numbers):
                first = first or option
                if option.lower() not in self.titles:
                    break
        else:
            # "(continued)", "(continued b)", …: a letter, since a number would be a claim
            base = first or (f"From ¶{numbers[0]}" if numbers else "From the text")
            if first or base.lower() in self.titles:
                base = f"{base} (continued"
                n = self.again.get(base.lower(), 1)
                while f"{base}{_letters(n)})".lower() in self.titles:
                    n += 1
                self.again[base.lower()] = n + 1
                option = f"{base}{_letters(n)})"
            else:
                option = base  # no candidate holds: "From ¶5", once
        self.titles.add(option.lower())
        return option

    def add(
        self, slide: dict[str, Any], numbers: Iterable[int], header: str, sentences: list[str]
    ) -> None:
        """Add a slide citing ``numbers``; its notes are ``header`` and the sentences as a list."""
        slide["cite"] = Flow(_cite(self.key, numbers))
        if isinstance(slide.get("bullets"), list):  # the source's words, never its markup
            slide["bullets"] = [
                escape_markup(b) if isinstance(b, str) else b for b in slide["bullets"]
            ]
        # Wrapped for the editor; notes are reflowed as prose, each list item a line.
        items, size = [], len(header)
        for sentence in sentences:
            if size + len(sentence) > NOTES_CHARS:
                cut = sentence[: max(0, NOTES_CHARS - size)].rsplit(" ", 1)[0]
                items.append(_wrap(f"- {escape_markup(cut)} \u2026"))
                self.left_out.append("notes")
                break
            items.append(_wrap(f"- {escape_markup(sentence)}"))
            size += len(sentence) + 3
        slide["notes"] = Literal(_escape("\n".join([header, *items])) + "\n")
        self.chars += sum(len(str(v)) for v in slide.values()) + 100
        self.slides.append(slide)


def _letters(n: int) -> str:
    """Return "" for 1, then " b", " c", … " z", " ba", …: a count that is no figure."""
    if n == 1:
        return ""
    out = ""
    while n:
        n, digit = divmod(n, 26)
        out = chr(ord("a") + digit) + out
    return f" {out}"


def _wrap(item: str) -> str:
    """Fill a notes item to NOTES_WIDTH columns, later lines indented two spaces, as
    ``textwrap.fill`` does (long words whole); words set apart by single spaces are
    filled here directly, which is several times faster."""
    if not item or item[0] == " " or item[-1] == " " or "  " in item or _BREAKS.search(item):
        return textwrap.fill(
            item, NOTES_WIDTH, subsequent_indent="  ", break_on_hyphens=False,
            break_long_words=False,
        )
    lines: list[str] = []
    line: list[str] = []
    size = 0
    width = NOTES_WIDTH
    for word in item.split(" "):
        if line and size + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, size, width = [], 0, NOTES_WIDTH - 2
        size += len(word) + (1 if line else 0)
        line.append(word)
    lines.append(" ".join(line))
    return "\n  ".join(lines)


def _shown(phrase: Phrase) -> bool:
    """Tell whether a phrase can go on a slide: no word too long to set."""
    words = f"{phrase.text} {' '.join(phrase.subs)}".split()
    return all(len(w) <= WORD_CHARS for w in words)


#: Each sentence's clauses with their phrases, worked out once per draft for the timeline
#: and the slides (a bounded cache would condense every sentence of a long text twice).
_CONDENSED: dict[str, tuple[tuple[Unit, Phrase | None], ...]] = {}


def _condensed(sentence: str) -> tuple[tuple[Unit, Phrase | None], ...]:
    """Each clause of a sentence with its phrase, worked out once for timeline and slides."""
    found = _CONDENSED.get(sentence)
    if found is None:
        found = _CONDENSED[sentence] = tuple((u, condense(u)) for u in sentence_units(sentence))
    return found


def _sentence_phrases(sentence: str) -> list[Phrase]:
    phrases = (p for _, p in _condensed(sentence))
    return [p for p in phrases if p is not None and _shown(p)]


def _dated(sentence: str) -> Iterator[tuple[DateSpan, str]]:
    """Yield each clause's date with a label naming what happened then."""
    for unit, phrase in _condensed(sentence):
        if phrase is not None and phrase.date is not None and phrase.label:
            yield phrase.date, phrase.label
        # "…, although Germany repudiated that clause in 1936": a date of its own
        for piece in unit.contrast + unit.asides:
            date = first_date(piece)
            if date is not None:
                label = timeline_label(clean(strip_lead_word(without_date(piece, date))))
                if label:
                    yield date, label


def _events(paragraphs: list[Paragraph], events: dict[tuple[str, str], Event]) -> list[Event]:
    """Add the paragraphs' dated events to ``events`` (keyed by date and label, the first
    kept); return those added, in time order (text order within a date)."""
    added: list[Event] = []
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            if not _DIGIT.search(sentence):
                continue  # no year, no date
            for date, label in _dated(sentence):
                if any(len(w) > WORD_CHARS for w in f"{date.when} {label}".split()):
                    continue
                first = date.when if re.fullmatch(r"\d{4}s?", date.when) else str(date.key[0])
                event = Event(
                    date.when, label, date.key, first, date.last_text, paragraph.number, sentence
                )
                if events.setdefault((event.when, event.label.lower()), event) is event:
                    added.append(event)
    return sorted(added, key=lambda e: e.key)  # stable: text order within a date


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


def _section(draft: _Draft, group: list[Paragraph], dated: list[Event]) -> None:
    """Open a section on ``group``, whose events (in time order) are ``dated``."""
    numbers = [p.number for p in group]
    first = group[0].sentences[0]
    opening = _sentence_phrases(first)
    headline = opening[0].headline if opening else ""
    span = ""
    if dated:
        low = min(dated, key=lambda e: e.key)
        high = max(dated, key=lambda e: (int(e.last.rstrip("s")), e.key))
        span = low.first if low.first == high.last else f"{low.first}\u2013{high.last}"
    word = bare(first.split()[0]).capitalize() if first.split() else ""

    def candidates() -> Iterator[str]:  # the longer ones are made only when they are needed
        yield from (group[0].heading or "", span, word if word in _TIME_WORDS else "")
        longer = opening[0].long_headline if opening else ""
        clear = [t for t in (headline, longer) if t and not _vague(t)]
        yield from clear
        # What the part is about: the names its opening paragraph mentions most.
        yield from _names(list(group[0].sentences), clear)
        yield from (headline, longer, f"From \u00b6{_span(numbers)}")

    title = draft.title(candidates(), numbers)
    slide: dict[str, Any] = {"kind": "section", "title": _escape(title)}
    subtitle = _topics(group, f"{draft.title_of_deck} {title}") if title != headline else ""
    if subtitle and draft.honest(subtitle, numbers):
        slide["subtitle"] = _escape(subtitle)
    header = f"This part follows \u00b6{_span(numbers)} of the text. It opens:"
    if group[0].heading and group[0].heading != title:
        header = f"The text's heading here: {group[0].heading}. {header}"
    draft.add(slide, numbers, header, [first])


def _topics(group: list[Paragraph], deck_title: str) -> str:
    """Name what a section covers: its most mentioned names, in the order they come."""
    counts: Counter[str] = Counter()
    read = 0  # words looked at: a long section is named by its first TOPICS_FROM_WORDS
    deck = deck_title.lower()
    for sentence in (s for p in group[:200] for s in p.sentences):
        if read >= TOPICS_FROM_WORDS:
            break
        tokens = tokenize(sentence)
        read += len(tokens)
        for name in name_runs(tokens):
            phrase = " ".join(name)
            if phrase.lower() not in deck and len(phrase) <= TITLE_CHARS:
                counts[phrase] += 1
    order = list(counts)
    rank = {name: i for i, name in enumerate(order)}
    top = sorted(order, key=lambda n: (-counts[n], rank[n]))[:3]
    return " \u00b7 ".join(sorted(top, key=rank.__getitem__))


def _span(numbers: list[int]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}\u2013{numbers[-1]}"


def _size(phrase: Phrase) -> tuple[int, int]:
    """Lines and words a phrase takes on a slide."""
    return 1 + len(phrase.subs), len(phrase.text.split()) + sum(len(s.split()) for s in phrase.subs)


def _chunks(sentences: list[tuple[str, list[Phrase]]]) -> list[list[tuple[str, list[Phrase]]]]:
    """Split a paragraph's sentences into slides of about as many lines and words each."""
    lines = sum(_size(p)[0] for _, phrases in sentences for p in phrases)
    words = sum(_size(p)[1] for _, phrases in sentences for p in phrases)
    count = max(-(-lines // LINES_PER_SLIDE), -(-words // WORDS_PER_SLIDE), 1)
    target_lines, target_words = -(-lines // count), -(-words // count)
    chunks: list[list[tuple[str, list[Phrase]]]] = [[]]
    at_lines = at_words = 0
    for sentence, phrases in sentences:
        size = [sum(_size(p)[i] for p in phrases) for i in (0, 1)]
        if chunks[-1] and (
            at_lines + size[0] > target_lines + 1 or at_words + size[1] > target_words + 8
        ):
            chunks.append([])
            at_lines = at_words = 0
        chunks[-1].append((sentence, phrases))
        at_lines += size[0]
        at_words += size[1]
    return chunks


_VAGUE = frozenset("it this that these those they he she we there".split())


def _slide_title(
    draft: _Draft, chunk: list[tuple[str, list[Phrase]]], numbers: list[int], first: str
) -> str:
    """Title a bullet slide: a finished headline that names something and does not open on
    a pronoun, else any finished headline, else the paragraph's first title continued."""
    phrases = [p for _, ps in chunk for p in ps]
    heads = [p.headline for p in phrases if p.headline]
    clear = [h for h in heads if not _vague(h)]
    named = next((h for h in clear if _claims(h)), "")
    longer = [p.long_headline for p in phrases if p.long_headline]
    # Then what the slide is about: the names its sentences mention most. A headline that
    # opens on a pronoun ("It was a stimulant …") or the first title continued come last.
    def names() -> Iterator[str]:  # read only when the headlines will not do
        yield from _names([s for s, _ in chunk], [*clear, *longer])

    return draft.title(
        itertools.chain(
            [named], clear, (h for h in longer if not _vague(h)), names(), heads, longer, [first]
        ),
        numbers,
    )


def _vague(title: str) -> bool:
    """Tell whether a title opens on a pronoun: "It was …", "1951: They …"."""
    words = title.split(": ")[-1].split()
    return bool(words) and bare(words[0]) in _VAGUE


#: A word that ends a name as an adjective of people or kind: "East European", "Soviet Bloc
#: Communist" name nothing on their own.
_ADJECTIVE_END = re.compile(r"(?:an|ese|ish|ic|ist|al|ern)$")


def _names(sentences: list[str], titles: list[str]) -> list[str]:
    """The names of two or more words in ``sentences``, most mentioned first (a name a
    title holds already does not count), as a slide title names its subject."""
    counts: Counter[str] = Counter()
    held = " ".join(titles).lower()
    for sentence in sentences:
        for run in name_runs(tokenize(sentence)):
            name = " ".join(run)
            if _ADJECTIVE_END.search(run[-1]) or len(name) > TITLE_CHARS or name.lower() in held:
                continue
            counts[name] += 1
    return sorted(counts, key=lambda n: -counts[n])  # stable: text order among equals


def _bullet_slides(draft: _Draft, paragraph: Paragraph) -> None:
    numbers = [paragraph.number]
    sentences = [(s, _sentence_phrases(s)) for s in paragraph.sentences]
    first = ""
    for chunk in _chunks(sentences):
        if draft.full(reserve=2):
            draft.left_out.append(f"\u00b6{paragraph.number}")
            return
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
        title = _slide_title(draft, chunk, numbers, first)
        first = first or title.split(" (continued")[0]
        slide = {"title": _escape(title), "bullets": bullets}
        draft.add(
            slide, numbers, f"From \u00b6{paragraph.number} of the text:", [s for s, _ in chunk]
        )


def _heading_slides(draft: _Draft, headings: list[tuple[int, str]]) -> None:
    """Draft a text of headings only, as an outline: each heading of the top level opens a
    section, or a slide listing the headings under it. All cite the whole text."""
    top = min(level for level, _ in headings)
    parts: list[tuple[str, list[str]]] = []
    for level, words in headings:
        if level == top or not parts:
            parts.append((words, []))
        else:
            parts[-1][1].append(words)
    for heading, under in parts:
        if draft.full(reserve=2 + -(-len(under) // LINES_PER_SLIDE)):
            break
        if not under:
            title = draft.title([heading], [])
            draft.add({"kind": "section", "title": _escape(title)}, [], _HEADINGS, [heading])
        for at in range(0, len(under), LINES_PER_SLIDE):
            chunk = under[at : at + LINES_PER_SLIDE]
            title = draft.title([heading], [])
            slide = {"title": _escape(title), "bullets": [_escape(h) for h in chunk]}
            draft.add(slide, [], _HEADINGS, [heading, *chunk])
        draft.headings_kept += 1 + len(under)


_HEADINGS = "The text's headings (it has no paragraphs under them):"


def _timeline_events(events: list[Event]) -> list[Event]:
    """Return at most TIMELINE_EVENTS events: the first of each year, then evenly spaced."""
    if len(events) <= TIMELINE_EVENTS:
        return events
    seen: set[int] = set()
    yearly = [e for e in events if not (e.key[0] in seen or seen.add(e.key[0]))]  # type: ignore[func-returns-value]
    if len(yearly) <= TIMELINE_EVENTS:
        return yearly
    step = len(yearly) / TIMELINE_EVENTS
    return [yearly[int(i * step)] for i in range(TIMELINE_EVENTS)]


def _timeline(draft: _Draft, events: list[Event]) -> None:
    if len(events) < 2:
        return
    count = -(-len(events) // EVENTS_PER_SLIDE)
    per = -(-len(events) // count)
    for at in range(0, len(events), per):
        chunk = events[at : at + per]
        numbers = sorted({e.paragraph for e in chunk})
        end = max(chunk, key=lambda e: (int(e.last.rstrip("s")), e.key)).last
        span = chunk[0].first if chunk[0].first == end else f"{chunk[0].first} to {end}"
        title = draft.title([f"Timeline: {span}"], numbers)
        items = []
        for event in chunk:
            when: Any = int(event.when) if event.when.isdigit() else event.when
            items.append(FlowMap(when=when, label=_escape(event.label)))
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
    where = next(
        (p.number for p in paragraphs if subject.lower() in normalize(p.text).lower()), None
    )
    if where is not None and len(subject) <= TITLE_CHARS:
        subject = "the " + subject if title.startswith("The ") else subject
        questions.append(f"How does the text's picture of {subject} change from start to end?")
        numbers |= {where}
    questions.append("Which event in the text mattered most, and why?")
    questions.append("What does the text leave out, and where would you look next?")
    numbers = numbers or {p.number for p in paragraphs[:1]}
    kept = [_escape(q) for q in questions if draft.honest(q, numbers)]
    sentences = list(dict.fromkeys(e.sentence for e in events[:1] + events[-1:]))
    header = "Prompts drafted from the text; replace them with your own."
    if sentences:
        header += " Its first and last dates:"
    draft.add(
        {"kind": "questions", "title": "Questions for discussion", "questions": kept},
        sorted(numbers),
        header,
        sentences,
    )


def _prose(when: str) -> str:
    """Write a date as a sentence does: "the 1990s", "1951"."""
    return f"the {when}" if re.fullmatch(r"(?:early |mid-|late )?\d{4}s", when) else when


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
    warnings: tuple[Problem, ...] = ()


def draft_outline(source: Path, outline_dir: Path) -> Drafted:
    """Draft an outline (YAML text) from a plain-text or Markdown file.

    ``outline_dir`` is the folder the outline will live in: the source's ``file:`` is
    written relative to it. Raises ValidationError when the text cannot be read or has
    no paragraphs.
    """
    try:
        return _draft_outline(source, outline_dir)
    finally:
        _CONDENSED.clear()


def _within_limit(text: str) -> tuple[str, int]:
    """Return the part of ``text`` a draft reads, and how many characters were left off.

    An outline holds at most MAX_SLIDES slides, which a text of MAX_DRAFT_CHARS already
    fills; reading all of a 10 MB text took half a gigabyte and minutes for slides the
    outline could not take. The cut falls at a paragraph, else a sentence, else a space.
    """
    limit = limits.MAX_DRAFT_CHARS
    if len(text) <= limit:
        return text, 0
    head = text[:limit]
    for mark in ("\n\n", ". ", "\n", " "):
        at = head.rfind(mark)
        if at > limit // 2:
            head = head[: at + len(mark)]
            break
    return head, len(text) - len(head)


def _draft_outline(source: Path, outline_dir: Path) -> Drafted:
    text, encoding = read_source(source)
    text, left_off = _within_limit(text)
    if text.strip() and not _LETTER.search(text):
        raise ValidationError.at(
            Location.of_file(str(source)),
            "no words to draft from: the text has only figures, punctuation and symbols",
        )
    read = _paragraphs(text)
    paragraphs = read.paragraphs
    if not paragraphs and not read.headings:
        what = f"it has only the title '{read.title}'" if read.title else "the text is empty"
        raise ValidationError.at(
            Location.of_file(str(source)), f"no paragraphs to draft from: {what}"
        )
    title = read.title or (_derived_title(paragraphs) if paragraphs else read.headings[0][1])
    key = _source_key(source)
    # A slide drawn from headings cites the whole text, headings and all (as check reads it).
    draft = _Draft(key, paragraphs, "" if paragraphs else "\n".join(text_blocks(text)))
    draft.title_of_deck = title
    draft.titles.add(title.lower())  # the title slide shows it already
    # Dates are read as the sections are drafted, so a text too long for one outline is
    # read only as far as the draft goes, and the timeline covers what the draft covers.
    found: dict[tuple[str, str], Event] = {}
    for group in _groups(paragraphs) if paragraphs else []:
        if draft.full(reserve=3):
            draft.left_out.append(f"\u00b6{group[0].number}")
            break
        _section(draft, group, _events(group, found))
        for paragraph in group:
            _bullet_slides(draft, paragraph)
        if draft.left_out and draft.left_out[-1] != "notes":
            break
    if not paragraphs:
        _heading_slides(draft, read.headings)
    events = sorted(found.values(), key=lambda e: e.key)  # stable: text order within a date
    drafted = len(draft.slides)
    _timeline(draft, _timeline_events(events))
    draft.slides = draft.slides[drafted:] + draft.slides[:drafted]  # the timeline opens the deck
    _questions(draft, events, title, paragraphs)
    draft.slides.append({"kind": "references", "title": "References"})
    outline: dict[str, Any] = {"title": _escape(title)}
    if len(events) >= 2:
        outline["subtitle"] = f"{events[0].when} to {events[-1].when}"
    outline["sources"] = {
        key: {
            "title": _escape(title),
            "detail": _escape(
                f"Drafted from {_safe(source.name)}; slides cite its paragraphs (\u00b6)"
            ),
            "file": _relative(source, outline_dir),
        }
    }
    outline["slides"] = draft.slides
    header = (
        f"# Drafted by `alliance-slides draft` from {_safe(source.name)}. Every slide cites its\n"
        "# paragraph (key#N) and its notes hold the sentences it came from. Edit freely, then\n"
        "# run `alliance-slides check` on this file to keep figures and names true to the text.\n"
    )
    body = dump_outline(outline)
    warnings = list(_warnings(source, draft, events, read, encoding))
    if not source.resolve().is_relative_to(outline_dir.resolve()):
        # Inputs may only name files inside their own folder unless the build allows more.
        warnings.append(
            Problem(
                Location(str(source)),
                "the text is outside the outline's folder: give validate, build and check "
                f"--allow {source.resolve().parent}, or keep the text beside the outline",
            ),
        )
    if left_off:
        warnings.append(
            Problem(
                Location(str(source)),
                f"the draft reads the first {limits.MAX_DRAFT_CHARS:,} characters of the text "
                f"(MAX_DRAFT_CHARS) and leaves {left_off:,} out; draft the rest from a "
                "shorter text",
            )
        )
    return Drafted(header + body, len(draft.slides), tuple(warnings))


def _warnings(
    source: Path, draft: _Draft, events: list[Event], read: _Text, encoding: str
) -> Iterator[Problem]:
    """Say how the text was read and what the draft left out to stay within the limits."""
    where = Location(str(source))
    if encoding in ("windows-1252", "latin-1"):
        yield Problem(
            where,
            f"the text is not UTF-8: it was read as {encoding.capitalize()}; check its "
            "accented letters and quotation marks (or save it as UTF-8)",
        )
    if read.removed:
        yield Problem(where, f"left out {read.removed:,} control character(s) of the text")
    if read.long_words:
        yield Problem(
            where,
            f"{read.long_words:,} word(s) of more than {WORD_CHARS} letters (the longest has "
            f"{read.longest:,}) are left off the slides; the notes keep what fits",
        )
    if draft.headings_kept < len(read.headings) and not read.paragraphs:
        yield Problem(
            where,
            f"the text has {len(read.headings):,} headings and no paragraphs; the draft keeps "
            f"the first {draft.headings_kept:,} (an outline takes at most "
            f"{limits.MAX_SLIDES:,} slides, MAX_SLIDES)",
        )
    places = [p for p in draft.left_out if p != "notes"]
    if places:
        yield Problem(
            where,
            f"the draft stops before {places[0]}: it has {len(draft.slides):,} slides and an "
            f"outline takes at most {limits.MAX_SLIDES:,} (MAX_SLIDES) and "
            f"{limits.MAX_FILE_BYTES // 2**20} MiB; draft the rest from a shorter text",
        )
    if "notes" in draft.left_out:
        yield Problem(
            where,
            f"notes of {draft.left_out.count('notes'):,} slide(s) end in '\u2026': one note "
            f"holds at most {NOTES_CHARS:,} characters (MAX_STRING_LENGTH is "
            f"{limits.MAX_STRING_LENGTH:,})",
        )
    if len(events) > TIMELINE_EVENTS:
        whose = f"{len(events):,} dated events before {places[0]}" if places else (
            f"text's {len(events):,} dated events"
        )
        yield Problem(where, f"the timeline shows {TIMELINE_EVENTS} of the {whose}")


def write_draft(source: Path, output: Path, force: bool = False) -> Drafted:
    """Draft an outline from ``source`` and write it to ``output`` atomically.

    An existing ``output`` is an instructor's work: it is replaced only when ``force``.
    """
    from alliance_slides.files import write_atomically

    if output.exists() and not force:
        raise CommandLineError.at(
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
