"""Drafting an outline from a source text: sections, bullet slides, a timeline, citations.

No model and no download: :mod:`alliance_slides.source.sentences` splits the text and finds its
dates, :mod:`alliance_slides.source.phrasing` condenses each clause to a bullet, a title or a
label, and this module groups paragraphs into sections and slides. Each line is checked
with :mod:`alliance_slides.source.facts` before it is kept, so ``alliance-slides check`` passes
on a fresh draft. Paragraph numbers are those of
:func:`alliance_slides.source.facts.read_paragraphs`, which ``check`` uses.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from alliance_slides.errors import BuildError, Location, Problem, ValidationError
from alliance_slides.source.facts import claims, normalize, read_text, supported, text_blocks
from alliance_slides.source.phrasing import (
    STOP_END,
    TITLE_CHARS,
    TITLE_WORDS,
    Phrase,
    clean,
    condense,
    name_runs,
    sentence_units,
    strip_lead_word,
    timeline_label,
    without_date,
)
from alliance_slides.source.sentences import bare, find_dates, split_sentences, tokenize

#: Columns of the notes in the YAML file (they are reflowed on the slide).
NOTES_WIDTH = 92
#: Bullets and sub-bullets on one slide before a paragraph continues on another.
LINES_PER_SLIDE = 7
#: Events on one timeline slide, and paragraphs in a section when the text has no headings.
EVENTS_PER_SLIDE = 5
PARAGRAPHS_PER_SECTION = 3
_TIME_WORDS = ("Today", "Now", "Currently", "Recently", "Nowadays", "Later", "Afterwards")


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
                if not gram[0][:1].isupper() or bare(gram[-1]) in STOP_END or not all(gram):
                    continue
                if any(re.search(r"[,.;:]$", w) for w in paragraph.text.split()[i : i + n - 1]):
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
            base = f"{options[0] if options else 'From the text'} (continued"
            option = next(
                f"{base}{f' {n}' if n > 1 else ''})"
                for n in range(1, len(self.titles) + 2)
                if f"{base}{f' {n}' if n > 1 else ''})".lower() not in self.titles
            )
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
                label = timeline_label(clean(strip_lead_word(without_date(piece, spans[0]))))
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
    word = bare(first.split()[0]).capitalize() if first.split() else ""
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
            for name in name_runs(tokenize(sentence)):
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
    header = "Prompts drafted from the text; replace them with your own."
    if sentences:
        header += " Its first and last dates:"
    draft.add(
        {"kind": "questions", "title": "Questions for discussion", "questions": kept},
        numbers,
        header,
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
    warnings: tuple[Problem, ...] = ()


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
        what = f"it has only the title '{own_title}'" if own_title else "the text is empty"
        where = Location.of_file(str(source))
        raise ValidationError.at(where, f"no paragraphs to draft from: {what}")
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
    warnings: tuple[Problem, ...] = ()
    if not source.resolve().is_relative_to(outline_dir.resolve()):
        # Inputs may only name files inside their own folder unless the build allows more.
        warnings = (
            Problem(
                Location(str(source)),
                "the text is outside the outline's folder: give validate, build and check "
                f"--allow {source.resolve().parent}, or keep the text beside the outline",
            ),
        )
    return Drafted(header + body, len(draft.slides), warnings)


def write_draft(source: Path, output: Path, force: bool = False) -> Drafted:
    """Draft an outline from ``source`` and write it to ``output`` atomically.

    An existing ``output`` is an instructor's work: it is replaced only when ``force``.
    """
    from alliance_slides.files import write_atomically

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
