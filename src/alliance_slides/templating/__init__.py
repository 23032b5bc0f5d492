"""Jinja2, sandboxed and strict: every string of a lecture rendered, and the text outputs.

``environment`` holds the :class:`~alliance_slides.templating.environment.Renderer`
(user folders looked up before the built-ins in ``templates/``, an undefined name an
error with its place); ``sandbox`` bounds what a template may cost in time, memory and
output; ``render`` turns a checked lecture into a
:class:`~alliance_slides.templating.render.RenderedLecture`, the only kind layout reads.
"""
