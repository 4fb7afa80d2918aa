"""The goal coach, the reflection form and the health board, driven as a user would:
typing, clicking, and reading what the page says back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentorkit.domain.goals import Goal
from mentorkit.services.demo import create_demo
from mentorkit.services.pairs import pairs_of
from mentorkit.widgets._facilitator_pages import program_health_page
from mentorkit.widgets._goals import GoalCoach
from mentorkit.widgets._pairs import reflection_view
from tests.conftest import PROGRAM
from tests.test_widgets import classes, html

TODAY = date(2027, 2, 1)


@pytest.fixture
def mentee():
    from mentorkit.domain.participants import Participant

    return Participant.from_dict({
        "id": "E1", "cohort": "Spring", "role": "mentee", "name": "A mentee",
        "email": "e1@example.org", "timezone": "UTC", "skills_sought": ["data analysis"],
    })  # fmt: skip


@pytest.fixture
def coach(mentee):
    saved: list[Goal] = []

    def save(goal: Goal) -> Goal:
        saved.append(goal.updated(id=len(saved) + 1))
        return saved[-1]

    coach = GoalCoach(mentee, PROGRAM, [], save, today=TODAY)
    coach.saved = saved
    return coach


def criteria(coach, state):
    return {c.removeprefix("mk-smart-").split()[0] for c in _items(coach, state)}


def _items(coach, state):
    text = coach.feedback.value
    return [
        part.split("'")[0]
        for part in text.split("class='")[1:]
        if state in part.split("'")[0]
    ]


def test_feedback_follows_the_text_as_it_is_typed(coach):
    coach.text.value = "Get better at data analysis"
    assert {"specific", "measurable", "time_bound"} <= criteria(coach, "mk-unmet")
    assert "By when?" in coach.feedback.value
    coach.text.value = (
        "Build three data analysis dashboards for the sales team by 30 April 2027"
    )
    assert "All five met" in coach.feedback.value
    assert coach.due.value == date(2027, 4, 30)  # the timeline step takes the deadline
    assert "data analysis" in coach.feasibility.value


def test_milestones_are_checked_before_anything_is_saved(coach):
    coach.text.value = "Build three dashboards for the sales team by 30 April 2027"
    coach._add_milestone(None)
    coach._add_milestone(None)
    first, second = coach.milestones.children
    first.description.value = "Agree the metrics"
    first.due.value = date(2027, 3, 1)
    coach._save()
    assert "Milestone 2, what will be done: must not be empty" in coach.message.value
    second.description.value = "First dashboard live"
    second.due.value = date(2027, 5, 15)  # after the goal's own date
    coach._save()
    assert "milestone 2 is due on 15 May 2027, after the goal itself" in coach.message.value
    assert coach.saved == []
    second.due.value = None
    coach._save()
    [goal] = coach.saved
    assert [m.description for m in goal.milestones] == ["Agree the metrics",
                                                       "First dashboard live"]  # fmt: skip
    assert "with 2 milestones" in coach.message.value
    assert coach.picker.value == goal.id  # the saved goal is the one shown

    coach.picker.value = -1  # a second goal: the form starts empty
    assert coach.text.value == ""
    assert coach.milestones.children == ()
    coach.text.value = "Mentor two new analysts through their first report by June 2027"
    coach._save()
    second = coach.saved[-1]
    assert coach.picker.index == 1  # the list shows the second goal, not the first
    assert coach.picker.label.startswith("Mentor two new analysts")
    coach.picker.value = goal.id
    assert coach.text.value == goal.text
    assert len(coach.milestones.children) == 2
    assert second.id != goal.id


def test_a_mentee_with_goals_sees_the_first_one(mentee):
    goal = Goal(id=7, participant_id="E1", text="Build three dashboards by 30 April 2027")
    coach = GoalCoach(mentee, PROGRAM, [goal], lambda g: g, today=TODAY)
    assert coach.picker.value == 7
    assert coach.text.value == goal.text
    assert "mk-smart-specific" in coach.feedback.value  # its checks, not the blank hint


def test_what_a_mentee_typed_is_escaped_in_the_feedback(coach):
    coach.text.value = "Build three <b>dashboards</b> for the sales team by 30 April 2027"
    assert "<b>dashboards</b>" not in coach.feedback.value
    assert "three &lt;b&gt;dashboards&lt;/b&gt; for the sales team" in coach.feedback.value


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return create_demo(tmp_path_factory.mktemp("pairs") / "demo", mentors=3, mentees=6)


def test_a_reflection_needs_a_pulse_and_a_past_date(demo):
    with demo.open_store() as store:
        mentee = store.participant(store.matches()["mentee_id"].iloc[-1])
        pair = pairs_of(store, mentee)[0]
        before = len(store.meetings(pair.id))
    form = reflection_view(demo, pair, PROGRAM)
    form.texts["discussed"].value = "we planned"
    form._save()
    assert "choose a pulse rating" in form.message.value
    form.pulse.value = "4"
    form.held_on.value = date.today() + timedelta(days=2)
    form._save()
    assert "in the future" in form.message.value
    form.held_on.value = date.today()
    form._add_action()
    form._save()
    assert "Action item 1, what will be done: must not be empty" in form.message.value
    with demo.open_store() as store:
        assert len(store.meetings(pair.id)) == before  # nothing half-written
    form.actions.children[0].text.value = "<b>send notes</b>"
    form._save()
    assert "Saved your reflection" in form.message.value
    shown = html(form.past)
    assert "&lt;b&gt;send notes&lt;/b&gt;" in shown
    assert "<b>send notes</b>" not in shown
    assert "mk-action-open" in classes(form.past)


def test_the_health_board_closes_a_pair_without_losing_it(demo):
    page = program_health_page(program=demo)
    board = page.children[-1]
    assert "mk-health" in board._dom_classes
    pairs = {v: k for k, v in board.pair.options}
    match_id = board.pair.options[1][1]  # the first is the prompt
    board.pair.value = match_id
    board.reason.value = ""
    board.close_button.click()
    assert "say why" in board.message.value
    board.reason.value = "Moved to another office; no blame"
    board.close_button.click()
    board.confirm_button.click()
    assert "can be matched again" in board.message.value
    assert match_id not in dict(board.pair.options).values()
    assert "Moved to another office" in board.closed.value
    with demo.open_store() as store:
        match = store.match(match_id)
        assert match.status == "closed"
        assert store.participant(match.mentee_id).status == "active"
    assert pairs[match_id].split(" (")[0].split(" & ")[1] in board.closed.value


def test_after_a_no_fault_close_the_pair_apps_say_so(demo):
    from mentorkit.widgets._pairs import pair_app

    with demo.open_store() as store:
        matches = store.matches()
        match = matches[matches["status"] == "published"].iloc[-1]
        store.close_match(int(match["id"]), "Our schedules no longer fit")
        mentee = store.participant(match["mentee_id"])
        mentor_name = store.participant(match["mentor_id"]).name
    for app in ("agreement", "reflection"):
        page = pair_app(app, demo, mentee, PROGRAM)
        assert f"Your pair with {mentor_name} ended on" in page.value
        assert "without blame" in page.value
