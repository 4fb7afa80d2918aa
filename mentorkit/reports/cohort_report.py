"""One cohort's report: participation, matching and why mentees are unmatched,
meetings and cadence, goals, the pulse by month, how relationships ended, pairs at
risk, the program's objectives and a breakdown by department. Totals only; small
groups hidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from html import escape
from pathlib import Path

import pandas as pd

from mentorkit.domain.programs import Program
from mentorkit.errors import MentorkitError
from mentorkit.figures_html import number, percent
from mentorkit.folder import ProgramFolder
from mentorkit.reports import figures as f
from mentorkit.reports._display import (
    ACCENT,
    SOFT,
    figure,
    heading,
    show,
    show_figure,
    stats,
    table,
)
from mentorkit.reports.endings import endings
from mentorkit.store import Store


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

    def endings(self) -> None:
        heading("How the relationships ended")
        ends = endings(self.store, self.cohort, self.minimum)
        stats(
            [
                ("pairs completed", str(ends.completed)),
                ("closed early, without blame", str(ends.closed_early)),
                ("of ended pairs completed", percent(ends.completion)),
                ("still meeting", str(ends.running)),
            ]
        )
        if not ends.by_side["closing reflections"].any():
            show("<p>No closing reflection written yet: pairs write one at the end of "
                 "their agreed time.</p>")  # fmt: skip
            return
        shown = ends.shown
        if not shown.empty:
            said = pd.DataFrame({
                "Closing reflections": shown["closing reflections"].map(str),
                "Mean rating of the mentoring (1-5)":
                    shown["mean rating (1-5)"].map(number),
                "Would recommend the program": shown["would recommend"].map(percent),
                "Keep in touch informally": shown["keep in touch"].map(percent),
            }).T  # one column per side: fits a phone  # fmt: skip
            table(said)
        if ends.hidden:
            show(
                f"<p class='mk-note'>Not shown, fewer than {self.minimum} people wrote a "
                "closing reflection: "
                f"{escape(', '.join(s.lower() for s in ends.hidden))}.</p>"
            )
        if not ends.outcomes.empty:
            show("<p>What became of the goals, as the mentees say at the end:</p>")
            table(ends.outcomes)

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
