"""Program health for facilitators: the pairs at risk and why, every pair's numbers,
and the no-fault close of a pair.

What a facilitator sees of reflections is that they exist and their pulse ratings;
the table is built from :func:`mentorkit.services.health.pair_health`, which never reads a
reflection's text. CSS classes for tests: ``mk-health``, ``mk-at-risk``,
``mk-health-table``, ``mk-close-pair``, ``mk-closed-pairs``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

import ipywidgets as w
import pandas as pd

from mentorkit.errors import MentorkitError
from mentorkit.figures_html import number, percent
from mentorkit.figures_html import stats as stats_html
from mentorkit.widgets._goals import field
from mentorkit.widgets._page import notice_html
from mentorkit.widgets._shared import PLAIN, WIDE, make


def _pulses(values: list[float]) -> str:
    return " · ".join(f"{v:g}" for v in values[-6:]) or "—"


def health_html(table: pd.DataFrame) -> tuple[str, str, str]:
    """(headline figures, the at-risk list, every pair) as HTML, all of it escaped."""
    risky = table[table["at_risk"]]
    cadence = table["cadence"].dropna()
    pulse = table["pulse"].dropna()
    figures = stats_html(
        [
            ("pairs", len(table)),
            ("at risk", len(risky)),
            ("of cadence periods with a meeting",
             percent(cadence.mean() if len(cadence) else math.nan)),
            ("latest pulse", number(pulse.mean() if len(pulse) else math.nan)),
        ]
    )  # fmt: skip
    if risky.empty:
        at_risk = "<p>No pair is at risk.</p>"
    else:
        items = "".join(
            f"<li><b>{escape(f'{r.mentor} & {r.mentee}')}</b>: {escape(r.reasons)}</li>"
            for r in risky.itertuples()
        )
        at_risk = f"<ul class='mk-risk-list'>{items}</ul>"
    rows = []
    for r in table.itertuples():
        last = f"{r.last_met:%d %b}" if r.last_met else "never"
        rows.append(
            "<tr"
            + (" class='mk-risky'" if r.at_risk else "")
            + ">"
            + "".join(
                f"<td>{escape(str(v))}</td>"
                for v in (
                    f"{r.mentor} & {r.mentee}",
                    r.meetings,
                    r.hours,
                    last,
                    r.days_since,
                    percent(r.cadence),
                    r.overdue_actions,
                    f"{r.reflections} of {2 * r.meetings}",
                    _pulses(r.pulses),
                    number(r.goal_progress, ".0f", "%"),
                    f"{r.milestones_met}/{r.milestones}",
                    "yes" if r.agreement_signed else "no",
                )
            )
            + "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "Pair",
            "Meetings",
            "Hours",
            "Last met",
            "Days since",
            "On cadence",
            "Actions past due",
            "Reflections written",
            "Pulse (latest last)",
            "Goal progress",
            "Milestones",
            "Agreement signed",
        )
    )
    every = (
        f"<div class='mk-scroll'><table class='mk-table'><tr>{head}</tr>"
        f"{''.join(rows)}</table></div>"
    )
    return figures, at_risk, every


class HealthBoard(w.VBox):
    """A cohort's pairs: figures, the at-risk list, the table, and closing a pair."""

    def __init__(
        self,
        load: Callable[[], tuple[pd.DataFrame, pd.DataFrame]],
        close: Callable[[int, str], str],
    ):
        self.load, self.close_pair = load, close
        self.stats = make(w.HTML)
        self.at_risk = make(w.HTML)
        self.at_risk.add_class("mk-at-risk")
        self.table = make(w.HTML)
        self.table.add_class("mk-health-table")
        self.closed = make(w.HTML)
        self.closed.add_class("mk-closed-pairs")
        self.pair = make(w.Dropdown, options=[], layout=WIDE)
        self.reason = make(
            w.Text, placeholder="e.g. schedules no longer fit; no blame", layout=WIDE
        )
        button = make(w.Button, description="Close this pair", button_style="warning")
        button.add_class("mk-close-pair")
        button.on_click(lambda _b: self._close())
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        super().__init__(
            [
                self.stats,
                make(w.HTML, "<h2>At risk</h2>"),
                self.at_risk,
                make(w.HTML, "<h2>Every pair</h2>"),
                self.table,
                make(
                    w.HTML,
                    "<h2>Close a pair, without blame</h2><p class='mk-hint'>The pair's "
                    "agreement, goals, meetings and reflections are kept. Each side "
                    "becomes free to be matched again; the next matching run can "
                    "propose a new partner for the mentee.</p>",
                ),
                field("close-pair", "Pair", self.pair),
                field("close-reason", "Reason (kept with the pair's record)", self.reason),
                button,
                self.message,
                make(w.HTML, "<h2>Closed pairs</h2>"),
                self.closed,
            ],
            layout=PLAIN,
        )
        self.add_class("mk-health")
        self.refresh()

    def refresh(self) -> None:
        table, closed = self.load()
        self.stats.value, self.at_risk.value, self.table.value = health_html(table)
        chosen = self.pair.value
        self.pair.options = [
            (f"{r.mentor} & {r.mentee}" + (" (at risk)" if r.at_risk else ""), r.match_id)
            for r in table.itertuples()
        ]
        ids = list(table["match_id"])
        self.pair.value = chosen if chosen in ids else (ids[0] if ids else None)
        if closed.empty:
            self.closed.value = "<p>None.</p>"
        else:
            self.closed.value = closed.to_html(classes="mk-table", border=0, index=False)

    def _close(self) -> None:
        try:
            if self.pair.value is None:
                raise MentorkitError("Choose the pair to close.")
            said = self.close_pair(self.pair.value, self.reason.value)
        except MentorkitError as exc:
            self.message.value = notice_html(str(exc), kind="error")
            return
        self.reason.value = ""
        self.message.value = notice_html(said)
        self.refresh()
