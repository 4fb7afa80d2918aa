"""What a pair keeps in the store: the agreement both sign, goals, meetings and
reflections — and who may read what."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.domain.agreements import AgreementTerms, default_terms
from mentorkit.domain.goals import Goal, Milestone
from mentorkit.domain.meetings import Meeting
from mentorkit.errors import InvalidRecord
from mentorkit.matching import Match
from mentorkit.services.wording import wording
from tests.conftest import COHORT, PROGRAM

DAY = date(2027, 2, 1)


@pytest.fixture
def pair(store):
    store.add_participants([
        {"id": "M1", "cohort": COHORT, "role": "mentor", "name": "A mentor",
         "email": "m1@example.org", "timezone": "UTC", "skills_offered": ["sql"]},
        {"id": "E1", "cohort": COHORT, "role": "mentee", "name": "A mentee",
         "email": "e1@example.org", "timezone": "UTC", "skills_sought": ["sql"]},
        {"id": "E2", "cohort": COHORT, "role": "mentee", "name": "Another mentee",
         "email": "e2@example.org", "timezone": "UTC"},
    ])  # fmt: skip
    store.add_matches([Match(cohort=COHORT, mentor_id="M1", mentee_id="E1")])
    store.publish_drafts(COHORT)
    return int(store.matches(COHORT)["id"].iloc[0])


def test_both_sign_and_the_signed_agreement_is_kept_as_signed(store, pair):
    terms = AgreementTerms(venue="Room 2")
    first = store.sign_agreement(pair, "E1", terms)
    assert first.mentee_signed_at
    assert not first.mentor_signed_at
    both = store.sign_agreement(pair, "M1", terms)
    assert both.signed
    assert store.agreement(pair).signed
    with pytest.raises(InvalidRecord, match="kept as signed"):
        store.sign_agreement(pair, "E1", terms.updated(venue="Room 3"))
    with pytest.raises(InvalidRecord, match="kept as signed"):
        store.save_agreement(store.agreement(pair).updated(terms=terms.updated(venue="X")))
    assert store.agreement(pair).terms.venue == "Room 2"


def test_signing_changed_terms_asks_the_partner_to_sign_again(store, pair):
    store.sign_agreement(pair, "E1", AgreementTerms(venue="Room 2"))
    changed = store.sign_agreement(pair, "M1", AgreementTerms(venue="Café"))
    assert changed.mentor_signed_at is not None
    assert changed.mentee_signed_at is None  # signed other terms: withdrawn
    assert not store.agreement(pair).signed


def test_only_the_pair_signs(store, pair):
    with pytest.raises(InvalidRecord, match="'E2' is not part of this pair"):
        store.sign_agreement(pair, "E2", AgreementTerms())
    with pytest.raises(InvalidRecord, match="no match 999"):
        store.sign_agreement(999, "E1", AgreementTerms())


def test_default_terms_follow_the_program_and_its_wording(tmp_path):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "agreement.toml").write_text('ground_rules = "Our own rules."\nunknown = "x"\n')
    texts = wording("agreement", tmp_path)
    assert texts["ground_rules"] == "Our own rules."
    assert "unknown" not in texts
    assert texts["no_fault_exit"].startswith("Either of us can end")
    terms = default_terms(PROGRAM, texts)
    assert terms.meeting_every_days == PROGRAM.cadence.every_days
    assert terms.duration_months == 9  # the program's nine months, within 6 to 12
    (own / "agreement.toml").write_text("ground_rules = [")
    with pytest.raises(Exception, match="not valid TOML"):
        wording("agreement", tmp_path)


def test_both_sides_log_one_meeting_and_read_only_what_was_shared(store, pair):
    meeting = {"match_id": pair, "held_on": DAY, "minutes": 60, "topics": "sql"}
    store.log_reflection(meeting, {"author_id": "E1", "pulse": 4, "shared": True,
                                   "discussed": "shared words"})  # fmt: skip
    store.log_reflection(
        {**meeting, "topics": "careers"},
        {"author_id": "M1", "pulse": 5, "discussed": "private words"},
    )
    [logged] = store.meetings(pair)
    assert logged.topics == ["sql", "careers"]
    mentee_reads = {r.discussed for r in store.pair_reflections(pair, "E1")}
    mentor_reads = {r.discussed for r in store.pair_reflections(pair, "M1")}
    assert mentee_reads == {"shared words"}  # not the mentor's private reflection
    assert mentor_reads == {"shared words", "private words"}
    with pytest.raises(InvalidRecord, match="'E2' is not part of this pair"):
        store.pair_reflections(pair, "E2")


def test_a_refused_reflection_leaves_no_meeting_behind(store, pair):
    meeting = Meeting(match_id=pair, held_on=DAY)
    with pytest.raises(InvalidRecord, match="pulse"):
        store.log_reflection(meeting, {"author_id": "E1", "pulse": 9})
    with pytest.raises(InvalidRecord, match="'E2' is not part of this meeting's pair"):
        store.log_reflection(meeting, {"author_id": "E2", "pulse": 3})
    assert store.meetings(pair) == []


def test_reported_progress_moves_only_the_authors_goals(store, pair):
    goal = store.save_goal(Goal(participant_id="E1", match_id=pair, text="Ship it"))
    store.log_reflection(
        {"match_id": pair, "held_on": DAY},
        {"author_id": "M1", "pulse": 4, "goal_progress": {goal.id: 90}},
    )
    assert store.goals("E1")[0].progress == 0  # the mentor does not move it
    store.log_reflection(
        {"match_id": pair, "held_on": DAY},
        {"author_id": "E1", "pulse": 4, "goal_progress": {goal.id: 40}},
    )
    assert store.goals("E1")[0].progress == 40


def test_a_saved_goal_replaces_its_milestones_and_stays_with_its_owner(store, pair):
    goal = store.save_goal(
        Goal(participant_id="E1", text="Ship it",
             milestones=[Milestone(description="a"), Milestone(description="b")])
    )  # fmt: skip
    again = store.save_goal(
        goal.updated(strategies="pair on it", milestones=[Milestone(description="c")])
    )
    assert again.id == goal.id
    [stored] = store.goals("E1")
    assert stored.strategies == "pair on it"
    assert [m.description for m in stored.milestones] == ["c"]
    with pytest.raises(InvalidRecord, match="no goal"):
        store.save_goal(stored.updated(participant_id="E2", text="taken over"))
    assert store.goals("E1")[0].text == "Ship it"
    assert store.goals("E2") == []
