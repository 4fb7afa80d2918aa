"""A mentor's "mentor again" answer is shown as they gave it (on any of their pairs) or
not at all when never given, and saving another pair's closing does not take it back."""

from __future__ import annotations

from datetime import date

from mentorkit.services import closing
from mentorkit.services.pairs import pairs_of
from mentorkit.widgets._closing import ClosingForm
from tests.store.test_closing_records import pair  # noqa: F401

LATER = date(2027, 12, 1)  # every closing open
VALUES = {"rating": 4, "recommend": True, "continue_informally": True}


def test_editing_the_other_pairs_closing_keeps_the_offer(store, pair):  # noqa: F811
    """A mentor of two opens the reflection page (both closings written, no answer),
    says yes on pair A, then switches the picker to pair B and edits its rating."""
    me = store.participant("mentor1")
    a, b = pairs_of(store, me)  # what the page holds from the moment it opened
    for p in (a, b):
        closing.write_closing(store, p, VALUES, today=LATER)
    closing.write_closing(store, a, {**VALUES, "mentor_again": True}, today=LATER)
    assert "next_cohort" in store.participant("mentor1").consents
    form = ClosingForm(
        b,
        closing.ending(store, b),
        lambda v: closing.write_closing(store, b, v, today=LATER),
    )
    assert form.again.value is True  # shown as they answered on the other pair
    form.rating.value = "5"
    form._save()
    assert "next_cohort" in store.participant("mentor1").consents


def test_never_answered_is_not_shown_as_no(store, pair):  # noqa: F811
    me = store.participant("mentor1")
    a, _ = pairs_of(store, me)
    closing.write_closing(store, a, VALUES, today=LATER)
    form = ClosingForm(a, closing.ending(store, a), lambda v: None)
    assert form.again.value is None
