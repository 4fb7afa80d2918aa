"""The goal coach as a mentee uses it: the date follows the goal's text until they
pick one, a goal that is not ready yet is offered as a draft, dates read one way."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from mentorkit.domain.goals import Goal, GoalStatus
from mentorkit.domain.participants import Participant
from mentorkit.widgets._goals import GoalCoach
from tests.conftest import PROGRAM
from tests.test_widgets import walk

TODAY = date(2027, 2, 1)
SMART = "Build three data analysis dashboards for the sales team by 30 April"
VAGUE = "Get better at data analysis"  # 1 of 5: relevant only


@pytest.fixture
def mentee():
    return Participant.from_dict({
        "id": "E1", "cohort": "Spring", "role": "mentee", "name": "A mentee",
        "email": "e1@example.org", "timezone": "UTC", "skills_sought": ["data analysis"],
    })  # fmt: skip


def coach_of(mentee, goals=()):
    saved: list[Goal] = []

    def save(goal: Goal) -> Goal:
        saved.append(goal.updated(id=len(saved) + 1))
        return saved[-1]

    coach = GoalCoach(mentee, PROGRAM, list(goals), save, today=TODAY)
    coach.saved = saved
    return coach


@pytest.fixture
def coach(mentee):
    return coach_of(mentee)


def button(coach, css: str):
    [found] = [w for w in walk(coach) if css in getattr(w, "_dom_classes", ())]
    return found


def pick(picker, day: date) -> None:
    """What the browser sends when the mentee picks a day (months count from 0)."""
    state = {"value": {"year": day.year, "month": day.month - 1, "date": day.day}}
    data = {"method": "update", "state": state, "buffer_paths": []}
    picker._handle_msg({"content": {"data": data}, "buffers": []})


def shown(widget) -> bool:
    """Whether a part of the page is there for the mentee to see."""
    return widget.layout.display != "none" and bool(widget.children)


# --- the date follows the text ---------------------------------------------------------


def test_the_date_follows_the_text_until_it_is_picked_by_hand(coach):
    coach.text.value = SMART
    assert coach.due.value == date(2027, 4, 30)
    coach.text.value = SMART.replace("30 April", "31 May")
    assert coach.due.value == date(2027, 5, 31)  # the deadline changed again
    coach.text.value = SMART.replace("30 April", "within 2 months")
    assert coach.due.value == date(2027, 4, 1)
    pick(coach.due, date(2027, 5, 20))  # the mentee picks a date
    assert coach.due.value == date(2027, 5, 20)
    coach.text.value = SMART.replace("30 April", "30 June")
    assert coach.due.value == date(2027, 5, 20)


def test_a_saved_goal_with_its_own_date_keeps_it(mentee):
    own = Goal(id=7, participant_id="E1", text=SMART + " 2027", due_date=date(2027, 4, 15))
    coach = coach_of(mentee, [own])
    assert coach.due.value == date(2027, 4, 15)
    coach.text.value = SMART.replace("30 April", "31 May")
    assert coach.due.value == date(2027, 4, 15)


def test_a_saved_goal_dated_as_its_text_follows_the_text(mentee):
    same = Goal(id=7, participant_id="E1", text=SMART, due_date=date(2027, 4, 30))
    coach = coach_of(mentee, [same])
    coach.text.value = SMART.replace("30 April", "31 May")
    assert coach.due.value == date(2027, 5, 31)


@pytest.mark.parametrize(
    ("due", "after"),
    [("2027-04-20", date(2027, 4, 20)),  # picked by hand before the page was left
     ("2027-04-30", date(2027, 5, 31))],  # the text's own date: it follows the text
)  # fmt: skip
def test_a_restored_draft_keeps_a_date_picked_by_hand(coach, due, after):
    coach.restore({"text": SMART, "due": due})
    assert coach.due.value == date.fromisoformat(due)
    coach.text.value = SMART.replace("30 April", "31 May")
    assert coach.due.value == after


def test_another_goal_of_the_list_starts_following_its_own_text(mentee):
    own = Goal(id=7, participant_id="E1", text=SMART, due_date=date(2027, 4, 15))
    coach = coach_of(mentee, [own])
    coach.picker.value = -1  # a new goal
    coach.text.value = SMART
    assert coach.due.value == date(2027, 4, 30)


# --- a goal not ready yet is offered as a draft ----------------------------------------


def test_a_goal_meeting_few_checks_is_offered_as_a_draft(coach):
    coach.text.value = VAGUE
    question = coach.save_question
    assert not shown(question)
    button(coach, "mk-save-goal").click()
    assert coach.saved == []  # not saved as active without asking
    assert shown(question)
    said = " ".join(getattr(w, "value", "") for w in walk(question) if hasattr(w, "value"))
    assert "This goal meets 1 of the 5 checks" in said
    assert "Save it as a draft to work on with your mentor?" in said

    button(coach, "mk-keep-editing").click()
    assert not shown(question)
    assert coach.saved == []

    button(coach, "mk-save-goal").click()
    button(coach, "mk-save-as-draft").click()
    [goal] = coach.saved
    assert goal.status == GoalStatus.DRAFT
    assert not shown(question)
    assert coach.status.value == GoalStatus.DRAFT
    assert "Saved" in coach.message.value


def test_a_goal_meeting_three_checks_saves_as_before(coach):
    coach.text.value = SMART
    button(coach, "mk-save-goal").click()
    [goal] = coach.saved
    assert goal.status == GoalStatus.ACTIVE
    assert not shown(coach.save_question)


def test_a_goal_the_record_refuses_says_so_before_any_question(coach):
    coach.text.value = VAGUE
    coach._add_milestone(None)  # without a description
    button(coach, "mk-save-goal").click()
    assert "what will be done: must not be empty" in coach.message.value
    assert not shown(coach.save_question)


def test_the_verdict_counts_the_checks_as_the_question_does(mentee):
    coach = coach_of(mentee.updated(skills_sought=[]))  # relevant cannot be judged
    coach.text.value = VAGUE
    assert "0 of 5 met" in coach.feedback.value
    button(coach, "mk-save-goal").click()
    assert "This goal meets 0 of the 5 checks" in coach.save_question.children[0].value


# --- one way to write a date -----------------------------------------------------------


def test_the_goals_page_writes_every_date_one_way(mentee):
    coach = coach_of(mentee)
    coach.text.value = "Build three dashboards for the sales team by 6 March"
    page = coach.feedback.value + coach.feasibility.value
    assert "= 6 March 2027" in page
    assert "due 6 March 2027, in 4 weeks" in page
    assert "runs until 1 October 2027" in page
    assert "2027-03-06" not in page
    coach._add_milestone(None)
    row = coach.milestones.children[0]
    row.description.value = "First dashboard live"
    row.due.value = date(2027, 4, 5)
    coach._save()
    assert "due on 5 April 2027, after the goal itself (6 March 2027)" in (
        coach.message.value
    )
    row.due.value = date(2027, 3, 1)
    coach._save()
    assert "Saved on 1 February 2027" in coach.message.value


class KeptDraft:
    """A draft of a new goal, kept on 6 March 2027 at 09:05, with a date of its own."""

    key = "new"

    def load(self):
        return {"text": SMART, "due": "2027-04-20"}, datetime(2027, 3, 6, 9, 5)

    def keep(self, state) -> None: ...

    def discard(self, saved: bool = False) -> None: ...

    def keys(self) -> list[str]:
        return [self.key]

    def for_key(self, key: str) -> KeptDraft:
        return self


def test_a_draft_coming_back_says_when_it_was_kept_and_keeps_its_date(coach):
    coach.keep_drafts(KeptDraft())
    [notice] = coach.draft_top.children
    assert "what you typed on 6 March 2027 at 09:05 is filled in" in notice.value
    assert coach.due.value == date(2027, 4, 20)
    coach.text.value = SMART.replace("30 April", "31 May")
    assert coach.due.value == date(2027, 4, 20)
