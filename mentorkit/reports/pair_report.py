"""One pair's progress sheet: its goals and milestones, its meetings and cadence,
for the pair (no reflection text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from mentorkit.domain.programs import Program
from mentorkit.errors import MentorkitError
from mentorkit.figures_html import number, percent
from mentorkit.folder import ProgramFolder
from mentorkit.matching import MatchStatus
from mentorkit.reports import figures as f
from mentorkit.reports._display import (
    ACCENT,
    figure,
    heading,
    show,
    show_figure,
    stats,
    table,
)
from mentorkit.services.health import pair_health
from mentorkit.store import Store


@dataclass
class PairReport:
    """One pair's progress sheet: goals, milestones, meetings and cadence.

    It names the pair and shows what the two of them set and did; no reflection
    text, no pulse ratings, no contact details.
    """

    program: Program
    match_id: int
    names: tuple[str, str]  # mentor, mentee
    period: f.Period
    store: Store

    @classmethod
    def open(
        cls,
        program: ProgramFolder | str | Path | None,
        pair: int | str | None,
        period: str | None = None,
        today: date | str | None = None,
    ) -> PairReport:
        store = ProgramFolder.resolve(program).open_store()
        if pair is None:  # trying the workbook by hand: the program's first pair
            matches = store.matches()
            published = matches[matches["status"].astype(str) == MatchStatus.PUBLISHED]
            if published.empty:
                raise MentorkitError("The program has no pairs yet: run matching first.")
            pair = int(published["id"].iloc[0])
        if not str(pair).strip().isdigit():
            raise MentorkitError(f"pair must be a pair's number, not {pair!r}")
        match = store.match(int(pair))
        today = date.fromisoformat(today) if isinstance(today, str) else today
        names = (store.participant(match.mentor_id).name,
                 store.participant(match.mentee_id).name)  # fmt: skip
        return cls(store.program(), int(pair), names, f.Period.parse(period, today), store)

    @property
    def match(self):
        return self.store.match(self.match_id)

    def header(self) -> None:
        match = self.match
        mentor, mentee = self.names
        started = f"{match.created_at:%d %B %Y}" if match.created_at else "—"
        show(
            f"<div class='mk-eyebrow'>{escape(self.program.name)} · "
            f"{escape(match.cohort)}</div>"
            f"<h1>Progress of {escape(mentor)} &amp; {escape(mentee)}</h1>"
            f"<p class='mk-lede'>Mentor {escape(mentor)}, mentee {escape(mentee)}; "
            f"paired on {started}. As of {self.period.end:%d %B %Y}.</p>"
        )
        try:
            agreement = self.store.agreement(self.match_id)
        except MentorkitError:
            agreement = None
        if agreement is not None and agreement.signed:
            signed = max(agreement.mentor_signed_at, agreement.mentee_signed_at)
            terms = agreement.terms
            show(
                f"<p>Agreement signed on {signed:%d %B %Y}: meet every "
                f"{terms.meeting_every_days} days for {terms.meeting_minutes} minutes, "
                f"for {terms.duration_months} months.</p>"
            )
        else:
            show("<p>The agreement is not signed by both yet.</p>")

    def meetings(self) -> None:
        heading("Meetings and cadence")
        row = pair_health(
            self.store,
            self.match.cohort,
            today=self.period.end,
            match_id=self.match_id,
            completed=True,
        )
        meetings = [
            m for m in self.store.meetings(self.match_id)
            if m.held_on <= self.period.end
            and (self.period.start is None or m.held_on >= self.period.start)
        ]  # fmt: skip
        if not row.empty:
            r = row.iloc[0]
            stats(
                [
                    ("meetings", str(r["meetings"])),
                    ("hours", number(r["hours"])),
                    ("cadence periods with a meeting", percent(r["cadence"])),
                    ("days since the last meeting", str(r["days_since"])),
                ]
            )
        if not meetings:
            show("<p>No meetings logged yet.</p>")
            return
        table(
            pd.DataFrame(
                {
                    "Date": [f"{m.held_on:%d %b %Y}" for m in meetings],
                    "Minutes": [m.minutes for m in meetings],
                    "How": [str(m.channel).replace("_", " ") for m in meetings],
                    "Topics": [", ".join(m.topics) for m in meetings],
                }
            ),
            index=False,
        )
        fig, ax = figure(height=2.2)
        days = [m.held_on for m in meetings]
        ax.bar(days, [m.minutes for m in meetings], width=4, color=ACCENT)
        ax.set_ylabel("minutes")
        ax.set_title("Meetings", loc="left", fontsize=10)
        fig.autofmt_xdate()
        show_figure(fig)

    def goals(self) -> None:
        heading("Goals and milestones")
        goals = self.store.goals(self.match.mentee_id, match_id=self.match_id)
        if not goals:
            show("<p>No goals written yet.</p>")
            return
        for goal in goals:
            due = f"{goal.due_date:%d %B %Y}" if goal.due_date else "no date yet"
            show(
                f"<h3>{escape(goal.text)}</h3>"
                f"<p>{goal.progress}% of the way · {escape(goal.status.value)} · "
                f"due {due}</p>"
            )
            facts = pd.DataFrame(
                {"": ["Measure", "From", "To", "Strategies"],
                 " ": [goal.measure, goal.baseline, goal.target, goal.strategies]}
            )  # fmt: skip
            table(facts[facts[" "] != ""], index=False)
            if goal.milestones:
                table(
                    pd.DataFrame(
                        {
                            "Milestone": [m.description for m in goal.milestones],
                            "Due": [
                                f"{m.due_date:%d %b %Y}" if m.due_date else "—"
                                for m in goal.milestones
                            ],
                            "Done": [
                                f"{m.done_on:%d %b %Y}" if m.done_on else "not yet"
                                for m in goal.milestones
                            ],
                        }
                    ),
                    index=False,
                )
        fig, ax = figure(height=0.6 + 0.45 * len(goals))
        labels = [g.text if len(g.text) < 40 else g.text[:37] + "..." for g in goals]
        ax.barh(range(len(goals)), [100] * len(goals), color="#e4e8ec")
        ax.barh(range(len(goals)), [g.progress for g in goals], color=ACCENT)
        ax.set_yticks(range(len(goals)), labels, fontsize=8)
        ax.set_xlim(0, 100)
        ax.set_xlabel("progress, %")
        show_figure(fig)

    def close(self) -> None:
        self.store.close()
