"""The sections of the report workbooks: each displays tables and charts in the kernel.

A workbook cell calls one section, so a failure names the section's cell. Tables go
through pandas' ``to_html`` (which escapes) or :func:`escape`; nothing participants
typed ever reaches the page as Markdown or raw HTML. Charts are matplotlib figures
displayed as PNG, so nbconvert embeds them in the HTML.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from html import escape
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Image, display

from mentorkit.domain.programs import Program
from mentorkit.errors import MentorkitError
from mentorkit.figures_html import number, percent
from mentorkit.figures_html import stats as stats_html
from mentorkit.folder import ProgramFolder
from mentorkit.matching import MatchStatus
from mentorkit.reports import figures as f
from mentorkit.services.health import pair_health
from mentorkit.store import Store

ACCENT = "#1f6f5c"
SOFT = "#9cc9bb"
MUTED = "#5b6675"


def show(html: str) -> None:
    display(HTML(html))


def heading(text: str, level: int = 2) -> None:
    show(f"<h{level}>{escape(text)}</h{level}>")


def table(frame: pd.DataFrame, note: str = "", index: bool = True) -> None:
    html = frame.to_html(classes="mk-table", border=0, index=index, escape=True,
                         na_rep="—", float_format=lambda v: f"{v:,.1f}")  # fmt: skip
    if note:
        html += f"<p class='mk-note'>{escape(note)}</p>"
    show(html)


def stats(items: list[tuple[str, str]]) -> None:
    show(stats_html(items))


def figure(width: float = 7, height: float = 2.8):
    """A chart to draw on; no window and no global pyplot state, whatever the backend."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    ax = fig.subplots()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def show_figure(fig) -> None:
    """The chart as a PNG output, which nbconvert embeds in the HTML."""
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    display(Image(data=buffer.getvalue(), format="png"))


@dataclass
class CohortReport:
    """Everything one cohort's report shows, read once from the store."""

    program: Program
    cohort: str
    period: f.Period
    people: pd.DataFrame
    pairs: pd.DataFrame
    store: Store

    @classmethod
    def open(
        cls,
        program: ProgramFolder | str | Path | None,
        cohort: str | None,
        period: str | None = None,
        today: date | str | None = None,
    ) -> CohortReport:
        folder = ProgramFolder.resolve(program)
        store = folder.open_store()
        names = store.cohort_names()
        if not cohort:
            if len(names) != 1:
                raise MentorkitError(
                    f"Say which cohort to report on: one of {', '.join(names)}."
                )
            cohort = names[0]
        store.cohort(cohort)  # a clear error for an unknown cohort
        today = date.fromisoformat(today) if isinstance(today, str) else today
        window = f.Period.parse(period, today)
        return cls(
            store.program(),
            cohort,
            window,
            f.people(store, cohort),
            f.pair_table(store, cohort, window),
            store,
        )

    @property
    def minimum(self) -> int:
        return self.program.min_report_group

    # Figures two sections show, computed once.
    @cached_property
    def matched(self) -> f.Matching:
        return f.matching(self.store, self.cohort, self.people, self.period.end)

    @cached_property
    def monthly(self) -> pd.DataFrame:
        return f.meetings_by_month(self.store, self.cohort, self.period)

    @cached_property
    def goal_figures(self) -> dict[str, float]:
        return f.goals_summary(self.store, self.cohort, self.period.end)

    def header(self) -> None:
        show(
            f"<div class='mk-eyebrow'>{escape(self.program.name)}</div>"
            f"<h1>Cohort report: {escape(self.cohort)}</h1>"
            f"<p class='mk-lede'>From {escape(str(self.period))}. Totals only: no "
            "reflection is quoted and no group smaller than "
            f"{self.minimum} people is shown.</p>"
        )

    def participation(self) -> None:
        heading("Participation")
        counts = f.participation(self.people)
        ratio = f.mentees_per_mentor(counts)
        stats(
            [
                ("mentors joined", str(counts.loc["Mentors", "joined"])),
                ("mentees joined", str(counts.loc["Mentees", "joined"])),
                ("mentees per mentor", number(ratio)),
            ]
        )
        table(counts.rename(columns=str.capitalize))
        fig, ax = figure(height=2.2)
        y = range(len(counts))
        ax.barh(y, counts["invited"], color="#e4e8ec", label="invited")
        ax.barh(y, counts["joined"], color=SOFT, label="joined")
        ax.barh(y, counts["matched"], color=ACCENT, label="matched")
        ax.set_yticks(list(y), counts.index)
        ax.legend(frameon=False, ncols=3, loc="lower right", fontsize=8)
        ax.set_title("Invited, joined and matched", loc="left", fontsize=10)
        show_figure(fig)

    def matching(self) -> None:
        heading("Matching")
        result = self.matched
        stats(
            [
                ("pairs meeting", str(result.pairs)),
                ("of mentees matched", percent(result.match_rate)),
                ("pairs closed without blame", str(result.closed)),
            ]
        )
        if result.unmatched.empty:
            show("<p>Every mentee who joined has a partner.</p>")
            return
        hidden = f.suppress_small(result.unmatched, "mentees", self.minimum)
        unmatched = int(result.unmatched["mentees"].sum())
        show(f"<p>{unmatched} mentees who joined have no partner yet.</p>")
        if hidden.table.empty:
            show(
                "<p class='mk-note'>Why is not shown: each reason concerns fewer than "
                f"{self.minimum} people.</p>"
            )
            return
        show("<p>Why:</p>")
        table(hidden.table, hidden.note, index=False)

    def meetings(self) -> None:
        heading("Meetings and cadence")
        rule = self.program.cadence
        pairs = self.pairs
        stats(
            [
                ("meetings", str(int(pairs["meetings"].sum()))),
                ("hours together", number(float(pairs["hours"].sum()), ".0f")),
                ("of cadence periods with a meeting", percent(pairs["cadence"].mean())),
            ]
        )
        show(
            f"<p>The program asks pairs to meet every {rule.every_days} days for "
            f"{rule.minutes} minutes during their first {rule.intensive_months} "
            "months.</p>"
        )
        table(f.cadence_summary(pairs))
        monthly = self.monthly
        if monthly.empty:
            show("<p>No meetings in this period yet.</p>")
            return
        fig, ax = figure()
        labels = [str(m) for m in monthly.index]
        ax.bar(labels, monthly["meetings"], color=ACCENT)
        ax.set_ylabel("meetings")
        ax.set_title("Meetings per month", loc="left", fontsize=10)
        show_figure(fig)

    def goals(self) -> None:
        heading("Goals and milestones")
        summary = self.goal_figures
        stats(
            [
                ("goals set", str(summary["goals"])),
                ("achieved", str(summary["achieved"])),
                ("mean progress", number(summary["mean_progress"], ".0f") + "%"),
                (
                    "milestones met",
                    f"{summary['milestones_met']} of {summary['milestones']}",
                ),
                ("past their date, not achieved", str(summary["overdue"])),
            ]
        )
        progress = self.pairs["goal_progress"].dropna()
        if progress.empty:
            return
        fig, ax = figure(height=2.4)
        ax.hist(progress, bins=[0, 20, 40, 60, 80, 100.1], color=ACCENT, rwidth=0.9)
        ax.set_xlabel("mean goal progress of a pair, %")
        ax.set_ylabel("pairs")
        ax.set_title("How far pairs' goals have come", loc="left", fontsize=10)
        show_figure(fig)

    def pulse(self) -> None:
        heading("How the relationships feel")
        monthly = self.monthly
        latest = self.pairs["pulse"].dropna()
        stats(
            [
                ("latest pulse, mean of pairs (1-5)", number(latest.mean())),
                ("reflections written", str(int(monthly["reflections"].sum()))),
            ]
        )
        rated = monthly.dropna(subset=["pulse"])
        rated = rated[rated["reflections"] >= self.minimum]
        if rated.empty:
            show(
                f"<p class='mk-note'>Months with fewer than {self.minimum} ratings are "
                "not shown.</p>"
            )
            return
        fig, ax = figure(height=2.4)
        labels = [str(m) for m in rated.index]
        ax.plot(labels, rated["pulse"], marker="o", color=ACCENT)
        ax.set_ylim(1, 5)
        ax.set_ylabel("pulse (1-5)")
        ax.set_title("Pulse of the relationships, by month", loc="left", fontsize=10)
        show_figure(fig)
        if len(rated) < len(monthly.dropna(subset=["pulse"])):
            show(
                f"<p class='mk-note'>Months with fewer than {self.minimum} ratings are "
                "not shown.</p>"
            )

    def risk(self) -> None:
        heading("Pairs at risk")
        at_risk = int(self.pairs["at_risk"].sum())
        stats([("pairs at risk", str(at_risk)), ("pairs", str(len(self.pairs)))])
        if at_risk:
            table(f.risk_summary(self.pairs), "A pair may be at risk for several reasons.")
        show(
            "<p class='mk-note'>Which pairs, and why, is in the program-health workbook, "
            "for facilitators only.</p>"
        )

    def groups(self) -> None:
        heading("By department")
        hidden = f.by_department(self.people, self.pairs, self.minimum)
        if hidden.table.empty:
            show(f"<p class='mk-note'>{escape(hidden.note or 'No departments.')}</p>")
            return
        table(hidden.table.rename(columns=str.capitalize), hidden.note)

    def objectives(self) -> None:
        heading("The program's objectives")
        if not self.program.objectives:
            show("<p>The program has no objectives written down yet.</p>")
            return
        summary, result = self.goal_figures, self.matched
        share = f.cross_department_share(self.store, self.cohort, self.pairs)
        measures = {
            "cadence": ("cadence periods with a meeting",
                        percent(self.pairs["cadence"].mean())),
            "cross_department": ("pairs across two departments", percent(share)),
            "goals": ("mean goal progress; milestones met",
                      f"{number(summary['mean_progress'], '.0f')}%; "
                      f"{summary['milestones_met']} of {summary['milestones']}"),
            "pulse": ("latest pulse, mean (1-5)", number(self.pairs["pulse"].mean())),
            "match_rate": ("mentees matched", percent(result.match_rate)),
        }  # fmt: skip
        table(f.objective_measures(self.program.objectives, measures), index=False)

    def close(self) -> None:
        self.store.close()


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
            self.store, self.match.cohort, today=self.period.end, match_id=self.match_id
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
