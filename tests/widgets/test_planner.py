"""The next meeting on the meeting log page, as the kernel builds it and the browser
drives it: planned, shown with its calendar file, changed, called off."""

from __future__ import annotations

import base64
import re
from datetime import date, time, timedelta

import pytest
from icalendar import Calendar

from mentorkit.services.demo import create_demo
from mentorkit.widgets._planner import MeetingPlanner
from mentorkit.widgets._reflection import ReflectionForm
from tests.test_drafts import a_pair, form_of, visit

NEXT_WEEK = date.today() + timedelta(days=7)


@pytest.fixture
def demo(tmp_path):
    return create_demo(tmp_path / "demo", mentors=4, mentees=10)


def planner_of(folder, who) -> MeetingPlanner:
    return form_of(visit(folder, "reflection", who), MeetingPlanner)


def ics_shown(planner) -> Calendar:
    found = re.search(r"base64,([A-Za-z0-9+/=]+)'", planner.status.value)
    return Calendar.from_ical(base64.b64decode(found.group(1)))


def test_a_meeting_is_planned_changed_and_called_off_from_the_page(demo):
    pair = a_pair(demo)
    page = visit(demo, "reflection", pair.me.id)
    assert form_of(page, ReflectionForm)  # the planner sits on the meeting log page
    planner = form_of(page, MeetingPlanner)
    planner.day.value, planner.at.value = NEXT_WEEK, time(17, 30)
    planner.minutes.value, planner.place.value = "45", "Room 2 <b>"
    planner._planned_now()
    assert "download the invitation" in planner.message.value  # the demo sends no mail
    assert "Planned:" in planner.status.value
    assert "Room 2 &lt;b&gt;" in planner.status.value
    (event,) = ics_shown(planner).walk("VEVENT")
    uid = str(event["uid"])
    with demo.open_store() as store:
        assert store.planned_meeting(pair.id).uid == uid

    again = planner
    again.at.value = time(18, 0)
    again._planned_now()
    (moved,) = ics_shown(again).walk("VEVENT")
    assert str(moved["uid"]) == uid
    assert int(moved["sequence"]) == 1
    assert again.plan_button.description.startswith("Change it")

    again._called_off()
    (cancelled,) = ics_shown(again).walk("VEVENT")
    assert str(cancelled["status"]) == "CANCELLED"
    with demo.open_store() as store:
        assert store.planned_meeting(pair.id) is None


def test_a_meeting_in_the_past_or_of_zero_minutes_is_refused_in_words(demo):
    pair = a_pair(demo)
    planner = planner_of(demo, pair.me.id)
    planner.day.value = date.today() - timedelta(days=2)
    planner._planned_now()
    assert "When: is in the past" in planner.message.value
    planner.day.value, planner.minutes.value = NEXT_WEEK, "0"
    planner._planned_now()
    assert "Length in minutes: must be at least 5" in planner.message.value
    with demo.open_store() as store:
        assert store.planned_meeting(pair.id) is None


def test_a_crafted_message_without_a_time_is_refused(demo):
    from tests.widgets.test_crafted_messages import send

    pair = a_pair(demo)
    planner = planner_of(demo, pair.me.id)
    send(planner.at, value=None)
    send(planner.place, value="x" * 5000)
    planner._planned_now()
    assert "When: give a day and a time" in planner.message.value
    planner.at.value = time(9, 0)
    planner._planned_now()
    assert "Where: is too long" in planner.message.value
    with demo.open_store() as store:
        assert store.planned_meeting(pair.id) is None
