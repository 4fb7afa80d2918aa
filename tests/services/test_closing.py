"""The closing reflection's rules, tried as a participant (or someone crafting the
page's messages) would: when it opens, which goals it speaks of, who writes it, what
a rating may be; and when a relationship ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentorkit.domain.closing import add_months, closing_opens, relationship_end
from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.errors import InvalidRecord
from mentorkit.services import closing
from mentorkit.services.demo import create_demo
from mentorkit.services.pairs import Pair, pairs_of
from mentorkit.services.waiting import waiting_for
from tests.conftest import newly_matched


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(date(2026, 8, 31), 6, date(2027, 2, 28)), (date(2027, 8, 31), 6, date(2028, 2, 29)),
     (date(2026, 1, 15), 12, date(2027, 1, 15)), (date(2026, 7, 31), 9, date(2027, 4, 30)),
     (date(2026, 12, 1), 1, date(2027, 1, 1))],
)  # fmt: skip
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


def test_a_relationship_never_runs_past_the_program():
    assert relationship_end(date(2026, 9, 1), 12, date(2027, 6, 30)) == date(2027, 6, 30)
    assert relationship_end(date(2026, 9, 1), 6, date(2027, 6, 30)) == date(2027, 3, 1)


@pytest.fixture(scope="module")
def ending_demo(tmp_path_factory):
    """The demo as it stands 175 days in: its pairs agreed six months, so the oldest
    are inside the three weeks before their end."""
    start = date.today() - timedelta(days=175)
    return create_demo(tmp_path_factory.mktemp("closing") / "p", mentors=6, mentees=14,
                       start=start)  # fmt: skip


def ending_pairs(folder, side: str = "mentee") -> list[Pair]:
    """Pairs seen from ``side`` whose closing reflection is open today."""
    with folder.open_store() as store:
        people = store.participants(role=side)
        found = []
        for person_id in people["id"]:
            for pair in pairs_of(store, store.participant(person_id)):
                if pair.my_side == side and closing.ending(store, pair).is_open(
                    date.today()
                ):
                    found.append(pair)
        return found


VALUES = {"rating": 4, "recommend": True, "continue_informally": True}


def test_it_is_refused_before_it_opens(tmp_path):
    folder = create_demo(tmp_path / "p", mentors=3, mentees=6)  # 150 days in
    with folder.open_store() as store:
        mentee = store.participants(role="mentee")["id"].iloc[0]
        pair = pairs_of(store, store.participant(mentee))[0]
        opens = closing_opens(closing.ends_on(store, pair.match))
        with pytest.raises(InvalidRecord, match=f"opens on {opens.day} {opens:%B}"):
            closing.write_closing(store, pair, VALUES)
        assert store.closings(pair.id) == []


def test_only_the_pairs_own_goals_and_only_as_oneself(ending_demo):
    first, second = ending_pairs(ending_demo)[:2]
    with ending_demo.open_store() as store:
        theirs = closing.ending(store, second).goals[0].id
        crafted = {**VALUES, "outcomes": {theirs: "achieved"}}
        with pytest.raises(InvalidRecord, match="outcomes: names a goal that is not"):
            closing.write_closing(store, first, crafted)
        as_partner = {**VALUES, "author_id": first.partner.id, "match_id": second.id}
        saved, match = closing.write_closing(store, first, as_partner)
        assert (saved.author_id, saved.match_id) == (first.me.id, first.id)
        assert match.status == MatchStatus.PUBLISHED  # the mentor has not written


@pytest.mark.parametrize(
    ("change", "field"),
    [({"rating": 0}, "rating"), ({"rating": 6}, "rating"),
     ({"rating": "5; drop"}, "rating"), ({"recommend": None}, "recommend"),
     ({"outcomes": {"1": "perfect"}}, "outcomes"),
     ({"achieved": "x" * 20_000}, "achieved")],
)  # fmt: skip
def test_a_crafted_value_is_refused_naming_the_field(ending_demo, change, field):
    pair = ending_pairs(ending_demo)[-1]
    with ending_demo.open_store() as store:
        with pytest.raises(InvalidRecord, match=field):
            closing.write_closing(store, pair, {**VALUES, **change})
        assert store.closings(pair.id) == []


def test_the_end_follows_the_agreement(tmp_path):
    folder = create_demo(tmp_path / "p", mentors=4, mentees=10)
    with folder.open_store() as store:
        match = Match.from_dict(store.match(newly_matched(store).id))
        program = store.program()
        assert closing.ends_on(store, match) == program.end_date  # 12 months: capped
        store.sign_agreement(match.id, match.mentee_id, {"duration_months": 7})
        assert closing.ends_on(store, match) == program.end_date  # one side binds no one
        store.sign_agreement(match.id, match.mentor_id, {"duration_months": 7})
        started = closing.started_on(match)
        assert closing.ends_on(store, match) == add_months(started, 7)


def test_after_the_end_only_looking_back_waits(ending_demo):
    pair = ending_pairs(ending_demo, "mentor")[0]
    with ending_demo.open_store() as store:
        after_end = closing.ends_on(store, pair.match) + timedelta(days=3)
        said = waiting_for(store, pair.me.id, after_end)
        mine = [w for w in said if f":{pair.id}:" in w.key]
        assert [w.condition for w in mine] == ["closing"]  # no cadence, goals, agreement
        assert "reached its agreed end" in mine[0].text


def test_a_late_pair_completes_without_its_reflections(ending_demo):
    with ending_demo.open_store() as store:
        matches = store.matches()
        published = [Match.from_dict(r) for r in matches.to_dict("records")
                     if r["status"] == MatchStatus.PUBLISHED]  # fmt: skip
        ends = sorted(closing.ends_on(store, m) for m in published)
        assert closing.complete_ended(store, ends[0] + timedelta(days=29)) == []
        done = closing.complete_ended(store, ends[0] + timedelta(days=30))
        assert done
        assert {m.status for m in done} == {MatchStatus.COMPLETED}


def test_a_mentor_offers_their_places_to_the_next_cohort_and_no_one_else_can(ending_demo):
    mentee_side = ending_pairs(ending_demo)[3]
    with ending_demo.open_store() as store:
        with pytest.raises(InvalidRecord, match="mentor_again: only a mentor answers"):
            closing.write_closing(store, mentee_side, {**VALUES, "mentor_again": True})
        mentor_side = Pair(mentee_side.match, mentee_side.partner, mentee_side.me)
        with pytest.raises(InvalidRecord, match="mentor_again"):
            closing.write_closing(store, mentor_side, {**VALUES, "mentor_again": "yes"})
        closing.write_closing(store, mentor_side, {**VALUES, "mentor_again": True})
        assert "next_cohort" in store.participant(mentor_side.me.id).consents
        closing.write_closing(store, mentor_side, {**VALUES, "mentor_again": False})
        assert "next_cohort" not in store.participant(mentor_side.me.id).consents
