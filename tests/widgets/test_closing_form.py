"""The closing reflection in the reflection app, as a participant meets it through
their link near the end of their agreed time: above the meeting form, kept as a
draft while typed, refused in plain words when a crafted message goes past its
limits, and after both sides have written it, a completed pair's pages say so."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentorkit.services import closing
from mentorkit.services.demo import create_demo
from mentorkit.services.pairs import pairs_of
from mentorkit.widgets._closing import ClosingForm
from mentorkit.widgets._reflection import ReflectionForm
from tests.test_widgets import walk
from tests.widgets.test_crafted_messages import click, form, page_of, plain, send


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """175 days into the demo: the oldest pairs' six months end within three weeks."""
    start = date.today() - timedelta(days=175)
    return create_demo(tmp_path_factory.mktemp("closing") / "demo", mentors=4,
                       mentees=10, start=start)  # fmt: skip


def open_pairs(folder):
    with folder.open_store() as store:
        found = []
        for mentee in store.participants(role="mentee")["id"]:
            for pair in pairs_of(store, store.participant(mentee)):
                if closing.ending(store, pair).is_open(date.today()):
                    found.append(pair)
        return found


def test_it_waits_above_the_meeting_form_and_keeps_what_is_typed(demo):
    pair = open_pairs(demo)[0]
    page = page_of(demo, "reflection", pair.me.id)
    reflection = form(page, ReflectionForm)
    closing_form = form(page, ClosingForm)
    assert reflection.children[0].children == (closing_form,)  # first on the page
    assert "reaches its agreed end on" in closing_form.children[0].value
    goal = next(iter(closing_form.outcomes))
    send(closing_form.outcomes[goal], index=1)  # "Partly"
    send(closing_form.achieved, value="Ran two reviews on my own")
    send(closing_form.rating, index=3)
    closing_form.keeper.flush()  # as the page does a moment after typing stops

    again = form(page_of(demo, "reflection", pair.me.id), ClosingForm)  # came back
    assert again.achieved.value == "Ran two reviews on my own"
    assert (again.rating.value, again.outcomes[goal].value) == ("4", "partly")
    click(next(w for w in walk(again) if "mk-save-closing" in w._dom_classes))
    assert "Not saved: choose whether you would recommend" in again.message.value
    send(again.recommend, index=0)
    send(again.keep_in_touch, index=1)
    click(next(w for w in walk(again) if "mk-save-closing" in w._dom_classes))
    assert "Once " in again.message.value  # the partner has not written theirs
    with demo.open_store() as store:
        [mine] = store.closings(pair.id)
    assert (mine.rating, mine.recommend, mine.continue_informally) == (4, True, False)
    assert mine.outcomes == {goal: "partly"}


def test_a_crafted_message_is_refused_in_plain_words(demo):
    pair = open_pairs(demo)[1]
    closing_form = form(page_of(demo, "reflection", pair.partner.id), ClosingForm)
    send(closing_form.achieved, value="y" * 1_000_000)
    send(closing_form.rating, index=4)
    send(closing_form.recommend, index=0)
    send(closing_form.keep_in_touch, index=0)
    click(next(w for w in walk(closing_form) if "mk-save-closing" in w._dom_classes))
    assert plain(closing_form.message.value), closing_form.message.value
    assert "What was achieved: is too long" in closing_form.message.value
    with demo.open_store() as store:
        assert store.closings(pair.id) == []


def test_once_both_have_written_the_pair_is_completed_on_every_page(demo):
    pair = open_pairs(demo)[2]
    for who in (pair.me.id, pair.partner.id):
        closing_form = form(page_of(demo, "reflection", who), ClosingForm)
        for box in (
            closing_form.rating,
            closing_form.recommend,
            closing_form.keep_in_touch,
        ):
            send(box, index=0)
        click(next(w for w in walk(closing_form) if "mk-save-closing" in w._dom_classes))
    assert "is complete: thank you both" in closing_form.message.value
    for app in ("reflection", "agreement"):
        page = page_of(demo, app, pair.me.id)
        shown = " ".join(getattr(w, "value", "") for w in walk(page)
                         if isinstance(getattr(w, "value", None), str))  # fmt: skip
        assert f"Your mentoring with {pair.partner.name} completed on" in shown
        meetings = [w for w in walk(page) if "mk-meeting" in w._dom_classes]
        assert bool(meetings) == (app == "reflection")  # what they wrote, to read back
