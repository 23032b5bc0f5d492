"""What a drafted phrase must not be: the test's own definition of "truncated".

Written apart from the drafting code (its word lists are not imported), so a draft is
held to this definition, not to whatever the code happens to do. A phrase (a title, a
bullet, a sub-bullet or a timeline label) is truncated when it

- ends on an article, a determiner or possessive word, a preposition that needs an
  object, a conjunction, an auxiliary or modal verb, "to" or "not";
- ends on a possessive ("Japan's", "Corps'") or a hyphen, or on an adjective of
  nationality or kind with no noun after it ("East European", "Soviet Bloc Communist");
- leaves a bracket or a quotation mark open (or closes one it never opened);
- is a date or a number and nothing else, or leaves a day without its month ("on 3");
- given the text it came from, stops inside a name that the text goes on with
  ("the Democratic Party" of "the Democratic Party of Japan's rule", "Economic
  Cooperation" of "Economic Cooperation Act").
"""

from __future__ import annotations

import re

_ENDS = frozenset(
    """the a an this that these those its their his her our my your each every some any no
    of to for from with about into onto upon at by than as like per via toward towards
    among amongst between during under within without against across
    and or but nor yet so because although though while whereas if unless which who whom
    whose where when that is are was were be been being has have had do does did will would
    shall should can could may might must not very more most less such""".split()
)
# Adjectives that name a people, a bloc or a kind and so need a noun after them.
_ADJECTIVE = re.compile(
    r"(?:[A-Z][a-z]+(?:an|ese|ish|ic|ist|al)|Communist|Democratic|Republican|Soviet|European)$"
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)


def _name_cut(words: list[str], source: str) -> bool:
    """Tell whether the phrase's last words stand in ``source`` inside a longer name."""
    tail = [re.sub(r"[^\w'\u2019-]", "", w) for w in words[-4:]]
    if not tail[-1][:1].isupper():
        return False
    pattern = r"\W+".join(re.escape(w) for w in tail if w) + r"(\W*)(\S*)\s*(\S*)"
    found = list(re.finditer(pattern, source))
    if not found:
        return False

    def goes_on(m: re.Match[str]) -> bool:
        gap, after, then = m.group(1), m.group(2), m.group(3)
        if gap.strip():
            return False  # punctuation ends the name
        return after[:1].isupper() or (after == "of" and then[:1].isupper())

    return any(goes_on(m) for m in found)


def truncation(phrase: str, source: str | None = None) -> str | None:
    """Return why ``phrase`` is truncated, or None when it is a finished phrase.

    ``source``, the text the phrase came from, lets a name cut short be seen too.
    """
    text = re.sub(r"^[^:]*\d[^:]*: ", "", phrase.strip())  # a date in front is no part of it
    words = text.split()
    if not words:
        return "empty"
    last = words[-1].strip(".,;:!?")
    word = re.sub(r"^\W+|\W+$", "", last).lower()
    if word in _ENDS:
        return f"ends on '{word}'"
    if re.search(r"['\u2019]s?$|-$", last):
        return "ends on a possessive or a hyphen"
    if _ADJECTIVE.search(last) and len(words) <= 3 and all(w[:1].isupper() for w in words):
        return "ends on an adjective with no noun"
    for opener, closer in ("()", "[]", "\u201c\u201d"):
        if text.count(opener) != text.count(closer):
            return f"unmatched {opener}{closer}"
    if text.count('"') % 2:
        return 'unmatched "'
    letters = [w for w in words if re.search(r"[^\W\d_]", w) and not re.fullmatch(_MONTH, w)]
    if not letters:
        return "no word but a date or a number"
    if re.search(
        rf"\b(?:on|of|the)\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:{_MONTH}|,?\s*\d))", text
    ):
        return "a day without its month"
    if source is not None and _name_cut(words, source):
        return "stops inside a longer name"
    return None
