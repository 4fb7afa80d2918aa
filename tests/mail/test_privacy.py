"""Nothing private travels: a canary reflection text and the canary address of a
third participant (also on someone's avoid list) are in no message and no calendar
file of the demo: invitations, reminders, the digest, meeting invitations, speed
rounds."""

from __future__ import annotations

from datetime import date, time, timedelta

from mentorkit.services.mailing import send_invitations
from mentorkit.services.pairs import pairs_of
from mentorkit.services.reminders import send_reminders
from mentorkit.services.scheduling import plan_next_meeting, send_meeting
from tests.mail.conftest import mailing

BASE = "https://mentoring.example.org/mk/"
CANARY_TEXT = "CANARY-REFLECTION-4411"
CANARY_EMAIL = "canary.third@example.org"


def every_byte(message) -> str:
    """The message as its reader gets it: headers and every decoded part."""
    parts = [str(message.items())]
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(payload.decode(errors="replace"))
    return "\n".join(parts)


def test_no_reflection_text_and_no_third_address_in_any_message(demo, smtp, tmp_path):
    folder = mailing(demo, smtp.port, digest_to=["facilitator@example.org"])
    with folder.open_store() as store:
        matched = set(store.matches()["mentor_id"]) | set(store.matches()["mentee_id"])
        people = store.participants(cohort="Demo cohort")
        third = people[~people["id"].isin(matched)].iloc[0]
        store.update_participant(third.id, email=CANARY_EMAIL)
        avoider = people[people["id"].isin(matched)].iloc[0]
        store.update_participant(avoider.id, avoid_emails=[CANARY_EMAIL])
        for mentee in store.matches()["mentee_id"]:
            for reflection in store.reflections(mentee):
                secret = reflection.updated(learned=CANARY_TEXT, discussed=CANARY_TEXT)
                store.save_reflection(secret)
        published = store.matches().query("status == 'published'")
        pairs = [next(p for p in pairs_of(store, store.participant(m.mentee_id))
                      if p.id == int(m.id)) for m in published.itertuples()]  # fmt: skip

    send_invitations(folder, "Demo cohort", BASE)
    send_reminders(folder, BASE)
    for n, pair in enumerate(pairs):
        planned = plan_next_meeting(folder, pair, date.today() + timedelta(days=5),
                                    time(9 + n % 8), 60, "video")  # fmt: skip
        send_meeting(folder, pair, planned)

    kinds = {m["X-Mentorkit-Kind"] for _, m in smtp.received}
    assert {"invitation", "reminder", "digest", "meeting"} <= kinds
    assert any(p.get_content_type() == "text/calendar"
               for _, m in smtp.received for p in m.walk())  # fmt: skip
    searched = 0
    for recipients, message in smtp.received:
        text = every_byte(message)
        assert CANARY_TEXT not in text, message["Subject"]
        if CANARY_EMAIL not in recipients:  # only their own mail may carry it
            assert CANARY_EMAIL not in text, message["Subject"]
        searched += 1
    assert searched == len(smtp.received) > len(pairs) * 2
