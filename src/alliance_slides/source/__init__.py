"""Working from a source text: checking slides against it and drafting outlines from it.

``facts`` finds the figures, dates and names of a text and holds each slide to the
paragraph it cites (``alliance-slides check``); ``sentences`` splits a text into
sentences, tokens and dates; ``phrasing`` condenses a clause into a bullet, a title
or a timeline label; ``draft`` assembles those into an outline that validates.
"""
