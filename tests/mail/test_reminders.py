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


@pytest.fixture(scope="module")
def reminded(tmp_path_factory):
    """One run of the reminders on the demo's past period, with a few more facts:
    someone who has not finished the intake, a meeting only the mentor reflected on,
    an active goal without milestones."""
    from tests.mail.conftest import Inbox, _serve

    inbox = Inbox()
    controller, port = _serve(inbox)
    demo = create_demo(tmp_path_factory.mktemp("remind") / "demo", mentors=5, mentees=12)
    folder = mailing(demo, port, digest_to=["facilitator@example.org"])
    courses = pairs_by_course(folder)
    steady = courses["steady"][0]
    with folder.open_store() as store:
        someone = store.participants(cohort=COHORT).query("role == 'mentee'").iloc[-1]
        store.update_participant(someone.id, consents={})
        meeting = store.log_meeting({"match_id": int(steady.id),
                                     "held_on": TODAY - timedelta(days=1)})  # fmt: skip
        store.save_reflection({"meeting_id": meeting.id, "author_id": steady.mentor_id,
                               "pulse": 4})  # fmt: skip
        store.save_goal(Goal(participant_id=steady.mentee_id, match_id=int(steady.id),
                             text="Speak at the team meeting by June",
                             status=GoalStatus.ACTIVE))  # fmt: skip
    report = send_reminders(folder, BASE)
    yield folder, inbox, courses, someone, report
    controller.stop()


def said_to(reminded, who_of) -> str:
    folder, inbox, courses, someone, _ = reminded
    return reminders_of(inbox, folder, who_of(courses, someone))


@pytest.mark.parametrize(
    ("condition", "who", "words"),
    [
        ("cadence", lambda c, s: c["lapsed"][0].mentee_id, "Your last meeting with"),
        ("cadence", lambda c, s: c["lapsed"][0].mentor_id, "Your last meeting with"),
        ("actions", lambda c, s: c["overdue"][0].mentor_id, "of your action items"),
        ("actions", lambda c, s: c["overdue"][0].mentee_id, "past due"),
        ("agreement", lambda c, s: c["unsigned"][0].mentee_id, "awaits your signature"),
        ("agreement", lambda c, s: c["new"][0].mentee_id, "Agree the terms"),
        ("first_goal", lambda c, s: c["new"][0].mentee_id, "Set your first goal"),
        ("intake", lambda c, s: s.id, "intake is not complete"),
        ("reflection", lambda c, s: c["steady"][0].mentee_id,
         "has no reflection of yours yet"),
        ("milestones", lambda c, s: c["steady"][0].mentee_id, "has no milestones yet"),
    ],
)  # fmt: skip
def test_each_condition_reaches_whom_the_history_says(reminded, condition, who, words):
    _, _, courses, someone, report = reminded
    assert words in said_to(reminded, who)
    assert condition in report.reminded[who(courses, someone)]


@pytest.mark.parametrize(
    ("who", "words"),
    [
        (lambda c, s: c["unsigned"][0].mentor_id, "awaits your signature"),  # signed
        (lambda c, s: c["steady"][0].mentor_id, "has no reflection of yours"),  # wrote
        (lambda c, s: c["steady"][1].mentee_id, "Your last meeting"),  # on cadence
    ],
)  # fmt: skip
def test_those_with_nothing_waiting_are_not_told(reminded, who, words):
    assert words not in said_to(reminded, who)


def test_links_lead_to_the_right_app_and_to_stopping(reminded):
    text = said_to(reminded, lambda c, s: c["unsigned"][0].mentee_id)
    assert f"{BASE}voila/render/agreement.ipynb?token=" in text
    assert f"{BASE}mentorkit/reminders?token=" in text


def test_the_digest_lists_the_pairs_at_risk_with_their_reasons(reminded):
    folder, inbox, courses, _, report = reminded
    (digest,) = inbox.to("facilitator@example.org")
    said = digest.get_body(("plain",)).get_content()
    with folder.open_store() as store:
        names = {p.id: p.name for p in store.participants(cohort=COHORT).itertuples()}
    lapsed, overdue = courses["lapsed"][0], courses["overdue"][0]
    assert f"{names[lapsed.mentor_id]} & {names[lapsed.mentee_id]}: lapsed" in said
    assert f"{names[overdue.mentor_id]} & {names[overdue.mentee_id]}" in said
    assert "action items past due" in said
    assert "@" not in said.split("You get this digest")[0]  # no addresses in it
    assert report.digests == 1


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
    assert f"30 7 * * * cd '{folder.path}' &&" in schedule
    assert ". ./mentorkit.env" in schedule  # the database and the password, as systemd
    assert "OnCalendar=*-*-* 07:30:00" in schedule
    assert f"-m mentorkit remind --program {folder.path}" in schedule  # the timer's unit


def test_each_digest_address_gets_its_own_and_nothing_after_the_program(demo, smtp):
    folder = mailing(demo, smtp.port, digest_to=["one@example.org", "two@example.org"])
    smtp.refuse = {"two@example.org"}
    send_reminders(folder, BASE)
    assert len(smtp.to("one@example.org")) == 1
    smtp.refuse = set()
    again = send_reminders(folder, BASE)  # the refused address gets it now, only it
    assert again.digests == 1
    assert len(smtp.to("two@example.org")) == 1
    assert len(smtp.to("one@example.org")) == 1
    with folder.open_store() as store:
        end = store.program().end_date
    before = len(smtp.received)
    after = send_reminders(folder, BASE, today=end + timedelta(days=1))
    assert after.ended
    assert len(smtp.received) == before
