"""A browser can send any widget message, not only what the page offers: values past
a field's limits (after raising the limit itself), dates the picker never offers,
clicks on a disabled button. Each is refused on the server, in plain words, and
nothing reaches the store (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.errors import NotFound
from mentorkit.services.demo import create_demo
from mentorkit.services.pairs import pairs_of
from mentorkit.widgets import participant_page
from mentorkit.widgets._agreement import AgreementForm
from mentorkit.widgets._goals import GoalCoach
from mentorkit.widgets._intake import IntakeForm
from mentorkit.widgets._reflection import ReflectionForm
from tests.test_widgets import link_query, walk

PYDANTIC_WORDS = ("Input should", "pydantic", "Traceback", "validation error")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return create_demo(tmp_path_factory.mktemp("crafted") / "demo", mentors=4, mentees=10)


def send(widget, **state) -> None:
    """What a browser's comm message does: an update of any of the widget's traits."""
    data = {"method": "update", "state": state, "buffer_paths": []}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def click(button) -> None:
    button._handle_msg({"content": {"data": {"method": "custom",
                                             "content": {"event": "click"}}},
                        "buffers": []})  # fmt: skip


def page_of(folder, app, who):
    with folder.open_store() as store:
        cohort = store.participant(who).cohort
    return participant_page(app, folder, query=link_query(folder, who, cohort))


def form(page, kind):
    return next(part for part in walk(page) if isinstance(part, kind))


def said(widget) -> str:
    return widget.value


def plain(text: str) -> bool:
    return "Not saved" in text and not any(word in text for word in PYDANTIC_WORDS)


def a_pair(folder, unsigned=False):
    with folder.open_store() as store:
        for mentee in store.matches()["mentee_id"]:
            for pair in pairs_of(store, store.participant(mentee)):
                try:
                    signed = store.agreement(pair.id).signed
                except NotFound:
                    signed = False
                if not unsigned or not signed:
                    return pair
    raise AssertionError("no such pair in the demo")


def test_the_intake_refuses_values_past_its_limits(demo):
    with demo.open_store() as store:
        before = store.participant("E0001")
    intake = form(page_of(demo, "intake", "E0001"), IntakeForm)
    send(intake.inputs["years_experience"], value="5000")
    send(intake.inputs["goals"], value="x" * 1_000_000)
    click(intake.submit)
    shown = intake.result.children[0].value if intake.result.children else ""
    assert plain(shown), shown
    assert "Years of work experience: must be at most 70" in shown
    assert "What you hope to achieve: is too long" in shown
    with demo.open_store() as store:
        assert store.participant("E0001") == before


def test_the_agreement_refuses_terms_past_the_programs_rules(demo):
    pair = a_pair(demo, unsigned=True)
    with demo.open_store() as store:
        try:
            before = store.agreement(pair.id)
        except NotFound:
            before = None
    agreement = form(page_of(demo, "agreement", pair.me.id), AgreementForm)
    send(agreement.inputs["duration_months"], value="24")
    click(agreement.button)
    assert plain(said(agreement.message)) or "must be at most 12" in said(agreement.message)
    assert "must be at most 12" in said(agreement.message)
    with demo.open_store() as store:
        try:
            after = store.agreement(pair.id)
        except NotFound:
            after = None
    assert after == before


def test_the_goal_coach_refuses_progress_beyond_the_whole(demo):
    pair = a_pair(demo)
    mentee = pair.me.id if pair.my_side == "mentee" else pair.partner.id
    with demo.open_store() as store:
        before = store.goals(mentee)
    coach = form(page_of(demo, "goals", mentee), GoalCoach)
    send(coach.progress, max=100_000, value=100_000)
    click(coach.save_button)
    assert plain(said(coach.message)), said(coach.message)
    assert "at most 100" in said(coach.message)
    with demo.open_store() as store:
        assert store.goals(mentee) == before


@pytest.mark.parametrize(
    ("craft", "expected"),
    [("progress", "at most 100"),
     ("two-digit year", "check the year"),
     ("future", "in the future"),
     ("long text", "too long")],
)  # fmt: skip
def test_the_reflection_refuses_what_its_page_never_offers(demo, craft, expected):
    pair = a_pair(demo)
    mentee = pair.me.id if pair.my_side == "mentee" else pair.partner.id
    with demo.open_store() as store:
        meetings = len(store.meetings(pair.id))
        goals = store.goals(mentee)
        store.drafts.discard(mentee, "reflection", str(pair.id))  # the case before's
    reflection = form(page_of(demo, "reflection", mentee), ReflectionForm)
    send(reflection.pulse, index=3)
    if craft == "progress":
        slider = next(iter(reflection.progress.values()))
        send(slider, max=100_000, value=100_000)
    elif craft == "two-digit year":
        send(reflection.held_on, value={"year": 26, "month": 10, "date": 20})
    elif craft == "future":
        send(reflection.held_on, value={"year": 2030, "month": 0, "date": 1})
    else:
        send(reflection.texts["learned"], value="y" * 1_000_000)
    buttons = [w for w in walk(reflection) if "mk-save-reflection" in w._dom_classes]
    click(buttons[0])
    assert plain(said(reflection.message)), said(reflection.message)
    assert expected in said(reflection.message)
    with demo.open_store() as store:
        assert len(store.meetings(pair.id)) == meetings
        assert store.goals(mentee) == goals
    assert reflection.held_on.value != date(2030, 1, 1) or craft == "future"
