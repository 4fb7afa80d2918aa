"""How a service is called: with the store, or with the program folder.

Every service function takes the store first. The command line and the tests hand
it an open store; widgets hand it the program folder, and the store is then opened
for this one call and closed after it (one unit of work), so that a page never holds
a connection, nor touches the store itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from mentorkit.folder import ProgramFolder
from mentorkit.store import Store

P = ParamSpec("P")
T = TypeVar("T")


def with_store(
    function: Callable[Concatenate[Store, P], T],
) -> Callable[Concatenate[Store | ProgramFolder, P], T]:
    """Let ``function(store, ...)`` be called with a program folder instead."""

    @functools.wraps(function)
    def call(where: Store | ProgramFolder, *args: P.args, **kwargs: P.kwargs) -> T:
        if isinstance(where, ProgramFolder):
            with where.open_store() as store:
                return function(store, *args, **kwargs)
        return function(where, *args, **kwargs)

    return call
