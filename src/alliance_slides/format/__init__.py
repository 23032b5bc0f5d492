"""The format users write, read and checked: input files to a validated model.

``loader`` reads YAML into data that remembers where each node was written;
``schema`` is the vocabulary the format is declared in, and ``model`` declares every
outline and course field once (validation and the JSON Schema of ``jsonschema`` both
derive from it); ``validate`` turns located data into lectures, collecting every
problem with its place; ``theme`` reads themes (``themes/*.yaml``) and ``template``
an institution's .pptx/.potx. Nothing here renders, lays out or writes output.
"""
