"""English closed-class words: the finite lists a draft needs to tell where a phrase may end.

Open-class words (nouns, verbs, adjectives) are unbounded and need a tagger; these
classes are short and fixed, so they are listed. A phrase cut before a word of
:data:`BOUNDARY_PREPOSITIONS` or :data:`SUBORDINATORS` ends at a constituent boundary; a
phrase ending on any of :data:`NO_END` is unfinished.
"""

from __future__ import annotations

ARTICLES = frozenset({"the", "a", "an"})
DETERMINERS = ARTICLES | frozenset(
    "this that these those its their his her our your my each every some any no another "
    "such both either neither".split()
)
#: Prepositions. "of", "to", "than" and "as" bind what follows to what comes before
#: ("Party of Japan", "allow Japan to assert", "more than", "such as"), so no cut is
#: made before them.
PREPOSITIONS = frozenset(
    "about above across after against along amid amidst among around at before behind below "
    "beneath beside besides between beyond by concerning despite down during except for from "
    "in inside into like near of off on onto out outside over past per regarding since than "
    "through throughout till to toward towards under underneath unlike until up upon via "
    "with within without as".split()
)
#: Prepositions that open an adjunct (when, where, despite what): a phrase cut before one
#: still says what it said. "for", "on", "with", "from", "about" and the like often open
#: a verb's or a noun's complement ("announced plans | for counterattack capabilities",
#: "focus | on military cooperation"), and "by" a passive's agent ("a goal set | by the
#: Council"), so no cut is made before them.
BOUNDARY_PREPOSITIONS = frozenset(
    "in at during after before since until till through throughout across despite amid amidst "
    "among amongst under within without near beyond outside inside including".split()
)
COORDINATORS = frozenset({"and", "or", "but", "nor", "yet", "so"})
#: Words opening a subordinate or relative clause.
SUBORDINATORS = frozenset(
    "although though while whereas because since unless whether which who whom whose where "
    "when whereby after before until once if".split()
)
AUXILIARIES = frozenset(
    "am is are was were be been being has have had having do does did will would shall should "
    "can could may might must".split()
)
PRONOUNS = frozenset("i you he she it we they me him us them this that these those".split())
#: Degree and comparison words that need what follows them.
MODIFIERS = frozenset("very more most less least too so not nor also only just even".split())
#: Sentence openers that carry no content of their own.
CONNECTIVES = frozenset(
    "however today meanwhile moreover still instead nevertheless nonetheless thus therefore "
    "also yet indeed finally later eventually subsequently consequently furthermore "
    "additionally then now currently recently ultimately afterwards accordingly hence "
    "nowadays initially".split()
)
#: Particles, which end a phrasal verb ("to catch up", "broke out") as well as open a phrase.
PARTICLES = frozenset(
    "up out off down away back apart along around over in on through by behind past aside "
    "forward".split()
)
#: A phrase ending on one of these is unfinished ("…during the", "…Party of", "…had").
NO_END = (
    DETERMINERS
    | (PREPOSITIONS - PARTICLES)
    | COORDINATORS
    | SUBORDINATORS
    | AUXILIARIES
    | MODIFIERS
    | frozenset({"that", "to", "whose", "whom", "being", "its", "their", "his", "her", "our"})
)
#: Titles before a person's name, which a short label may leave out ("Prime Minister
#: Fumio Kishida" -> "Fumio Kishida"); the name itself is never shortened.
HONORIFICS = frozenset(
    "president prime minister secretary general emperor empress king queen prince princess "
    "chancellor premier senator governor mayor ambassador admiral commodore colonel captain "
    "lieutenant sergeant dr mr mrs ms professor sir lord lady chairman chairwoman pope "
    "deputy foreign defense defence state vice".split()
)
#: Abbreviated titles before a name, which end no sentence ("Rep. Jones", "Gov. Tamaki").
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev fr st mt ft pres "
    "hon maj brig".split()
)
MONTHS = (
    "january february march april may june july august september october november december"
).split()
SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter"})
