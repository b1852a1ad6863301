"""Pausing Python's cyclic garbage collector while a stage builds a large report.

The stages build hundreds of thousands of small immutable objects (cells, facts, contexts) and hold
on to them. CPython runs a full collection each time the heap has grown by a quarter, and each one
walks every object built so far, although none of them can be part of a reference cycle: at
100,000 facts that was half the build time. Memory is still freed as soon as it is unreferenced
(reference counting does not depend on the collector).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic garbage collector for the block; nested blocks and a collector already
    disabled by the caller are left as they were."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run ``function`` inside ``paused_gc()``."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return function(*args, **kwargs)

    return wrapper
