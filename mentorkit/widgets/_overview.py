"""A cohort at a glance: counts, seats against demand, and the skills balance."""

from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from mentorkit.figures_html import stat
from mentorkit.services.overview import CohortSummary


def _table(frame: pd.DataFrame, *, index: bool = True, rows: int = 12) -> str:
    return frame.head(rows).to_html(classes="mk-table", border=0, index=index, escape=True)


class CohortOverview(w.VBox):
    """Who is in a cohort, with seats versus mentees and skills sought versus offered."""

    def __init__(self, name: str, summary: CohortSummary, **kwargs):
        stats = w.HTML(
            f"<h2>{escape(name)}</h2><div class='mk-stats'>"
            + stat(summary.mentors, "mentors")
            + stat(summary.mentees, "mentees")
            + stat(summary.mentor_seats, "mentor seats")
            + (
                stat(summary.seats_left, "seats to spare")
                if summary.seats_left >= 0
                else stat(-summary.seats_left, "mentees more than seats")
            )
            + "</div>"
        )
        tabs = w.Tab(
            children=[
                w.HTML(
                    _table(summary.skills, index=False)
                    + "<p>Gap: mentees seeking the skill minus mentors offering it.</p>"
                ),
                w.HTML(_table(summary.by_department)),
                w.HTML(_table(summary.by_seniority)),
                w.HTML(_table(summary.by_timezone)),
            ]
        )
        for i, title in enumerate(["Skills", "Departments", "Levels", "Time zones"]):
            tabs.set_title(i, title)
        super().__init__(children=(stats, tabs), **kwargs)
        self.add_class("mk-overview")
