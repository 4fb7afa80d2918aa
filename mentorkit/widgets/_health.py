"""Program health for facilitators: the pairs at risk and why, every pair's numbers,
and the no-fault close of a pair.

What a facilitator sees of reflections is that they exist and their pulse ratings;
the table is built from :func:`mentorkit.services.health.pair_health`, which never reads a
reflection's text. CSS classes for tests: ``mk-health``, ``mk-at-risk``,
``mk-health-table``, ``mk-close-pair``, ``mk-confirm-close``, ``mk-cancel-close``,
``mk-closed-pairs``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

import ipywidgets as w
import pandas as pd

from mentorkit.errors import InvalidRecord, MentorkitError
from mentorkit.figures_html import number, percent, table_box
from mentorkit.figures_html import stats as stats_html
from mentorkit.services.health import Closing
from mentorkit.widgets._page import notice_html
from mentorkit.widgets._picker import Picker
from mentorkit.widgets._shared import HIDDEN, PLAIN, WIDE, field, make


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
    every = table_box(
        f"<table class='mk-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>",
        "Every pair",
    )
    return figures, at_risk, every


CLOSE_LABELS = {"close_reason": "Reason", "status": "Pair"}


def closing_question(closing: Closing) -> str:
    """What a facilitator confirms before a pair ends, true to what closing does: no
    message goes out; a side with no other pair reads on its agreement and reflection
    pages that the pair ended, without blame; a side with other pairs keeps them."""
    mentee, mentor = closing.mentee.name, closing.mentor.name
    sides = ((mentee, closing.mentee_keeps), (mentor, closing.mentor_keeps))
    told = [name for name, keeps in sides if not keeps]
    kept = "; ".join(
        f"{name} keeps {n} other pair{'s' if n > 1 else ''}, and this one leaves "
        "their pages"
        for name, n in sides
        if n
    )
    ended = "that the pair ended, without blame"
    if len(told) == 2:
        seen = f"Both will read on their agreement and reflection pages {ended}."
    elif told:
        seen = (
            f"{told[0]} will read on their agreement and reflection pages {ended}; {kept}."
        )
    else:
        seen = f"{kept[0].upper()}{kept[1:]}."
    return (
        f"Close the pair of {mentee} and {mentor}? {seen} mentorkit sends them no "
        "message, so tell them yourself. Their agreement, goals, meetings and "
        f"reflections are kept, with the reason “{closing.reason}”."
    )


class HealthBoard(w.VBox):
    """A cohort's pairs: figures, the at-risk list, the table, and closing a pair.

    Closing asks first: ``ask(match_id, reason)`` checks the close and names the pair,
    the question shows beside the button, and only "Yes, close this pair" calls
    ``close(match_id, reason)``. Choosing another pair or editing the reason withdraws
    the question.
    """

    def __init__(
        self,
        load: Callable[[], tuple[pd.DataFrame, pd.DataFrame]],
        ask: Callable[[int, str], Closing],
        close: Callable[[int, str], str],
    ):
        self.load, self.ask, self.close_pair = load, ask, close
        self.pending: Closing | None = None
        self.stats = make(w.HTML)
        self.at_risk = make(w.HTML)
        self.at_risk.add_class("mk-at-risk")
        self.table = make(w.HTML)
        self.table.add_class("mk-health-table")
        self.table.add_class("mk-holds-table")
        self.closed = make(w.HTML)
        self.closed.add_class("mk-closed-pairs")
        self.closed.add_class("mk-holds-table")
        self.picker = Picker("Choose a pair", layout=WIDE)
        self.pair = self.picker.choice
        self.reason = make(
            w.Text, placeholder="e.g. schedules no longer fit; no blame", layout=WIDE
        )
        self.close_button = make(
            w.Button, description="Close this pair", button_style="warning"
        )
        self.close_button.add_class("mk-close-pair")
        self.confirm_button = make(
            w.Button, description="Yes, close this pair", button_style="danger",
            layout=HIDDEN,
        )  # fmt: skip
        self.confirm_button.add_class("mk-confirm-close")
        self.cancel_button = make(w.Button, description="Cancel", layout=HIDDEN)
        self.cancel_button.add_class("mk-cancel-close")
        self.close_button.on_click(lambda _b: self._ask())
        self.confirm_button.on_click(lambda _b: self._confirm())
        self.cancel_button.on_click(lambda _b: self._withdraw("Not closed."))
        self.picker.on_pick(lambda _value: self._withdraw())
        self.reason.observe(lambda _change: self._withdraw(), "value")
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        buttons = make(w.HBox, [self.close_button, self.confirm_button, self.cancel_button])
        buttons.add_class("mk-button-row")
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
                field("close-pair-search", "Find a pair by name", self.picker.search),
                field("close-pair", "Pair", self.pair),
                field("close-reason", "Reason (kept with the pair's record)", self.reason),
                buttons,
                self.message,
                make(w.HTML, "<h2>Ended pairs</h2>"),
                self.closed,
            ],
            layout=PLAIN,
        )
        self.add_class("mk-health")
        self.refresh()

    def refresh(self) -> None:
        table, closed = self.load()
        self.stats.value, self.at_risk.value, self.table.value = health_html(table)
        self.picker.offer(
            (f"{r.mentor} & {r.mentee}" + (" (at risk)" if r.at_risk else ""), r.match_id)
            for r in table.itertuples()
        )
        if closed.empty:
            self.closed.value = "<p>None.</p>"
        else:
            self.closed.value = table_box(
                closed.to_html(classes="mk-table", border=0, index=False), "Ended pairs"
            )

    def _say(self, text: str, kind: str = "info") -> None:
        self.message.value = notice_html(text, kind=kind) if text else ""

    def _ask(self) -> None:
        self._withdraw()
        if self.pair.value is None:
            self._say("Not closed: choose the pair to close in the list above.", "error")
            return
        try:
            closing = self.ask(self.pair.value, self.reason.value)
        except InvalidRecord as exc:
            said = "; ".join(
                f"{CLOSE_LABELS.get(p.field, p.field)}: {p.message}" for p in exc.problems
            )
            self._say(f"Not closed. {said}.", "error")
            return
        except MentorkitError as exc:
            self._say(str(exc), "error")
            return
        self.pending = closing
        self._say(closing_question(closing), "confirm")
        self.confirm_button.layout = self.cancel_button.layout = PLAIN

    def _withdraw(self, text: str = "") -> None:
        """Take back the question (if one is asked), saying ``text``."""
        if self.pending is None and not text:
            return
        self.pending = None
        self.confirm_button.layout = self.cancel_button.layout = HIDDEN
        self._say(text)

    def _confirm(self) -> None:
        closing = self.pending
        if closing is None or closing.match.id != self.pair.value:
            self._withdraw()
            self._say("Nothing to confirm: click “Close this pair” first.", "error")
            return
        try:
            said = self.close_pair(closing.match.id, closing.reason)
        except MentorkitError as exc:
            self._withdraw()
            self._say(str(exc), "error")
            return
        self._withdraw()
        self.reason.value = ""
        self.refresh()
        self._say(said)
