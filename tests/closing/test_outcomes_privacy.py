"""The goal outcomes table shows only when enough mentees named an outcome, not merely
wrote a closing reflection: one mentee's verdicts are never shown."""

from __future__ import annotations

from mentorkit.domain.closing import ClosingReflection
from mentorkit.domain.matches import Match
from mentorkit.domain.participants import Participant
from mentorkit.reports.endings import endings
from tests.conftest import COHORT


def test_outcomes_need_enough_mentees_who_gave_outcomes(store):
    minimum = store.program().min_report_group
    n = minimum
    store.add_participants(
        [
            Participant(
                id=i,
                cohort=COHORT,
                role=r,
                name=i,
                email=f"{i}@x.org",
                timezone="UTC",
                capacity=n,
            )
            for i, r in [("m", "mentor"), *((f"e{k}", "mentee") for k in range(n))]
        ]
    )
    for k in range(n):
        store.add_match(Match(cohort=COHORT, mentor_id="m", mentee_id=f"e{k}"))
    store.publish_drafts(COHORT)
    for k, match in enumerate(store.matches(COHORT).itertuples()):
        store.save_closing(
            ClosingReflection(
                match_id=match.id,
                author_id=match.mentee_id,
                rating=4,
                recommend=True,
                continue_informally=True,
                outcomes={1000 + k: "not_achieved"} if k == 0 else {},
            )
        )  # one has goals
    ends = endings(store, COHORT, minimum)
    assert "Mentees" in ends.shown.index
    assert ends.outcomes.empty, ends.outcomes.to_dict()  # one mentee's verdict
