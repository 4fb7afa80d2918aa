"""The facilitator workbooks' pages: one frame for all of them, and a registry of what
each one shows inside it.

Every page opens the program, frames itself (its title with the cohort, the
program's name above), and shows a friendly notice instead of a traceback when it
cannot be built. A page's body is one function, registered under the workbook's name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

import ipywidgets as w

from mentorkit.apps import FACILITATOR_WORKBOOKS, find_app
from mentorkit.domain.programs import Program
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.services import health
from mentorkit.services.matching_review import open_review
from mentorkit.services.overview import cohort_overviews
from mentorkit.services.pairs import pairs_of
from mentorkit.services.program import chosen_cohort, members, program_of
from mentorkit.widgets._overview import CohortOverview
from mentorkit.widgets._page import AppPage, Notice, failed_page
from mentorkit.widgets._picker import Picker
from mentorkit.widgets._program import ProgramCard
from mentorkit.widgets._shared import WIDE, field, make


class Body(NamedTuple):
    """What a page shows inside its frame."""

    children: tuple[w.Widget, ...]
    cohort: str | None = None  # shown in the title
    styled: bool = False  # brings the widgets' stylesheet (JupyterLab)


Builder = Callable[[ProgramFolder, Program, str | None, date | None], Body]
PAGES: dict[str, Builder] = {}


def page(name: str) -> Callable[[Builder], Builder]:
    """Register the body of the facilitator workbook ``name``."""
    find_app(name, among=FACILITATOR_WORKBOOKS)

    def register(builder: Builder) -> Builder:
        PAGES[name] = builder
        return builder

    return register


def facilitator_page(
    name: str,
    cohort: str | None = None,
    program: ProgramFolder | str | Path | None = None,
    today: date | None = None,
) -> AppPage:
    """The page of the facilitator workbook ``name`` (of one cohort, when named)."""
    app = find_app(name, among=FACILITATOR_WORKBOOKS)
    try:
        folder = ProgramFolder.resolve(program)
        details = program_of(folder)
        body = PAGES[name](folder, details, cohort, today)
        title = f"{app.title}: {body.cohort}" if body.cohort else app.title
        return AppPage(app.name, title, app.description, eyebrow=details.name,
                       children=body.children, styled=body.styled)  # fmt: skip
    except Exception as exc:
        return failed_page(app, exc)


@page("cohort_overview")
def _cohort_overview(folder, details, cohort, _today) -> Body:
    summaries, matches = cohort_overviews(folder, cohort)
    status = Notice(
        f"{matches} matches stored."
        if matches
        else "No matches yet: run matching to propose pairs."
    )
    children: tuple[w.Widget, ...] = (
        ProgramCard(details),
        status,
        *(CohortOverview(name, summary) for name, summary in summaries),
    )
    if not summaries:
        children += (Notice("This program has no cohorts yet."),)
    return Body(children)


@page("matching_review")
def _matching_review(folder, _details, cohort, _today) -> Body:
    from mentorkit.widgets._matching import MatchReview

    cohort = chosen_cohort(folder, cohort)
    review = open_review(folder, cohort, folder.settings.matching)
    people = members(folder, cohort)
    names = dict(zip(people["id"], people["name"], strict=True))
    return Body((MatchReview(review, folder, names),), cohort, styled=True)


@page("program_health")
def _program_health(folder, _details, cohort, today) -> Body:
    from mentorkit.widgets._health import HealthBoard

    if cohort is not None:
        chosen_cohort(folder, cohort)  # a clear error for an unknown cohort

    def load():
        return health.pair_health(folder, cohort, today), health.ended_pairs(folder, cohort)

    def ask(match_id: int, reason: str) -> health.Closing:
        return health.ask_to_close(folder, match_id, reason)

    def close(match_id: int, reason: str) -> str:
        match, mentee = health.close_pair(folder, match_id, reason)
        return (
            f"Closed. The pair's history is kept; {mentee.name} can be matched "
            f"again: run matching for {match.cohort!r}."
        )

    return Body((HealthBoard(load, ask, close),), cohort, styled=True)


@page("goal_coaching")
def _goal_coaching(folder, details, cohort, today) -> Body:
    from mentorkit.widgets._pairs import goal_coach

    cohort = chosen_cohort(folder, cohort)
    mentees = members(folder, cohort, role="mentee")
    if mentees.empty:
        raise MentorkitError(f"Cohort {cohort!r} has no mentees yet.")
    picker = Picker(layout=WIDE, search={"layout": WIDE})
    picker.choice.add_class("mk-mentee-picker")
    picker.offer(zip(mentees["name"], mentees["id"], strict=True))
    people = {row["id"]: row for row in mentees.to_dict("records")}
    holder = make(w.VBox, [])

    def show(chosen) -> None:
        from mentorkit.domain.participants import Participant

        old = holder.children
        if chosen is None:  # a search that finds no one
            holder.children = ()
        else:
            mentee = Participant.from_dict(people[chosen])
            own = [p for p in pairs_of(folder, mentee) if p.my_side == "mentee"]
            holder.children = (
                goal_coach(folder, mentee, details, own[0].id if own else None, today),
            )
        for widget in old:
            widget.close()

    picker.on_pick(show)
    show(picker.value)
    return Body(
        (
            field("mentee-search", "Find a mentee by name", picker.search),
            field("mentee", "Mentee", picker.choice),
            holder,
        ),
        cohort,
        styled=True,
    )


def matching_review_page(cohort=None, program=None) -> AppPage:
    """The matching review of one cohort (the first one when none is named)."""
    return facilitator_page("matching_review", cohort, program)


def program_health_page(cohort=None, program=None, today=None) -> AppPage:
    """Every pair's health (of one cohort, or of all), with the no-fault close."""
    return facilitator_page("program_health", cohort, program, today)


def goal_coaching_page(cohort=None, program=None, today=None) -> AppPage:
    """The goal coach for any mentee of a cohort, for a facilitator's workshop."""
    return facilitator_page("goal_coaching", cohort, program, today)
