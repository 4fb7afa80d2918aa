"""Facilitators are not told to chase a pair past its agreed end for what no longer
waits."""

from datetime import date, timedelta

import pytest

from mentorkit.domain.matches import Match
from mentorkit.services import closing as service
from mentorkit.services.demo import create_demo
from mentorkit.services.health import at_risk, pair_health
from mentorkit.services.waiting import waiting_for


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    start = date.today() - timedelta(days=175)
    return create_demo(
        tmp_path_factory.mktemp("r9") / "demo", mentors=6, mentees=14, start=start
    )


def test_a_pair_past_its_end_is_not_in_the_digest_for_what_no_longer_waits(demo):
    with demo.open_store() as store:
        rows = [
            Match.from_dict(r)
            for r in store.matches().to_dict("records")
            if r["status"] == "published"
        ]
        ends = {m.id: service.ends_on(store, m) for m in rows}
        healthy = {
            r.match_id
            for r in pair_health(store, None, today=date.today()).itertuples()
            if not r.at_risk
        }
        match = next(
            m
            for m in rows
            if m.id in healthy and ends[m.id] - date.today() < timedelta(days=21)
        )
        end = ends[match.id]
        # their last meeting, five days before the end; the mentee's action item is due
        # a week after the end, as the form proposes (two weeks on)
        store.log_reflection(
            {
                "match_id": match.id,
                "held_on": end - timedelta(days=5),
                "minutes": 60,
                "channel": "video",
            },
            {
                "author_id": match.mentee_id,
                "pulse": 4,
                "action_items": [
                    {
                        "text": "Write up the review",
                        "owner_id": match.mentee_id,
                        "due_date": end + timedelta(days=9),
                    }
                ],
            },
        )
        day = end + timedelta(days=12)
        asked = {w.condition for w in waiting_for(store, match.mentee_id, day)}
        assert "actions" not in asked  # after the end the participant is not asked...
        risky = at_risk(pair_health(store, None, today=day))
        said = risky.set_index("match_id")["reasons"].to_dict()
        assert match.id not in said, said.get(match.id)  # ...but facilitators are told
