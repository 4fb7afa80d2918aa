"""`mentorkit remind` on the demo's past period, against a real SMTP server: each
condition reaches the participants the known histories say, once per period; an
opted-out participant gets nothing; facilitators get a digest of the pairs at risk."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentorkit.cli import main
from mentorkit.domain.goals import Goal, GoalStatus
from mentorkit.services.demo import create_demo
from mentorkit.services.demo_history import COURSES
from mentorkit.services.reminders import send_reminders
from tests.mail.conftest import mailing

BASE = "https://mentoring.example.org/mk/"
COHORT = "Demo cohort"
TODAY = date.today()


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    return create_demo(tmp_path / "demo", mentors=5, mentees=12)


def pairs_by_course(folder) -> dict[str, list]:
    """The demo's pairs by the course their history follows (COURSES, in turn)."""
    with folder.open_store() as store:
        matches = store.matches(COHORT).sort_values("id")
    found: dict[str, list] = {}
    for n, match in enumerate(matches.itertuples()):
        found.setdefault(COURSES[n % len(COURSES)], []).append(match)
    return found


def reminders_of(smtp, folder, who: str) -> str:
    """The plain text of the one reminder ``who`` got ("" if none)."""
    with folder.open_store() as store:
        address = store.participant(who).email
    got = [m for m in smtp.to(address) if m["X-Mentorkit-Kind"] == "reminder"]
    assert len(got) <= 1, f"{who} got {len(got)} reminders in one run"
    return got[0].get_body(("plain",)).get_content() if got else ""


def test_each_condition_reaches_whom_the_histories_say(demo, smtp):
    folder = mailing(demo, smtp.port, digest_to=["facilitator@example.org"])
    courses = pairs_by_course(folder)
    lapsed, overdue = courses["lapsed"][0], courses["overdue"][0]
    unsigned, new = courses["unsigned"][0], courses["new"][0]
    steady = courses["steady"][0]
    with folder.open_store() as store:
        someone = store.participants(cohort=COHORT).query("role == 'mentee'").iloc[-1]
        store.update_participant(someone.id, consents={})  # has not finished the intake
        meeting = store.log_meeting({"match_id": int(steady.id),
                                     "held_on": TODAY - timedelta(days=1)})  # fmt: skip
        store.save_reflection(
            {"meeting_id": meeting.id, "author_id": steady.mentor_id, "pulse": 4}
        )  # the mentee has not reflected on it yet
        store.save_goal(Goal(participant_id=steady.mentee_id, match_id=int(steady.id),
                             text="Speak at the team meeting by June",
                             status=GoalStatus.ACTIVE))  # fmt: skip

    report = send_reminders(folder, BASE)

    assert "Your last meeting with" in reminders_of(smtp, folder, lapsed.mentee_id)
    assert "Your last meeting with" in reminders_of(smtp, folder, lapsed.mentor_id)
    assert "of your action items" in reminders_of(smtp, folder, overdue.mentor_id)
    assert "past due" in reminders_of(smtp, folder, overdue.mentee_id)
    assert "awaits your signature" in reminders_of(smtp, folder, unsigned.mentee_id)
    assert "awaits your signature" not in reminders_of(smtp, folder, unsigned.mentor_id)
    assert "Agree the terms" in reminders_of(smtp, folder, new.mentee_id)
    assert "Set your first goal" in reminders_of(smtp, folder, new.mentee_id)
    assert "intake is not complete" in reminders_of(smtp, folder, someone.id)
    steady_mentee = reminders_of(smtp, folder, steady.mentee_id)
    assert "has no reflection of yours yet" in steady_mentee
    assert "has no milestones yet" in steady_mentee
    assert "has no reflection of yours" not in reminders_of(smtp, folder, steady.mentor_id)
    # a steady pair of the demo, nothing new: no message at all
    quiet = courses["steady"][1]
    assert reminders_of(smtp, folder, quiet.mentee_id) == ""
    assert set(report.reminded[lapsed.mentee_id]) >= {"cadence"}

    # every link in a reminder opens the right app for its reader
    text = reminders_of(smtp, folder, unsigned.mentee_id)
    assert f"{BASE}voila/render/agreement.ipynb?token=" in text
    assert f"{BASE}mentorkit/reminders?token=" in text  # and how to stop them

    (digest,) = smtp.to("facilitator@example.org")
    said = digest.get_body(("plain",)).get_content()
    with folder.open_store() as store:
        names = {p.id: p.name for p in store.participants(cohort=COHORT).itertuples()}
    assert f"{names[lapsed.mentor_id]} & {names[lapsed.mentee_id]}: lapsed" in said
    assert f"{names[overdue.mentor_id]} & {names[overdue.mentee_id]}" in said
    assert "@" not in said.split("You get this digest")[0]  # no addresses in it


def test_a_second_run_the_same_day_sends_nothing(demo, smtp):
    folder = mailing(demo, smtp.port, digest_to=["facilitator@example.org"])
    first = send_reminders(folder, BASE)
    count = len(smtp.received)
    assert first.reminded
    assert count > 0
    again = send_reminders(folder, BASE)
    assert again.reminded == {}
    assert again.digests == 0
    assert len(smtp.received) == count


def test_a_participant_who_stopped_reminders_gets_none(demo, smtp):
    folder = mailing(demo, smtp.port)
    lapsed = pairs_by_course(folder)["lapsed"][0]
    with folder.open_store() as store:
        store.messages.stop_reminders(lapsed.mentee_id)
    report = send_reminders(folder, BASE)
    assert reminders_of(smtp, folder, lapsed.mentee_id) == ""
    assert reminders_of(smtp, folder, lapsed.mentor_id) != ""
    assert report.stopped == 1


def test_remind_from_the_command_line_and_its_schedule(demo, smtp, tmp_path, capsys):
    folder = mailing(demo, smtp.port)
    outbox = tmp_path / "outbox"
    assert main(["remind", "--program", str(folder.path), "--dry-run", "--out",
                 str(outbox), "--base-url", BASE]) == 0  # fmt: skip
    assert "nothing was sent" in capsys.readouterr().out
    assert smtp.received == []
    assert list(outbox.glob("*.eml"))
    assert main(["remind", "--program", str(folder.path), "--base-url", BASE]) == 0
    assert "Sent: reminders to" in capsys.readouterr().out
    assert (
        main(["deploy", "reminders", "--program", str(folder.path), "--at", "07:30"]) == 0
    )
    schedule = capsys.readouterr().out
    assert f"30 7 * * * cd {folder.path} &&" in schedule
    assert "OnCalendar=*-*-* 07:30:00" in schedule
    assert f"-m mentorkit remind --program {folder.path}" in schedule
