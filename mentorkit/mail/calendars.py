"""Calendar files (RFC 5545, made with the icalendar library): a pair's meeting as an
invitation, its changes and its cancellation, and a speed-mentoring evening's rounds.

Each partner's file is written in their own time zone (with its VTIMEZONE), so every
calendar shows the meeting at the right local time. Events carry what the meeting
needs (when, how long, where, who) and nothing anyone wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Method = Literal["REQUEST", "CANCEL", "PUBLISH"]
PRODUCT = "-//mentorkit//mentoring program//EN"


@dataclass(frozen=True)
class Event:
    """One calendar entry; ``starts`` aware (a time zone), or naive for a floating
    local time (an in-person evening, read as the clock on the wall)."""

    uid: str
    sequence: int
    starts: datetime
    minutes: int
    summary: str
    location: str = ""
    description: str = ""
    organizer: tuple[str, str] | None = None  # name, e-mail
    attendees: tuple[tuple[str, str], ...] = ()
    cancelled: bool = False


def calendar_file(
    events: list[Event], method: Method, timezone: str | None = None
) -> bytes:
    """The .ics of ``events``; aware times shown in ``timezone`` (the reader's)."""
    from icalendar import Calendar, vCalAddress, vText
    from icalendar import Event as VEvent

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    zone = ZoneInfo(timezone) if timezone else None
    stamp = datetime.now(UTC)
    for event in events:
        starts = event.starts
        if starts.tzinfo is not None and zone is not None:
            starts = starts.astimezone(zone)
        entry = VEvent()
        entry.add("uid", event.uid)
        entry.add("sequence", event.sequence)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", starts)
        entry.add("dtend", starts + timedelta(minutes=event.minutes))
        entry.add("summary", event.summary)
        entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        if event.location:
            entry.add("location", event.location)
        if event.description:
            entry.add("description", event.description)
        if event.organizer is not None:
            name, address = event.organizer
            organizer = vCalAddress(f"mailto:{address}")
            organizer.params["cn"] = vText(name)
            entry["organizer"] = organizer
        for name, address in event.attendees:
            attendee = vCalAddress(f"mailto:{address}")
            attendee.params["cn"] = vText(name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["rsvp"] = vText("TRUE")
            entry.add("attendee", attendee, encode=0)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
