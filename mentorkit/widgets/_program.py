"""A program's facts as a participant or facilitator reads them."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from mentorkit.domain.programs import Program
from mentorkit.domain.records import long_date


def _facts(rows: list[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f'<dl class="mk-facts">{items}</dl>'


class ProgramCard(w.HTML):
    """Dates, format, meeting rhythm and objectives of a program."""

    def __init__(self, program: Program, **kwargs):
        cadence = program.cadence
        rhythm = (
            f"about every {cadence.every_days} days, {cadence.minutes} minutes, "
            f"for the first {cadence.intensive_months} months; then as you need"
        )
        rows = [
            ("Runs", f"{long_date(program.start_date)} to {long_date(program.end_date)}"),
            ("Format", program.format.value.replace("_", "-")),
            ("Meetings", rhythm),
        ]
        objectives = "".join(f"<li>{escape(o)}</li>" for o in program.objectives)
        html = _facts(rows) + (
            f"<h2>What the program aims for</h2><ul>{objectives}</ul>" if objectives else ""
        )
        super().__init__(value=html, **kwargs)
        self.add_class("mk-program")
