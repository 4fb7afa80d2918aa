"""The daily reminders judge what waits for each participant on their own date, as
their pages do: on the day a closing reflection opens where a participant lives, the
reminder asks for it, whatever the server's date. (The run used the server's date:
an e-mail could ask for a closing the page had not opened yet, or a day late.)"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from mentorkit.domain.closing import add_months, closing_opens
from mentorkit.services.demo import create_demo
from mentorkit.services.reminders import send_reminders
from mentorkit.store import schema as t
from tests.mail.conftest import with_mail

COHORT = "Demo cohort"


def _zone_not_on_the_server_date() -> tuple[str, date]:
    """A time zone whose date differs from the server's (UTC) now: one always does."""
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):  # UTC+14, UTC-12
        local = datetime.now(ZoneInfo(zone)).date()
        if local != datetime.now(UTC).date():
            return zone, local
    raise AssertionError("no zone with another date: the clock is odd")


def test_the_closing_is_asked_for_on_the_participants_own_date(tmp_path, monkeypatch):
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    folder = with_mail(create_demo(tmp_path / "demo", mentors=3, mentees=6),
                       sender="Demo <mentoring@example.org>")  # fmt: skip
    zone, local = _zone_not_on_the_server_date()
    with folder.open_store() as store:
        signed = store.signed_agreements(COHORT)
        match = store.match(next(iter(signed)))  # six months, signed by both
        # made on the day that makes its closing open on the later of the two dates:
        # open on one side of the date line and not yet on the other
        server = datetime.now(UTC).date()
        opens = max(local, server)
        made = next(d for d in (opens - timedelta(days=n) for n in range(120, 200))
                    if closing_opens(add_months(d, 6)) == opens)  # fmt: skip
        with store.engine.begin() as conn:
            conn.execute(update(t.matches).where(t.matches.c.id == match.id).values(
                created_at=datetime.combine(made, time(12), tzinfo=UTC)))  # fmt: skip
        store.update_participant(match.mentee_id, timezone=zone)
    report = send_reminders(folder, "https://mentoring.example.org/",
                            dry_run=tmp_path / "outbox")  # fmt: skip
    asked = report.reminded.get(match.mentee_id, [])
    if local > server:  # ahead of the server: it opens where they are, today
        assert "closing" in asked, asked
    else:  # behind: it opens on the server's date, not yet where they live
        assert "closing" not in asked, asked
