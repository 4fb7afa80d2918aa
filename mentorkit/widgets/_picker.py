"""Choosing one person or pair among many: listed by name, narrowed by a search box.

A dropdown keeps the value (a participant or pair id) on the server; the browser only
sends the index of one of the options on offer, so nobody can be chosen who is not
listed. Typing in the search box narrows the list to the names that contain every
word typed; the current choice stays listed, so searching never drops it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

import ipywidgets as w

from mentorkit.widgets._shared import make


def by_name(options: Iterable[tuple[str, Hashable]]) -> list[tuple[str, Hashable]]:
    """(label, value) options sorted by label, ignoring case; a label that two options
    share is told apart by its value."""
    options = list(options)
    counts: dict[str, int] = {}
    for label, _ in options:
        counts[label.casefold()] = counts.get(label.casefold(), 0) + 1
    named = [
        (f"{label} ({value})" if counts[label.casefold()] > 1 else label, value)
        for label, value in options
    ]
    return sorted(named, key=lambda option: (option[0].casefold(), str(option[1])))


class Picker:
    """A search box and a dropdown of (label, value) options, sorted by label.

    With a ``prompt`` the dropdown starts on it (value None) and offers it first, so
    nothing is chosen until someone chooses; without one it starts on the first
    option. The caller places ``search`` and ``choice``, each with its label, and
    hears of a new choice through :meth:`on_pick` (narrowing the list is not one).
    """

    def __init__(
        self,
        prompt: str | None = None,
        search: dict[str, Any] | None = None,
        **choice: Any,
    ):
        self.prompt = prompt
        self.search = make(
            w.Text, **({"placeholder": "Type part of a name"} | (search or {}))
        )
        self.choice = make(w.Dropdown, options=[], **choice)
        self._all: list[tuple[str, Hashable]] = []
        self._heard: list[Callable[[Hashable | None], None]] = []
        self._narrowing = False
        self.search.observe(lambda _change: self._narrow(), "value")
        self.choice.observe(self._picked, "value")

    @property
    def value(self) -> Hashable | None:
        return self.choice.value

    def on_pick(self, callback: Callable[[Hashable | None], None]) -> None:
        """Call ``callback(value)`` whenever the choice changes."""
        self._heard.append(callback)

    def offer(self, options: Iterable[tuple[str, Hashable]]) -> None:
        """List ``options``; the current choice stays chosen if it is still offered."""
        self._all = by_name(options)
        self._narrow()

    def _picked(self, change) -> None:
        if not self._narrowing:
            for callback in self._heard:
                callback(change["new"])

    def _narrow(self) -> None:
        words = self.search.value.casefold().split()
        current = self.choice.value
        found = [
            value
            for label, value in self._all
            if all(word in label.casefold() for word in words)
        ]
        shown = [(label, v) for label, v in self._all if v in found or v == current]
        if self.prompt is not None:
            head = f"{self.prompt} ({len(found)} of {len(self._all)} match)"
            shown = [(head if words else self.prompt, None), *shown]
        if shown == list(self.choice.options):
            return
        values = [value for _, value in shown]
        keep = current if current in values else (values[0] if values else None)
        # Changing the options resets the choice; it is set back before anyone hears.
        self._narrowing = True
        try:
            self.choice.options = shown
            self.choice.value = keep
        finally:
            self._narrowing = False
        if keep != current:
            self._picked({"new": keep})
