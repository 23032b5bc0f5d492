"""One small renderer per slide kind: a slide and the layout context in, scenes out.

``base`` holds what every kind shares (titles, bullets, continuation slides); each
other module lays out the kinds its name says. The table of renderers by kind is
:data:`alliance_slides.layout.LAYOUTS`.
"""
