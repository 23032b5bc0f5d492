"""Source text to sentences and tokens, for drafting outlines.

Sentences are found by syntok, a rule-based segmenter that keeps abbreviations ("U.S.",
"Dr.", "c. 1880", "et al."), initials and quoted questions whole; a full-width stop
(。！？) ends a sentence without a space, and a title abbreviation before a name
("Rep. Jones", "Gov. Tamaki") never does. Each sentence is the paragraph's own text,
sliced at syntok's offsets. Tokens are words, with the dashes that set off an aside as
tokens of their own; dates are found in tokens by :mod:`alliance_slides.source.dates`.

pysbd was measured too: it splits "c. 1880" and runs at about 12 kB a second (a
2 MB text would take minutes); syntok runs at about 1 MB a second, in linear time
even on one unpunctuated paragraph.
"""

from __future__ import annotations

import functools
import re

from syntok.segmenter import split as _segment
from syntok.tokenizer import Tokenizer

from alliance_slides.source.dates import DateSpan, find_dates
from alliance_slides.source.facts import normalize
from alliance_slides.source.lexicon import TITLE_ABBREVIATIONS

__all__ = ["DateSpan", "bare", "find_dates", "has_sentences", "split_sentences", "tokenize"]

_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,2}[.)])\s+")
_LIST_SPLIT = re.compile(r"\s+(?=(?:[-*+]|\d{1,2}[.)])\s)")
_WIDE_STOP = re.compile(r"(?<=[\u3002\uff01\uff1f])")
# "World War II. Following…": syntok reads a Roman numeral's stop as an initial's.
_NUMERAL_STOP = re.compile(r"(?<=[^\w.][IVX][IVX]\.)\s+(?=[\"\u201c]?[A-Z])")
_TOKENIZER = Tokenizer(replace_not_contraction=False)
_ALNUM = re.compile(r"[^\W_]")
_STRONG = re.compile(r"\*\*")


def _segments(text: str) -> list[str]:
    """Split ``text`` with syntok, each sentence sliced from ``text`` itself.

    Markdown's strong emphasis is hidden from syntok (as spaces, so offsets hold): a stop
    before a closing ``**`` ends a sentence ("**Don't use long words.** Use …").
    """
    sentences = []
    for sentence in _segment(_TOKENIZER.tokenize(_STRONG.sub("  ", text))):
        if sentence:
            first, last = sentence[0], sentence[-1]
            start, end = first.offset, last.offset + len(last.value)
            start -= 2 if text[max(0, start - 2) : start] == "**" else 0
            end += 2 if text[end : end + 2] == "**" else 0
            sentences.append(text[start:end])
    return sentences


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into its sentences, each as the paragraph writes it.

    A Markdown list's items are sentences of their own; so is each sentence ended by a
    full-width stop (。！？), which needs no space after it.
    """
    if _LIST_ITEM.match(paragraph):
        items = [_LIST_ITEM.sub("", item) for item in _LIST_SPLIT.split(paragraph)]
        return [s for item in items for s in split_sentences(item)]
    sentences: list[str] = []
    for piece in _WIDE_STOP.split(paragraph):
        for sentence in (p for s in _segments(piece) for p in _NUMERAL_STOP.split(s)):
            words = sentences[-1].split() if sentences else []
            if words and words[-1].rstrip(".").lower() in TITLE_ABBREVIATIONS:
                sentences[-1] = f"{sentences[-1]} {sentence}"  # "Rep." | "Jones met…"
            else:
                sentences.append(sentence)
    return [s.strip() for s in sentences if s.strip()]


def has_sentences(paragraph: str) -> bool:
    """Tell whether :func:`split_sentences` finds a sentence in ``paragraph``, without
    splitting it when a letter or digit stands outside its list markers (a letter or digit
    is always in some sentence)."""
    return _surely_has_sentences(paragraph) or bool(split_sentences(paragraph))


def _surely_has_sentences(text: str) -> bool:
    if _LIST_ITEM.match(text):
        items = _LIST_SPLIT.split(text)
        return any(_surely_has_sentences(_LIST_ITEM.sub("", item)) for item in items)
    return _ALNUM.search(text) is not None


def tokenize(sentence: str) -> list[str]:
    """Return the words of a sentence, without Markdown marks; an aside's dash is a word."""
    # Em dashes and spaced en dashes set off asides: make them tokens of their own.
    sentence = re.sub(r"\s*\u2014\s*|\s+[\u2013-]\s+", " \u2014 ", sentence)
    sentence = re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)|`", "", sentence)  # Markdown emphasis, code
    sentence = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", sentence)  # Markdown links
    return sentence.split()


@functools.lru_cache(maxsize=65536)
def bare(token: str) -> str:
    """Return a token as a word to compare: normalised, lower case, no punctuation around."""
    return re.sub(r"^\W+|\W+$", "", normalize(token)).lower()
