"""Untrusted XML bytes brought to UTF-8 before anything looks inside them.

A check such as "no ``<!DOCTYPE``" is only as good as the bytes it reads: in UTF-16,
UTF-32 or UTF-7 the word is not those bytes at all, and the parser would still read
the DTD. :func:`as_utf8` decodes by the byte-order mark, the layout of the first bytes,
or the declared encoding, and returns UTF-8 whose declaration says UTF-8, so the check
and the parser read the same text.
"""

from __future__ import annotations

import codecs
import re

_DECLARATION = re.compile(
    rb"""^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])([A-Za-z0-9._:-]{1,40})\2""", re.ASCII
)
_TEXT_DECLARATION = re.compile(
    r"""^(<\?xml[^>]*?\bencoding\s*=\s*)(["'])([A-Za-z0-9._:-]{1,40})\2"""
)
#: Byte-order marks and first bytes of an XML document in the encodings XML names
#: (longest first: a UTF-32 mark starts like a UTF-16 one).
_BY_START = (
    (b"\x00\x00\xfe\xff", "utf-32-be", 4),
    (b"\xff\xfe\x00\x00", "utf-32-le", 4),
    (b"\xef\xbb\xbf", "utf-8", 3),
    (b"\xfe\xff", "utf-16-be", 2),
    (b"\xff\xfe", "utf-16-le", 2),
    (b"\x00\x00\x00<", "utf-32-be", 0),
    (b"<\x00\x00\x00", "utf-32-le", 0),
    (b"\x00<\x00?", "utf-16-be", 0),
    (b"<\x00?\x00", "utf-16-le", 0),
)


class XmlEncodingError(ValueError):
    """XML bytes whose encoding is unknown, or that are not in the encoding they claim."""


def as_utf8(data: bytes) -> bytes:
    """Return XML ``data`` as UTF-8 with no byte-order mark and a declaration saying UTF-8.

    Raise :class:`XmlEncodingError` if the bytes cannot be decoded.
    """
    encoding, skip = "", 0
    for start, name, length in _BY_START:
        if data.startswith(start):
            encoding, skip = name, length
            break
    if not encoding:
        declared = _DECLARATION.match(data)
        encoding = declared[3].decode("ascii") if declared else "utf-8"
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise XmlEncodingError(f"its encoding {encoding!r} is not known") from None
    if encoding in ("utf-8", "ascii") and skip == 0:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise XmlEncodingError(f"it is not UTF-8 as it says (byte {e.start})") from None
        return _say_utf8(data)
    try:
        text = data[skip:].decode(encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise XmlEncodingError(f"it is not {encoding} as it says ({e})") from None
    text = _TEXT_DECLARATION.sub(lambda m: f"{m[1]}{m[2]}UTF-8{m[2]}", text, count=1)
    return text.encode("utf-8")


def _say_utf8(data: bytes) -> bytes:
    """Make a declaration that names another spelling of UTF-8 or ASCII say UTF-8."""
    return _DECLARATION.sub(lambda m: m[1] + m[2] + b"UTF-8" + m[2], data, count=1)
