"""The report shows a side only when enough people (not reflections) wrote one."""

from mentorkit.domain.matches import Match
from mentorkit.domain.participants import Participant
from mentorkit.reports.endings import endings
from tests.conftest import COHORT
from tests.store.test_closing_records import closing


def test_a_side_is_shown_only_when_enough_people_wrote(store):
    """Two mentors (one with four mentees) write five closing reflections: the
    'Mentors' column is shown though it is two people, under the minimum of 5."""
    people = [
        Participant(
            id=i,
            cohort=COHORT,
            role=r,
            name=i,
            email=f"{i}@x.org",
            timezone="UTC",
            capacity=4,
        )
        for i, r in [
            ("m1", "mentor"),
            ("m2", "mentor"),
            *((f"e{n}", "mentee") for n in range(5)),
        ]
    ]
    store.add_participants(people)
    for n in range(5):
        store.add_match(
            Match(cohort=COHORT, mentor_id="m1" if n < 4 else "m2", mentee_id=f"e{n}")
        )
    store.publish_drafts(COHORT)
    for match in store.matches(COHORT).itertuples():
        store.save_closing(
            closing(
                Match(
                    id=match.id,
                    cohort=COHORT,
                    mentor_id=match.mentor_id,
                    mentee_id=match.mentee_id,
                ),
                match.mentor_id,
                rating=1 if match.mentor_id == "m2" else 5,
            )
        )
    ends = endings(store, COHORT, store.program().min_report_group)
    authors = store.closing_figures(COHORT).query("side == 'mentor'")["author_id"].nunique()
    assert authors == 2
    assert "Mentors" not in ends.shown.index, ends.shown.to_dict()
