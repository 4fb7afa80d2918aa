"""The participant apps' pages, as a warm kernel builds them for its visitor.

A page that cannot be built shows a friendly notice instead of a traceback; the
details go to the log (and, in a kernel, to the server's log: see
:func:`quiet_tracebacks`).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import ipywidgets as w

from mentorkit.apps import PARTICIPANT_APPS, find_app
from mentorkit.domain.participants import Participant
from mentorkit.errors import LinkRefused
from mentorkit.folder import ProgramFolder
from mentorkit.services.access import identify
from mentorkit.services.intake import avoid_emails, save_answers
from mentorkit.services.program import program_of
from mentorkit.widgets._choose import choose_view
from mentorkit.widgets._drafts import DraftBox
from mentorkit.widgets._intake import IntakeForm
from mentorkit.widgets._page import AppPage, Notice, failed_page
from mentorkit.widgets._pairs import PAIR_APPS, pair_app
from mentorkit.widgets._program import ProgramCard


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

    A warm kernel builds this before ``wait_for_request()``: the program and, for the
    intake, the blank form. When the visitor's request comes, :meth:`page` only reads
    their record and fills in their answers, so little is left to do and send while
    they wait.
    """

    def __init__(self, name: str, program: ProgramFolder | str | Path | None = None):
        self.app = find_app(name, among=PARTICIPANT_APPS)
        quiet_tracebacks()
        self.problem: Exception | None = None
        self.form: IntakeForm | None = None
        try:
            self.folder = ProgramFolder.resolve(program)
            self.details = program_of(self.folder)
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
            person = identify(self.folder, self.folder.secret, query)
            greeting = Notice(f"Welcome, {person.name}. {app.description}")
            if self.form is not None:
                avoid = avoid_emails(self.folder, person)
                self.form.fill(person, self._saver(person), avoid)
                self.form.keep_drafts(DraftBox(self.folder, person.id, "intake"))
                body: w.Widget = self.form
            elif app.name == "choose":
                body = choose_view(self.folder, person)
            elif app.name in PAIR_APPS:
                body = pair_app(app.name, self.folder, person, self.details)
            else:
                body = ProgramCard(self.details)
            eyebrow = f"{self.details.name} · {person.name}"
            return AppPage(app.name, app.title, eyebrow=eyebrow, children=(greeting, body),
                           nav=_nav(query))  # fmt: skip
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
            return failed_page(app, exc)

    def _saver(self, person: Participant):
        """Saves intake answers to the participant's own record, read fresh each time."""
        return lambda answers: save_answers(self.folder, person.id, answers)

    def _discard_form(self) -> None:
        """Close the unused blank form, so its widgets are not sent to the browser."""
        if self.form is not None:
            _close_tree(self.form)
            self.form = None


NAV_WORDS = {
    "agreement": "Agreement",
    "reflection": "Meetings",
    "choose": "Choose",
}  # short, for phones


def _nav(query: str) -> tuple[tuple[str, str, str], ...]:
    """Links to the home page and every app, each with the visitor's own link."""
    token = parse_qs(query).get("token", [""])[0]
    keep = "?" + urlencode({"token": token})
    return (("home", "Home", "../../" + keep),
            *((a.name, NAV_WORDS.get(a.name, a.title), a.filename + keep)
              for a in PARTICIPANT_APPS))  # fmt: skip


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
