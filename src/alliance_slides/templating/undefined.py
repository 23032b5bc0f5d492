"""What an undefined name in a template means, said so a person can fix it.

Jinja2 says ``'dict object' has no attribute 'code'``. The value it looked in is known
(the ``Undefined`` object that failed keeps it), so the message can name it as the
template does (``course``, ``lecture.sources``), suggest the closest name it has, and
say how to write a default: ``course.code is undefined: this outline is built alone,
without a course file, so course is empty; build its course file, or write
{{ course.code | default('...') }}``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


class _Raising:
    """What an :class:`ExplainedUndefined` raises with: Jinja2's error, told what failed."""

    __slots__ = ("exc", "obj", "name")

    def __init__(self, exc: type[Exception], obj: Any, name: str | None) -> None:
        self.exc, self.obj, self.name = exc, obj, name

    def __call__(self, message: str) -> Exception:
        error = self.exc(message)
        error.undefined_obj = self.obj  # type: ignore[attr-defined]
        error.undefined_name = self.name  # type: ignore[attr-defined]
        return error


def explained_undefined() -> type[jinja2.StrictUndefined]:
    """Return Jinja2's strict ``Undefined``, whose errors keep what was looked up, and in what."""
    import jinja2

    class ExplainedUndefined(jinja2.StrictUndefined):
        __slots__ = ()

        def __init__(
            self,
            hint: str | None = None,
            obj: Any = jinja2.runtime.missing,
            name: str | None = None,
            exc: type[Exception] = jinja2.UndefinedError,
        ) -> None:
            super().__init__(hint, obj, name, _Raising(exc, obj, name))  # type: ignore[arg-type]

    return ExplainedUndefined


def _path_to(target: Any, context: Mapping[str, Any]) -> str | None:
    """Return how a template names ``target`` (``lecture.sources``, ``slides[2]``), if it can."""
    todo: list[tuple[str, Any, int]] = [(name, value, 0) for name, value in context.items()]
    while todo:
        path, value, depth = todo.pop(0)
        if value is target:
            return path
        if depth >= 3:
            continue
        if isinstance(value, Mapping):
            todo.extend((f"{path}.{key}", item, depth + 1) for key, item in value.items()
                        if isinstance(key, str))
        elif isinstance(value, (list, tuple)) and len(value) <= 10_000:
            todo.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
    return None


def _close(word: str, names: list[str]) -> str:
    found = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return f" (did you mean '{found[0]}'?)" if found else ""


def explain(error: BaseException, context: Mapping[str, Any]) -> str | None:
    """Return a plain account of an undefined-name error, or ``None`` to keep Jinja2's."""
    name = getattr(error, "undefined_name", None)
    owner = getattr(error, "undefined_obj", None)
    if not isinstance(name, str):
        return None
    if type(owner).__name__ == "_MissingType":  # a name, not an attribute of something
        names = sorted(context)
        return (
            f"'{name}' is undefined{_close(name, names)}; templates see: {', '.join(names)}"
        )
    path = _path_to(owner, context)
    if path is None:
        return None
    shown = f"{path}.{name}"
    if isinstance(owner, str):
        text = owner if len(owner) <= 40 else owner[:39] + "…"
        return f"{path} is text ('{text}'), so it has no '{name}'"
    if not isinstance(owner, Mapping):
        return None
    default = f"write {{{{ {shown} | default('...') }}}}"
    keys = [key for key in owner if isinstance(key, str)]
    close = _close(name, keys)
    if close:
        return f"{path} has no '{name}'{close}"
    if path in ("course", "vars"):
        if not context.get("course"):
            return (
                f"{shown} is undefined: this outline is built alone, without a course file, "
                f"so {path} is empty; build its course file, or {default}"
            )
        return f"{path} has no '{name}': set it in the course file, or {default}"
    return f"{path} has no '{name}'; {default} if it may be missing"
