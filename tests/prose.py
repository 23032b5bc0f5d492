"""Long prose for timing the drafter: the test articles' sentences, varied at random.

Shared by tests/source/test_draft_speed.py and benchmarks/run.py --draft.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ARTICLES = Path(__file__).parent / "source" / "articles"


def varied_text(size: int, one_paragraph: bool, seed: int = 7) -> str:
    """Return about ``size`` bytes of prose made of the test articles' sentences.

    Some words of each sentence are swapped for others of the same kind (a fixed seed),
    so no sentence repeats and no cache makes a long text cheap; paragraphs have two to
    seven sentences. ``one_paragraph``: one paragraph without a stop, a quotation mark or
    a bracket, so one sentence of the whole text (the hardest shape for the phrasing).
    """
    paragraphs = [
        " ".join(block.split())
        for path in sorted(ARTICLES.glob("*.txt"))
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
        if len(block.split()) > 12
    ]
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p)]
    words = [w for s in sentences for w in s.split()[1:]]
    lower = [w for w in words if w.isalpha() and w.islower() and len(w) >= 5]
    upper = [w for w in words if w.isalpha() and w[:1].isupper() and len(w) >= 3]
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        chosen = []
        for _ in range(rng.randint(2, 7)):
            tokens = rng.choice(sentences).split()
            for i, token in enumerate(tokens):
                if i and token.isalpha() and len(token) >= 5 and rng.random() < 0.25:
                    tokens[i] = rng.choice(upper if token[0].isupper() else lower)
                elif re.fullmatch(r"1[89]\d\d", token) and rng.random() < 0.5:
                    tokens[i] = str(rng.randint(1850, 1999))
            chosen.append(" ".join(tokens))
        paragraph = " ".join(chosen)
        if one_paragraph:  # one sentence: no stops, no quotation marks to end one at
            paragraph = re.sub(r"[.!?;:\"\u201c\u201d()]", "", paragraph)
        out.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return (" " if one_paragraph else "\n\n").join(out) + "\n"
