"""Limits on untrusted input, as named constants with their defaults.

Outlines and course files are shared between instructors and downloaded from
course sites, so every input is bounded before it can cost much time or memory.
Each limit is checked where the input is read; exceeding one is an ordinary
input error (exit 1) that names the limit.
"""

#: Largest outline or course file read, in bytes (16 MiB).
MAX_FILE_BYTES = 16 * 1024 * 1024

#: Most YAML nodes in one file, counting every alias expansion ("billion laughs").
MAX_NODES = 500_000

#: Deepest nesting of mappings and sequences in one file.
MAX_DEPTH = 64

#: Longest single string value, in characters.
MAX_STRING_LENGTH = 100_000

#: Most slides in one outline.
MAX_SLIDES = 10_000

#: Largest image file placed on a slide, in bytes (50 MiB).
MAX_IMAGE_BYTES = 50 * 1024 * 1024

#: Largest image accepted, in pixels (width x height), as Pillow's bomb guard would.
MAX_IMAGE_PIXELS = 100_000_000
