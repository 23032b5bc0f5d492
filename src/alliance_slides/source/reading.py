"""Reading a source text file in the encoding it was saved in, or refusing it clearly.

Texts come from wherever instructors find them: UTF-8 (with or without a byte-order
mark), UTF-16 from Windows tools, Windows-1252 or Latin-1 from older web pages. A file
with a byte-order mark is read in its encoding; one without is UTF-8 when it decodes as
UTF-8, UTF-16 when every other byte of its start is zero, else Windows-1252 (Latin-1 for
the five bytes Windows-1252 leaves undefined), which the caller is told so that the user
can check the accented letters. A file holding NUL bytes or mostly control characters is
no text: it is refused, not drafted as gibberish.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from alliance_slides.errors import Location, ValidationError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Control characters a text file does not hold (tab, line ends and form feed aside).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
#: Share of control characters above which a file is taken for binary data (a few
#: stray ones in a text are left out of the draft with a warning instead).
_MOST_CONTROLS = 0.05
_FEWEST_CONTROLS = 16


def _utf16_without_bom(raw: bytes) -> str | None:
    """Return UTF-16 text without a byte-order mark, told by its zero high bytes, or None."""
    head = raw[:2000]
    if len(raw) % 2 or len(head) < 4:
        return None
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) * 10 >= len(zeros) * 9:
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode(raw: bytes) -> tuple[str, str]:
    """Return the text of a file's bytes and the name of the encoding it was read in.

    Raises ValueError (with a reason a person can act on) when the bytes are no text.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError as e:
                raise ValueError(f"not {encoding.upper()} text, though it starts as such") from e
    text = _utf16_without_bom(raw) if b"\x00" in raw[:2000] else None
    encoding = "utf-16"
    if text is None:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in raw:
                raise ValueError("a binary file, not text (it holds NUL bytes)") from None
            try:
                text, encoding = raw.decode("cp1252"), "windows-1252"
            except UnicodeDecodeError:
                text, encoding = raw.decode("latin-1"), "latin-1"
    controls = len(_CONTROL.findall(text))
    if controls >= _FEWEST_CONTROLS and controls > len(text) * _MOST_CONTROLS:
        raise ValueError(f"a binary file, not text ({controls:,} control characters)")
    return text, encoding


def read_source(path: Path) -> tuple[str, str]:
    """Return a source text and its encoding; an unreadable file is an error pointing at it.

    It is read as outlines are (:func:`alliance_slides.format.loader.read_bytes`): a regular
    file within the size limit, so a FIFO or a device cannot hang a check.
    """
    from alliance_slides.format.loader import read_bytes

    raw = read_bytes(path)
    try:
        return decode(raw)
    except ValueError as e:
        raise ValidationError.at(Location.of_file(str(path)), f"cannot read source: {e}") from e
