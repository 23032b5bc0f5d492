"""The YAML text of a drafted outline, byte for byte as PyYAML's safe dumper writes it.

PyYAML's emitter looks at each character of each string in Python and runs an event
machine per node: for a draft of thousands of slides it took longer than drafting them.
A drafted slide is a small mapping of known shape (strings, a list of bullets with
sub-bullets, flow lists of citations, flow mappings of events, a block literal of notes),
so :func:`dump_outline` writes each slide itself when every string in it is one whose
style PyYAML's rules settle at a glance: plain, single-quoted, or a literal block. Any
other slide (a string with a character PyYAML escapes, a line long enough to be folded,
a key too long to be a simple key, an empty list) is handed to PyYAML as it stands, in
the same context, so the text is the same either way.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

#: Characters PyYAML writes as they are with ``allow_unicode`` (it escapes the others),
#: less line breaks and the byte-order mark, which change how a string is written.
_PRINTABLE = (
    "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
)
#: A string on one line that PyYAML writes plain or single-quoted, never escaped.
_ONE_LINE = re.compile(rf"[{_PRINTABLE}]+")
#: Lines of a block literal PyYAML writes with a bare "|" (see :func:`_literal`).
_LINES = re.compile(rf"[{_PRINTABLE}\n]+")
#: Longest string or line written here: PyYAML folds lines past its width (1000).
_MOST = 800
_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


class Literal(str):
    """A string dumped as a YAML block scalar (|)."""


class Flow(list[Any]):
    """A list dumped on one line, [a, b]."""


class FlowMap(dict[str, Any]):
    """A mapping dumped on one line, {when: 1945, label: …}."""


class Dumper(yaml.SafeDumper):
    """Safe dumper that indents lists under their key, as the shipped outlines do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


Dumper.add_representer(
    Literal, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style="|")
)
Dumper.add_representer(
    Flow, lambda d, s: d.represent_sequence("tag:yaml.org,2002:seq", s, flow_style=True)
)
Dumper.add_representer(
    FlowMap, lambda d, m: d.represent_mapping("tag:yaml.org,2002:map", m, flow_style=True)
)


def pyyaml_dump(data: Any) -> str:
    """Dump ``data`` with PyYAML as drafts are written (the reference for this module)."""
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=1000, indent=2)


class _Slow(Exception):
    """A string or list whose YAML form is left to PyYAML."""


def _implicit_str(text: str) -> bool:
    """Tell whether ``text`` written plain reads back as a string (not 1945, yes, null)."""
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR


def _scalar(text: str, flow: bool) -> str:
    """Write a string as PyYAML does: plain when its rules allow it, else single-quoted.

    Only for a printable string on one line, where those are the two choices; any
    other raises _Slow. The rules are PyYAML's ``analyze_scalar`` for such a string.
    """
    if not text or len(text) > _MOST or not _ONE_LINE.fullmatch(text):
        raise _Slow
    first = text[0]
    indicator = (
        text.startswith(("---", "..."))
        or first in "#,[]{}&*!|>'\"%@`"
        or (first in "?:-" and text[1:2] in ("", " "))
        or first == " "
        or text[-1] in " :"
        or ": " in text
        or " #" in text
        or (flow and (first in "?:" or any(c in text[1:] for c in ",?[]{}:")))
    )
    if not indicator and _implicit_str(text):
        return text
    quoted = "'" + text.replace("'", "''") + "'"
    if len(quoted) > _MOST:
        raise _Slow  # PyYAML would fold it
    return quoted


def _block(value: Any, key: bool = False) -> str:
    """A scalar in block context (``key``: as a simple mapping key)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or isinstance(value, Literal):
        raise _Slow
    if isinstance(value, int):
        return str(value)
    if key and len(value) >= 128:
        raise _Slow  # PyYAML writes a long key as "? key"
    return _scalar(value, flow=False)


def _flow(value: Any) -> str:
    """A scalar in flow context ([a, b] or {k: v})."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Slow
    if isinstance(value, int):
        return str(value)
    return _scalar(value, flow=True)


def _literal(text: str) -> bool:
    """Tell whether PyYAML writes ``text`` as a block literal with a bare "|": printable
    lines, the first not opening on a space, no space before a line break, and one line
    break at the end (otherwise it adds an indentation or chomping hint, or quotes it)."""
    return (
        text[:1] not in ("", " ", "\n")
        and text.endswith("\n")
        and not text.endswith("\n\n")
        and " \n" not in text
        and _LINES.fullmatch(text) is not None
    )


def _line(text: str) -> str:
    if len(text) > _MOST:
        raise _Slow  # a long flow collection is folded
    return text


def _value(key: str, value: Any, indent: int, out: list[str]) -> None:
    """Write ``key: value`` of a mapping whose keys stand at column ``indent``."""
    pad = " " * indent
    if isinstance(value, Literal):
        if not _literal(value):
            raise _Slow
        inner = " " * (indent + 2)
        out.append(f"{pad}{key}: |\n")
        out.extend(f"{inner}{line}\n" if line else "\n" for line in value[:-1].split("\n"))
    elif isinstance(value, Flow):
        if not value:
            raise _Slow
        out.append(_line(f"{pad}{key}: [{', '.join(_flow(v) for v in value)}]") + "\n")
    elif isinstance(value, list):
        if not value:
            raise _Slow
        out.append(f"{pad}{key}:\n")
        _items(value, indent + 2, out)
    else:
        out.append(f"{pad}{key}: {_block(value)}\n")


def _items(items: list[Any], indent: int, out: list[str]) -> None:
    """Write a block sequence whose dashes stand at column ``indent``."""
    pad = " " * indent
    for item in items:
        if isinstance(item, FlowMap):
            if not item or any(len(str(k)) >= 128 for k in item):
                raise _Slow
            pairs = ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in item.items())
            out.append(_line(f"{pad}- {{{pairs}}}") + "\n")
        elif isinstance(item, dict):
            if len(item) != 1:
                raise _Slow
            ((text, subs),) = item.items()
            if not isinstance(subs, list) or isinstance(subs, Flow) or not subs:
                raise _Slow
            out.append(f"{pad}- {_block(text, key=True)}:\n")
            _items(subs, indent + 4, out)
        elif isinstance(item, list):
            raise _Slow
        else:
            out.append(f"{pad}- {_block(item)}\n")


def _slide(slide: dict[str, Any], last: bool) -> str:
    """The YAML of one slide as an item of the outline's ``slides`` (``last``: the last)."""
    try:
        out: list[str] = []
        for index, (key, value) in enumerate(slide.items()):
            _value(_block(key, key=True), value, 4, out)
            if index == 0:
                out[0] = "  - " + out[0][4:]
        if not out:
            raise _Slow
        return "".join(out)
    except _Slow:
        if last:
            return pyyaml_dump({"slides": [slide]}).split("\n", 1)[1]
        # Not the document's end, where PyYAML would add "..." after a "|+" literal.
        text = pyyaml_dump({"slides": [slide, 0]}).split("\n", 1)[1]
        return text.removesuffix("  - 0\n")


def dump_outline(outline: dict[str, Any]) -> str:
    """Return the YAML of a drafted outline: exactly :func:`pyyaml_dump`'s text, faster.

    The outline's last key is ``slides``, a non-empty list of mappings.
    """
    *head, (last, slides) = outline.items()
    if last != "slides" or not isinstance(slides, list) or not slides:
        return pyyaml_dump(outline)
    text = pyyaml_dump(dict(head)) if head else ""
    return text + "slides:\n" + "".join(
        _slide(slide, n == len(slides)) for n, slide in enumerate(slides, 1)
    )
