"""What a participant types is kept as a draft until saved, and comes back on their
next visit: the pages as the kernel builds them, typed into as the browser would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mentorkit.services.demo import create_demo
from mentorkit.services.pairs import pairs_of
from mentorkit.widgets import participant_page
from mentorkit.widgets._agreement import AgreementForm
from mentorkit.widgets._goals import GoalCoach
from mentorkit.widgets._intake import IntakeForm
from mentorkit.widgets._reflection import ReflectionForm
from tests.test_widgets import classes, html, link_query, walk


@pytest.fixture
def demo(tmp_path):
    return create_demo(tmp_path / "demo", mentors=4, mentees=10)


def visit(folder, app: str, who: str):
    with folder.open_store() as store:
        cohort = store.participant(who).cohort
    return participant_page(app, folder, query=link_query(folder, who, cohort))


def form_of(page, kind):
    return next(part for part in walk(page) if isinstance(part, kind))


def kept(folder, who, app, key=""):
    with folder.open_store() as store:
        draft = store.drafts.get(who, app, key)
    return draft.content if draft else None


def a_pair(folder):
    with folder.open_store() as store:
        mentee = store.participant(store.matches()["mentee_id"].iloc[0])
        return pairs_of(store, mentee)[0]


def test_the_intake_comes_back_as_it_was_left_and_only_for_its_author(demo):
    form = form_of(visit(demo, "intake", "E0001"), IntakeForm)
    form.inputs["goals"].value = "Lead a team of five by next spring"
    form.inputs["department"].value = "Platform <team>"
    assert kept(demo, "E0001", "intake")["goals"] == "Lead a team of five by next spring"

    again = visit(demo, "intake", "E0001")  # a new kernel: a new page
    restored = form_of(again, IntakeForm)
    assert restored.inputs["goals"].value == "Lead a team of five by next spring"
    assert restored.inputs["department"].value == "Platform <team>"
    assert "mk-draft-restored" in classes(again)
    assert "what you typed" in html(again)

    other = visit(demo, "intake", "E0002")
    assert "Lead a team of five" not in form_of(other, IntakeForm).inputs["goals"].value
    assert "mk-draft-restored" not in classes(other)


def test_saving_deletes_the_draft_and_counts_the_save(demo):
    started = datetime.now(UTC) - timedelta(seconds=1)
    form = form_of(visit(demo, "intake", "E0003"), IntakeForm)
    form.inputs["goals"].value = "Present at the quarterly review by June"
    assert kept(demo, "E0003", "intake") is not None
    form._on_submit()
    assert "your answers are saved" in html(form)
    assert kept(demo, "E0003", "intake") is None
    with demo.open_store() as store:
        assert store.participant("E0003").goals == "Present at the quarterly review by June"
        assert store.activity.since(started)["saves"] == 1
    assert "mk-draft-restored" not in classes(visit(demo, "intake", "E0003"))


def confirmed_when(widget, trait, check):
    """Run ``check`` at the moment ``widget`` shows its confirmation: a visitor may
    leave then (their kernel ends with the page), so nothing may be left to do."""
    seen = []
    widget.observe(lambda change: seen.append(check()), trait)
    return seen


def test_the_draft_is_gone_and_the_save_counted_before_the_thanks_appear(demo):
    started = datetime.now(UTC) - timedelta(seconds=1)
    form = form_of(visit(demo, "intake", "E0005"), IntakeForm)
    form.inputs["goals"].value = "Chair the design review by May"
    with demo.open_store() as store:

        def state():
            return kept(demo, "E0005", "intake"), store.activity.since(started)["saves"]

        seen = confirmed_when(form.result, "children", state)
        form._on_submit()
    assert "your answers are saved" in html(form)
    assert seen[-1] == (None, 1)

    pair = a_pair(demo)
    reflection = form_of(visit(demo, "reflection", pair.me.id), ReflectionForm)
    reflection.texts["learned"].value = "Ask for the review before the deadline"
    reflection.held_on.value = datetime.now().date() - timedelta(days=1)
    reflection.pulse.value = "4"
    reflection.share.value = True
    key = str(pair.id)
    seen = confirmed_when(reflection.message, "value",
                          lambda: kept(demo, pair.me.id, "reflection", key))  # fmt: skip
    reflection._save()
    assert "Saved your reflection" in reflection.message.value
    assert "shared with" in reflection.message.value
    assert seen[-1] is None
    assert reflection.share.value is False  # the next reflection is asked anew


def test_typing_back_what_was_saved_leaves_no_draft(demo):
    form = form_of(visit(demo, "intake", "E0004"), IntakeForm)
    before = form.inputs["goals"].value
    form.inputs["goals"].value = before + " and more"
    form.inputs["goals"].value = before
    assert kept(demo, "E0004", "intake") is None


def test_a_reflection_comes_back_with_its_action_items_and_pulse(demo):
    pair = a_pair(demo)
    page = visit(demo, "reflection", pair.me.id)
    form = form_of(page, ReflectionForm)
    form.texts["learned"].value = "To ask for feedback early"
    row = form._add_action()
    row.text.value = "Draft the proposal"
    form.pulse.value = "4"
    assert kept(demo, pair.me.id, "reflection", str(pair.id))["learned"]

    back = form_of(visit(demo, "reflection", pair.me.id), ReflectionForm)
    assert back.texts["learned"].value == "To ask for feedback early"
    assert [r.text.value for r in back.actions.children] == ["Draft the proposal"]
    assert back.pulse.value == "4"
    # the partner's page of the same pair shows none of it
    partner = form_of(visit(demo, "reflection", pair.partner.id), ReflectionForm)
    assert partner.texts["learned"].value == ""


def test_a_goal_and_an_agreement_come_back(demo):
    pair = a_pair(demo)
    coach = form_of(visit(demo, "goals", pair.me.id), GoalCoach)
    coach.picker.value = -1  # a new goal
    coach.text.value = "Give two conference talks by 30 September"
    coach._add_milestone(None)
    coach.milestones.children[-1].description.value = "Submit the abstract"
    back = form_of(visit(demo, "goals", pair.me.id), GoalCoach)
    assert back.picker.value == -1  # it opens on the goal of the newest draft
    assert back.text.value == "Give two conference talks by 30 September"
    assert back.milestones.children[-1].description.value == "Submit the abstract"

    with demo.open_store() as store:  # an agreement nobody signed yet
        unsigned = next(
            p
            for m in store.matches()["mentee_id"]
            for p in pairs_of(store, store.participant(m))
            if not _signed(store, p.id)
        )
    form = form_of(visit(demo, "agreement", unsigned.me.id), AgreementForm)
    form.inputs["venue"].value = "The library, second floor"
    again = form_of(visit(demo, "agreement", unsigned.me.id), AgreementForm)
    assert again.inputs["venue"].value == "The library, second floor"


def _signed(store, match_id):
    from mentorkit.errors import NotFound

    try:
        return store.agreement(match_id).signed
    except NotFound:
        return False


@pytest.mark.parametrize(
    "content",
    [
        {"held_on": "0026-99-01", "minutes": "many", "pulse": "9", "channel": "owl",
         "actions": [{"text": 5, "owner_id": "SOMEONE-ELSE", "due": []}, "x"],
         "progress": {"1": 100000}, "shared": "yes"},
        {"actions": "not a list", "progress": [], "learned": {"a": 1}},
    ],
)  # fmt: skip
def test_a_crafted_draft_never_breaks_the_page(demo, content):
    pair = a_pair(demo)
    with demo.open_store() as store:
        store.drafts.keep(pair.me.id, "reflection", str(pair.id), content)
    page = visit(demo, "reflection", pair.me.id)
    form = form_of(page, ReflectionForm)
    assert "mk-notice-error" not in classes(page)
    assert form.pulse.value in (None, "1", "2", "3", "4", "5")
    assert all(0 <= s.value <= 100 for s in form.progress.values())
    for row in form.actions.children:
        assert row.owner.value in (pair.me.id, pair.partner.id)


def test_each_goal_keeps_its_own_draft_and_the_page_opens_on_the_newest(demo):
    pair = a_pair(demo)
    coach = form_of(visit(demo, "goals", pair.me.id), GoalCoach)
    first = coach.picker.value
    assert first != -1, "the demo mentee has a goal"
    coach.text.value = "Edited first goal, not saved"
    coach.picker.value = -1  # then starts a new one
    assert coach.text.value == ""
    coach.text.value = "A brand new goal by 1 June"
    assert (
        kept(demo, pair.me.id, "goals", str(first))["text"]
        == "Edited first goal, not saved"
    )
    assert kept(demo, pair.me.id, "goals", "new")["text"] == "A brand new goal by 1 June"

    back = form_of(visit(demo, "goals", pair.me.id), GoalCoach)
    assert back.picker.value == -1  # the newest draft
    assert back.text.value == "A brand new goal by 1 June"
    back.picker.value = first
    assert back.text.value == "Edited first goal, not saved"
    assert "mk-draft-restored" in classes(back)


def test_a_draft_of_a_goal_that_is_gone_is_dropped(demo):
    pair = a_pair(demo)
    with demo.open_store() as store:
        store.drafts.keep(pair.me.id, "goals", "99999", {"text": "an old goal's draft"})
    coach = form_of(visit(demo, "goals", pair.me.id), GoalCoach)
    assert coach.text.value != "an old goal's draft"
    assert kept(demo, pair.me.id, "goals", "99999") is None


def test_a_draft_the_store_cannot_read_is_dropped_and_the_page_opens(demo):
    from sqlalchemy import insert

    from mentorkit.store import schema

    with demo.open_store() as store, store.engine.begin() as conn:
        conn.execute(insert(schema.drafts).values(
            participant_id="E0005", app="intake", key="", content={"x": "y" * 200_000},
            updated_at=datetime.now(UTC),
        ))  # fmt: skip
    page = visit(demo, "intake", "E0005")
    assert "mk-notice-error" not in classes(page)
    assert "mk-intake" in classes(page)
    assert kept(demo, "E0005", "intake") is None
