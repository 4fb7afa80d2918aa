"""A mentor's offer of their places to the next cohort is written with their closing
reflection, in its transaction and as the consents column alone: the completion the
same save makes (the mentor settled to active) is not written back over. (It was a
second write of the whole participant row, read a moment before, which a completion
committed in between was lost to.)"""

from __future__ import annotations

from datetime import date

from mentorkit.services import closing
from mentorkit.services.pairs import pairs_of
from tests.store.test_closing_records import pair  # noqa: F401

LATER = date(2027, 12, 1)
VALUES = {"rating": 4, "recommend": True, "continue_informally": True}


def test_the_offer_does_not_undo_a_completion(store, pair):  # noqa: F811
    pairs = store.matches("Spring")
    second = int(pairs[pairs["mentee_id"] == "mentee2"]["id"].iloc[0])
    store.close_match(second, "Moved team")  # mentor1 meets only mentee1 now
    mentor = pairs_of(store, store.participant("mentor1"))[0]
    mentee = pairs_of(store, store.participant("mentee1"))[0]
    closing.write_closing(store, mentee, VALUES, today=LATER)
    _, match = closing.write_closing(store, mentor, {**VALUES, "mentor_again": True},
                                     today=LATER)  # fmt: skip
    assert str(match.status) == "completed"
    after = store.participant("mentor1")
    assert str(after.status) == "active"  # free to take another mentee
    assert "next_cohort" in after.consents
    assert "confidentiality" not in after.consents  # nothing else was added
