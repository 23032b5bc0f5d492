"""Clauses to phrases: bullets, sub-bullets, slide titles and timeline labels, never garbled.

A sentence is split into clauses (at semicolons and at ", and" before a new subject);
each clause into a lead-in ("During the 1991 Gulf War,"), its main words, and what
trails or interrupts them (", though …", "(…)", "— … —"). A phrase is made only by
taking such pieces out whole, or by cutting before a word that opens an adjunct or a
subordinate clause (:data:`~alliance_slides.source.lexicon.BOUNDARY_PREPOSITIONS`,
:data:`~alliance_slides.source.lexicon.SUBORDINATORS`): never inside a name, a date, a
quotation or brackets, never before "of", "to", "for" or "and". A clause with no such
place stays whole. What a cut leaves out becomes a sub-bullet when it is itself a
complete phrase; the notes keep every sentence. Every word is the source's own, in its
order; only the date moves to the front ("1951: …").

:func:`finished` is the test every phrase passes: it does not end on an article, a
preposition, a conjunction, an auxiliary or a possessive, its brackets and quotes are
closed, and it has a word that is neither a number nor a month.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from alliance_slides.source.dates import SETTLED, DateSpan, find_dates
from alliance_slides.source.facts import claims
from alliance_slides.source.lexicon import (
    ARTICLES,
    AUXILIARIES,
    BOUNDARY_PREPOSITIONS,
    CONNECTIVES,
    DETERMINERS,
    HONORIFICS,
    MONTHS,
    NO_END,
    PREPOSITIONS,
    PRONOUNS,
)
from alliance_slides.source.sentences import bare, tokenize

#: Words on a bullet (a date in front not counted) and on a sub-bullet.
BULLET_WORDS = 16
#: Words a clause keeps rather than lose its point to a cut; past that it is cut anyway.
BULLET_MOST = 28
SUB_WORDS = 12
#: Words on a timeline label; characters on a slide title (about two lines).
LABEL_WORDS = 9
TITLE_CHARS = 60
TITLE_WORDS = 10
LONG_TITLE_CHARS = 90
LONG_TITLE_WORDS = 15
#: Words a lead-in may run to before its comma ("Fanned by the fear of …, Congress …").
LEAD_WORDS = 24
#: Sub-bullets under a bullet, at most.
SUBS_PER_BULLET = 1
#: Kept for callers that strip what a cut leaves hanging.
STOP_END = NO_END

# A clause opening with one of these, up to its comma, is a lead-in ("After the war, …").
_LEAD_OPENERS = frozenset(
    "after following during in on by since until before when while although though as "
    "because despite with under once from between at for throughout amid over upon within "
    "without like unlike".split()
)
# Subordinators that open a clause qualifying the one before it.
_TRAILING = frozenset(
    "though although while whereas which who whom whose because but yet including".split()
)
_CONTRAST = frozenset({"but", "yet", "though", "although", "while", "whereas", "because"})
# Cuts before these leave a clause that still says what it said.
_CUT_WORDS = BOUNDARY_PREPOSITIONS | frozenset(
    "while whereas because although though which who whom whose where if unless when".split()
)
_FILLER = frozenset(
    "instead also really very quite just further largely mainly notably eventually".split()
)
_OPEN_CLOSE = (("(", ")"), ("[", "]"), ("\u201c", "\u201d"))
_BRACKETS = re.compile("[()\\[\\]\u201c\u201d]")
_NAME_OPENERS = _LEAD_OPENERS | CONNECTIVES | ARTICLES
_WORD_CHAR = re.compile(r"\w")
_POSSESSIVE_END = re.compile(r"[\u2019']s?$|-$")
_PARTICIPLE = re.compile(r"[a-z]{2,}(?:ing|ed|en)")
_GERUND = re.compile(r"[a-z]+ing")
_HYPHENED_NAME = re.compile(r"-[A-Z][\w']*$")


def balanced(text: str) -> bool:
    """Tell whether every bracket and quotation mark of ``text`` is closed, in order."""
    if not _BRACKETS.search(text):
        return text.count('"') % 2 == 0
    for opener, closer in _OPEN_CLOSE:
        depth = 0
        for char in text:
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
                if depth < 0:
                    return False
        if depth:
            return False
    return text.count('"') % 2 == 0


def finished(words: list[str]) -> bool:
    """Tell whether a phrase is complete enough to show (see the module's docstring)."""
    if not words or not balanced(" ".join(words)):
        return False
    last = words[-1]
    if bare(last) in NO_END or _POSSESSIVE_END.search(last.rstrip('.,;:!?\u201d")')):
        return False
    return any(map(_content_word, words))


@functools.lru_cache(maxsize=65536)
def _content_word(token: str) -> bool:
    """Tell whether a token is a word with content: letters, not a closed-class word or a month."""
    word = bare(token)
    letters = re.search(r"[^\W\d_]", token) is not None
    return letters and word not in NO_END and word.rstrip(".") not in MONTHS


def clean(tokens: list[str]) -> list[str]:
    """Strip the punctuation a piece starts or ends with, and an aside's dashes."""
    words = [t for t in tokens if t != "\u2014"]
    while words and not _WORD_CHAR.search(words[0]):
        words.pop(0)
    while words and not _WORD_CHAR.search(words[-1]):
        words.pop()
    if words:
        # "Japan." and "Sputnik-1." lose their stop, "U.S." keeps its own.
        last = re.sub(r"[,;:!?]+$|[,;:]+(?=[\u201d\u2019\"')]$)", "", words[-1])
        if last.endswith(".") and not re.search(r"(?:^|\W)(?:\w\.){2,}$", last):
            last = last.rstrip(".")
        words[-1] = last or words[-1]
        words[0] = re.sub(r"^[,;:]+", "", words[0])
    return [w for w in words if w]


def name_runs(tokens: list[str]) -> list[list[str]]:
    """Return the runs of two or more capitalised words ("San Francisco Peace Treaty")."""
    runs: list[list[str]] = [[]]
    for index, token in enumerate(tokens):
        word = _name_word(token)
        if runs[-1] and token[:1] in "([\u201c\"":  # "Party of Germany (SED)": the name ends
            runs.append([])
        elif not runs[-1] and index and (joined := _HYPHENED_NAME.search(tokens[index - 1])):
            runs[-1].append(joined.group(0)[1:])  # "post-World War II": "World War II"
        inner = bare(token) == "of" and runs[-1] and index + 1 < len(tokens)
        opener = not runs[-1] and bare(token) in _NAME_OPENERS
        if (word[:1].isupper() and not opener) or (inner and tokens[index + 1][:1].isupper()):
            runs[-1].append(word)
            if word != token.strip('\u201c\u201d"()'):  # punctuation or a possessive ends it
                runs.append([])
        elif runs[-1]:
            runs.append([])
    runs = [r[1:] if r and bare(r[0]) in ARTICLES else r for r in runs]
    return [r for r in runs if len(r) >= 2 and bare(r[-1]) != "of"]


@functools.lru_cache(maxsize=65536)
def _name_word(token: str) -> str:
    """A token as a word of a name: no punctuation around it, no possessive, no stop
    unless it is an initialism ("U.S.")."""
    word = re.sub(r"[\u2019']s$|[^\w.\u2019'-]+$", "", re.sub(r"^\W+", "", token))
    if not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
        word = word.rstrip(".")
    return word


def _drop_fillers(tokens: list[str]) -> list[str]:
    """Drop words that only fill ("also", "eventually"), not "instead" before "of"."""
    return [
        t
        for i, t in enumerate(tokens)
        if bare(t) not in _FILLER
        or t[:1].isupper()
        or t[-1:] in ",;"
        or (i + 1 < len(tokens) and bare(tokens[i + 1]) == "of")
    ]


def _headline(tokens: list[str]) -> list[str]:
    """Drop a passive's auxiliary, as headlines do: "alliance was revised" -> "alliance revised"."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        nxt = bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if bare(token) in ("is", "are", "was", "were") and re.fullmatch(r"\w+(?:ed|en)", nxt):
            continue
        out.append(token)
    return out


def without_honorifics(tokens: list[str]) -> list[str]:
    """Drop a title before a name: "Prime Minister Fumio Kishida" -> "Fumio Kishida"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and (
            (bare(tokens[j]) in HONORIFICS and tokens[j][:1].isupper())
            or (j > i and bare(tokens[j]) == "of")
        ):
            j += 1
        after_article = i > 0 and bare(tokens[i - 1]) in DETERMINERS
        if (
            j > i
            and j < len(tokens)
            and tokens[j][:1].isupper()
            and bare(tokens[j - 1]) != "of"
            and not after_article
            and not re.search(r"[,;:]$", tokens[j - 1])
        ):
            i = j
            continue
        out.append(tokens[i])
        i += 1
    return out


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(tokens: list[str]) -> list[str]:
    if tokens and bare(tokens[0]) in _LEAD_OPENERS | _TRAILING | PREPOSITIONS | DETERMINERS:
        return [tokens[0][:1].lower() + tokens[0][1:], *tokens[1:]]
    return tokens


@dataclass
class Unit:
    """One clause of a sentence: its lead-in, its main words, its asides and contrasts."""

    lead: list[str]
    main: list[str]
    asides: list[list[str]] = field(default_factory=list)
    contrast: list[list[str]] = field(default_factory=list)


def _pull_asides(tokens: list[str]) -> tuple[list[str], list[list[str]]]:
    """Take parentheses and dash-enclosed asides out of a sentence (one pass)."""
    closers: list[int | None] = [None] * len(tokens)
    next_paren: int | None = None
    next_dash: int | None = None
    for k in range(len(tokens) - 1, -1, -1):  # where each aside closes, found backwards
        if ")" in tokens[k]:
            next_paren = k
        opens_paren = tokens[k].startswith("(")
        closers[k] = (k if ")" in tokens[k] else next_paren) if opens_paren else None
        if tokens[k] == "\u2014":
            closers[k] = next_dash if next_dash is not None else len(tokens) - 1
            next_dash = k
    main: list[str] = []
    asides: list[list[str]] = []
    i = 0
    while i < len(tokens):
        j = closers[i]
        if j is not None and main and j >= i:
            asides.append(tokens[i : j + 1])
            i = j + 1
            continue
        main.append(tokens[i])
        i += 1
    return main, asides


def _inside_dates(tokens: list[str]) -> set[int]:
    """Return the tokens whose comma belongs to a date ("June 5, 1947, speech")."""
    return _inside(find_dates(tokens))


def _inside(spans: list[DateSpan]) -> set[int]:
    inside: set[int] = set()
    for span in spans:
        inside.update(range(span.start, span.end - 1))
        if span.adjective:
            inside.add(span.end - 1)
    return inside


def _split_clauses(tokens: list[str]) -> list[list[str]]:
    """Split at semicolons and at ", and" or ", or" before a new subject or lead-in."""
    clauses, current = [], []
    for i, token in enumerate(tokens):
        current.append(token)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if token.endswith(";"):
            clauses.append(current)
            current = []
        elif (
            token.endswith(",")
            and bare(nxt) in ("and", "or", "but")
            and (
                bare(after) in _LEAD_OPENERS
                # ", or Kuomintang (KMT)": "or" before a name is another name for the same
                or (after[:1].isupper() and bare(after) != "i" and bare(nxt) != "or")
            )
            and len(current) >= 4
            and _has_verb(current)  # "the United States, United Kingdom, and France" is a list
        ):
            clauses.append(current)
            current = []
    if current:
        clauses.append(current)
    # The conjunction that joined two clauses opens nothing on its own ("but" does).
    return [c[1:] if bare(c[0]) in ("and", "or") and len(c) > 1 else c for c in clauses]


def _opens_lead(tokens: list[str]) -> bool:
    first = bare(tokens[0]) if tokens else ""
    second = bare(tokens[1]) if len(tokens) > 1 else ""
    participle = re.fullmatch(r"[a-z]+(?:ed|ing|en)", first) and second in (
        PREPOSITIONS | DETERMINERS
    )
    return first in _LEAD_OPENERS or first in CONNECTIVES or bool(participle)


def _split_lead(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split off an opening connective or lead-in clause ending at a comma."""
    if tokens and bare(tokens[0]) in CONNECTIVES and bare(tokens[0]) not in _LEAD_OPENERS:
        return _split_lead(tokens[1:])  # "Thus the plan was…", "However, …"
    if _opens_lead(tokens):
        inside = _inside_dates(tokens[: LEAD_WORDS + 2])
        for i, token in enumerate(tokens[:LEAD_WORDS]):
            if token.endswith(",") and i not in inside and i + 1 < len(tokens):
                lead = tokens[: i + 1]
                if balanced(" ".join(lead)):
                    return lead, tokens[i + 1 :]
    return [], tokens


def _split_trailing(tokens: list[str]) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """Split a clause before ", though …", " but …", ", which …", ", focusing …"."""
    # Tokens whose comma belongs to a date, found when a comma asks, in a prefix of the
    # clause that grows as needed: the answer holds up to ``settled``.
    inside: set[int] = set()
    settled = 0
    main: list[str] = []
    depth = quotes = 0  # brackets and quotation marks still open in ``main``
    for i, token in enumerate(tokens):
        word = bare(token)
        after_comma = i > 0 and tokens[i - 1].endswith(",")
        if after_comma:
            if i - 1 >= settled:
                size = max(64, 4 * (i + 1))
                inside = _inside_dates(tokens[:size])
                settled = len(tokens) if size >= len(tokens) else size - SETTLED
            after_comma = i - 1 not in inside
        opens = (after_comma and (word in _TRAILING or _GERUND.fullmatch(word))) or (
            word in ("but", "while", "whereas", "although", "though", "because") and i >= 3
        )
        if opens and len(main) >= 3 and depth == 0 and quotes % 2 == 0:
            rest = tokens[i:]
            if word in _CONTRAST or word.endswith("ing"):
                return main, [], [rest]
            return main, [rest], []
        main.append(token)
        if _BRACKETS.search(token):
            depth += sum(token.count(o) - token.count(c) for o, c in _OPEN_CLOSE)
        quotes += token.count('"')
    return main, [], []


def sentence_units(sentence: str) -> list[Unit]:
    """Break a sentence into clauses, each with its lead-in and its asides."""
    tokens, asides = _pull_asides(tokenize(sentence))
    units = []
    for clause in _split_clauses(tokens):
        lead, rest = _split_lead(clause)
        main, more, contrast = _split_trailing(rest)
        units.append(Unit(lead, main, more, contrast))
    if units:
        units[0].asides.extend(asides)
    return [u for u in units if u.main or u.lead]


def without_date(tokens: list[str], span: DateSpan | None) -> list[str]:
    """Return ``tokens`` without the date ``span`` (its preposition too), if there is one."""
    if span is None:
        return tokens
    return tokens[: span.start] + tokens[span.end :]


def _subject_modifier(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Set aside a phrase between subject and verb: "policy under X's approach has raised"."""
    aux = next((i for i, t in enumerate(tokens[:13]) if bare(t) in AUXILIARIES), None)
    if aux is None:
        return tokens, []
    prep = next((i for i in range(1, aux) if bare(tokens[i]) in BOUNDARY_PREPOSITIONS), None)
    before = tokens[aux - 1]
    # "Tokyo must", "it has": a name or pronoun right before the verb is its own subject.
    if prep is None or aux - prep > 9 or before[:1].isupper() or bare(before) in PRONOUNS:
        return tokens, []
    if not finished(tokens[:prep]) or not balanced(" ".join(tokens[prep:aux])):
        return tokens, []
    return tokens[:prep] + tokens[aux:], tokens[prep:aux]


_IRREGULAR_PAST = frozenset(
    "became began bore broke brought built came chose did drew drove fell felt fled fought "
    "found forbade gave got grew had held hid hit kept knew laid led left lent lost made meant "
    "met paid put quit ran rose said sat saw sent set shook shot sold spoke spent split spread "
    "stood stole struck swore took taught told thought threw understood upheld went withdrew "
    "won wrote".split()
)


def _has_verb(tokens: list[str]) -> bool:
    """Tell whether ``tokens`` hold a word that is surely a verb: an auxiliary, a past
    tense. A cut is made only after one, so a subject is never left without its verb."""
    for token in tokens[1:]:
        word = bare(token)
        if word in AUXILIARIES or word in _IRREGULAR_PAST:
            return True
        if token[:1].islower() and re.fullmatch(r"[a-z]{2,}(?:ed|ied)", word):
            return True
    return False


def cuts(tokens: list[str], loose: bool = False, limit: int = BULLET_MOST) -> list[int]:
    """Return where ``tokens`` may be cut, each leaving a finished phrase before it.

    ``loose`` (for titles and labels, which the notes back up) also cuts before "and" or
    "or" opening a second noun phrase ("the Treaty | and a security pact"), and before the
    "to" after a passive ("was revised | to include"). Only the first ``limit`` words
    are looked at, so a clause of any length costs the same.
    """
    tokens = tokens[: limit + 2]
    spans = find_dates(tokens)
    inside = _inside(spans)
    in_date = {i for s in spans for i in range(s.start + 1, s.end)}
    found = []
    for i in range(2, len(tokens)):
        word = bare(tokens[i])
        nxt = bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        extra = loose and (
            # ", and the boy resisted", not the last item of a list ("safety, reliability, and")
            (
                word in ("and", "but")
                and tokens[i - 1].endswith(",")
                and not any(t.endswith(",") for t in tokens[max(0, i - 4) : i - 1])
            )
            or (
                word in ("and", "or")
                and (
                    nxt in DETERMINERS
                    or nxt in _IRREGULAR_PAST  # "generated a resurgence | and brought"
                    or re.fullmatch(r"[a-z]{2,}ed", nxt) is not None
                )
                and not tokens[i - 1].endswith(",")
            )
            or (
                word == "to"
                and i >= 2
                and bare(tokens[i - 2]) in ("is", "are", "was", "were", "been")
                and re.fullmatch(r"[a-z]+(?:ed|en)", bare(tokens[i - 1])) is not None
            )
        )
        if (word not in _CUT_WORDS and not extra) or not tokens[i][:1].islower() or i in in_date:
            continue
        if i - 1 in inside:
            continue
        # "working | within", "founded | in": a participle keeps the phrase it governs
        participle = _PARTICIPLE.fullmatch(bare(tokens[i - 1]))
        if participle and word not in _TRAILING and not extra:
            continue
        # "Marshall at Harvard", "University at Buffalo": not between two names
        if tokens[i - 1][:1].isupper() and tokens[i + 1 : i + 2] and tokens[i + 1][:1].isupper():
            if word not in _TRAILING:
                continue
        head = clean(tokens[:i])
        if finished(head) and _has_verb(head):
            found.append(i)
    return found


def fit(tokens: list[str], limit: int) -> tuple[list[str], list[str]] | None:
    """Return ``tokens`` cut to at most ``limit`` words at a boundary, and what is left.

    The head is whole when it fits; None when it does not fit and has no boundary in reach.
    """
    if len(tokens) <= limit:
        return tokens, []
    places = [i for i in cuts(tokens, limit=limit) if i <= limit]
    if not places:
        return None
    return tokens[: places[-1]], tokens[places[-1] :]


def _fit_bullet(tokens: list[str]) -> tuple[list[str], list[str]] | None:
    """Cut a bullet's clause only where the cut keeps its point: most of it, or half of it
    with the rest a sub-bullet of its own; otherwise it stays whole up to BULLET_MOST
    words. None when it is longer and has no boundary: it stays in the notes only."""
    fitted = fit(tokens, BULLET_WORDS)
    if fitted is not None and fitted[1]:
        head, rest = fitted
        if len(head) * 2 >= len(tokens) or (len(head) >= 5 and _sub(rest) is not None):
            return head, rest
    if len(tokens) <= BULLET_MOST:
        return tokens, []
    places = [i for i in cuts(tokens) if i <= BULLET_MOST]
    return (tokens[: places[-1]], tokens[places[-1] :]) if places else None


@dataclass(frozen=True)
class Phrase:
    """A condensed clause: the bullet, the date in front of it, its sub-bullets.

    Its timeline label and longer title are made when first asked for: most clauses
    need neither (a label is wanted only with a date).
    """

    text: str
    date: DateSpan | None
    subs: tuple[str, ...]
    headline: str  # a slide title of a line or so ("" when no finished one could be made)
    head: tuple[str, ...] = ()  # the clause's words the titles and label are made from
    lead_core: tuple[str, ...] = ()  # a lead-in naming an event, to label it by
    kept_word: str = ""  # a word a label must keep to keep the date (see condense)

    @functools.cached_property
    def label(self) -> str:
        """A short label for the timeline ("" when no finished one could be made)."""
        head = list(self.head)
        label = (timeline_label(list(self.lead_core)) if self.lead_core else "") or (
            timeline_label(head)
        )
        return label if _keeps(label, self.kept_word) else ""

    @functools.cached_property
    def long_headline(self) -> str:
        """A title of up to two lines, when no short one will do."""
        return headline(list(self.head), LONG_TITLE_CHARS, LONG_TITLE_WORDS)


def _keeps(text: str, word: str) -> bool:
    """Tell whether ``text`` keeps ``word`` (a title or label keeps a date only with the
    word before it: "alliance was revised [in 1960]")."""
    return not word or word in {bare(w) for w in text.split()}


def strip_lead_word(tokens: list[str]) -> list[str]:
    """Drop the opening words that only lead in: "after", "the", "however"."""
    while tokens and (bare(tokens[0]) in _LEAD_OPENERS | ARTICLES | CONNECTIVES):
        tokens = tokens[1:]
    return tokens


def _phrase(tokens: list[str]) -> str:
    return " ".join(tokens)


def _sub(tokens: list[str]) -> list[str] | None:
    """Return a piece set aside as a sub-bullet when it is short and finished, or None
    (a sub-bullet is never cut: the notes keep what does not fit)."""
    words = clean(_drop_fillers(tokens))
    if not 2 <= len(words) <= SUB_WORDS or not finished(words):
        return None
    return _lower_first(words)


def _short(tokens: list[str], words: int, chars: int) -> list[str]:
    """Return the longest finished start of ``tokens`` within ``words`` and ``chars``."""
    tokens = clean(tokens)
    ends = [len(tokens)] + [i for i in reversed(cuts(tokens, loose=True, limit=words))]
    for end in ends:
        head = clean(tokens[:end])
        if len(head) <= words and len(_phrase(head)) <= chars and finished(head):
            return head
    return []


def headline(tokens: list[str], chars: int = TITLE_CHARS, words: int = TITLE_WORDS) -> str:
    """Return a slide title from a clause's main words, or "" when none is finished."""
    return _upper_first(_phrase(_headline(_short(without_honorifics(tokens), words, chars))))


def timeline_label(tokens: list[str]) -> str:
    """Return a timeline label naming what happened, or "" when none is finished."""
    return headline(strip_lead_word(tokens), chars=80, words=LABEL_WORDS)


def condense(unit: Unit) -> Phrase | None:
    """Condense one clause to a bullet (None when nothing finished is left of it)."""
    main = _drop_fillers(unit.main)
    if main and bare(main[0]) in CONNECTIVES and main[0].endswith(","):
        main = main[1:]
    main, modifier = _subject_modifier(main)
    main = clean(main)
    fitted = _fit_bullet(main)
    if fitted is None:
        return None
    head, rest = clean(fitted[0]), fitted[1]
    # The date goes in front only from the words the bullet keeps.
    date, where = None, ""
    for part, words in (("main", head), ("lead", unit.lead)):
        spans = find_dates(words)
        if spans:
            date, where = spans[0], part
            break
    if where == "main":
        head = clean(without_date(head, date))
    lead = clean(without_date(unit.lead, date) if where == "lead" else unit.lead)
    lead_core = clean(strip_lead_word(lead))
    lead_words = _lower_first(lead) if finished(lead_core) else []
    if not finished(head):
        return None  # a lead-in alone ("Although …", "After the war") is no statement
    has_name = any(c.kind == "name" for c in claims("x " + _phrase(lead_words)))
    with_lead = bool(lead_words) and len(lead_words) + len(head) <= BULLET_WORDS
    body = _phrase([*lead_words[:-1], lead_words[-1] + ",", *head]) if with_lead else _phrase(head)
    shown = date if date and date.start < date.end else None
    text = f"{date.when}: {body}" if shown and date else _upper_first(body)
    # A sub-bullet: a lead-in naming someone, then a contrast, then the piece with the most
    # names and figures, else the rest of a cut clause; the others stay in the notes.
    pieces = [(lead_words, 3 if has_name else 1)] if lead_words and not with_lead else []
    pieces += [(c, 2) for c in unit.contrast]
    pieces += [(p, 0) for p in (modifier, rest, *unit.asides)]
    ranked = []
    for order, (piece, rank) in enumerate(pieces):
        sub = _sub(piece)
        if sub is None:
            continue
        weight = sum(1 for _ in claims("x " + _phrase(sub)))
        if rank or weight or piece is rest:
            ranked.append((-rank, -weight, order, _phrase(sub)))
    # A bullet of more than a line or two stands alone (a longer key also reads badly in YAML).
    subs = tuple(p for *_, p in sorted(ranked)[:SUBS_PER_BULLET]) if len(text) <= 120 else ()
    title = headline(head)
    # A date goes with a title or label only if it stood within the words they keep: the
    # word before it must be one of theirs ("alliance was revised [in 1960]").
    before = bare(fitted[0][date.start - 1]) if date and where == "main" and date.start else ""

    if title and shown and date and _keeps(title, before):
        if len(title) + len(date.when) + 2 <= TITLE_CHARS:
            title = f"{date.when}: {title}"
    event = bare(unit.lead[0]) in _LEAD_OPENERS if unit.lead else False
    by_lead = where == "lead" and event and finished(lead_core) and lead_core != head
    return Phrase(text, date, subs, title, tuple(head), tuple(lead_core if by_lead else ()), before)
