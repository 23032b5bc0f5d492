"""What a build writes from resolved lectures: decks, speaker notes, handouts, exports.

``deck`` draws scenes into a .pptx with python-pptx (``package`` keeps its workarounds
in one place); ``notes`` and ``handouts`` render text outputs through templates;
``export`` makes PDF, PNG pages and contact sheets through LibreOffice (``office``,
``contact_sheet``); ``cache`` records what each output was made from, so unchanged
ones are not made again. Everything here reads a
:class:`~alliance_slides.layout.resolved.ResolvedLecture`; nothing reads input files.
"""
