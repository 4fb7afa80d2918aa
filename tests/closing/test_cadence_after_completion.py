"""A pair completed by the daily run keeps the cadence it had at its end."""

from datetime import UTC, date, datetime, timedelta

from mentorkit.domain.closing import completes_on
from mentorkit.domain.matches import Match
from mentorkit.domain.programs import CadenceRule
from mentorkit.services import closing as service
from mentorkit.services.health import pair_health
from tests.conftest import COHORT, PROGRAM
from tests.store.test_closing_records import person


def test_a_silent_pair_completed_by_the_daily_run_keeps_its_cadence(store):
    store.save_program(
        PROGRAM.updated(id=store.program().id, cadence=CadenceRule(intensive_months=12))
    )
    store.add_participants([person("mentor1", "mentor"), person("mentee1", "mentee")])
    start = date(2027, 1, 4)
    store.add_match(
        Match(
            cohort=COHORT,
            mentor_id="mentor1",
            mentee_id="mentee1",
            created_at=datetime(2027, 1, 4, 9, tzinfo=UTC),
        )
    )
    store.publish_drafts(COHORT)
    match = Match.from_dict(store.matches(COHORT).iloc[0].to_dict())
    store.sign_agreement(match.id, "mentor1", {"duration_months": 6})
    store.sign_agreement(match.id, "mentee1", {"duration_months": 6})
    for k in range(6):  # met once a month, every month, to the agreed end
        store.log_reflection(
            {
                "match_id": match.id,
                "minutes": 60,
                "channel": "video",
                "held_on": start + timedelta(days=15 + 30 * k),
            },
            {"author_id": "mentee1", "pulse": 4},
        )
    end = service.ends_on(store, match)
    before = pair_health(store, COHORT, today=end)["cadence"].iloc[0]
    service.complete_ended(store, completes_on(end))  # neither wrote a closing
    after = pair_health(store, COHORT, today=end + timedelta(days=60), completed=True)[
        "cadence"
    ].iloc[0]
    assert after == before == 1.0, (before, after)
