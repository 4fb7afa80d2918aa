"""Changes that undo someone else's work ask first, and the other side is told
what changed: the agreement's terms after a partner signed."""

from __future__ import annotations

import pytest

from mentorkit.errors import NotFound
from mentorkit.services.demo import create_demo
from mentorkit.services.pairs import pairs_of
from mentorkit.services.program import program_of
from mentorkit.widgets._agreement import AgreementForm
from mentorkit.widgets._pairs import agreement_view
from tests.test_drafts import form_of
from tests.test_widgets import html


@pytest.fixture
def demo(tmp_path):
    return create_demo(tmp_path / "demo", mentors=4, mentees=10)


def unsigned_pair(folder):
    with folder.open_store() as store:
        for mentee in store.matches()["mentee_id"]:
            for pair in pairs_of(store, store.participant(mentee)):
                try:
                    store.agreement(pair.id)
                except NotFound:
                    return pair
    raise AssertionError("the demo has no pair without an agreement")


def agreement_page(folder, pair, who):
    """The agreement of ``pair`` as ``who`` (one of its two people) opens it."""
    with folder.open_store() as store:
        seen = next(p for p in pairs_of(store, store.participant(who)) if p.id == pair.id)
    return form_of(agreement_view(folder, seen, program_of(folder)), AgreementForm)


def test_changing_signed_terms_asks_first_and_the_partner_sees_what_changed(demo):
    pair = unsigned_pair(demo)
    mine = agreement_page(demo, pair, pair.me.id)
    mine.inputs["meeting_every_days"].value = "14"
    mine._sign()
    with demo.open_store() as store:
        assert store.agreement(pair.id).signed_by(pair.my_side)

    theirs = agreement_page(demo, pair, pair.partner.id)
    theirs.inputs["meeting_every_days"].value = "7"
    theirs.inputs["venue"].value = "The library, second floor"
    theirs._sign()  # first: a question, nothing signed
    assert "withdraws" in html(theirs.confirm)
    assert pair.me.name in html(theirs.confirm)
    assert theirs.confirm.layout.display != "none"
    with demo.open_store() as store:
        assert store.agreement(pair.id).terms.meeting_every_days == 14

    theirs._ask(None)  # "Keep editing": the question goes, nothing changes
    assert theirs.confirm.layout.display == "none"
    theirs._sign(confirmed=True)
    with demo.open_store() as store:
        agreement = store.agreement(pair.id)
    assert agreement.terms.meeting_every_days == 7
    assert agreement.signed_by(pair.my_side) is None  # withdrawn, as the question said

    again = agreement_page(demo, pair, pair.me.id)
    said = html(again.changes)
    assert f"{pair.partner.name} changed the terms" in said
    assert "Meet every (days)" in said
    assert "was: 14" in said
    assert "now: 7" in said
    assert "The library, second floor" in said
    assert "Ground rules" not in said  # only what changed

    again._sign()  # terms as they stand: no question, and the notice goes
    assert again.confirm.layout.display == "none"
    with demo.open_store() as store:
        assert store.agreement(pair.id).signed
    assert html(again.changes) == ""


def test_signing_unchanged_terms_the_partner_signed_asks_nothing(demo):
    pair = unsigned_pair(demo)
    agreement_page(demo, pair, pair.me.id)._sign()
    theirs = agreement_page(demo, pair, pair.partner.id)
    theirs._sign()
    assert theirs.confirm.layout.display == "none"
    with demo.open_store() as store:
        assert store.agreement(pair.id).signed
