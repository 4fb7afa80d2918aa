"""The choose app: a mentee asks mentors from their list; a mentor answers.

Every choice is checked again on the server (``services.choosing``): a button the
page offers is only a shortcut to asking, and asking a mentor off the list, past the
limit or twice is refused with the reason.

CSS classes: ``mk-choose``, ``mk-mentor-card`` (with ``mk-ask``), ``mk-my-requests``,
``mk-incoming`` (with ``mk-accept`` and ``mk-decline``), ``mk-listed``, ``mk-result``.
"""

from __future__ import annotations

import logging
from html import escape

import ipywidgets as w

from mentorkit.domain.choice import ChoiceSettings, RequestStatus
from mentorkit.domain.participants import (
    Channel,
    Consent,
    Participant,
    ParticipantStatus,
)
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.services import choice_mail, choosing
from mentorkit.widgets._intake import CHANNEL_LABELS
from mentorkit.widgets._page import Notice, notice_html, plain_error
from mentorkit.widgets._shared import WIDE, field, make

SAID = {
    RequestStatus.OPEN: "waiting for an answer",
    RequestStatus.ACCEPTED: "accepted: you are a pair now",
    RequestStatus.DECLINED: "declined",
    RequestStatus.WITHDRAWN: "withdrawn",
    RequestStatus.EXPIRED: "expired without an answer: you can ask someone else",
}

log = logging.getLogger(__name__)


def choose_view(folder: ProgramFolder, person: Participant) -> w.Widget:
    """The choose page for ``person``: the mentee's list or the mentor's requests."""
    settings = folder.settings.choice
    if not settings.mentees_choose:
        return Notice(
            "In this program, the pairs are made by the program: there is "
            "nothing to choose here."
        )
    if person.is_mentor:
        return MentorRequests(folder, person, settings)
    partners = choosing.mentors_of(folder, person)
    if partners:
        return Notice(f"You are paired with {', '.join(partners)}: agree how you will "
                      "work together in the agreement app.")  # fmt: skip
    if person.status == ParticipantStatus.COMPLETED:
        return Notice("Your mentoring in this cohort ran its full length and is "
                      "complete: there is no one to choose now. Thank you.")  # fmt: skip
    return MenteeChoice(folder, person, settings)


class MenteeChoice(w.VBox):
    """The mentors a mentee may ask, best for them first, and their requests."""

    def __init__(
        self, folder: ProgramFolder, mentee: Participant, settings: ChoiceSettings
    ):
        super().__init__(layout=WIDE)
        self.add_class("mk-choose")
        self.folder, self.mentee, self.settings = folder, mentee, settings
        self.note = make(
            w.Textarea,
            placeholder="What you hope to work on together (optional)",
            layout=WIDE,
        )
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        self.mine = make(w.HTML)
        self.mine.add_class("mk-my-requests")
        self.cards = make(w.VBox, [])
        self._refresh()

    def _refresh(self) -> None:
        requests = choosing.requests_of(self.folder, self.mentee, self.settings)
        open_ = requests[requests["status"] == RequestStatus.OPEN]
        self.mine.value = _requests_html(requests, "mentor", "Your requests")
        cards = choosing.mentors_for(  # requests_of expired the late ones just now
            self.folder,
            self.mentee,
            self.settings,
            self.folder.settings.matching,
            expire=False,
        )
        room = self.settings.requests - len(open_)
        self.cards.children = [self._card(c, room) for c in cards] or [
            Notice(
                "No mentor has a place for you at the moment. The program will "
                "match you, or try again later."
            )
        ]
        limit = (
            f"You may ask up to {self.settings.requests} mentors at a time; "
            f"each has {self.settings.answer_days} days to answer."
        )
        self.children = [
            make(w.HTML, f"<h2>Mentors open to you</h2><p>{escape(limit)}</p>"),
            field("note", "A note to the mentor you ask", self.note),
            self.message,
            self.cards,
            self.mine,
        ]

    def _card(self, card: choosing.MentorCard, room: int) -> w.Widget:
        why = "".join(f"<li>{escape(r)}</li>" for r in card.reasons[:4])
        meets = [CHANNEL_LABELS.get(Channel(c), c) for c in card.channels]
        facts = [
            ("Offers", ", ".join(card.skills_offered) or "—"),
            ("Languages", ", ".join(card.languages)),
            ("Time zone", card.timezone),
            ("Meets by", ", ".join(meets)),
            ("Places left", str(card.seats_left)),
        ]
        listed = "".join(f"<p><b>{escape(k)}:</b> {escape(v)}</p>" for k, v in facts)
        reasons = f"<p><b>Why this mentor:</b></p><ul>{why}</ul>" if why else ""
        body = make(w.HTML, f"<h3>{escape(card.name)}</h3>{listed}{reasons}")
        if card.asked == RequestStatus.OPEN:
            action: w.Widget = make(
                w.HTML, "<p class='mk-asked'>Asked: waiting for an answer.</p>"
            )
        else:
            action = make(
                w.Button,
                description=f"Ask {card.name}",
                button_style="primary",
                disabled=room <= 0,
            )
            action.add_class("mk-ask")
            action.on_click(lambda _b, mentor=card.id: self._ask(mentor))
        box = make(w.VBox, [body, action])
        box.add_class("mk-mentor-card")
        return box

    def _ask(self, mentor_id: str) -> None:
        try:
            request = choosing.ask(
                self.folder,
                self.mentee,
                mentor_id,
                self.settings,
                self.note.value,
                policy=self.folder.settings.matching,
            )
        except MentorkitError as refused:
            self.message.value = notice_html(plain_error(refused, {}), "error")
            return
        self.note.value = ""
        self._refresh()
        _quietly(choice_mail.tell_mentor, self.folder, request)  # the mentor, at once
        said = (
            "Asked. You will see the answer here, and by e-mail where the program sends it."
        )
        self.message.value = notice_html(said, "success")


class MentorRequests(w.VBox):
    """A mentor's requests, to accept or decline, and whether they are listed."""

    def __init__(
        self, folder: ProgramFolder, mentor: Participant, settings: ChoiceSettings
    ):
        super().__init__(layout=WIDE)
        self.add_class("mk-choose")
        self.folder, self.mentor, self.settings = folder, mentor, settings
        listed = Consent.LISTED in mentor.consents
        self.listed = make(
            w.Checkbox,
            value=listed,
            indent=False,
            layout=WIDE,
            description="List me for mentees who choose",
        )
        self.shown = make(
            w.HTML,
            "<p>Listed, mentees with a place to fill see your "
            "name, the skills you offer, your languages, time zone and how "
            "you meet; never your e-mail address. They may ask you while "
            "you have a place left.</p>",
        )
        self.listed.add_class("mk-listed")
        self.listed.observe(self._list, names="value")
        self.answer = make(
            w.Textarea, placeholder="A word to the mentee (optional)", layout=WIDE
        )
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        self.incoming = make(w.VBox, [])
        self.incoming.add_class("mk-incoming")
        self.past = make(w.HTML)
        self._refresh()

    def _refresh(self) -> None:
        requests = choosing.requests_of(self.folder, self.mentor, self.settings)
        waiting = requests[requests["status"] == RequestStatus.OPEN]
        rows = []
        for row in waiting.itertuples():
            note = f"<blockquote>{escape(row.note)}</blockquote>" if row.note else ""
            said = f"<p><b>{escape(row.mentee)}</b> asks you to be their mentor.</p>{note}"
            accept = make(
                w.Button, description=f"Accept {row.mentee}", button_style="primary"
            )
            accept.add_class("mk-accept")
            accept.on_click(lambda _b, rid=int(row.id): self._answer(rid, True))
            decline = make(w.Button, description=f"Decline {row.mentee}")
            decline.add_class("mk-decline")
            decline.on_click(lambda _b, rid=int(row.id): self._answer(rid, False))
            rows.append(make(w.VBox, [make(w.HTML, said), make(w.HBox, [accept, decline])]))
        self.incoming.children = rows or [make(w.HTML, "<p>No request waits for you.</p>")]
        self.past.value = _requests_html(
            requests[requests["status"] != RequestStatus.OPEN], "mentee", "Answered"
        )
        self.children = [
            make(w.HTML, "<h2>Mentees' requests</h2>"),
            self.shown,
            self.listed,
            field("answer", "Your words with the answer", self.answer),
            self.message,
            self.incoming,
            self.past,
        ]

    def _list(self, change) -> None:
        try:
            self.mentor = choosing.set_listed(self.folder, self.mentor, bool(change["new"]))
        except MentorkitError as refused:
            self.message.value = notice_html(plain_error(refused, {}), "error")
            return
        self.message.value = notice_html(
            "Listed: mentees can ask you." if change["new"] else "Not listed any more.",
            "success",
        )

    def _answer(self, request_id: int, accept: bool) -> None:
        try:
            request = choosing.answer(
                self.folder,
                self.mentor,
                request_id,
                accept,
                self.answer.value,
                self.settings,
            )
        except MentorkitError as refused:
            self._refresh()
            self.message.value = notice_html(plain_error(refused, {}), "error")
            return
        self.answer.value = ""
        self._refresh()
        told = _quietly(choice_mail.tell_mentee, self.folder, request)  # at once
        if accept and request.status != RequestStatus.ACCEPTED:  # full, or they left
            self.message.value = notice_html(f"Not accepted. {request.answer}", "info")
            return
        done = {
            RequestStatus.ACCEPTED: "Accepted: you are a pair now. Agree your terms "
            "in the agreement app.",
            RequestStatus.DECLINED: "Declined.",
        }
        said = done.get(request.status, str(request.status))
        self.message.value = notice_html(f"{said} {told}".strip(), "success")


def _quietly(tell, folder: ProgramFolder, request) -> str:
    """An e-mail about a request, which never fails the click it follows."""
    try:
        return tell(folder, request)
    except MentorkitError:
        log.warning("could not tell about request %s", request.id, exc_info=True)
        return ""


def _requests_html(requests, other: str, title: str) -> str:
    if requests.empty:
        return ""
    items = "".join(
        f"<li><b>{escape(str(getattr(row, other)))}</b>: "
        f"{escape(SAID[RequestStatus(row.status)])}"
        + (f" — “{escape(row.answer)}”" if row.answer else "")
        + "</li>"
        for row in requests.itertuples()
    )
    return f"<h2>{escape(title)}</h2><ul>{items}</ul>"
