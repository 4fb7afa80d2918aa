"""Small pieces of HTML that the widgets and the reports both show: a headline figure,
a number or a share that may be missing. Everything shown is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, spec: str = ".1f", suffix: str = "") -> str:
    """``value`` formatted with ``spec``, or a dash when there is none."""
    return "—" if missing(value) else f"{value:{spec}}{suffix}"


def percent(value: float | None) -> str:
    """A share (0.25) as a percentage (25%), or a dash when there is none."""
    return "—" if missing(value) else f"{value:.0%}"


def stat(value: object, label: str) -> str:
    """One headline figure with its label."""
    return (
        f"<div class='mk-stat'><b>{escape(str(value))}</b>"
        f"<span>{escape(label)}</span></div>"
    )


def stats(items: Iterable[tuple[str, object]]) -> str:
    """Headline figures side by side, from (label, value) pairs."""
    return "<div class='mk-stats'>" + "".join(stat(v, k) for k, v in items) + "</div>"


def heading(column: str) -> str:
    """A column's name as a table header reads: ``match_rate`` -> "Match rate"."""
    words = column.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def table_box(table: str, name: str) -> str:
    """A table in a box of its own, which scrolls (both ways) rather than hide columns;
    its header row stays in view (CSS ``mk-table-box``). The box takes the keyboard
    focus, so it scrolls without a mouse, and ``name`` names it for screen readers."""
    return (
        f"<div class='mk-table-box' tabindex='0' role='region' "
        f"aria-label='{escape(name, quote=True)}'>{table}</div>"
    )
