"""What the text of an outline means: CommonMark inline markup, and notes as CommonMark blocks.

Every string a reader sees (titles, bullets, cells, captions, labels) is CommonMark
inline text: ``**bold**``, ``*italic*``, `` `code` ``, ``[text](URL)`` and backslash
escapes; speaker notes are CommonMark blocks (paragraphs, ``-``/``1.`` lists). The
parsing is markdown-it-py's, never regular expressions; this module turns its tokens
into plain data (:class:`Span`, :class:`Block`) that layout, the deck writer and the
notes templates read, and says what is wrong with a link (:func:`link_problems`).

Raw HTML is never passed through: it is text, shown as written (and escaped in HTML).
Links go only to ``http``, ``https`` and ``mailto`` addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: The schemes a link may use; anything else (javascript:, file:, relative paths) is refused.
LINK_SCHEMES = ("http://", "https://", "mailto:")
#: Characters that can start markup; text without any is one plain span (the common case).
_SPECIAL = frozenset("*_`[]<>&!\\\n")


@dataclass(frozen=True)
class Span:
    """A stretch of inline text with one style; ``link`` is the address it goes to, if any."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


@dataclass(frozen=True)
class Block:
    """One paragraph of notes: its spans, and its list marker if it is a list item.

    ``kind`` is ``paragraph``, ``bullet`` or ``number``; ``level`` counts enclosing
    lists from 0; ``number`` is an ordered item's own number.
    """

    spans: tuple[Span, ...]
    kind: str = "paragraph"
    level: int = 0
    number: int = 0

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    # markdown-it leaves a javascript: link as literal text; it is parsed here so that
    # validation can point at it (and refuse it) instead of printing it on a slide.
    setattr(md, "validateLink", lambda url: True)  # noqa: B010 - markdown-it's own hook
    return md


def _plain(text: str) -> bool:
    return not any(ch in _SPECIAL for ch in text)


#: A line that could open a block other than a paragraph: a list item, heading, quotation,
#: fence, rule, setext underline, or code (a tab or four spaces).
_BLOCK_START = re.compile(r"^(?: {0,3}(?:[-+*#>=~`|]|\d{1,9}[.)])|\t| {4})")


def _plain_notes(text: str) -> tuple[Block, ...] | None:
    """Return notes that are only paragraphs of plain words as blocks, else ``None``.

    Most notes are prose: read here as CommonMark reads it (lines of a paragraph joined
    by a space, blank lines between paragraphs), without importing the parser.
    """
    # A tab is kept where markdown-it keeps it (before a line break, "0\t\n0"): not plain.
    if "\t" in text or any(ch in _SPECIAL and ch != "\n" for ch in text):
        return None
    blocks = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        if any(_BLOCK_START.match(line) for line in paragraph.split("\n") if line.strip()):
            return None
        blocks.append(Block((Span(" ".join(lines)),)))
    return tuple(blocks)


@lru_cache(maxsize=65536)
def inline_spans(text: str) -> tuple[Span, ...]:
    """Return the spans of one line of CommonMark inline text (line breaks read as spaces)."""
    if _plain(text):
        return (Span(text),)
    tokens = _parser().parseInline(text)
    return _spans(tokens[0].children or []) if tokens else (Span(""),)


def _spans(children: list[Any]) -> tuple[Span, ...]:
    spans: list[Span] = []
    bold = italic = 0
    links: list[str] = []

    def add(text: str, code: bool = False) -> None:
        link = links[-1] if links else None
        style = (bool(bold), bool(italic), code, link)
        if spans and not code and (spans[-1].bold, spans[-1].italic, spans[-1].code,
                                   spans[-1].link) == style:
            spans[-1] = Span(spans[-1].text + text, *style)
        else:
            spans.append(Span(text, *style))

    for token in children:
        kind = token.type
        if kind == "text":
            if token.content:
                add(token.content)
        elif kind in ("softbreak", "hardbreak"):
            add(" ")
        elif kind == "code_inline":
            add(token.content, code=True)
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif kind == "link_close":
            if links:
                links.pop()
        elif kind == "image":  # a picture has no place in a line of text: its words stay
            add(token.content or str(token.attrs.get("alt", "")))
        else:  # html_inline cannot occur (html is off); anything else is shown as written
            add(token.content)
    return tuple(spans) or (Span(""),)


def plain_text(text: str) -> str:
    """Return inline text as a reader sees it: markup gone, escapes resolved."""
    return "".join(span.text for span in inline_spans(text))


def _link_problem(url: str) -> str | None:
    if url.lower().startswith(LINK_SCHEMES) and len(url) > len("mailto:"):
        return None
    shown = url if len(url) <= 60 else url[:59] + "…"
    return (
        f"link to '{shown}': links go only to http://, https:// or mailto: addresses "
        "(write the whole address, e.g. https://example.org/page)"
    )


def link_problems(text: str, blocks: bool = False) -> list[str]:
    """Return what is wrong with the links of ``text`` (inline, or notes when ``blocks``)."""
    if "](" not in text and "<" not in text:
        return []
    spans = [s for b in note_blocks(text) for s in b.spans] if blocks else inline_spans(text)
    found = []
    for url in dict.fromkeys(s.link for s in spans if s.link is not None):
        problem = _link_problem(url)
        if problem:
            found.append(problem)
    return found


@lru_cache(maxsize=4096)
def note_blocks(text: str) -> tuple[Block, ...]:
    """Return notes as paragraphs and list items, in order.

    Headings, quotations and code blocks are kept as paragraphs (a heading bold, code
    as code); a rule is dropped. A loose list item's second paragraph follows it as a
    paragraph at its level.
    """
    if not text.strip():
        return ()
    plain = _plain_notes(text)
    if plain is not None:
        return plain
    blocks: list[Block] = []
    lists: list[list[int]] = []  # per open list: [is_ordered, next number]
    item: tuple[str, int, int] | None = None  # the marker of the item's first paragraph
    bold = False
    for token in _parser().parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1)) if kind == "ordered_list_open" else 0
            lists.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            item = ("number" if ordered else "bullet", len(lists) - 1, int(number))
            if ordered:
                lists[-1][1] += 1
        elif kind == "heading_open":
            bold = True
        elif kind == "heading_close":
            bold = False
        elif kind == "inline":
            spans = _spans(token.children or [])
            if bold:
                spans = tuple(Span(s.text, True, s.italic, s.code, s.link) for s in spans)
            blocks.append(_block(spans, item, len(lists)))
            item = None
        elif kind in ("code_block", "fence"):
            for line in token.content.rstrip("\n").split("\n"):
                blocks.append(_block((Span(line, code=True),), item, len(lists)))
                item = None
    return tuple(blocks)


def separated(previous: Block, block: Block) -> bool:
    """Tell whether a blank line comes between two blocks of notes (not between list items)."""
    in_list = "paragraph" not in (previous.kind, block.kind)
    return not (in_list and (block.level > 0 or previous.kind == block.kind))


def _block(spans: tuple[Span, ...], item: tuple[str, int, int] | None, depth: int) -> Block:
    if item is None:
        return Block(spans, "paragraph", max(depth - 1, 0) if depth else 0)
    kind, level, number = item
    return Block(spans, kind, level, number)


@lru_cache(maxsize=1)
def _html_renderer() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    # Only the links validation lets through; any other stays the text it was written as.
    setattr(md, "validateLink", lambda url: _link_problem(url) is None)  # noqa: B010
    return md


def notes_html(text: str) -> str:
    """Return notes as HTML: paragraphs, nested lists, emphasis, code, links; all text escaped.

    Nothing of the outline's own is passed through as HTML: a ``<script>`` in notes
    is shown as the text it is.
    """
    return str(_html_renderer().render(text)) if text.strip() else ""


def inline_html(text: str) -> str:
    """Return one line of inline markup as HTML, all text escaped."""
    return str(_html_renderer().renderInline(text))


def notes_text(text: str) -> str:
    """Return notes as plain text: markup gone, list items marked, each link's address shown."""
    lines = []
    previous: Block | None = None
    for block in note_blocks(text):
        words = "".join(
            f"{s.text} <{s.link}>" if s.link and s.link not in (s.text, f"mailto:{s.text}")
            else s.text
            for s in block.spans
        )
        indent = "  " * block.level
        if block.kind == "bullet":
            line = f"{indent}- {words}"
        elif block.kind == "number":
            line = f"{indent}{block.number}. {words}"
        else:
            line = f"{indent}{words}"
        if previous is not None and separated(previous, block):
            lines.append("")
        lines.append(line)
        previous = block
    return "\n".join(lines)
