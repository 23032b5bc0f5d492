"""Checking slides against their source text: every figure and name must be in the cited paragraph.

A slide's text (title, bullets, columns, events, quotation, table, caption, questions;
not its notes) is searched for years and decades, money amounts, other numbers and
capitalised names. Each must occur in a paragraph the slide cites (``key#N``; a
bare ``key`` means the whole text). Names are matched case-insensitively, word by
word, ignoring the first word of a line (sentence case) and possessives; an acronym
also matches the initials of a capitalised phrase ("LDP", "Liberal Democratic Party").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from alliance_slides.errors import Location, shown
from alliance_slides.format.markup import plain_text
from alliance_slides.format.model import (
    Bullet,
    BulletsSlide,
    ChartSlide,
    Event,
    ImageSlide,
    Lecture,
    QuestionsSlide,
    QuoteSlide,
    ReferencesSlide,
    SectionSlide,
    Slide,
    TableSlide,
    TimelineSlide,
    TwoColumnSlide,
)

# Em dashes set words apart ("Company\u2014its"): they become spaced hyphens, not joiners.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2212"), "-") | dict.fromkeys(
    map(ord, "\u2014\u2015"), " - "
)
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'") | dict.fromkeys(
    map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'
)
_MONEY = re.compile(
    r"(?P<cur>[$€£¥])\s?(?P<amount>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<unit>thousand|million|billion|"
    r"trillion))?",
    re.IGNORECASE,
)
_DECADE = re.compile(r"(?<![\d¶])(?P<decade>\d{3}0)'?s\b")
_NUMBER = re.compile(r"(?<![\d¶#.,])\d[\d,]*(?:\.\d+)?(?![\d])")
# Letters of any script: "Brunsbüttel" and "Ōsaka" are names too.
_WORD = re.compile(r"[^\W\d_](?:['\-.]*[^\W\d_])*")
_STOP = frozenset({"i", "a", "an", "the", "and", "or", "of", "in", "on", "to", "for", "with"})
_CITATION = re.compile(r"¶\s?\d+(?:-\d+)?")  # "¶5", "¶5–7" (dashes are folded)
_SENTENCE_END = re.compile(r"[.?!:;]\s+")
_LEADING = re.compile(r"^[\W\d_]*")
_POSSESSIVE = re.compile(r"'s?$")
_YEAR = re.compile(r"\d{4}")
_DIGIT = re.compile(r"\d")
_WORD_CHAR = re.compile(r"\w")
#: A paragraph longer than this is indexed by its words' starts; a shorter one is searched.
_INDEXED = 8_000


def normalize(text: str) -> str:
    """Fold Unicode quotes and dashes to ASCII and drop **/* emphasis markers."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    return text.replace("**", "").replace("*", "")


def read_text(path: Path) -> str:
    """Return a source text, in whatever encoding it was saved; an unreadable file is an
    error pointing at it (see :func:`alliance_slides.source.reading.read_source`)."""
    from alliance_slides.source.reading import read_source

    return read_source(path)[0]


def text_blocks(text: str) -> list[str]:
    """Split a text into blank-line separated blocks, or one per line when it has none.

    A Markdown heading line (``# …``) is always a block of its own, so the paragraph
    right under it is not lost with it.
    """
    lines = text.splitlines()
    if any(not line.strip() for line in lines[1:-1]):
        blocks, current = [], []
        for line in lines:
            heading = line.lstrip().startswith("#")
            if line.strip() and not heading:
                current.append(line.strip())
                continue
            if current:
                blocks.append(" ".join(current))
                current = []
            if heading:
                blocks.append(line.strip())
        if current:
            blocks.append(" ".join(current))
    else:
        blocks = [line.strip() for line in lines if line.strip()]
    return blocks


def read_paragraphs(path: Path) -> list[str]:
    """Return a text's paragraphs: blank-line separated blocks, or one per line when none.

    Markdown headings (``# …``) are not paragraphs; numbering counts from 1.
    """
    return [b for b in text_blocks(read_text(path)) if not b.startswith("#")]


@dataclass(frozen=True)
class Claim:
    """Something on a slide that must be in the source: its kind and text as written."""

    kind: str  # year | decade | money | number | name
    text: str


def _money_key(amount: str, unit: str | None) -> str:
    return f"{amount.replace(',', '')} {unit.lower()}" if unit else amount.replace(",", "")


def claims(text: str) -> Iterator[Claim]:
    """Yield the figures and names in one line of slide text."""
    text = normalize(text)
    rest = text
    if not _DIGIT.search(text):  # no figure: only names
        yield from _names(rest)
        return
    for match in _MONEY.finditer(text):
        yield Claim("money", match.group(0))
        rest = rest.replace(match.group(0), " ")
    for match in _DECADE.finditer(rest):
        yield Claim("decade", match.group(0))
    rest = _DECADE.sub(" ", rest)
    rest = _CITATION.sub(" ", rest)  # citations of paragraphs are not claims
    for match in _NUMBER.finditer(rest):
        number = match.group(0).rstrip(",")
        yield Claim("year" if _YEAR.fullmatch(number) else "number", number)
    yield from _names(rest)


def _names(rest: str) -> Iterator[Claim]:
    # The first word of each sentence is capitalised anyway: it is not taken for a name.
    for sentence in _SENTENCE_END.split(rest):
        words = _WORD.findall(_LEADING.sub("", sentence))
        for index, word in enumerate(words):
            word = _POSSESSIVE.sub("", word).strip(".-'")
            if index == 0 or not word or not word[0].isupper() or word.lower() in _STOP:
                continue
            yield Claim("name", word)


def _initials(paragraph: str) -> set[str]:
    """Return the initials of capitalised phrases ("Liberal Democratic Party" -> LDP)."""
    found = set()
    for phrase in re.findall(r"(?:[A-Z][\w'-]*\s+)+[A-Z][\w'-]*", paragraph):
        words = [w for w in phrase.split() if w[0].isupper()]
        found.add("".join(w[0] for w in words))
    return found


class _Index:
    """What one paragraph holds, read once, so each claim is answered without a new scan.

    It answers exactly as searching the paragraph would: a figure must stand alone ("1990"
    is not in "the 1990s", nor 13 in 13.5), a name is matched case-insensitively as whole
    words, and an acronym may be the initials of a capitalised phrase.
    """

    def __init__(self, paragraph: str) -> None:
        self.text = normalize(paragraph)
        self.flat = self.text.replace(",", "")
        self.numbers: set[str] = set()
        for m in re.finditer(r"(?<![\d.])(\d+)(?:\.(\d+))?", self.flat):
            if not re.match(r"\.\d|'?s\b", self.flat[m.end() :]):
                self.numbers.add(m.group(0))
        self.decades = {m.group(1) for m in re.finditer(r"(?<![\d.])(\d+s)(?!\d)", self.flat)}
        self.amounts = {_money_key(m["amount"], m["unit"]) for m in _MONEY.finditer(self.text)}
        self.plain = self.text.replace(".", "")
        lower = self.plain.lower()
        self.lower = lower if len(lower) == len(self.plain) else None
        self.starts: dict[str, list[int]] | None = None  # made when first needed
        self.initials: set[str] | None = None
        self.answers: dict[Claim, bool] = {}

    def holds(self, claim: Claim) -> bool:
        answer = self.answers.get(claim)
        if answer is None:
            answer = self.answers[claim] = self._holds(claim)
        return answer

    def _holds(self, claim: Claim) -> bool:
        if claim.kind == "money":
            match = _MONEY.match(normalize(claim.text))
            assert match is not None
            key = _money_key(match["amount"], match["unit"])
            bare = re.search(rf"(?<![\d.]){re.escape(key)}\b", self.text, re.IGNORECASE)
            return key in self.amounts or bare is not None
        value = claim.text.replace(",", "").replace("'", "")
        if claim.kind == "decade":
            return value in self.decades
        if claim.kind in ("year", "number"):
            return value in self.numbers
        word = claim.text.replace(".", "").strip()  # 'U.S. ' is the name U.S.
        if self._has_word(word):
            return True
        if not (word.isupper() and len(word) > 1):
            return False
        if self.initials is None:
            self.initials = _initials(self.text)
        return word in self.initials

    def _has_word(self, word: str) -> bool:
        if self.lower is None or len(word.lower()) != len(word):
            return re.search(rf"\b{re.escape(word)}\b", self.plain, re.IGNORECASE) is not None
        target = word.lower()
        first = re.match(r"\w+", target)
        if first is None:
            return re.search(rf"\b{re.escape(word)}\b", self.plain, re.IGNORECASE) is not None
        if len(self.lower) <= _INDEXED:
            return _whole_word_in(target, self.lower)
        if self.starts is None:
            self.starts = {}
            for m in re.finditer(r"\w+", self.lower):
                self.starts.setdefault(m.group(0), []).append(m.start())
        for start in self.starts.get(first.group(0), ()):
            end = start + len(target)
            if self.lower[start:end] == target and not re.match(r"\w", self.lower[end : end + 1]):
                return True
        return False


def _whole_word_in(target: str, text: str) -> bool:
    """Tell whether ``target`` stands in ``text`` with no word character on either side
    (what the index of word starts answers, for a text too short to be worth indexing)."""
    at = text.find(target)
    while at != -1:
        end = at + len(target)
        if (at == 0 or not _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
            return True
        at = text.find(target, at + 1)
    return False


@functools.lru_cache(maxsize=256)
def _index(paragraph: str) -> _Index:
    return _Index(paragraph)


def supported(claim: Claim, paragraph: str) -> bool:
    """Tell whether ``paragraph`` holds the claim (in time independent of its length,
    once the paragraph has been read)."""
    return _index(paragraph).holds(claim)


def _bullet_lines(bullets: tuple[Bullet, ...]) -> Iterator[str]:
    for bullet in bullets:
        yield bullet.text
        yield from _bullet_lines(bullet.children)


def _event_lines(events: tuple[Event, ...]) -> Iterator[str]:
    for event in events:
        yield from (event.when, event.label, event.detail or "")


def slide_lines(slide: Slide) -> list[str]:
    """Return the text a slide shows, one line per title, bullet, cell or label."""
    lines = [slide.title]
    if isinstance(slide, BulletsSlide):
        lines += _bullet_lines(slide.bullets)
    elif isinstance(slide, SectionSlide):
        lines.append(slide.subtitle or "")
    elif isinstance(slide, TwoColumnSlide):
        for column in (slide.left, slide.right):
            lines.append(column.heading)
            lines += _bullet_lines(column.bullets)
    elif isinstance(slide, TimelineSlide):
        lines += _event_lines(slide.events)
    elif isinstance(slide, QuoteSlide):
        lines += [slide.text, slide.by or ""]
    elif isinstance(slide, TableSlide):
        lines += list(slide.columns) + [cell for row in slide.rows for cell in row]
    elif isinstance(slide, ImageSlide):
        lines.append(slide.caption or "")
    elif isinstance(slide, QuestionsSlide):
        lines += list(slide.questions)
    elif isinstance(slide, ChartSlide):
        lines += [*slide.categories, slide.category_title or "", slide.value_title or ""]
        for series in slide.series:
            lines.append(series.name)
            lines += [f"{value:g}" for value in series.values]
    # What a reader sees: a link's words, not its address (whose digits are no claim).
    return [plain_text(line) for line in lines if line]


@dataclass(frozen=True)
class Finding:
    """A claim on a slide that its cited paragraphs do not hold."""

    location: Location
    slide: int
    title: str
    message: str

    def __str__(self) -> str:
        where = f"{self.location.file}:{self.location.line}"
        return shown(f'{where}: slide {self.slide} "{self.title}": {self.message}')


def _cited_text(cite: str, sources: dict[str, tuple[list[str], str]]) -> tuple[str, str] | None:
    key, _, para = cite.partition("#")
    if key not in sources:
        return None
    paragraphs, whole = sources[key]
    if not para:
        return whole, f"'{key}'"
    index = int(para)
    if not 1 <= index <= len(paragraphs):
        return "", f"¶{index} (the source has {len(paragraphs)})"
    return paragraphs[index - 1], f"¶{index}"


def check_lecture(
    lecture: Lecture,
    override: Path | None = None,
    numbers: Mapping[int, Sequence[int]] | None = None,
) -> list[Finding]:
    """Check every slide of a (rendered) lecture against its sources' text.

    ``override`` is a text used for every source; otherwise each source's ``file``.
    ``numbers`` gives each outline slide's numbers in the deck (``ResolvedLecture.
    deck_numbers``: after the title slide, continuations and hidden slides counted), so a
    finding names the slide the instructor sees; without it, slides count in the outline.
    """
    outline = lecture.outline
    base = outline.path.parent
    # Each source's paragraphs, and its whole text (headings too) for a bare ``key``.
    texts: dict[str, tuple[list[str], str]] = {}
    for key, source in (outline.sources or {}).items():
        path = override if override is not None else base / source.file if source.file else None
        if path is not None:
            blocks = text_blocks(read_text(path))
            texts[key] = [b for b in blocks if not b.startswith("#")], "\n".join(blocks)
    findings = []
    for number, slide in enumerate(outline.slides, start=1):
        if isinstance(slide, ReferencesSlide):
            continue
        found = [c for line in slide_lines(slide) for c in claims(line)]
        if not found:
            continue

        shown_as = numbers[number][0] if numbers and numbers.get(number) else number

        def report(message: str, number: int = shown_as, slide: Slide = slide) -> None:
            findings.append(Finding(slide.location, number, slide.title, message))

        if not slide.cite:
            report(f"'{found[0].text}' and more, but the slide cites no source")
            continue
        cited = []
        for cite in slide.cite:
            resolved = _cited_text(cite, texts)
            if resolved is None:
                key = cite.partition("#")[0]
                report(f"cannot check '{cite}': source '{key}' has no file (give --source)")
            else:
                cited.append(resolved)
        if not cited:
            continue
        for claim in dict.fromkeys(found):
            if not any(supported(claim, text) for text, _ in cited):
                where = ", ".join(label for _, label in cited)
                report(f"'{claim.text}' not in source {where}")
    return findings
