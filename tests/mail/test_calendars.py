"""A pair's next meeting in both calendars: .ics files that parse with icalendar, at
the right local time for partners in two time zones; a change keeps the UID and
raises the sequence; a cancellation cancels the same event."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from mentorkit.errors import InvalidRecord
from mentorkit.services.pairs import pairs_of
from mentorkit.services.scheduling import (
    cancel_next_meeting,
    meeting_file,
    plan_next_meeting,
    send_meeting,
)
from tests.mail.conftest import mailing

NEXT_WEEK = date.today() + timedelta(days=7)


@pytest.fixture
def pair(demo):
    """A published pair: the mentee in Berlin, the mentor in New York."""
    with demo.open_store() as store:
        match = store.matches().query("status == 'published'").iloc[0]
        store.update_participant(match.mentee_id, timezone="Europe/Berlin")
        store.update_participant(match.mentor_id, timezone="America/New_York")
        mentee = store.participant(match.mentee_id)
        return next(p for p in pairs_of(store, mentee) if p.id == int(match.id))


def event_of(data: bytes):
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def ics_in(message) -> bytes:
    (part,) = [
        p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"
    ]
    return (
        part.get_content().encode()
        if isinstance(part.get_content(), str)
        else part.get_content()
    )


def test_both_partners_get_the_meeting_at_their_own_local_time(demo, smtp, pair):
    folder = mailing(demo, smtp.port)
    planned = plan_next_meeting(folder, pair, NEXT_WEEK, time(18, 0), 45, "video",
                                "https://meet.example.org/abc")  # fmt: skip
    said = send_meeting(folder, pair, planned)
    assert f"sent to you and {pair.partner.name}" in said
    (to_mentee,) = smtp.to(pair.me.email)
    (to_mentor,) = smtp.to(pair.partner.email)
    cal_mentee, mine = event_of(ics_in(to_mentee))
    cal_mentor, theirs = event_of(ics_in(to_mentor))
    assert str(cal_mentee["method"]) == "REQUEST"
    assert mine.decoded("dtstart") == datetime.combine(
        NEXT_WEEK, time(18), ZoneInfo("Europe/Berlin")
    )
    assert theirs["dtstart"].params["TZID"] == "America/New_York"
    assert theirs.decoded("dtstart") == mine.decoded("dtstart")  # one moment, two clocks
    new_york = theirs.decoded("dtstart").astimezone(ZoneInfo("America/New_York"))
    assert (new_york.hour, new_york.minute) in ((12, 0), (11, 0))  # 6 or 5 hours apart
    assert theirs.decoded("dtend") - theirs.decoded("dtstart") == timedelta(minutes=45)
    assert str(mine["uid"]) == str(theirs["uid"]) == planned.uid
    assert str(mine["location"]) == "https://meet.example.org/abc"
    assert {str(a) for a in mine.get("attendee")} == {
        f"mailto:{pair.me.email}", f"mailto:{pair.partner.email}"}  # fmt: skip
    assert cal_mentor.walk("VTIMEZONE")  # the zone travels with the file
    assert "Europe/Berlin" in to_mentee.get_body(("plain",)).get_content()


def test_a_change_keeps_the_uid_and_a_cancellation_cancels_it(demo, smtp, pair):
    folder = mailing(demo, smtp.port)
    first = plan_next_meeting(folder, pair, NEXT_WEEK, time(18, 0), 60, "video")
    moved = plan_next_meeting(folder, pair, NEXT_WEEK, time(19, 30), 60, "in_person",
                              "Room 4.12")  # fmt: skip
    assert moved.uid == first.uid
    assert moved.sequence == first.sequence + 1
    send_meeting(folder, pair, moved)
    (message,) = smtp.to(pair.partner.email)
    assert message["Subject"].startswith("Your mentoring meeting moved")
    _, event = event_of(ics_in(message))
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart").astimezone(UTC) == datetime.combine(
        NEXT_WEEK, time(19, 30), ZoneInfo("Europe/Berlin")).astimezone(UTC)  # fmt: skip

    cancelled = cancel_next_meeting(folder, pair)
    assert cancelled.uid == first.uid
    calendar, event = event_of(meeting_file(folder, pair, cancelled, pair.partner.id))
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 2
    assert str(event["uid"]) == first.uid
    # a new plan after a cancellation is a new event
    again = plan_next_meeting(folder, pair, NEXT_WEEK, time(9, 0), 60, "phone")
    assert again.uid != first.uid


def test_a_meeting_is_planned_ahead_by_one_of_the_pair(demo, pair):
    with pytest.raises(InvalidRecord, match="in the past"):
        plan_next_meeting(
            demo, pair, date.today() - timedelta(days=1), time(9), 60, "video"
        )
    with pytest.raises(InvalidRecord, match="a year ahead"):
        plan_next_meeting(
            demo, pair, date.today() + timedelta(days=400), time(9), 60, "video"
        )
    with pytest.raises(InvalidRecord, match="minutes"):
        plan_next_meeting(demo, pair, NEXT_WEEK, time(9), 0, "video")
    soon = datetime.now(UTC) + timedelta(days=2)
    stranger = {"match_id": pair.id, "planned_by": "E9999", "starts_at": soon}
    with demo.open_store() as store, pytest.raises(InvalidRecord, match="not part of"):
        store.plan_meeting(stranger)
    planned = plan_next_meeting(demo, pair, NEXT_WEEK, time(9), 60, "video")
    assert "download the invitation" in send_meeting(demo, pair, planned)  # no [mail]


def test_a_speed_session_gives_each_participant_their_rounds(demo, tmp_path):
    from mentorkit.cli import main

    out = tmp_path / "ics"
    day = date.today() + timedelta(days=3)
    assert main(["match", "--program", str(demo.path), "--cohort", "Demo cohort",
                 "--format", "speed", "--rounds", "3", "--minutes", "8", "--starts",
                 "18:30", "--on", day.isoformat(), "--ics", str(out)]) == 0  # fmt: skip
    files = sorted(out.glob("*.ics"))
    assert files
    seen_uids = set()
    for path in files:
        assert path.stat().st_mode & 0o077 == 0
        calendar = Calendar.from_ical(path.read_bytes())
        assert str(calendar["method"]) == "PUBLISH"
        events = calendar.walk("VEVENT")
        starts = [e.decoded("dtstart") for e in events]
        assert all(s.tzinfo is None and s.date() == day for s in starts)  # the room's clock
        assert len(set(starts)) == len(starts)  # never two tables at once
        assert all(time(18, 30) <= s.time() for s in starts)
        assert all(str(e["location"]).startswith("Table ") for e in events)
        assert all(e.decoded("dtend") - e.decoded("dtstart") == timedelta(minutes=8)
                   for e in events)  # fmt: skip
        uids = {str(e["uid"]) for e in events}
        assert not uids & seen_uids
        seen_uids |= uids


def test_the_next_meeting_after_one_was_held_is_a_new_event(demo, pair):
    soon = datetime.now(UTC) + timedelta(minutes=1)
    with demo.open_store() as store:
        held = store.plan_meeting({"match_id": pair.id, "planned_by": pair.me.id,
                                   "starts_at": soon, "minutes": 5})  # fmt: skip
        same = store.plan_meeting({"match_id": pair.id, "planned_by": pair.me.id,
                                   "starts_at": soon, "minutes": 5})  # fmt: skip
        assert same.sequence == held.sequence  # saved unchanged (a second click): no move
        table = store.engine  # the meeting has been held: move it into the past
    from sqlalchemy import update

    from mentorkit.store import schema as t

    with table.begin() as conn:
        conn.execute(update(t.planned_meetings).values(
            starts_at=datetime.now(UTC) - timedelta(hours=2)))  # fmt: skip
    with demo.open_store() as store:
        assert store.planned_meeting(pair.id) is None
    following = plan_next_meeting(demo, pair, NEXT_WEEK, time(18, 0), 60, "video")
    assert following.uid != held.uid  # the held meeting stays where it was
    assert following.sequence == 0


def test_a_pair_whose_partner_left_plans_nothing(demo, pair):
    from mentorkit.services.access import withdraw

    with demo.open_store() as store:
        withdraw(store, pair.partner.id)
    with pytest.raises(InvalidRecord, match="has left the program"):
        plan_next_meeting(demo, pair, NEXT_WEEK, time(18, 0), 60, "video")


def test_the_planner_page_sends_both_invitations_when_the_program_has_mail(demo, smtp):
    from tests.test_drafts import form_of, visit
    from tests.widgets.test_planner import MeetingPlanner

    folder = mailing(demo, smtp.port)
    with folder.open_store() as store:
        match = store.matches().query("status == 'published'").iloc[0]
        mentee, mentor = (store.participant(match.mentee_id),
                          store.participant(match.mentor_id))  # fmt: skip
    planner = form_of(visit(folder, "reflection", mentee.id), MeetingPlanner)
    planner.day.value, planner.at.value = NEXT_WEEK, time(8, 15)
    planner._planned_now()
    assert f"sent to you and {mentor.name}" in planner.message.value
    assert smtp.to(mentee.email)
    assert smtp.to(mentor.email)
    planner._planned_now()  # a second click, nothing changed: nothing more is sent
    assert len(smtp.received) == 2
