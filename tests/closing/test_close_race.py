"""A facilitator's close of a pair completed meanwhile is refused, not recorded over the
completion."""

import pytest

from mentorkit.errors import InvalidRecord
from tests.store.test_closing_records import closing, pair  # noqa: F401


def test_closing_a_pair_as_it_completes_leaves_one_story(store, pair, monkeypatch):  # noqa: F811
    read = store.match
    before = read(pair.id)  # the facilitator's close reads the pair as published...

    def stale(match_id):
        monkeypatch.setattr(store, "match", read)
        return before

    store.save_closing(closing(pair, "mentee1"))
    store.save_closing(closing(pair, "mentor1"))  # ...as the second side completes it
    monkeypatch.setattr(store, "match", stale)
    with pytest.raises(InvalidRecord, match="only a published pair can be closed"):
        store.close_match(pair.id, "Schedules no longer fit")
    after = read(pair.id)
    people = {p: str(store.participant(p).status) for p in ("mentor1", "mentee1")}
    assert str(after.status) == "completed", (after.status, after.close_reason, people)
