"""Messages sent the moment a request changes hands, in programs where mentees
choose: the mentor is told they were asked; the mentee, that the mentor accepted
(the agreement app) or declined (with the mentor's words, and the choose app).

Each is recorded as the reminder of the same thing would be (same kind and key), so
the next daily run does not say it again. Without ``[mail]`` nothing is sent and the
apps and the reminders tell them; a message that cannot be delivered never undoes
the request or its answer.
"""

from __future__ import annotations

import logging

from mentorkit.domain.choice import FULL, Request, RequestStatus
from mentorkit.errors import MailError
from mentorkit.folder import ProgramFolder
from mentorkit.mail import SmtpPostman
from mentorkit.services.access import LinkClaims, app_link, sign_link
from mentorkit.services.invitations import apps_address
from mentorkit.services.mailing import deliver, letter
from mentorkit.services.reminders import REMINDER

log = logging.getLogger(__name__)


def tell_mentor(folder: ProgramFolder, request: Request) -> str:
    """E-mail the mentor that ``request`` waits for them; a sentence for the page."""
    with folder.open_store() as store:
        program, mentor = store.program(), store.participant(request.mentor_id)
        mentee = store.participant(request.mentee_id)
        waiting = store.requests(mentor.id)
    mine = (waiting["mentor_id"] == mentor.id) & (waiting["status"] == RequestStatus.OPEN)
    open_ids = sorted(waiting.loc[mine, "id"])
    key = "requests:" + ",".join(map(str, open_ids))  # the reminder's key for these
    values = {"name": mentor.name, "mentee": mentee.name, "program": program.name,
              "days": str(folder.settings.choice.answer_days)}  # fmt: skip
    items = ((f"Their words: {request.note}", ""),) if request.note else ()
    return _send(folder, "request_received", mentor, values, "choose", key, items,
                 program.end_date)  # fmt: skip


def tell_mentee(folder: ProgramFolder, request: Request) -> str:
    """E-mail the mentee the mentor's answer; a sentence for the page."""
    if request.status not in (RequestStatus.ACCEPTED, RequestStatus.DECLINED):
        return ""  # withdrawn or expired: the apps and the reminders say so
    with folder.open_store() as store:
        program, mentor = store.program(), store.participant(request.mentor_id)
        mentee = store.participant(request.mentee_id)
    values = {"name": mentee.name, "mentor": mentor.name, "program": program.name}
    if request.status == RequestStatus.ACCEPTED:
        kind, app, key, items = (
            "request_accepted",
            "agreement",
            f"accepted:{request.id}",
            (),
        )
    else:  # the reminder of a declined request is "ask_again", keyed by the request
        kind, app, key = "request_declined", "choose", f"request:{request.id}"
        items = ((f"Their words: {request.answer}", ""),) if request.answer else ()
    return _send(folder, kind, mentee, values, app, key, items, program.end_date)


def tell_the_others(folder: ProgramFolder, accepted: Request) -> None:
    """When accepting ``accepted`` took a mentor's last place, the mentees whose
    requests were declined for it are told too (each once: those told already, by
    a message or a reminder of the same request, are not)."""
    if accepted.status != RequestStatus.ACCEPTED:
        return
    with folder.open_store() as store:
        theirs = store.requests(accepted.mentor_id)
        full = theirs[(theirs["mentor_id"] == accepted.mentor_id)
                      & (theirs["status"] == RequestStatus.DECLINED)
                      & (theirs["answer"] == FULL)]  # fmt: skip
        told = store.messages.sent_to
        waiting = [Request.from_dict(row) for row in full.to_dict("records")
                   if not told(REMINDER, f"request:{row['id']}")]  # fmt: skip
    for request in waiting:
        tell_mentee(folder, request)


def _send(folder, kind, person, values, app, key, items, ends) -> str:
    settings = folder.settings.mail
    if not settings.host:
        return ""
    token = sign_link(folder.secret, LinkClaims(person.id, person.cohort, ends))
    link = app_link(apps_address(folder), token, app)
    message = letter(folder, kind, person.email, person.name, values, link=link,
                     items=items)  # fmt: skip
    try:
        with SmtpPostman(settings) as postman, folder.open_store() as store:
            outcome, why = deliver(postman, message, settings)
            store.messages.record(REMINDER, key, person.email, outcome, person.id, why)
    except MailError as down:  # the server is gone: the reminders will say it
        log.warning("could not e-mail %s about a request: %s", kind, down)
        outcome = "failed"
    if outcome == "failed":
        return f"The e-mail to {person.name} could not be sent; the app shows it to them."
    return f"{person.name} has been e-mailed."
