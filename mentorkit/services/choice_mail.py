"""Messages sent the moment a request changes hands, in programs where mentees
choose: the mentor is told they were asked; the mentee, that the mentor accepted
(the agreement app) or declined (the choose app), with the mentor's words; and the
mentees declined in that same moment because the mentor's last place was taken.

Each is recorded as the reminder of the same thing would be (kind and key), so the
next daily run does not say it again. They go only where reminders go: not to those
who stopped reminders, nor to those who withdrew. Without ``[mail]`` nothing is
sent; the apps and the reminders tell them. Sending never fails the click: a mail
server that is down, refuses or is not set up right is logged and the page says so;
the request and its answer stand. The kernel waits at most ``IN_PAGE_TIMEOUT``
seconds for a server, once per click.
"""

from __future__ import annotations

import logging
from datetime import datetime

from mentorkit.domain.choice import FULL, Request, RequestStatus
from mentorkit.domain.matches import MatchStatus
from mentorkit.domain.participants import Participant, ParticipantStatus
from mentorkit.domain.records import in_utc
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.mail import SmtpPostman
from mentorkit.services.access import LinkClaims, app_link, reminders_link, sign_link
from mentorkit.services.invitations import apps_address
from mentorkit.services.mailing import deliver, letter
from mentorkit.services.pairs import local_today
from mentorkit.services.reminders import REMINDER
from mentorkit.services.waiting import week_of

log = logging.getLogger(__name__)
IN_PAGE_TIMEOUT = 10  # seconds: a participant is waiting on the page


def tell_mentor(folder: ProgramFolder, request: Request) -> str:
    """E-mail the mentor that ``request`` waits for them; a sentence for the page."""
    with folder.open_store() as store:
        program, mentor = store.program(), store.participant(request.mentor_id)
        mentee = store.participant(request.mentee_id)
        waiting = store.requests(mentor.id)
    mine = (waiting["mentor_id"] == mentor.id) & (waiting["status"] == RequestStatus.OPEN)
    key = "requests:" + ",".join(map(str, sorted(waiting.loc[mine, "id"])))  # as reminded
    values = {"name": mentor.name, "mentee": mentee.name, "program": program.name,
              "days": str(folder.settings.choice.answer_days)}  # fmt: skip
    items = ((f"Their words: {request.note}", ""),) if request.note else ()
    with _Outbox(folder) as outbox:
        return outbox.send("request_received", mentor, values, "choose", key, items)


def tell_mentee(folder: ProgramFolder, request: Request) -> str:
    """E-mail the mentee the mentor's answer, and when accepting took the mentor's
    last place, the mentees declined for it in that moment; a sentence for the page
    (about the mentee of ``request``)."""
    with _Outbox(folder) as outbox:
        said = _answer(folder, outbox, request)
        if request.status == RequestStatus.ACCEPTED:
            for other in _declined_with(folder, request):
                _answer(folder, outbox, other)
    return said


def _answer(folder: ProgramFolder, outbox: _Outbox, request: Request) -> str:
    if request.status not in (RequestStatus.ACCEPTED, RequestStatus.DECLINED):
        return ""  # withdrawn or expired: the apps and the reminders say so
    with folder.open_store() as store:
        program, mentor = store.program(), store.participant(request.mentor_id)
        mentee = store.participant(request.mentee_id)
        pairs = store.matches(mentee.cohort)
        asked = store.requests(mentee.id)
    values = {"name": mentee.name, "mentor": mentor.name, "program": program.name}
    words = "The program's words" if request.answer == FULL else "Their words"
    items = ((f"{words}: {request.answer}", ""),) if request.answer else ()
    if request.status == RequestStatus.ACCEPTED:  # the reminder that follows: sign
        pair = pairs[(pairs["mentor_id"] == mentor.id) & (pairs["mentee_id"] == mentee.id)
                     & (pairs["status"] == MatchStatus.PUBLISHED)]  # fmt: skip
        week = week_of(local_today(mentee))
        key = f"agreement:{int(pair['id'].iloc[0])}:{week}" if len(pair) else ""
        return outbox.send("request_accepted", mentee, values, "agreement", key, items)
    still_open = (asked["status"] == RequestStatus.OPEN).any()
    # The reminder to ask again is keyed by the newest request once none is open; said
    # while another is still open, this decline must not stand for that later one.
    key = f"declined:{request.id}" if still_open else f"request:{request.id}"
    return outbox.send("request_declined", mentee, values, "choose", key, items)


def _declined_with(folder: ProgramFolder, accepted: Request) -> list[Request]:
    """The requests declined in the same transaction as ``accepted`` was accepted,
    because it took the mentor's last place, of mentees still without a mentor."""
    with folder.open_store() as store:
        theirs = store.requests(accepted.mentor_id)
        pairs = store.matches(accepted.cohort)
    paired = set(pairs.loc[pairs["status"] == MatchStatus.PUBLISHED, "mentee_id"])
    at = _utc(accepted.answered_at)
    return [
        Request.from_dict(row)
        for row in theirs.to_dict("records")
        if row["mentor_id"] == accepted.mentor_id
        and row["status"] == RequestStatus.DECLINED
        and row["answer"] == FULL
        and _utc(row["answered_at"]) == at
        and row["mentee_id"] not in paired
    ]


def _utc(moment) -> datetime | None:
    if moment is None or moment != moment:  # NaT
        return None
    return in_utc(moment.to_pydatetime() if hasattr(moment, "to_pydatetime") else moment)


class _Outbox:
    """One connection for a click's messages, opened on the first; after a failure
    nothing more is tried (the reminders will tell them)."""

    def __init__(self, folder: ProgramFolder):
        self.folder, self.postman, self.down = folder, None, False
        settings = folder.settings.mail
        self.settings = settings.model_copy(
            update={"timeout": min(settings.timeout, IN_PAGE_TIMEOUT)}
        )

    def __enter__(self) -> _Outbox:
        return self

    def __exit__(self, *_exc) -> None:
        if self.postman is not None:
            try:
                self.postman.__exit__(None, None, None)
            except Exception:  # closing a connection that broke: nothing to keep
                log.warning("could not close the mail connection", exc_info=True)

    def send(self, kind: str, person: Participant, values: dict, app: str, key: str,
             items: tuple) -> str:  # fmt: skip
        if not self.settings.host or self.down:
            return ""
        try:
            with self.folder.open_store() as store:
                if (person.status == ParticipantStatus.WITHDRAWN
                        or person.id in store.messages.reminders_stopped()):  # fmt: skip
                    return ""
                program = store.program()
                base = apps_address(self.folder)
                claims = LinkClaims(person.id, person.cohort, program.end_date)
                token = sign_link(self.folder.secret, claims)
                message = letter(self.folder, kind, person.email, person.name, values,
                                 link=app_link(base, token, app), items=items,
                                 stop_link=reminders_link(base, token))  # fmt: skip
                if self.postman is None:
                    self.postman = SmtpPostman(self.settings).__enter__()
                outcome, why = deliver(self.postman, message, self.settings)
                if key:
                    store.messages.record(REMINDER, key, person.email, outcome, person.id,
                                          why)  # fmt: skip
        except MentorkitError as failed:  # down, refused, not set up: never the click
            log.warning("could not e-mail %s (%s): %s", person.id, kind, failed)
            self.down, outcome = True, "failed"
        if outcome == "failed":
            return (
                f"The e-mail to {person.name} could not be sent; the app shows it to them."
            )
        return f"{person.name} has been e-mailed."
