"""The daily run survives a pair completed by its two sides while the run is reading."""

from mentorkit.domain.closing import completes_on
from mentorkit.domain.matches import Match
from mentorkit.services import closing as service
from tests.store.test_closing_records import closing, pair  # noqa: F401


def test_the_daily_run_survives_a_pair_completed_while_it_runs(store, pair, monkeypatch):  # noqa: F811
    end = service.ends_on(store, Match.from_dict(store.match(pair.id)))
    read = store.matches

    def meanwhile(cohort=None):
        frame = read(cohort)  # the run has read the pair as published...
        store.save_closing(closing(pair, "mentee1"))  # ...when both sides write theirs
        store.save_closing(closing(pair, "mentor1"))
        monkeypatch.setattr(store, "matches", read)
        return frame

    monkeypatch.setattr(store, "matches", meanwhile)
    service.complete_ended(store, completes_on(end))  # MentorkitError: the run stops
