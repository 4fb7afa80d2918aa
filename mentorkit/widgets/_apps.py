"""Whole pages for the workbooks: each notebook displays one of these and nothing more.

A page that cannot be built shows a friendly notice instead of a traceback; the
details go to the log.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from datetime import date
from pathlib import Path

import ipywidgets as w

from mentorkit.apps import FACILITATOR_WORKBOOKS, PARTICIPANT_APPS, App, find_app
from mentorkit.domain.participants import Participant
from mentorkit.domain.programs import Program
from mentorkit.errors import LinkRefused, MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.services.access import identify
from mentorkit.services.intake import avoid_emails, save_intake
from mentorkit.services.overview import summarize_cohort
from mentorkit.widgets._drafts import DraftBox
from mentorkit.widgets._goals import field
from mentorkit.widgets._intake import IntakeForm
from mentorkit.widgets._overview import CohortOverview
from mentorkit.widgets._page import AppPage, Notice
from mentorkit.widgets._pairs import PAIR_APPS, pair_app
from mentorkit.widgets._program import ProgramCard
from mentorkit.widgets._shared import WIDE, make

log = logging.getLogger("mentorkit.apps")


def _failed(app: App, exc: Exception) -> AppPage:
    log.exception("could not build the %s page", app.name)
    message = (
        str(exc)
        if isinstance(exc, MentorkitError)
        else (
            "This page could not be opened just now. Please try again in a minute; if it "
            "keeps happening, tell your program's coordinator."
        )
    )
    return AppPage(app.name, app.title, children=(Notice(message, kind="error"),))


def _open(program: ProgramFolder | str | Path | None) -> ProgramFolder:
    if isinstance(program, ProgramFolder):
        return program
    return ProgramFolder.open(program) if program else ProgramFolder.from_environment()


def _saver(folder: ProgramFolder, participant_id: str):
    """Saves intake answers to the participant's own record, read fresh each time."""

    def save(answers: dict) -> Participant:
        with folder.open_store() as store:
            return save_intake(store, store.participant(participant_id), answers)

    return save


def quiet_tracebacks() -> None:
    """In a participant's kernel, a widget callback that fails (say, on a crafted
    message) is written to the server's log, never sent to the browser, where its
    traceback would show the server's paths and code."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return

    def to_the_server_log(*_args, **_kwargs) -> None:
        # sys.stderr is the browser's, in a kernel; the process's own goes to the log
        print("mentorkit: a widget callback failed:", file=sys.__stderr__)
        traceback.print_exc(file=sys.__stderr__)

    shell.showtraceback = to_the_server_log


class ParticipantApp:
    """A participant app made ready before its visitor arrives.

    A warm kernel builds this before ``wait_for_request()``: the program, the store
    and, for the intake, the blank form. When the visitor's request comes,
    :meth:`page` only reads their record and fills in their answers, so little is
    left to do and send while they wait.
    """

    def __init__(self, name: str, program: ProgramFolder | str | Path | None = None):
        self.app = find_app(name, among=PARTICIPANT_APPS)
        quiet_tracebacks()
        self.problem: Exception | None = None
        self.form: IntakeForm | None = None
        try:
            self.folder = _open(program)
            with self.folder.open_store() as store:
                self.details = store.program()
            if self.app.name == "intake":
                self.form = IntakeForm()
        except Exception as exc:  # shown to the visitor, friendly, by page()
            self.problem = exc

    def page(self, query: str | None = None) -> AppPage:
        """The page for the visitor whose personal link opened it.

        ``query`` is the request's query string; Voila puts it in QUERY_STRING once
        ``wait_for_request()`` has returned.
        """
        app = self.app
        query = os.environ.get("QUERY_STRING", "") if query is None else query
        try:
            if self.problem is not None:
                raise self.problem
            with self.folder.open_store() as store:
                person = identify(store, self.folder.secret, query)
                avoid = avoid_emails(store, person) if self.form is not None else ""
            greeting = Notice(f"Welcome, {person.name}. {app.description}")
            if self.form is not None:
                self.form.fill(person, _saver(self.folder, person.id), avoid)
                self.form.keep_drafts(DraftBox(self.folder, person.id, "intake"))
                body: w.Widget = self.form
            elif app.name in PAIR_APPS:
                body = pair_app(app.name, self.folder, person, self.details)
            else:
                body = ProgramCard(self.details)
            return AppPage(
                app.name, app.title, eyebrow=self.details.name, children=(greeting, body)
            )
        except LinkRefused as refused:
            self._discard_form()
            page = AppPage(
                app.name,
                "This link cannot be used",
                children=(Notice(str(refused), kind="error"),),
            )
            page.add_class("mk-refused")
            return page
        except Exception as exc:  # a participant never sees a traceback
            self._discard_form()
            return _failed(app, exc)

    def _discard_form(self) -> None:
        """Close the unused blank form, so its widgets are not sent to the browser."""
        if self.form is not None:
            _close_tree(self.form)
            self.form = None


def _close_tree(widget: w.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


def participant_page(
    name: str,
    program: ProgramFolder | str | Path | None = None,
    query: str | None = None,
) -> AppPage:
    """The page of a participant app for the visitor whose link carries ``query``."""
    return ParticipantApp(name, program).page(query)


def _cohort_of(store, cohort: str | None) -> str:
    """The cohort a facilitator named (a clear error if unknown), or the first one."""
    if cohort:
        return store.cohort(cohort).name
    names = store.cohort_names()
    if not names:
        raise MentorkitError("This program has no cohorts yet.")
    return names[0]


def _facilitator_app_page(
    app: App,
    program: Program,
    children: tuple[w.Widget, ...],
    cohort: str | None = None,
    styled: bool = False,
) -> AppPage:
    """A facilitator workbook's page: titled with its cohort, under the program's name."""
    title = f"{app.title}: {cohort}" if cohort else app.title
    return AppPage(
        app.name,
        title,
        app.description,
        eyebrow=program.name,
        children=children,
        styled=styled,
    )


def facilitator_page(
    name: str, cohort: str | None = None, program: ProgramFolder | str | Path | None = None
) -> AppPage:
    """The page of a facilitator workbook: for now, the cohorts as the store holds them."""
    app = find_app(name, among=FACILITATOR_WORKBOOKS)
    if name == "matching_review":
        return matching_review_page(cohort, program)
    if name == "program_health":
        return program_health_page(cohort, program)
    if name == "goal_coaching":
        return goal_coaching_page(cohort, program)
    try:
        with _open(program).open_store() as store:
            details = store.program()
            names = [store.cohort(cohort).name] if cohort else store.cohort_names()
            overviews = [
                CohortOverview(n, summarize_cohort(store.participants(cohort=n)))
                for n in names
            ]
            matches = len(store.matches())
        status = Notice(
            f"{matches} matches stored."
            if matches
            else "No matches yet: run matching to propose pairs."
        )
        children: tuple[w.Widget, ...] = (ProgramCard(details), status, *overviews)
        if not names:
            children += (Notice("This program has no cohorts yet."),)
        return _facilitator_app_page(app, details, children)
    except Exception as exc:
        return _failed(app, exc)


def matching_review_page(
    cohort: str | None = None, program: ProgramFolder | str | Path | None = None
) -> AppPage:
    """The matching review of one cohort (the first one when none is named)."""
    from mentorkit.services.matching_review import Review
    from mentorkit.widgets._matching import MatchReview

    app = find_app("matching_review", among=FACILITATOR_WORKBOOKS)
    try:
        folder = _open(program)
        with folder.open_store() as store:
            details = store.program()
            cohort = _cohort_of(store, cohort)
            review = Review.of_cohort(store, cohort, folder.settings.matching)
            people = store.participants(cohort=cohort)
        names = dict(zip(people["id"], people["name"], strict=True))
        return _facilitator_app_page(
            app, details, (MatchReview(review, folder, names),), cohort
        )
    except Exception as exc:
        return _failed(app, exc)


def program_health_page(
    cohort: str | None = None,
    program: ProgramFolder | str | Path | None = None,
    today: date | None = None,
) -> AppPage:
    """Every pair's health (of one cohort, or of all), with the no-fault close."""
    from mentorkit.services.health import closed_pairs, pair_health
    from mentorkit.widgets._health import HealthBoard

    app = find_app("program_health", among=FACILITATOR_WORKBOOKS)
    try:
        folder = _open(program)
        with folder.open_store() as store:
            details = store.program()
            if cohort is not None:
                store.cohort(cohort)  # a clear error for an unknown cohort

        def load():
            with folder.open_store() as store:
                return pair_health(store, cohort, today), closed_pairs(store, cohort)

        def close(match_id: int, reason: str) -> str:
            with folder.open_store() as store:
                match = store.close_match(match_id, reason)
                mentee = store.participant(match.mentee_id)
            return (
                f"Closed. The pair's history is kept; {mentee.name} can be matched "
                f"again: run matching for {match.cohort!r}."
            )

        return _facilitator_app_page(
            app, details, (HealthBoard(load, close),), cohort, styled=True
        )
    except Exception as exc:
        return _failed(app, exc)


def goal_coaching_page(
    cohort: str | None = None,
    program: ProgramFolder | str | Path | None = None,
    today: date | None = None,
) -> AppPage:
    """The goal coach for any mentee of a cohort, for a facilitator's workshop."""
    from mentorkit.services.pairs import pairs_of
    from mentorkit.widgets._pairs import goal_coach

    app = find_app("goal_coaching", among=FACILITATOR_WORKBOOKS)
    try:
        folder = _open(program)
        with folder.open_store() as store:
            details = store.program()
            cohort = _cohort_of(store, cohort)
            mentees = store.participants(cohort=cohort, role="mentee")
        if mentees.empty:
            raise MentorkitError(f"Cohort {cohort!r} has no mentees yet.")
        picker = make(
            w.Dropdown,
            options=list(zip(mentees["name"], mentees["id"], strict=True)),
            layout=WIDE,
        )
        picker.add_class("mk-mentee-picker")
        holder = make(w.VBox, [])

        def show(_change=None) -> None:
            with folder.open_store() as store:
                mentee = store.participant(picker.value)
                own = [p for p in pairs_of(store, mentee) if p.my_side == "mentee"]
            old = holder.children
            holder.children = (
                goal_coach(folder, mentee, details, own[0].id if own else None, today),
            )
            for widget in old:
                widget.close()

        picker.observe(show, "value")
        show()
        return _facilitator_app_page(
            app, details, (field("mentee", "Mentee", picker), holder), cohort, styled=True
        )
    except Exception as exc:
        return _failed(app, exc)
