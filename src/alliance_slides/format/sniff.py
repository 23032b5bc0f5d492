"""What a picture's bytes say it is, whatever its name or content type claims.

A template's media part typed ``image/png`` may hold an SVG that names ``file:///`` or
``http://`` addresses, and LibreOffice, which reads the bytes rather than the type, would
then open them during ``--pdf``. :func:`picture_type` reads the signature at the start of
the bytes (no decoding, no library) so such a part can be told apart from a picture.
"""

from __future__ import annotations

#: Content types treated as one (what is written in templates, and what the bytes show).
_SAME = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "image/x-ms-bmp": "image/bmp",
    "image/emf": "image/x-emf",
    "image/wmf": "image/x-wmf",
}

#: A WMF without its placeable header starts with its type (memory or disk) and size 9.
_WMF_HEADERS = (b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")


def picture_type(data: bytes) -> str | None:
    """Return the content type the bytes of a picture show, or None if they show none.

    Recognises PNG, JPEG, GIF, BMP, TIFF, EMF and WMF: the pictures a deck may carry.
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"BM") and len(data) >= 26:
        return "image/bmp"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if data.startswith(b"\x01\x00\x00\x00") and data[40:44] == b" EMF":
        return "image/x-emf"
    if data.startswith(b"\xd7\xcd\xc6\x9a") or data[:4] in _WMF_HEADERS:
        return "image/x-wmf"
    return None


def same_type(declared: str, found: str | None) -> bool:
    """Tell whether a declared content type names what the bytes were found to be."""
    declared = declared.strip().casefold()
    return found is not None and _SAME.get(declared, declared) == found


def described(data: bytes) -> str:
    """Say in a few words what bytes that are not a picture look like (for a warning)."""
    head = data[:512].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").replace(b"\x00", b"").lower()
    if b"<svg" in data[:4096].replace(b"\x00", b"").lower():
        return "an SVG drawing"
    if head.startswith((b"<?xml", b"<")):
        return "XML text"
    if not data:
        return "nothing (an empty part)"
    return "no known picture format"
