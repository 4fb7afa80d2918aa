"""A mentor with a pair still meeting reaches the pair that ran its length (the picker
marks it completed)."""

from datetime import date, timedelta

import pytest

from mentorkit.domain.closing import completes_on
from mentorkit.domain.matches import Match
from mentorkit.services import closing
from mentorkit.services.demo import create_demo
from mentorkit.widgets._closing import ClosingForm
from tests.test_widgets import walk
from tests.widgets.test_crafted_messages import page_of


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    start = date.today() - timedelta(days=175)
    return create_demo(
        tmp_path_factory.mktemp("r2") / "demo", mentors=4, mentees=10, start=start
    )


def test_a_mentor_with_another_mentee_can_still_write_the_completed_pairs_closing(demo):
    with demo.open_store() as store:
        rows = [Match.from_dict(r) for r in store.matches().to_dict("records")]
        ends = {m.id: closing.ends_on(store, m) for m in rows}
        # a mentor with two pairs: one near its end, one made days ago
        mentor = next(
            m.mentor_id
            for m in rows
            if len({ends[x.id] for x in rows if x.mentor_id == m.mentor_id}) > 1
            and sum(x.mentor_id == m.mentor_id for x in rows) > 1
        )
        old = min((m for m in rows if m.mentor_id == mentor), key=lambda m: ends[m.id])
        # the daily run, a month after its end, completes it: the mentor never wrote
        closing.complete_ended(store, completes_on(ends[old.id]))
        assert str(store.match(old.id).status) == "completed"
        assert any(
            str(store.match(m.id).status) == "published"
            for m in rows
            if m.mentor_id == mentor
        )
    page = page_of(demo, "reflection", mentor)
    picker = next(w for w in walk(page) if "mk-pair-picker" in w._dom_classes)
    _, index = next(o for o in picker.options if o[0].endswith("(completed)"))
    picker.value = index  # the mentor picks the pair that ran its length
    forms = [w for w in walk(page) if isinstance(w, ClosingForm)]
    assert any(f.pair.id == old.id for f in forms), (
        "the mentor's closing reflection of the completed pair is nowhere on their page"
    )
    # its mentee, whose only pair it was, is offered it:
    mentee_forms = [
        w
        for w in walk(page_of(demo, "reflection", old.mentee_id))
        if isinstance(w, ClosingForm)
    ]
    assert mentee_forms
