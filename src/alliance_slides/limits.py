"""Limits on untrusted input, as named constants with their defaults.

Outlines and course files are shared between instructors and downloaded from
course sites, so every input is bounded before it can cost much time or memory.
Each limit is checked where the input is read (or, for templates, rendered);
exceeding one is an ordinary input error (exit 1) that names the limit.
SECURITY.md lists them with the reasons.
"""

#: Largest outline or course file read, in bytes (16 MiB).
MAX_FILE_BYTES = 16 * 1024 * 1024

#: Most YAML nodes in one file, counting every alias expansion ("billion laughs");
#: every 100 characters of a string count as one more node, so that an alias cannot
#: repeat a long string cheaply either.
MAX_NODES = 500_000

#: Deepest nesting of mappings and sequences in one file.
MAX_DEPTH = 64

#: Longest single string value, in characters; also the most one Jinja2 expression
#: ('x' * n, '%0nd', center(n)) or one rendered string may make.
MAX_STRING_LENGTH = 100_000

#: Most characters all the text of one build renders to (16 Mi), so that short
#: templates repeating a long variable cannot make a huge deck.
MAX_RENDERED_TEXT = 16 * 1024 * 1024

#: Most characters one render (an outline string, a notes or handout template) may build
#: in all, each counted before it is made: what operators, filters and methods make, what
#: a list prints as, what blocks and macros collect (a list item counts as 8 characters).
#: So a short template cannot build gigabytes, however it loops.
MAX_TEMPLATE_BUILD = 32 * 1024 * 1024

#: Most memory one render may add to the process, in bytes (256 MiB): the operating system
#: refuses more (RLIMIT_DATA, on Linux), behind MAX_TEMPLATE_BUILD's counting.
MAX_TEMPLATE_MEMORY = 256 * 1024 * 1024

#: Longest one template may take to render, in seconds: a few nested loops can otherwise
#: keep the CPU busy for hours while writing nothing. Enforced in the main thread (a
#: timer signal), which is where every outline and notes template is rendered.
MAX_RENDER_SECONDS = 10.0

#: Seconds all the templates of one lecture (its outline's strings, its notes and handout
#: templates) may take to render together: twenty strings each just under
#: MAX_RENDER_SECONDS would otherwise keep a build busy for minutes.
MAX_TOTAL_RENDER_SECONDS = 30.0

#: Most memory one picture may take once decoded, in bytes (192 MiB), where its pixels are
#: read (whether it needs a light panel, a template's picture behind the text checked for
#: contrast): a 9,999 x 9,999 RGB picture takes 300 MB; bigger ones are placed whole
#: but not decoded, and a JPEG decodes at an eighth of its size when that is enough.
MAX_DECODED_BYTES = 192 * 1024 * 1024

#: Most pixels one PNG page of a deck may have (40,000,000: a 16:9 slide at 600 dpi is
#: 36 million); a bigger slide's pages are drawn at a lower resolution.
MAX_PAGE_PIXELS = 40_000_000

#: Most characters of a source text ``draft`` reads (2,097,152): that many already fill
#: an outline's MAX_SLIDES; the rest is left out, with a warning, at a paragraph or sentence.
MAX_DRAFT_CHARS = 2 * 1024 * 1024

#: Largest number any field takes (minutes, durations, theme sizes), so arithmetic stays exact.
MAX_NUMBER = 1_000_000

#: Largest font size a theme may set, in points (what PowerPoint takes); text is fitted
#: from its size down point by point, so a bigger one would only cost time.
MAX_FONT_SIZE = 4_000

#: Most slides in one outline.
MAX_SLIDES = 10_000

#: Largest image file placed on a slide, in bytes (50 MiB).
MAX_IMAGE_BYTES = 50 * 1024 * 1024

#: Largest image accepted, in pixels (width x height), as Pillow's bomb guard would.
MAX_IMAGE_PIXELS = 100_000_000

#: Largest .pptx/.potx template, unpacked (all its zip entries together), in bytes (200 MiB).
MAX_TEMPLATE_BYTES = 200 * 1024 * 1024

#: Most zip entries in a .pptx/.potx template (real ones have a few hundred at most).
MAX_TEMPLATE_ENTRIES = 5_000

#: Largest single XML part of a template, unpacked, in bytes (16 MiB).
MAX_TEMPLATE_PART_BYTES = 16 * 1024 * 1024

#: Most XML elements in all the parts of a template that are read (masters, layouts,
#: themes ...): real templates have about ten thousand; a few kilobytes of zip can
#: otherwise hold millions of empty elements and cost gigabytes once parsed.
MAX_TEMPLATE_ELEMENTS = 300_000
