"""What a participant typed (a changed closing reflection, a meeting) survives the pair
completing."""

from datetime import date, timedelta

import pytest

from mentorkit.services.demo import create_demo
from mentorkit.widgets._closing import ClosingForm
from mentorkit.widgets._reflection import ReflectionForm
from tests.test_widgets import walk
from tests.widgets.test_closing_form import open_pairs
from tests.widgets.test_crafted_messages import click, form, page_of, send


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    start = date.today() - timedelta(days=175)
    return create_demo(
        tmp_path_factory.mktemp("r7") / "demo", mentors=4, mentees=10, start=start
    )


def texts(page):
    return " ".join(str(getattr(w, "value", "")) for w in walk(page))


def save_closing(page):
    f = form(page, ClosingForm)
    for box in (f.rating, f.recommend, f.keep_in_touch):
        send(box, index=0)
    click(next(w for w in walk(f) if "mk-save-closing" in w._dom_classes))
    return f


def test_a_change_to_my_closing_reflection_survives_the_partner_completing(demo):
    pair = open_pairs(demo)[0]
    mine = save_closing(page_of(demo, "reflection", pair.me.id))
    assert "You can still change your answers here" in mine.message.value
    send(mine.achieved, value="Actually: I now lead the weekly review")  # a change...
    mine.keeper.flush()  # ...kept as a draft
    save_closing(page_of(demo, "reflection", pair.partner.id))  # partner: completed
    again = page_of(demo, "reflection", pair.me.id)  # I come back to finish my change
    assert "I now lead the weekly review" in texts(again), texts(again)[:300]


def test_a_meeting_reflection_draft_survives_the_pair_completing(demo):
    pair = open_pairs(demo)[1]
    page = page_of(demo, "reflection", pair.me.id)
    meeting = form(page, ReflectionForm)
    key = next(iter(meeting.texts))
    send(meeting.texts[key], value="Our last meeting: what I will do next")
    meeting.keeper.flush()
    save_closing(page)
    save_closing(page_of(demo, "reflection", pair.partner.id))
    again = page_of(demo, "reflection", pair.me.id)
    assert "what I will do next" in texts(again)
