"""The home page's list of what waits for a participant, from their own records."""

from __future__ import annotations

from datetime import date, timedelta

from mentorkit.services.demo import create_demo
from mentorkit.services.waiting import waiting_for
from tests.conftest import newly_matched

YESTERDAY = date.today() - timedelta(days=1)


def test_what_waits_follows_the_participants_own_records(tmp_path):
    folder = create_demo(tmp_path / "demo", mentors=4, mentees=10)
    with folder.open_store() as store:
        match = newly_matched(store)
        mentor, mentee = match.mentor_id, match.mentee_id
        store.update_participant(mentee, consents={})
        store.sign_agreement(match.id, mentor, {})
        meeting = store.log_meeting({"match_id": match.id, "held_on": YESTERDAY})
        item = {"text": "Send the slides", "owner_id": mentor, "due_date": YESTERDAY}
        store.add_reflection({"meeting_id": meeting.id, "author_id": mentor, "pulse": 4,
                              "action_items": [item]})  # fmt: skip
        mentor_name = store.participant(mentor).name
        mentee_name = store.participant(mentee).name
    said = {w.app: w.text for w in waiting_for(folder, mentee)}
    assert "intake is not complete" in said["intake"]
    assert f"Your agreement with {mentor_name} awaits your signature" in said["agreement"]
    assert "has no reflection of yours" in said["reflection"]
    assert "Set your first goal" in said["goals"]

    late = [w.text for w in waiting_for(folder, mentor) if "past due" in w.text]
    mine = [t for t in late if mentee_name in t or "(your pair" not in t]
    assert mine == [t for t in mine if t.startswith("1 of your action items is past due")]
    assert len(mine) == 1  # counted in its own pair only, not in each of the mentor's
