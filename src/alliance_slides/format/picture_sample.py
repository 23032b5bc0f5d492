"""A small copy of a picture, made without holding the big one twice.

Deciding whether a picture needs a light panel, or drawing a template's picture into
the backdrop text is checked against, needs only a few dozen pixels of it. Converting
a 9,999 x 9,999 picture to RGBA first would hold 700 MB; :func:`small_copy` lets JPEG
decode at an eighth of its size (``draft``), shrinks before converting, and does not
decode at all a picture whose pixels would take more than
:data:`~alliance_slides.limits.MAX_DECODED_BYTES`: the caller then does without.
"""

from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
from pathlib import Path
from typing import Any

from alliance_slides import limits
from alliance_slides.paths import pillow

#: Bytes per pixel a small copy takes to make, by Pillow mode (others: one per band).
#: Grey of 16 or 32 bits is converted at full size (decoded, 32-bit, 8-bit: 7 or 9 bytes).
_DEPTH = {"I": 9, "F": 9, "I;16": 7, "I;16B": 7, "I;16L": 7, "I;16N": 7, "1": 1}
#: Small copies kept, by digest of the picture and size asked: a template's picture is
#: drawn into every layout's backdrop, and decoding it each time took seconds.
_KEPT: OrderedDict[tuple[str, int], Any] = OrderedDict()
_KEEP = 32


def decoded_bytes(picture: Any) -> int:
    """Return the memory Pillow takes to hold ``picture``'s pixels decoded (and, for deep
    grey, converted to 8 bits)."""
    depth = _DEPTH.get(picture.mode, len(picture.getbands()))
    return int(picture.width) * int(picture.height) * depth


def small_copy(source: Path | bytes, longest: int) -> Any | None:
    """Return the picture at ``source`` (a file or its bytes) as RGBA, ``longest`` pixels
    at most on its longer side; ``None`` if it cannot be read or is too big to decode.
    """
    opened: Path | io.BytesIO
    if isinstance(source, bytes):
        key = (hashlib.sha1(source).hexdigest(), longest)
        opened = io.BytesIO(source)
    else:
        try:
            stat = source.stat()
        except OSError:
            return None
        key = (f"{source}:{stat.st_mtime_ns}:{stat.st_size}", longest)
        opened = source
    if key in _KEPT:
        _KEPT.move_to_end(key)
        return _KEPT[key].copy()
    Image = pillow()  # noqa: N806 - the module, as Pillow names it
    try:
        with Image.open(opened) as picture:
            picture.draft("RGB", (longest, longest))  # JPEG decodes at 1/2 .. 1/8 scale
            if decoded_bytes(picture) > limits.MAX_DECODED_BYTES:
                return None
            if picture.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):  # 16-bit grey
                picture = picture.convert("I").point(lambda i: i * (1 / 256)).convert("L")
            picture.thumbnail((longest, longest))
            small = picture.convert("RGBA")
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on a broken file
        return None
    _KEPT[key] = small
    if len(_KEPT) > _KEEP:
        _KEPT.popitem(last=False)
    return small.copy()
