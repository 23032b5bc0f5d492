"""Clauses to short phrases: bullets, sub-bullets, slide titles and timeline labels.

A leading connective or subordinate clause is split off, the sentence's date moves to
the front ("1951: …"), a modifier between subject and verb is set aside, and what is
left is cut to about ten words at a preposition or conjunction; the pieces set aside
become sub-bullets when they name someone or hold a figure. Every word kept is the
source's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alliance_slides.source.facts import claims
from alliance_slides.source.sentences import DateSpan, bare, find_dates, tokenize

#: Words on a bullet, a slide title and a timeline label (a date in front counts).
BULLET_WORDS = 10
TITLE_WORDS = 8
LABEL_WORDS = 6
#: Characters a slide title may have with its date in front (more would wrap).
TITLE_CHARS = 52
#: Sub-bullets under a bullet, at most.
SUBS_PER_BULLET = 1
_ARTICLES = frozenset({"the", "a", "an"})
# Words a long phrase may be cut before: what follows them is a detail, not the point.
_CUT_BEFORE = frozenset(
    "in on at for from during over under since after before through across against among "
    "between into about around by with without within toward towards via like including as "
    "to and or that which who while because whereas than".split()
)
# A clause opening with one of these, up to its comma, is a lead-in ("After the war, …").
_LEAD_WORDS = frozenset(
    "after following during in on by since until before when while although though as "
    "because despite with under once from between at for throughout amid over".split()
)
# Sentence openers that carry no content of their own.
_CONNECTIVES = frozenset(
    "however today meanwhile moreover still instead nevertheless nonetheless thus therefore "
    "also yet indeed finally later eventually subsequently consequently furthermore "
    "additionally then now currently recently ultimately afterwards accordingly".split()
)
# After a comma, these open a clause that qualifies the one before it.
_SUBORDINATE = frozenset(
    "though although while whereas which who whom whose because but yet including".split()
)
_AUX = frozenset(
    "has have had is are was were will would can could may might must should did does do".split()
)
_PRONOUNS = frozenset("i you he she it we they this that these those".split())
_FILLER = frozenset("instead also really very quite just further largely mainly notably".split())
#: Words a cut phrase or a title may not end on.
STOP_END = _ARTICLES | _CUT_BEFORE | _AUX | frozenset({"its", "their", "his", "her", "of", "not"})
_QUOTE_CHARS = '\u201c\u201d"\u2018'


def clean(tokens: list[str]) -> list[str]:
    """Strip what a cut leaves hanging: end punctuation, stray quotes and brackets."""
    words = [t for t in tokens if t != "\u2014"]
    text = " ".join(words)
    if text.count("\u201c") != text.count("\u201d") or text.count('"') % 2:
        words = [w.strip(_QUOTE_CHARS) for w in words]
    if "".join(words).count("(") != "".join(words).count(")"):
        words = [w.strip("()") for w in words]
    words = [w for w in words if w]
    while words and bare(words[-1]) in STOP_END:
        words.pop()
    while words and not bare(words[0]):
        words.pop(0)
    if words:
        words[-1] = re.sub(r"[,;:.!?]+$", "", words[-1]) or words[-1]
        words[0] = re.sub(r"^[,;:]+", "", words[0])
    return [w for w in words if w]


def _cap(tokens: list[str], limit: int) -> tuple[list[str], list[str]]:
    """Cut ``tokens`` to ``limit`` words at a preposition or conjunction; return head and rest."""
    if len(tokens) <= limit:
        return tokens, []
    cuts = _cuts(tokens, limit)
    at = max(cuts) if cuts else limit
    if not cuts:
        # Never cut inside a name ("San Francisco | Peace Treaty") or after a possessive.
        while at > 3 and (
            (tokens[at - 1][:1].isupper() and tokens[at][:1].isupper())
            or re.search(r"[\u2019']s?$", tokens[at - 1])
        ):
            at -= 1
    return tokens[:at], tokens[at:]


def _cuts(tokens: list[str], limit: int) -> list[int]:
    """Return where ``tokens`` may be cut to at most ``limit`` words, at a clause boundary."""
    limit = min(limit, len(tokens) - 1)
    cuts = [
        i
        for i in range(3, limit + 1)
        if bare(tokens[i]) in _CUT_BEFORE
        # "the Panama and Suez canals" is one thing: not cut between two names
        and not (
            bare(tokens[i]) in ("and", "or")
            and tokens[i - 1][:1].isupper()
            and tokens[i + 1 : i + 2]
            and tokens[i + 1][:1].isupper()
        )
    ]
    return cuts + [i for i in range(3, limit + 1) if tokens[i - 1].endswith((",", ";"))]


def name_runs(tokens: list[str]) -> list[list[str]]:
    """Return the runs of two or more capitalised words ("San Francisco Peace Treaty")."""
    runs: list[list[str]] = [[]]
    for index, token in enumerate(tokens):
        word = re.sub(r"[\u2019']s$|[^\w.\u2019'-]+$", "", re.sub(r"^\W+", "", token))
        if not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            word = word.rstrip(".")
        inner = bare(token) == "of" and runs[-1] and index + 1 < len(tokens)
        opener = not runs[-1] and bare(token) in _LEAD_WORDS | _CONNECTIVES | _ARTICLES
        if (word[:1].isupper() and not opener) or (inner and tokens[index + 1][:1].isupper()):
            runs[-1].append(word)
            if word != token.strip('\u201c\u201d"()'):  # punctuation or a possessive ends it
                runs.append([])
        elif runs[-1]:
            runs.append([])
    runs = [r[1:] if r and bare(r[0]) in _ARTICLES else r for r in runs]
    return [r for r in runs if len(r) >= 2 and bare(r[-1]) != "of"]


def _drop_fillers(tokens: list[str]) -> list[str]:
    return [t for t in tokens if bare(t) not in _FILLER or t[:1].isupper()]


def _headline(tokens: list[str]) -> list[str]:
    """Drop a passive's auxiliary, as headlines do: "alliance was revised" -> "alliance revised"."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        nxt = bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if bare(token) in ("is", "are", "was", "were") and re.fullmatch(r"\w+(?:ed|en)", nxt):
            continue
        out.append(token)
    return out


def _lower_first(tokens: list[str]) -> list[str]:
    if tokens and bare(tokens[0]) in (_LEAD_WORDS | _SUBORDINATE | _CUT_BEFORE | _ARTICLES):
        return [tokens[0][:1].lower() + tokens[0][1:], *tokens[1:]]
    return tokens


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Unit:
    """One clause of a sentence, as a bullet: its lead-in, its main words, its asides."""

    lead: list[str]
    main: list[str]
    asides: list[list[str]] = field(default_factory=list)
    contrast: list[list[str]] = field(default_factory=list)


def _pull_asides(tokens: list[str]) -> tuple[list[str], list[list[str]]]:
    """Take parentheses and dash-enclosed asides out of a sentence."""
    main: list[str] = []
    asides: list[list[str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        closer = ")" if token.startswith("(") else "\u2014" if token == "\u2014" else ""
        if closer:
            j = next(
                (
                    k
                    for k in range(i + 1 if closer == "\u2014" else i, len(tokens))
                    if (tokens[k] == closer if closer == "\u2014" else ")" in tokens[k])
                ),
                None,
            )
            if j is None and closer == "\u2014":
                j = len(tokens) - 1  # a dash to the end of the sentence
            if j is not None and main:
                asides.append(tokens[i : j + 1])
                i = j + 1
                continue
        main.append(token)
        i += 1
    return main, asides


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
            and bare(nxt) in ("and", "or")
            and (bare(after) in _LEAD_WORDS or after[:1].isupper())
            and len(current) >= 4
        ):
            clauses.append(current)
            current = []
    if current:
        clauses.append(current)
    # The conjunction that joined two clauses opens nothing on its own.
    return [c[1:] if bare(c[0]) in ("and", "or") and len(c) > 1 else c for c in clauses]


def _split_lead(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split off an opening connective or lead-in clause ending at a comma."""
    first = bare(tokens[0]) if tokens else ""
    if first in _CONNECTIVES and tokens[0].endswith(","):
        return _split_lead(tokens[1:])
    if first in _LEAD_WORDS or first in _CONNECTIVES:
        for i, token in enumerate(tokens[:14]):
            if token.endswith(",") and i + 1 < len(tokens):
                return tokens[: i + 1], tokens[i + 1 :]
    return [], tokens


def _split_trailing(tokens: list[str]) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """Split a clause before ", though …", " but …", ", which …", ", focusing …"."""
    main: list[str] = []
    asides: list[list[str]] = []
    contrast: list[list[str]] = []
    for i, token in enumerate(tokens):
        word = bare(token)
        after_comma = i > 0 and tokens[i - 1].endswith(",")
        opens = (after_comma and (word in _SUBORDINATE or re.fullmatch(r"[a-z]+ing", word))) or (
            word in ("but", "while", "whereas", "although", "though", "because") and i >= 3
        )
        if opens and len(main) >= 3:
            rest = tokens[i:]
            # A contrast or a participle ("focusing on …") is kept even with no name in it.
            kept = word in ("but", "yet", "though", "although", "while", "whereas", "because")
            (contrast if kept or word.endswith("ing") else asides).append(rest)
            break
        main.append(token)
    return main, asides, contrast


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
    if span.adjective:  # "the September 2001 attacks" -> "the attacks"
        return tokens[: span.start] + tokens[span.year_at + 1 :]
    return tokens[: span.start] + tokens[span.end :]


def _subject_modifier(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Set aside a phrase between subject and verb: "policy under X's approach has raised"."""
    aux = next((i for i, t in enumerate(tokens[:13]) if bare(t) in _AUX), None)
    if aux is None:
        return tokens, []
    prep = next(
        (i for i in range(1, aux) if bare(tokens[i]) in _CUT_BEFORE - {"and", "or", "to"}), None
    )
    before = tokens[aux - 1]
    # "Tokyo must", "it has": a name or pronoun right before the verb is its own subject.
    if prep is None or aux - prep > 9 or before[:1].isupper() or bare(before) in _PRONOUNS:
        return tokens, []
    return tokens[:prep] + tokens[aux:], tokens[prep:aux]


@dataclass(frozen=True)
class Phrase:
    """A condensed clause: the bullet, the date in front of it, its sub-bullets."""

    text: str
    date: DateSpan | None
    subs: tuple[str, ...]
    label: str  # a short label for the timeline
    headline: str  # a slide title


def _date_of(unit: Unit) -> tuple[DateSpan | None, str]:
    for part in ("lead", "main"):
        spans = find_dates(getattr(unit, part))
        if spans:
            return spans[0], part
    return None, ""


def strip_lead_word(tokens: list[str]) -> list[str]:
    """Drop the opening words that only lead in: "after", "the", "however"."""
    while tokens and (bare(tokens[0]) in _LEAD_WORDS | _ARTICLES | _CONNECTIVES):
        tokens = tokens[1:]
    return tokens


def condense(unit: Unit) -> Phrase | None:
    """Condense one clause to a short phrase (None when nothing is left of it)."""
    date, where = _date_of(unit)
    lead = clean(without_date(unit.lead, date) if where == "lead" else unit.lead)
    main = unit.main
    if where == "main" and date is not None:
        main = without_date(main, date)
    main = _drop_fillers(main)
    if main and bare(main[0]) in _ARTICLES and len(main) > 2:
        main = main[1:]
    main, modifier = _subject_modifier(main)
    main = clean(main)
    if len(main) < 2 and lead:  # nothing but a lead-in: it is the phrase
        main, lead = clean(strip_lead_word(lead)), []
    if not main:
        return None
    # A date inside a longer word ("1951年に") stays where it is: no copy in front.
    shown = date if date and date.start < date.end else None
    prefix = [date.when] if shown and date else []
    room = BULLET_WORDS - len(" ".join(prefix).split())
    head, rest = _cap(main, room)
    head = clean(head)
    text = " ".join(head)
    text = f"{date.when}: {_upper_first(text)}" if shown and date else _upper_first(text)
    # What was set aside may become a sub-bullet: a contrast first, then the piece naming
    # the most names and figures, else the rest of a cut clause; the others stay in the notes.
    ranked = []
    for order, (candidate, contrast) in enumerate(
        [(lead, False), (modifier, False), (rest, False)]
        + [(c, True) for c in unit.contrast]
        + [(a, False) for a in unit.asides]
    ):
        words = _lower_first(clean(_cap(_drop_fillers(candidate), BULLET_WORDS)[0]))
        weight = 99 if contrast else 2 * sum(1 for _ in claims("x " + " ".join(words)))
        weight = weight or int(candidate is rest)
        if len(words) >= 3 and weight:
            ranked.append((-weight, order, " ".join(words)))
    subs = [text for _, _, text in sorted(ranked)[:SUBS_PER_BULLET]]
    label_from = strip_lead_word(lead) if where == "lead" and len(lead) >= 2 else main
    title_room = TITLE_WORDS - (len(prefix[0].split()) if prefix else 0)
    headline = _upper_first(" ".join(clean(_cap(_headline(main), title_room)[0])))
    if shown and date and len(headline) + len(date.when) + 2 <= TITLE_CHARS:
        headline = f"{date.when}: {headline}"
    elif len(headline) > TITLE_CHARS:  # a long title wraps: keep it to a line
        headline = _upper_first(" ".join(clean(_cap(_headline(main), title_room - 2)[0])))
    return Phrase(text, date, tuple(subs), timeline_label(clean(label_from)), headline)


def timeline_label(tokens: list[str]) -> str:
    """Shorten a clause to a timeline label: a cut at a boundary, else its longest name."""
    tokens = _headline(tokens)
    if len(tokens) > LABEL_WORDS:
        names = name_runs(tokens)
        cuts = _cuts(tokens, LABEL_WORDS)
        if cuts:  # the first boundary: a label says what happened, not the details
            tokens = clean(tokens[: min(cuts)])
        elif not names:
            tokens = clean(_cap(tokens, LABEL_WORDS)[0])
        else:
            tokens = max(names, key=len)
    return _upper_first(" ".join(tokens))
