"""What one render may build, counted before each value is made, and a memory backstop.

Every render (an outline string, a notes or handout template) gets a budget of
:data:`~alliance_slides.limits.MAX_TEMPLATE_BUILD` characters. The bounded sandbox
charges it, before the value exists, with the size of everything an operator, a filter
or a method is about to make (:mod:`alliance_slides.templating.sizes` predicts it) and
of every piece a block or a macro collects; a charge that would pass the budget is
refused with an error at the template's place. So memory stays bounded however short
the template and however it loops.

Behind that, :func:`memory_limit` asks the operating system (``RLIMIT_DATA``, Linux)
to refuse any allocation that would grow the process by more than
:data:`~alliance_slides.limits.MAX_TEMPLATE_MEMORY` while the render runs: what no
prediction foresaw ends in a ``MemoryError``, reported at the template's place too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from jinja2.exceptions import SecurityError

from alliance_slides import limits


class Budget:
    """What one render has built so far, and what it may build in all."""

    def __init__(self, limit: int = limits.MAX_TEMPLATE_BUILD) -> None:
        self.limit = limit
        self.used = 0

    def charge(self, size: int, what: str) -> None:
        """Count ``size`` more characters, or refuse them if they pass the limit."""
        if self.used + size > self.limit:
            raise too_much(size, what, self.limit, alone=size > self.limit)
        self.used += size

    def left(self) -> int:
        """Return how many characters this render may still build."""
        return self.limit - self.used


def too_much(size: int, what: str, limit: int, alone: bool = True) -> SecurityError:
    """Return the error that refuses ``what`` for making ``size`` characters."""
    if alone:
        return SecurityError(
            f"{what} would make {size:,} characters; the limit is {limit:,} (MAX_TEMPLATE_BUILD)"
        )
    return SecurityError(
        f"{what} would make {size:,} characters more, past the {limit:,} one template may "
        "build in all (MAX_TEMPLATE_BUILD)"
    )


_CURRENT: ContextVar[Budget | None] = ContextVar("template_budget", default=None)


def charge(size: int, what: str) -> None:
    """Charge the current render's budget; outside a render, check the value alone.

    Jinja2 computes constant expressions while it compiles, outside any render: each
    is then checked on its own (and, if refused, computed again when the template runs).
    """
    budget = _CURRENT.get()
    if budget is None:
        if size > limits.MAX_TEMPLATE_BUILD:
            raise too_much(size, what, limits.MAX_TEMPLATE_BUILD)
        return
    budget.charge(size, what)


def left() -> int:
    """Return what the current render may still build (the whole limit outside a render)."""
    budget = _CURRENT.get()
    return budget.left() if budget is not None else limits.MAX_TEMPLATE_BUILD


@contextmanager
def building(limit: int = limits.MAX_TEMPLATE_BUILD) -> Iterator[Budget]:
    """Give what runs inside one budget of ``limit`` characters."""
    budget = Budget(limit)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


_VM_DATA = re.compile(r"VmData:\s+(\d+) kB")


def _data_size() -> int | None:
    """Return this process's data segment in bytes (Linux), or ``None`` where it is unknown."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            found = _VM_DATA.search(status.read())
    except OSError:
        return None
    return int(found.group(1)) * 1024 if found else None


@contextmanager
def memory_limit(extra: int = limits.MAX_TEMPLATE_MEMORY) -> Iterator[None]:
    """Let what runs inside grow this process's data by at most ``extra`` bytes (Linux).

    The soft ``RLIMIT_DATA`` is lowered for the duration and put back after; an
    allocation past it fails with ``MemoryError`` rather than taking the machine's
    memory. Where the data size or the limit cannot be read or set, nothing is bounded
    here (the budget still is).
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        yield
        return
    used = _data_size()
    if used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = used + extra
    for bound in (soft, hard):
        if bound != resource.RLIM_INFINITY:
            wanted = min(wanted, bound)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
    except (ValueError, OSError):  # pragma: no cover - a limit the system will not take
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
