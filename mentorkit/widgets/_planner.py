"""The next meeting, on the meeting log page: planned here, sent to both partners'
calendars, changed or called off; the same invitation to download.

CSS classes for tests: ``mk-planner``, ``mk-plan-meeting``, ``mk-cancel-meeting``,
``mk-planned`` (what is planned, with the download link).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

import ipywidgets as w

from mentorkit.domain.meetings import PlannedMeeting
from mentorkit.domain.records import long_date
from mentorkit.errors import MentorkitError
from mentorkit.services.pairs import Pair
from mentorkit.widgets._intake import CHANNEL_LABELS
from mentorkit.widgets._page import notice_html, plain_error
from mentorkit.widgets._shared import HIDDEN, PLAIN, WIDE, field, make, number_box

ADD = "Add it to your calendar (.ics)"
PLAN = "Plan it and send the invitation"
LABELS = {"starts_at": "When", "minutes": "Length in minutes", "place": "Where",
          "channel": "How you will meet"}  # fmt: skip


class MeetingPlanner(w.VBox):
    """``plan(day, at, minutes, channel, place)`` and ``cancel()`` return the planned
    meeting and what to say; ``ics(planned)`` its calendar file for this visitor."""

    def __init__(
        self,
        pair: Pair,
        planned: PlannedMeeting | None,
        plan: Callable[..., tuple[PlannedMeeting, str]],
        cancel: Callable[[], tuple[PlannedMeeting | None, str]],
        ics: Callable[[PlannedMeeting], bytes],
        minutes: int,
        today: date,
    ):
        self.pair, self._plan, self._cancel, self._ics = pair, plan, cancel, ics
        self.day = make(w.DatePicker, value=today + timedelta(days=7))
        self.at = make(w.TimePicker, value=time(18, 0))
        self.minutes = number_box(minutes)
        self.channel = make(w.Dropdown, options=[(t, c) for c, t in CHANNEL_LABELS.items()])
        self.place = make(w.Text, placeholder="A room, an address or a video link",
                          layout=WIDE)  # fmt: skip
        self.plan_button = make(w.Button, description=PLAN, button_style="primary")
        self.plan_button.add_class("mk-plan-meeting")
        self.plan_button.on_click(lambda _b: self._planned_now())
        self.cancel_button = make(w.Button, description="Call it off", layout=HIDDEN)
        self.cancel_button.add_class("mk-cancel-meeting")
        self.cancel_button.on_click(lambda _b: self._called_off())
        self.status = make(w.HTML)
        self.status.add_class("mk-planned")
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        super().__init__(
            [
                make(w.HTML, "<h2>Your next meeting</h2><p class='mk-hint'>Both of you "
                             "get it as an invitation for your calendars, each at your "
                             f"own local time ({escape(pair.me.timezone)} for you).</p>"),
                self.status,
                field("next-day", "Day", self.day),
                field("next-time", "Time (your local time)", self.at),
                field("next-minutes", "Length in minutes", self.minutes),
                field("next-channel", "How you will meet", self.channel),
                field("next-place", "Where: a room, an address or a link", self.place),
                make(w.HBox, [self.plan_button, self.cancel_button]),
                self.message,
            ],
            layout=PLAIN,
        )  # fmt: skip
        self.add_class("mk-planner")
        self._show(planned)

    def _planned_now(self) -> None:
        self.plan_button.disabled = True  # a second click waits for the first
        try:
            planned, said = self._plan(self.day.value, self.at.value, self.minutes.value,
                                       self.channel.value, self.place.value)  # fmt: skip
        except MentorkitError as exc:
            self.message.value = notice_html(plain_error(exc, LABELS), kind="error")
            return
        finally:
            self.plan_button.disabled = False
        self._show(planned)
        self.message.value = notice_html(said, kind="saved")

    def _called_off(self) -> None:
        try:
            planned, said = self._cancel()
        except MentorkitError as exc:
            self.message.value = notice_html(str(exc), kind="error")
            return
        self._show(None)
        self.message.value = notice_html(said, kind="saved")
        if planned is not None:  # the cancellation, for a calendar that holds it
            text = "Remove it from your calendar (.ics)"
            self.status.value = _download(self._ics(planned), text, "mentoring-cancel.ics")

    def _show(self, planned: PlannedMeeting | None) -> None:
        self.cancel_button.layout = PLAIN if planned else HIDDEN
        self.plan_button.description = (
            "Change it and send the new time"
            if planned
            else "Plan it and send the invitation"
        )
        if planned is None:
            self.status.value = ""
            return
        local = planned.starts_at.astimezone(ZoneInfo(self.pair.me.timezone))
        where = f", {planned.place}" if planned.place else ""
        said = (f"Planned: {local:%A} {long_date(local)} at {local:%H:%M}, "
                f"{planned.minutes} minutes, {CHANNEL_LABELS[planned.channel].lower()}"
                f"{where}.")  # fmt: skip
        self.status.value = f"<p>{escape(said)}</p>" + _download(
            self._ics(planned), "Add it to your calendar (.ics)", "mentoring.ics"
        )


def _download(data: bytes, text: str, name: str) -> str:
    encoded = base64.b64encode(data).decode()
    address = f"data:text/calendar;charset=utf-8;base64,{encoded}"
    return (f"<p><a class='mk-ics' download='{name}' href='{address}'>"
            f"{escape(text)}</a></p>")  # fmt: skip
