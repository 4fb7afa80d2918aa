"""A pair's next meeting, in both calendars: planned on the meeting log page, sent to
both partners as an invitation (.ics, each in their own time zone), changed or called
off with the same UID and a higher sequence; the page offers the same file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorkit.domain.meetings import PlannedMeeting
from mentorkit.domain.participants import Channel
from mentorkit.domain.records import long_date
from mentorkit.errors import InvalidRecord, Problem
from mentorkit.files import slug
from mentorkit.folder import ProgramFolder
from mentorkit.mail import Attachment, Letter, SmtpPostman
from mentorkit.mail.calendars import Event, calendar_file
from mentorkit.services.access import LinkClaims, app_link, sign_link
from mentorkit.services.invitations import apps_address
from mentorkit.services.mailing import deliver, letter
from mentorkit.services.pairs import Pair

CHANNEL_WORDS = {Channel.VIDEO: "by video", Channel.IN_PERSON: "in person",
                 Channel.PHONE: "by phone", Channel.CHAT: "by chat"}  # fmt: skip
MEETING = "meeting"


def plan_next_meeting(
    folder: ProgramFolder, pair: Pair, day: date, at: time, minutes: int | str,
    channel: Channel | str, place: str = "",
) -> PlannedMeeting:  # fmt: skip
    """``pair.me`` plans (or moves) the pair's next meeting, at ``at`` on ``day`` in
    their own time zone."""
    if not isinstance(day, date) or not isinstance(at, time):
        raise _refused("give a day and a time")
    starts = datetime.combine(day, at.replace(tzinfo=None), ZoneInfo(pair.me.timezone))
    now = datetime.now(UTC)
    if starts < now - timedelta(minutes=5):
        raise _refused("is in the past: give a time ahead")
    if starts > now + timedelta(days=366):
        raise _refused("is more than a year ahead: check the year")
    with folder.open_store() as store:
        return store.plan_meeting({
            "match_id": pair.id, "starts_at": starts, "minutes": minutes,
            "channel": channel, "place": place, "planned_by": pair.me.id,
        })  # fmt: skip


def _refused(why: str) -> InvalidRecord:
    return InvalidRecord("planned meeting", [Problem("starts_at", why)])


def cancel_next_meeting(folder: ProgramFolder, pair: Pair) -> PlannedMeeting | None:
    with folder.open_store() as store:
        return store.cancel_planned(pair.id)


def planned_meeting(folder: ProgramFolder, pair: Pair) -> PlannedMeeting | None:
    with folder.open_store() as store:
        return store.planned_meeting(pair.id)


def meeting_file(folder: ProgramFolder, pair: Pair, planned: PlannedMeeting,
                 reader: str | None = None) -> bytes:  # fmt: skip
    """The .ics of ``planned`` for one of the pair (``reader``, by default ``pair.me``),
    in their own time zone: an invitation, or its cancellation."""
    people = {pair.me.id: pair.me, pair.partner.id: pair.partner}
    who = people[reader or pair.me.id]
    mentor, mentee = (pair.me, pair.partner) if pair.my_side == "mentor" else (
        pair.partner, pair.me)  # fmt: skip
    planner = people.get(planned.planned_by, pair.me)
    with folder.open_store() as store:
        program = store.program().name
    event = Event(
        uid=planned.uid, sequence=planned.sequence, starts=planned.starts_at,
        minutes=planned.minutes, summary=f"Mentoring: {mentor.name} and {mentee.name}",
        location=planned.place or CHANNEL_WORDS[planned.channel],
        description=f"A meeting of {program}, {CHANNEL_WORDS[planned.channel]}. "
                    "Change or call it off on the meeting log page.",
        organizer=(planner.name, planner.email),
        attendees=((mentor.name, mentor.email), (mentee.name, mentee.email)),
        cancelled=planned.status == "cancelled",
    )  # fmt: skip
    method = "CANCEL" if planned.status == "cancelled" else "REQUEST"
    return calendar_file([event], method, who.timezone)


def send_meeting(folder: ProgramFolder, pair: Pair, planned: PlannedMeeting) -> str:
    """E-mail both partners the invitation (or its change or cancellation); returns a
    sentence for the page. Without [mail] the page offers the file alone."""
    settings = folder.settings.mail
    if not settings.host:
        return ("Saved. Your program sends no e-mail: download the invitation below and "
                "send it to your partner.")  # fmt: skip
    if planned.status == "cancelled":
        kind = "meeting_cancelled"
    else:
        kind = "meeting" if planned.sequence == 0 else "meeting_changed"
    key = f"{planned.uid}:{planned.sequence}"
    with folder.open_store() as store:
        already = store.messages.sent_to(MEETING, key)
    readers = [r for r in (pair.me, pair.partner) if r.email not in already]
    if not readers:  # saved unchanged, or a second click: it went out already
        return f"Nothing changed: you and {pair.partner.name} have this invitation."
    letters = [_meeting_letter(folder, pair, planned, kind, reader) for reader in readers]
    refused = []
    with SmtpPostman(settings) as postman, folder.open_store() as store:
        for reader, one in zip(readers, letters, strict=True):
            outcome, why = deliver(postman, one, settings)
            store.messages.record(MEETING, key, reader.email, outcome, reader.id, why)
            if outcome == "failed":
                refused.append(reader.name)
    if refused:
        return (f"Saved, but the invitation could not be delivered to "
                f"{' and '.join(refused)}; download it below.")  # fmt: skip
    return f"Saved and sent to you and {pair.partner.name}."


def _meeting_letter(folder, pair, planned, kind, reader) -> Letter:
    partner = pair.partner if reader.id == pair.me.id else pair.me
    zone = ZoneInfo(reader.timezone)
    local = planned.starts_at.astimezone(zone)
    when = f"{local:%A} {long_date(local)} at {local:%H:%M} ({reader.timezone})"
    how = CHANNEL_WORDS[planned.channel] + (f", {planned.place}" if planned.place else "")
    planner = pair.me.name if planned.planned_by == pair.me.id else pair.partner.name
    with folder.open_store() as store:
        program = store.program()
    token = sign_link(folder.secret, LinkClaims(reader.id, reader.cohort, program.end_date))
    data = meeting_file(folder, pair, planned, reader.id)
    method = "CANCEL" if planned.status == "cancelled" else "REQUEST"
    one = letter(folder, kind, reader.email, reader.name, {
        "name": reader.name, "partner": partner.name, "planner": planner, "when": when,
        "minutes": str(planned.minutes), "how": how, "program": program.name,
    }, link=app_link(apps_address(folder), token, "reflection"))  # fmt: skip
    ics = Attachment(f"mentoring-{method.lower()}.ics", "text/calendar", data,
                     (("method", method),))  # fmt: skip
    return replace(one, attachments=(ics,))


def speed_calendars(
    rotation, names: dict[str, str], cohort: str, day: date, place: str = ""
) -> dict[str, bytes]:
    """Each participant's rounds of a speed-mentoring session as one .ics: round,
    table and partner, at the clock time of the room (floating local times)."""
    events: dict[str, list[Event]] = {}
    session = f"speed-{slug(cohort, 'cohort')}-{day:%Y%m%d}"
    first = rotation.schedule["starts"].min() if len(rotation.schedule) else None
    begins = datetime.combine(day, first.time()) if first is not None else None
    for row in rotation.schedule.itertuples():
        starts = begins + (row.starts - first)  # past midnight is the next day
        minutes = int((row.ends - row.starts).total_seconds() // 60)
        where = f"Table {row.table}" + (f", {place}" if place else "")
        about = f"Round {row.round} of the speed-mentoring session of {cohort}"
        for me, partner in ((row.mentor_id, row.mentee_id), (row.mentee_id, row.mentor_id)):
            events.setdefault(me, []).append(Event(
                uid=f"{session}-{row.round}-{me}@mentorkit", sequence=0, starts=starts,
                minutes=minutes, location=where, description=f"{about}, at {where}.",
                summary=f"Speed mentoring, round {row.round}: {names.get(partner, '')}",
            ))  # fmt: skip
    return {who: calendar_file(mine, "PUBLISH") for who, mine in events.items()}
