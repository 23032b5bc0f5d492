"""What a YAML syntax error means in plain words, at the line where the mistake is.

The parser says where it gave up, which is often a line or more after the mistake:
a key without its colon is found at the next key, an unclosed quote at the end of the
file. :func:`advise` recognises the mistakes people make (a missing ``:`` after a key,
a missing space after one, an unclosed quote, a tab used to indent, ``: `` inside text)
and says what they are, at their place, with the likely fix. When the fix is certain
enough, it comes with the text repaired, so :mod:`alliance_slides.format.loader` can
parse again and report the next mistake too: all of them at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: A key people write without its colon: a word, a space, then the value.
_KEY_WITHOUT_COLON = re.compile(r"\s*(?:-\s+)*(?P<key>[A-Za-z_][\w-]*)[ \t]+[^\s:#]")
#: A key alone on its line, its colon forgotten: ``slides`` above an indented list.
_BARE_KEY = re.compile(r"\s*(?:-\s+)*(?P<key>[A-Za-z_][\w-]*)\s*$")
#: A key whose colon has no space after it: ``title:Why``.
_COLON_WITHOUT_SPACE = re.compile(r"\s*(?:-\s+)*(?P<key>[A-Za-z_][\w-]*):[^\s:/]")
#: Where a quoted scalar may start: after indentation and dashes, after ': ', '[', '{', ','.
_SCALAR_START = re.compile(r"(?:^\s*(?:-\s+)*|:\s+|[\[{,]\s*)(?P<quote>[\"'])")


@dataclass(frozen=True)
class Advice:
    """A mistake found: its place (1-based), what to say, and the text with it repaired."""

    line: int
    column: int
    message: str
    #: The whole text with this mistake repaired, when the repair is certain enough to
    #: look for the next mistake in it; ``None`` otherwise.
    repaired: str | None = None


def _mark(mark: Any) -> tuple[int, int] | None:
    return (mark.line, mark.column) if mark is not None else None


def _closing(line: str, start: int, quote: str) -> int | None:
    """Return where the quoted scalar opened at ``start`` closes on ``line``, or ``None``."""
    i = start + 1
    while i < len(line):
        char = line[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and line[i + 1 : i + 2] == "'":  # '' is a quote inside ''
                i += 2
                continue
            return i
        i += 1
    return None


def unclosed_quote(lines: list[str], before: int) -> tuple[int, int, str] | None:
    """Return the last quote opened on a line before ``before`` (0-based) and not closed on it.

    Only quotes that start a value count, so an apostrophe inside plain text does not.
    """
    found = None
    for number, line in enumerate(lines[: before + 1]):
        position = 0
        while True:
            match = _SCALAR_START.search(line, position)
            if match is None or line.lstrip().startswith("#"):
                break
            start = match.start("quote")
            end = _closing(line, start, match["quote"])
            if end is None:
                found = (number, start, match["quote"])
                break
            position = end + 1
    return found


def _insert(text: str, line: int, column: int, inserted: str) -> str:
    """Return ``text`` with ``inserted`` put at (``line``, ``column``), both from 0."""
    lines = text.splitlines(keepends=True)
    lines[line] = lines[line][:column] + inserted + lines[line][column:]
    return "".join(lines)


def _end_of(line: str) -> int:
    """Return where the text of a line ends, before trailing blanks."""
    return len(line.rstrip())


def _previous_line(lines: list[str], line: int) -> int | None:
    """Return the nearest line above ``line`` that holds something besides a comment."""
    for number in range(line - 1, -1, -1):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


#: What the parser says when a line is indented to a column no enclosing item uses.
_STRUCTURE = (
    "expected <block end>",
    "did not find expected key",
    "did not find expected '-' indicator",
    "mapping values are not allowed",
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _columns(line: str) -> list[int]:
    """Return the columns a line opens: its indentation, and after each ``- `` its item's."""
    columns = [_indent(line)]
    match = re.match(r"\s*(?:-\s+)+", line)
    if match and match.end() < len(line.rstrip()):
        columns.append(match.end())
    return columns


def _misaligned(lines: list[str], line: int) -> Advice | None:
    """Say so when ``line`` starts at a column none of the items enclosing it starts at.

    Going up from the line before, each line less indented than all below it encloses
    them; their columns (and, below a line ending in ':', one deeper) are where a line
    may start. A line between two of them belongs to neither, and YAML cannot tell which
    was meant, so the two nearest are named and nothing is repaired.
    """
    if line >= len(lines) or not lines[line].strip():
        return None
    previous = _previous_line(lines, line)
    if previous is None:
        return None
    allowed: dict[int, int] = {}  # column -> the line (0-based) that opens it
    below = len(lines[line])
    for number in range(previous, -1, -1):
        text = lines[number]
        if not text.strip() or text.lstrip().startswith("#") or _indent(text) >= below:
            continue
        for column in _columns(text):
            allowed.setdefault(column, number)
        below = _indent(text)
    column = _indent(lines[line])
    deeper_allowed = lines[previous].rstrip().endswith(":") and column > _indent(lines[previous])
    if deeper_allowed:
        return None
    if column in allowed:
        return _item_among_keys(lines, line, column, allowed[column])
    nearest = sorted(allowed, key=lambda start: (abs(start - column), -start))[:2]
    where = " or ".join(
        f"{start} ('{lines[allowed[start]][start:].strip()[:30]}', line {allowed[start] + 1})"
        for start in sorted(nearest, reverse=True)
    )
    return Advice(
        line + 1,
        column + 1,
        f"indentation: this line is indented {column} spaces, which lines up with nothing "
        f"above it; the nearest are {where}. Items of one list, and keys of one mapping, "
        "start at the same column",
    )


def _item_among_keys(lines: list[str], line: int, column: int, opener: int) -> Advice | None:
    """Say so when a ``- `` item starts at the column of a mapping's keys."""
    if not lines[line].lstrip().startswith("- ") or lines[opener][column:].startswith("-"):
        return None
    for number in range(line - 1, opener, -1):
        text = lines[number]
        if text.lstrip().startswith("- ") and _indent(text) > column:
            return Advice(
                line + 1,
                column + 1,
                f"a list item among the keys of '{lines[opener][column:].strip()[:30]}' "
                f"(line {opener + 1}): indent it {_indent(text)} spaces, like the item on "
                f"line {number + 1}",
            )
    return None


def advise(
    text: str, problem: str, problem_mark: Any, context: str, context_mark: Any
) -> Advice | None:
    """Return what the YAML error (``problem`` at ``problem_mark``) most likely means."""
    lines = text.splitlines()
    where = _mark(problem_mark)
    opened = _mark(context_mark)
    if where is None or not lines:
        return None
    line, column = where
    if line < len(lines) and lines[line][column : column + 1] == "\t":
        return Advice(line + 1, column + 1, "a tab: YAML indents with spaces only")

    # An unclosed quote: the scanner ran to the end of the file, or on to a later line.
    quote = None
    if "quoted scalar" in context and opened is not None and opened[0] < len(lines):
        quote = (opened[0], opened[1], lines[opened[0]][opened[1] : opened[1] + 1] or '"')
    else:
        found = unclosed_quote(lines, min(line, len(lines) - 1))
        if found is not None and found[0] < line:
            quote = found
    if quote is not None:
        quote_line, quote_column, char = quote
        runs = f" (it runs on to line {line + 1})" if line > quote_line + 1 else ""
        return Advice(
            quote_line + 1,
            quote_column + 1,
            f"unclosed quote opened at {quote_line + 1}:{quote_column + 1}{runs}: close it "
            f"with {char} on that line",
            _insert(text, quote_line, _end_of(lines[quote_line]), char),
        )

    # A key without its colon: 'minutes 12' (the scanner says so at the key's start) ...
    if "could not find expected ':'" in problem and opened is not None:
        key_line = lines[opened[0]] if opened[0] < len(lines) else ""
        match = _KEY_WITHOUT_COLON.match(key_line) or _BARE_KEY.match(key_line)
        if match:
            at = match.end("key")
            return Advice(
                opened[0] + 1,
                at + 1,
                f"missing ':' after '{match['key']}'?",
                _insert(text, opened[0], at, ":"),
            )
    misaligned = _misaligned(lines, line) if any(p in problem for p in _STRUCTURE) else None
    if misaligned is not None:
        return misaligned
    if "mapping values are not allowed" not in problem:
        return None
    # ... or 'title Why' read as text that runs on into the next key ('bullets:').
    previous = _previous_line(lines, line)
    if previous is not None and ": " not in lines[previous]:
        match = _KEY_WITHOUT_COLON.match(lines[previous])
        if match and not lines[previous].rstrip().endswith(":"):
            at = match.end("key")
            return Advice(
                previous + 1,
                at + 1,
                f"missing ':' after '{match['key']}'?",
                _insert(text, previous, at, ":"),
            )
        match = _COLON_WITHOUT_SPACE.match(lines[previous])
        if match:
            at = match.end("key") + 1
            return Advice(
                previous + 1,
                at + 1,
                f"missing space after '{match['key']}:' (YAML needs ': ' between a key "
                "and its value)",
                _insert(text, previous, at, " "),
            )
    # 'title: Why: because': text holding ': ' must be quoted.
    this = lines[line] if line < len(lines) else ""
    if ": " in this[:column] and not this.lstrip(" -").startswith(("'", '"')):
        return Advice(
            line + 1,
            column + 1,
            "': ' inside text: put the whole text in quotes (title: \"Why: because\")",
        )
    return None
