"""The program report: how its cohorts compare, season after season. Participation,
match rate, cadence, goal completion, how pairs rate their meetings, how many ran
their length and how they rated it at the end, one row per cohort; totals only, and
a cohort with fewer people than the program's minimum shows no figures (the cohort
report's rule)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import pandas as pd

from mentorkit.domain.programs import Program
from mentorkit.figures_html import number, percent
from mentorkit.folder import ProgramFolder
from mentorkit.reports import figures as f
from mentorkit.reports._display import ACCENT, SOFT, figure, heading, show, show_figure
from mentorkit.reports.endings import endings
from mentorkit.store import Store

COLUMNS = ["cohort", "people", "joined", "match_rate", "cadence", "goals",
           "goals_achieved", "pulse", "completed", "rating", "carried_over"]  # fmt: skip


@dataclass
class ProgramReport:
    """Every cohort's figures, read once from the store."""

    program: Program
    trends: pd.DataFrame
    hidden: list[str]
    store: Store

    @classmethod
    def open(
        cls, program: ProgramFolder | str | Path | None, today: date | str | None = None
    ) -> ProgramReport:
        folder = ProgramFolder.resolve(program)
        store = folder.open_store()
        today = date.fromisoformat(today) if isinstance(today, str) else today
        window = f.Period.parse(None, today)
        details = store.program()
        rows, hidden = [], []
        carried = store.cohort_counts().set_index("cohort")["carried_over"]
        for name in store.cohort_names():
            row = _cohort_figures(
                store, name, window, carried.get(name, 0), details.min_report_group
            )
            if row["people"] < details.min_report_group:
                hidden.append(name)
                continue
            rows.append(row)
        return cls(details, pd.DataFrame(rows, columns=COLUMNS), hidden, store)

    def header(self) -> None:
        show(
            f"<div class='mk-eyebrow'>{escape(self.program.name)}</div>"
            "<h1>Program report: cohort after cohort</h1>"
            "<p class='mk-lede'>One row per cohort, oldest first. Totals only: no "
            "reflection is quoted and no cohort of fewer than "
            f"{self.program.min_report_group} people is shown.</p>"
        )

    def trends_table(self) -> None:
        heading("Cohort by cohort")
        if self.trends.empty:
            show("<p>No cohort is large enough to show yet.</p>")
        else:
            shown = pd.DataFrame({
                "People": self.trends["people"],
                "Joined": self.trends["joined"],
                "Mentees matched": self.trends["match_rate"].map(percent),
                "Cadence kept": self.trends["cadence"].map(percent),
                "Goals": self.trends["goals"],
                "Goals achieved": self.trends["goals_achieved"].map(percent),
                "Meeting pulse (1-5)": self.trends["pulse"].map(
                    lambda v: number(v, ".1f")),
                "Pairs completed": self.trends["completed"],
                "Closing rating (1-5)": self.trends["rating"].map(
                    lambda v: number(v, ".1f")),
                "Carried over in": self.trends["carried_over"],
            })  # fmt: skip
            shown.index = self.trends["cohort"]
            shown.index.name = None
            show(f"<div class='mk-table-scroll'>{shown.to_html(classes='mk-table')}</div>")
        if self.hidden:
            show(f"<p class='mk-note'>Not shown, fewer than {self.program.min_report_group}"
                 f" people: {escape(', '.join(self.hidden))}.</p>")  # fmt: skip

    def charts(self) -> None:
        if len(self.trends) < 2:
            return
        heading("Trends")
        labels = list(self.trends["cohort"])
        fig, ax = figure(height=2.6)
        ax.plot(labels, self.trends["match_rate"] * 100, marker="o", color=ACCENT,
                label="mentees matched")  # fmt: skip
        ax.plot(labels, self.trends["cadence"] * 100, marker="s", color=SOFT,
                label="cadence kept")  # fmt: skip
        ax.plot(labels, self.trends["goals_achieved"] * 100, marker="^", color="#8a5a00",
                label="goals achieved")  # fmt: skip
        ax.set_ylim(0, 105)
        ax.set_ylabel("%")
        ax.legend(
            frameon=False, fontsize=8, ncols=3, loc="upper left", bbox_to_anchor=(0, -0.12)
        )  # below the axis: no line hidden
        ax.set_title("Matched, on cadence, achieved: per cohort", loc="left", fontsize=10)
        show_figure(fig)

    def close(self) -> None:
        self.store.close()


def _cohort_figures(
    store: Store, name: str, window: f.Period, carried: int, minimum: int
) -> dict:
    people = f.people(store, name)
    counts = f.participation(people)
    matched = f.matching(store, name, people, window.end)
    pairs = f.pair_table(store, name, window)
    goals = f.goals_summary(store, name, window.end)
    pulse = f.meetings_by_month(store, name, window)
    ends = endings(store, name, minimum)
    return {
        "cohort": name,
        "people": int(counts["invited"].sum()),
        "joined": int(counts["joined"].sum()),
        "match_rate": matched.match_rate,
        "cadence": float(pairs["cadence"].mean()) if len(pairs) else math.nan,
        "goals": int(goals["goals"]),
        "goals_achieved": goals["achieved"] / goals["goals"]
        if goals["goals"]
        else math.nan,
        "pulse": float(pulse["pulse"].mean()) if len(pulse) else math.nan,
        "completed": ends.completed,
        "rating": ends.rating,  # NaN unless a side's minimum wrote closing reflections
        "carried_over": int(carried),
    }
