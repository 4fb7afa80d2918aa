"""Program health on a cohort whose histories are known, and the no-fault close.

Each pair below lived one typical course; the health table must flag exactly the
pairs at risk, each with the reason a facilitator would give.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mentorkit.domain.agreements import Agreement, AgreementTerms
from mentorkit.domain.goals import Goal, Milestone
from mentorkit.domain.meetings import ActionItem, Meeting, Reflection
from mentorkit.domain.programs import CadenceRule
from mentorkit.errors import InvalidRecord
from mentorkit.matching import Match
from mentorkit.services.health import cadence_kept, pair_health
from mentorkit.services.matching_runs import match_cohort
from tests.conftest import COHORT

STARTED = date(2027, 1, 10)
TODAY = date(2027, 5, 1)
PREFIX = {"mentor": "M", "mentee": "E"}
CANARY = "canary: what the mentee said about their manager"
MONTHLY = [date(2027, 1, 15), date(2027, 2, 12), date(2027, 3, 12), date(2027, 4, 9),
           date(2027, 4, 28)]  # fmt: skip


def _people(store, names):
    def person(n, role, name):
        side = "skills_offered" if role == "mentor" else "skills_sought"
        return {"id": f"{PREFIX[role]}{n}", "cohort": COHORT, "role": role,
                "name": f"{role.title()} {name}", "email": f"{role}{n}@example.org",
                "timezone": "Europe/Paris", side: ["planning"]}  # fmt: skip

    store.add_participants(
        person(n, role, name)
        for n, name in enumerate(names, 1)
        for role in ("mentor", "mentee")
    )


def _pair(store, n, started=STARTED, signed=True):
    store.add_matches([
        Match(cohort=COHORT, mentor_id=f"M{n}", mentee_id=f"E{n}", status="draft",
              created_at=datetime.combine(started, datetime.min.time(), tzinfo=UTC))
    ])  # fmt: skip
    store.publish_drafts(COHORT)
    match_id = int(store.matches(COHORT)["id"].max())
    when = datetime.combine(started + timedelta(days=3), datetime.min.time(), tzinfo=UTC)
    store.save_agreement(
        Agreement(match_id=match_id, terms=AgreementTerms(), mentor_signed_at=when,
                  mentee_signed_at=when if signed else None)
    )  # fmt: skip
    return match_id


def _met(store, match_id, n, days, pulses, actions=()):
    """Meetings on ``days``, both sides reflecting with ``pulses``; ``actions`` are
    (meeting day, due date, done) items the mentee noted at that meeting."""
    for day, pulse in zip(days, pulses, strict=True):
        meeting = store.log_meeting(Meeting(match_id=match_id, held_on=day, minutes=60))
        for author in (f"M{n}", f"E{n}"):
            items = [
                ActionItem(text="follow up", owner_id=author, due_date=due, done=done)
                for on, due, done in actions
                if on == day and author.startswith("E")
            ]
            store.save_reflection(
                Reflection(meeting_id=meeting.id, author_id=author, pulse=pulse,
                           discussed=CANARY, action_items=items)
            )  # fmt: skip


@pytest.fixture
def histories(store):
    _people(store, ["steady", "lapsed", "overdue", "falling", "unsigned", "new"])
    ids = {}
    ids["steady"] = _pair(store, 1)
    _met(store, ids["steady"], 1, MONTHLY, [4, 4, 5, 4, 4])
    ids["lapsed"] = _pair(store, 2)
    _met(store, ids["lapsed"], 2, MONTHLY[:2], [4, 4])
    ids["overdue"] = _pair(store, 3)
    actions = [
        (MONTHLY[3], date(2027, 4, 23), False),  # past due, open: counts
        (MONTHLY[3], date(2027, 4, 20), True),  # past due, done: does not
        (MONTHLY[4], date(2027, 5, 12), False),  # open, not yet due: does not
    ]
    _met(store, ids["overdue"], 3, MONTHLY, [4, 4, 4, 4, 4], actions)
    ids["falling"] = _pair(store, 4)
    _met(store, ids["falling"], 4, MONTHLY, [5, 5, 5, 3, 3])
    ids["unsigned"] = _pair(store, 5, signed=False)
    _met(store, ids["unsigned"], 5, MONTHLY, [4, 4, 4, 4, 4])
    ids["new"] = _pair(store, 6, started=TODAY - timedelta(days=6))
    store.save_goal(
        Goal(participant_id="E1", match_id=ids["steady"], text="Plan the Q3 roadmap",
             progress=60, milestones=[Milestone(description="draft", done_on=TODAY),
                                      Milestone(description="review")])
    )  # fmt: skip
    return ids


def test_each_pair_is_flagged_with_its_reason_or_not_at_all(store, histories):
    table = pair_health(store, COHORT, today=TODAY).set_index("match_id")
    reasons = {course: table.loc[i, "reasons"] for course, i in histories.items()}
    one = pair_health(store, COHORT, today=TODAY, match_id=histories["falling"])
    assert one["reasons"].tolist() == [reasons["falling"]]
    assert reasons["steady"] == ""
    assert reasons["new"] == ""  # six days in: not judged yet
    assert reasons["lapsed"].startswith("lapsed: 78 days since they met")
    assert reasons["overdue"] == "1 action item past due"
    assert reasons["falling"] == "pulse falling: 5.0 -> 3.0 of 5"
    assert reasons["unsigned"] == "agreement not signed after 111 days"
    flagged = set(table.index[table["at_risk"]])
    assert flagged == {histories[c] for c in ("lapsed", "overdue", "falling", "unsigned")}
    assert list(pair_health(store, COHORT, today=TODAY)["at_risk"][:4]) == [True] * 4

    steady = table.loc[histories["steady"]]
    assert steady["meetings"] == 5
    assert steady["hours"] == 5.0
    assert steady["cadence"] == 1.0
    assert steady["pulses"] == [4, 4, 5, 4, 4]
    assert steady["reflections"] == 10  # both sides, five meetings
    assert (steady["goals"], steady["goal_progress"]) == (1, 60.0)
    assert (steady["milestones"], steady["milestones_met"]) == (2, 1)
    assert table.loc[histories["lapsed"], "cadence"] == pytest.approx(2 / 3)
    assert table.loc[histories["new"], "last_met"] is None


def test_health_never_carries_reflection_text(store, histories):
    table = pair_health(store, COHORT, today=TODAY)
    log = store.pulse_log(COHORT)
    assert CANARY not in table.to_string() + log.to_string()
    assert set(log.columns) == {"match_id", "meeting_id", "held_on", "minutes",
                                "author_id", "pulse", "shared", "open_actions"}  # fmt: skip


@pytest.mark.parametrize(("days", "lapsed"), [(37, False), (38, True)])
def test_a_meeting_may_come_a_week_late(store, days, lapsed):
    _people(store, ["one"])
    match_id = _pair(store, 1)
    _met(store, match_id, 1, [TODAY - timedelta(days=days)], [4])
    [row] = pair_health(store, COHORT, today=TODAY).to_dict("records")
    assert row["reasons"].startswith("lapsed") is lapsed


def test_low_pulse_is_flagged_at_once(store):
    _people(store, ["one"])
    match_id = _pair(store, 1)
    _met(store, match_id, 1, [TODAY - timedelta(days=3)], [2])
    [row] = pair_health(store, COHORT, today=TODAY).to_dict("records")
    assert row["reasons"] == "low pulse: 2 of 5 at the last meeting"


def test_cadence_counts_only_periods_that_have_ended():
    rule = CadenceRule(every_days=30, intensive_months=6)
    start = date(2027, 1, 1)
    assert cadence_kept([], start, start + timedelta(days=29), rule) != cadence_kept(
        [], start, start + timedelta(days=29), rule
    )  # NaN: no period has ended yet
    held = [date(2027, 1, 5), date(2027, 3, 10)]
    assert cadence_kept(held, start, date(2027, 4, 1), rule) == 2 / 3


def test_closing_a_pair_keeps_its_history_and_frees_the_mentee(store, histories):
    lapsed = histories["lapsed"]
    before = (store.meetings(lapsed), store.reflections("E2"), store.agreement(lapsed))
    closed = store.close_match(lapsed, "  Schedules no longer fit;   no blame ")
    assert closed.status == "closed"
    assert closed.close_reason == "Schedules no longer fit; no blame"
    assert closed.closed_at is not None
    assert (
        store.meetings(lapsed),
        store.reflections("E2"),
        store.agreement(lapsed),
    ) == before
    assert store.participant("E2").status == "active"
    assert store.participant("M2").status == "active"
    assert lapsed not in set(pair_health(store, COHORT, today=TODAY)["match_id"])

    with pytest.raises(InvalidRecord, match="only a published pair can be closed"):
        store.close_match(lapsed, "again")
    with pytest.raises(InvalidRecord, match="say why"):
        store.close_match(histories["steady"], "   ")

    # The mentee is matchable again, with someone new: the closed pair is not repeated.
    store.add_participants([{"id": "M9", "cohort": COHORT, "role": "mentor",
                             "name": "A new mentor", "email": "m9@example.org",
                             "timezone": "Europe/Paris", "skills_offered": ["planning"],
                             "capacity": 1}])  # fmt: skip
    proposal = match_cohort(store, COHORT, on=TODAY)
    pairs = set(zip(proposal.pairs["mentor_id"], proposal.pairs["mentee_id"], strict=True))
    assert ("M9", "E2") in pairs
    assert ("M2", "E2") not in pairs
