"""The goal coach: a mentee writes a SMART goal in six steps, with feedback as they type.

The steps are those of a coaching conversation: clarify what you want, check it is
feasible, set benchmarks (milestones with dates), set a timeline, define strategies,
track progress. The analysis is :func:`mentorkit.domain.goals.assess_goal`'s; this widget
only shows it. The date to reach the goal by follows the deadline the text names until
the mentee picks one by hand. A goal that is not ready to pursue (see
:attr:`~mentorkit.domain.smart.Assessment.ready_to_pursue`) is offered as a draft
instead. CSS classes for tests: ``mk-goal-text``, ``mk-smart-<criterion>`` (with
``mk-met`` or ``mk-unmet``), ``mk-milestone``, ``mk-add-milestone``, ``mk-save-goal``,
``mk-save-question`` with ``mk-save-as-draft`` and ``mk-keep-editing``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from html import escape

import ipywidgets as w

from mentorkit.domain.goals import (
    Assessment,
    Goal,
    GoalContext,
    GoalStatus,
    Milestone,
    assess_goal,
)
from mentorkit.domain.participants import Participant
from mentorkit.domain.programs import Program
from mentorkit.domain.records import long_date, span
from mentorkit.errors import MentorkitError
from mentorkit.widgets._drafts import KeepsDrafts, day_from, iso, put
from mentorkit.widgets._page import notice_html, plain_error
from mentorkit.widgets._shared import HIDDEN, PLAIN, WIDE, field, make
from mentorkit.widgets._smart_feedback import CRITERIA, feedback_html

STEPS = (
    ("Clarify what you want", "Say what you will do and what will be different."),
    ("Check it is feasible", "Is it within reach in the time the program has left?"),
    ("Set benchmarks", "How you will measure it, and milestones on the way."),
    ("Set a timeline", "The date you aim to reach it by."),
    ("Define strategies", "How you will get there: practice, people, resources."),
    ("Track progress", "Update this after each meeting with your mentor."),
)
NEW_GOAL = -1


def step(number: int, *children: w.Widget) -> w.VBox:
    title, hint = STEPS[number - 1]
    head = make(
        w.HTML,
        f"<h2>{number}. {escape(title)}</h2><p class='mk-hint'>{escape(hint)}</p>",
    )
    box = make(w.VBox, [head, *children])
    box.add_class("mk-step")
    box.add_class(f"mk-step-{number}")
    return box


class MilestoneRow(w.HBox):
    def __init__(
        self, milestone: Milestone | None, on_remove: Callable[[MilestoneRow], None]
    ):
        milestone = milestone or Milestone.model_construct(description="", due_date=None)
        self.description = make(
            w.Text,
            value=milestone.description,
            placeholder="What will be done",
            description="What will be done",
            layout=WIDE,
        )
        self.due = make(w.DatePicker, value=milestone.due_date, description="Due by")
        self.done = make(
            w.Checkbox, value=milestone.done_on is not None, description="done"
        )
        self.done_on = milestone.done_on
        remove = make(w.Button, description="Remove", button_style="")
        remove.on_click(lambda _b: on_remove(self))
        super().__init__([self.description, self.due, self.done, remove], layout=WIDE)
        self.add_class("mk-milestone")
        self.add_class("mk-quiet-labels")

    def milestone(self, today: date) -> dict:
        done_on = (self.done_on or today) if self.done.value else None
        return {
            "description": self.description.value,
            "due_date": self.due.value,
            "done_on": done_on,
        }


class GoalCoach(KeepsDrafts, w.VBox):
    """One mentee's goals: pick one or start a new one, work through the six steps."""

    def __init__(
        self,
        mentee: Participant,
        program: Program,
        goals: list[Goal],
        save: Callable[[Goal], Goal],
        match_id: int | None = None,
        today: date | None = None,
    ):
        self.mentee, self.program, self.save = mentee, program, save
        self.match_id = match_id
        self.today = today or date.today()
        self.context = GoalContext.of(mentee, program, self.today)
        self.goals = list(goals)
        self.current: Goal | None = None

        first = self.goals[0].id if self.goals else NEW_GOAL  # their goals come first
        self.picker = make(w.Dropdown, options=self._choices(), value=first)
        self._listing = False  # True while the picker's list is rebuilt after a save
        self.picker.observe(self._picked_changed, "value")
        self.text = make(
            w.Textarea,
            placeholder="e.g. Lead two design reviews by 30 June, with my lead's feedback",
            continuous_update=True,
            rows=3,
            layout=WIDE,
        )
        self.feedback = make(w.HTML)
        self.feedback.add_class("mk-smart-feedback")
        self.text.observe(lambda _c: self._analyse(), "value")
        self.feasibility = make(w.HTML)
        self.measure = make(w.Text, placeholder="e.g. reviews led", layout=WIDE)
        self.baseline = make(w.Text, placeholder="where you are now, e.g. 0", layout=WIDE)
        self.target = make(w.Text, placeholder="where you want to be, e.g. 2", layout=WIDE)
        self.milestones = make(w.VBox, [])
        add = make(w.Button, description="Add a milestone", icon="plus")
        add.add_class("mk-add-milestone")
        add.on_click(lambda _b: self._add_milestone(None))
        self.due = make(w.DatePicker, description="")
        self._due_by_hand = False  # the mentee picked the date: the text no longer sets it
        self._placing_due = False  # True while the coach itself sets the date
        self.due.observe(self._due_picked, "value")
        self.strategies = make(
            w.Textarea, placeholder="How you will get there", rows=3, layout=WIDE
        )
        self.progress = make(w.IntSlider, min=0, max=100, step=5)
        self.status = make(
            w.Dropdown,
            options=[(s.value.title(), s) for s in GoalStatus],
            value=GoalStatus.ACTIVE,
        )
        self.save_button = make(w.Button, description="Save goal", button_style="primary")
        self.save_button.add_class("mk-save-goal")
        self.save_button.on_click(lambda _b: self._save())
        as_draft = make(w.Button, description="Save as a draft")
        as_draft.add_class("mk-save-as-draft")
        as_draft.on_click(lambda _b: self._save(GoalStatus.DRAFT))
        keep_editing = make(w.Button, description="Keep editing")
        keep_editing.add_class("mk-keep-editing")
        keep_editing.on_click(lambda _b: self._keep_editing())
        self.save_question = make(
            w.HBox, [make(w.HTML), as_draft, keep_editing], layout=HIDDEN
        )
        self.save_question.add_class("mk-save-question")
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        self.text.add_class("mk-goal-text")
        self._draft_slots()
        super().__init__(
            [
                self.draft_top,
                field("goal-picker", "Your goals", self.picker),
                step(1, field("goal-text", "Your goal", self.text), self.feedback),
                step(2, self.feasibility),
                step(
                    3,
                    field("measure", "Measure", self.measure),
                    field("baseline", "Baseline", self.baseline),
                    field("target", "Target", self.target),
                    field("milestones", "Milestones, each with a date", self.milestones),
                    add,
                ),
                step(4, field("due", "Reach it by", self.due)),
                step(5, field("strategies", "Strategies", self.strategies)),
                step(
                    6,
                    field("progress", "How far you are, in percent", self.progress),
                    field("status", "Status", self.status),
                ),
                make(w.HBox, [self.save_button, self.save_question]),
                self.draft_bottom,
                self.message,
            ],
            layout=PLAIN,
        )
        self.add_class("mk-goal-coach")
        self._show(self._picked())

    # --- showing --------------------------------------------------------------------

    def _choices(self) -> list[tuple[str, int]]:
        def short(text: str) -> str:
            return text if len(text) <= 60 else text[:57] + "..."

        return [(short(g.text), g.id) for g in self.goals] + [("A new goal", NEW_GOAL)]

    def _picked_changed(self, _change) -> None:
        if self._listing:
            return
        if self.keeper is None:
            self._show(self._picked())
            return
        self.keeper.flush()  # what was typed into the goal shown so far is kept for it
        with self.keeper.paused():
            self._show(self._picked())
        notice = self.keeper.switch(self.keeper.box.for_key(self.draft_key()))
        self.draft_top.children = (notice,) if notice is not None else ()

    def draft_key(self) -> str:
        """Each goal has its own draft, and so has a new one."""
        return "new" if self.picker.value == NEW_GOAL else str(self.picker.value)

    def open_on_draft(self, keys: list[str]) -> list[str]:
        """Show the goal whose draft is newest; returns the keys of drafts whose goal
        is gone (to discard)."""
        known = {"new" if value == NEW_GOAL else str(value): value
                 for _, value in self.picker.options}  # fmt: skip
        for key in keys:
            if key in known:
                self.picker.value = known[key]
                break
        return [key for key in keys if key not in known]

    def _picked(self) -> Goal | None:
        return next((g for g in self.goals if g.id == self.picker.value), None)

    def _show(self, goal: Goal | None) -> None:
        self.current = goal
        goal = goal or Goal.model_construct(
            text="", measure="", baseline="", target="", strategies="", due_date=None,
            progress=0, status=GoalStatus.ACTIVE, milestones=[],
        )  # fmt: skip
        self._due_by_hand = True  # the goal's own date, not its text's, while it is put
        self.text.value = goal.text
        self.measure.value = goal.measure
        self.baseline.value = goal.baseline
        self.target.value = goal.target
        with self._placing():
            self.due.value = goal.due_date
        self._due_by_hand = self._differs_from_text(goal.due_date)
        self.strategies.value = goal.strategies
        self.progress.value = goal.progress
        self.status.value = goal.status
        self.milestones.children = ()
        for milestone in goal.milestones:
            self._add_milestone(milestone)
        self.message.value = ""
        self._analyse()

    def _analyse(self) -> None:
        self.save_question.layout = HIDDEN  # it asked about the text before this change
        text = self.text.value.strip()
        if len(text) < 3:
            self.feedback.value = (
                "<p class='mk-hint'>Write your goal above; the five SMART checks appear "
                "here as you type.</p>"
            )
            self.feasibility.value = self._time_left()
            return
        assessment = assess_goal(text, self.context)
        self.feedback.value = feedback_html(assessment)
        if assessment.due is not None and not self._due_by_hand:
            with self._placing():
                self.due.value = assessment.due
        parts = [self._time_left()]
        for key in ("achievable", "relevant"):
            check = getattr(assessment, key)
            said = check.evidence if check.met else check.question
            parts.append(f"<p><b>{CRITERIA[key]}:</b> {escape(said)}</p>")
        self.feasibility.value = "".join(parts)

    def _time_left(self) -> str:
        left = span(max(0, (self.program.end_date - self.today).days))
        sought = ", ".join(self.mentee.skills_sought) or "none given at intake"
        return (
            f"<p>The program runs until {long_date(self.program.end_date)}: "
            f"{left} from today.</p>"
            f"<p>What you said you want to develop: {escape(sought)}.</p>"
        )

    # --- the date to reach it by ---------------------------------------------------

    @contextmanager
    def _placing(self):
        """The coach sets the date itself: that is not the mentee picking one."""
        self._placing_due = True
        try:
            yield
        finally:
            self._placing_due = False

    def _due_picked(self, change) -> None:
        if not self._placing_due:  # the mentee's own choice; cleared, the text sets it
            self._due_by_hand = change["new"] is not None

    def _differs_from_text(self, day: date | None) -> bool:
        """Whether ``day`` is a date of the mentee's own, not the one the text names."""
        text = self.text.value.strip()
        named = assess_goal(text, self.context).due if len(text) >= 3 else None
        return day is not None and day != named

    def _add_milestone(self, milestone: Milestone | None) -> None:
        row = MilestoneRow(milestone, self._remove_milestone)
        self.milestones.children = (*self.milestones.children, row)

    def _remove_milestone(self, row: MilestoneRow) -> None:
        self.milestones.children = tuple(
            r for r in self.milestones.children if r is not row
        )
        row.close()

    # --- drafts ---------------------------------------------------------------------

    def draft(self) -> dict:
        """The goal being written, as a draft keeps it (dates as ISO text)."""
        rows = [r for r in self.milestones.children if isinstance(r, MilestoneRow)]
        return {
            **{name: getattr(self, name).value for name in _DRAFTED},
            "due": iso(self.due.value),
            "status": str(self.status.value),
            "milestones": [
                {
                    "description": r.description.value,
                    "due": iso(r.due.value),
                    "done": r.done.value,
                }
                for r in rows
            ],
        }

    def restore(self, state: dict) -> None:
        """Put a draft of the goal shown back; anything a field cannot take is left out."""
        self._due_by_hand = True  # the draft's date, not its text's, while it is put
        for name in _DRAFTED:
            put(getattr(self, name), state.get(name))
        with self._placing():
            put(self.due, day_from(state.get("due")))
        self._due_by_hand = self._differs_from_text(self.due.value)
        if state.get("status") in {s.value for s in GoalStatus}:
            self.status.value = GoalStatus(state["status"])
        if isinstance(state.get("milestones"), list):
            for row in list(self.milestones.children):
                self._remove_milestone(row)
            for item in state["milestones"][:50]:
                if isinstance(item, dict):
                    self._add_milestone(None)
                    row = self.milestones.children[-1]
                    put(row.description, item.get("description"))
                    put(row.due, day_from(item.get("due")))
                    put(row.done, item.get("done"))
        self._analyse()

    # --- saving ---------------------------------------------------------------------

    def record(self) -> dict:
        """The goal as the steps describe it now, not yet checked."""
        rows = [r for r in self.milestones.children if isinstance(r, MilestoneRow)]
        return {
            "id": self.current.id if self.current else None,
            "participant_id": self.mentee.id,
            "match_id": self.current.match_id if self.current else self.match_id,
            "text": self.text.value,
            "measure": self.measure.value,
            "baseline": self.baseline.value,
            "target": self.target.value,
            "strategies": self.strategies.value,
            "due_date": self.due.value,
            "progress": self.progress.value,
            "status": self.status.value,
            "milestones": [r.milestone(self.today) for r in rows],
        }

    def _save(self, status: GoalStatus | None = None) -> None:
        """Save the goal; an active one that is not ready to pursue is first offered as
        a draft (``status``: the one the mentee chose when asked)."""
        self.save_question.layout = HIDDEN
        try:
            goal = Goal.from_dict(self.record() | ({"status": status} if status else {}))
            if status is None and goal.status == GoalStatus.ACTIVE:
                assessment = assess_goal(goal.text, self.context)
                if not assessment.ready_to_pursue:
                    self._ask_for_a_draft(assessment)
                    return
            saved = self.save(goal)
        except MentorkitError as exc:
            self.message.value = notice_html(plain_error(exc, FIELD_LABELS), kind="error")
            self.message.remove_class("mk-saved")
            return
        self.goals = [g for g in self.goals if g.id != saved.id] + [saved]
        self.current = saved
        self._listing = True
        try:
            self.picker.options = self._choices()
            self.picker.value = saved.id
        finally:
            self._listing = False
        if self.status.value != saved.status:  # saved as a draft when asked
            self.status.value = saved.status
        self._saved()  # before the confirmation: a visitor may leave as soon as they see it
        if self.keeper is not None:  # a new goal has its id now, and its own drafts
            self.keeper.retarget(self.keeper.box.for_key(self.draft_key()))
        how = " as a draft" if saved.status == GoalStatus.DRAFT else ""
        count = len(saved.milestones)
        self.message.value = notice_html(
            f"Saved{how} on {long_date(self.today)}, with {count} "
            f"milestone{'' if count == 1 else 's'}."
        )
        self.message.add_class("mk-saved")

    def _ask_for_a_draft(self, assessment: Assessment) -> None:
        question = self.save_question.children[0]
        question.value = (
            f"<p>This goal meets {assessment.met_count} of the "
            f"{len(assessment.criteria)} checks. Save it as a draft to work on with your "
            "mentor?</p>"
        )
        self.message.value = ""
        self.save_question.layout = PLAIN

    def _keep_editing(self) -> None:
        self.save_question.layout = HIDDEN
        self.text.focus()


_DRAFTED = ("text", "measure", "baseline", "target", "strategies", "progress")


FIELD_LABELS = {
    "text": "Your goal",
    "due_date": "Reach it by",
    "milestones": "Milestone",
    "description": "what will be done",
    "measure": "Measure",
    "baseline": "Baseline",
    "target": "Target",
    "strategies": "Strategies",
}
