"""After a meeting: the meeting log and the author's reflection on it.

The open questions come from the program's wording (``templates/reflection.toml``).
A reflection is private unless its author ticks "share"; below the form, each side
sees their own reflections and those their partner shared, never the partner's
private ones (the store does not hand them out). CSS classes for tests:
``mk-reflection-form``, ``mk-field-<name>``, ``mk-pulse``, ``mk-share``,
``mk-save-reflection``, ``mk-add-action``, ``mk-action``, ``mk-history``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import escape

import ipywidgets as w

from mentorkit.domain.goals import Goal
from mentorkit.domain.meetings import Meeting, Reflection
from mentorkit.domain.participants import Channel
from mentorkit.domain.records import long_date
from mentorkit.errors import MentorkitError
from mentorkit.services.pairs import Pair
from mentorkit.widgets._drafts import KeepsDrafts, day_from, iso, put
from mentorkit.widgets._intake import CHANNEL_LABELS
from mentorkit.widgets._page import notice_html, plain_error
from mentorkit.widgets._shared import PLAIN, WIDE, field, make, number_box

PROMPTED = ("discussed", "learned", "went_well", "to_change")


class ActionRow(w.HBox):
    def __init__(self, pair: Pair, on_remove: Callable[[ActionRow], None], due: date):
        self.text = make(
            w.Text, placeholder="What will be done", description="What will be done",
            layout=WIDE,
        )  # fmt: skip
        self.owner = make(
            w.Dropdown,
            options=[
                (f"{pair.me.name} (you)", pair.me.id),
                (pair.partner.name, pair.partner.id),
            ],
            description="Who",
        )
        self.due = make(w.DatePicker, value=due, description="Due by")
        remove = make(w.Button, description="Remove")
        remove.on_click(lambda _b: on_remove(self))
        super().__init__([self.text, self.owner, self.due, remove], layout=WIDE)
        self.add_class("mk-action")
        self.add_class("mk-quiet-labels")

    def item(self) -> dict:
        return {
            "text": self.text.value,
            "owner_id": self.owner.value,
            "due_date": self.due.value,
        }


class ReflectionForm(KeepsDrafts, w.VBox):
    """One side of a pair logs a meeting and reflects on it."""

    def __init__(
        self,
        pair: Pair,
        goals: list[Goal],
        prompts: dict[str, str],
        minutes: int,
        save: Callable[[dict, dict], tuple[Meeting, Reflection]],
        history: Callable[[], list[tuple[Meeting, list[Reflection]]]],
        mark_done: Callable[[int, int], Reflection],
        today: date | None = None,
    ):
        self.pair, self.goals, self.save, self.mark_done = pair, goals, save, mark_done
        self.history = history
        self.today = today or date.today()
        self.held_on = make(w.DatePicker, value=self.today)
        self.minutes = number_box(minutes)
        self.channel = make(
            w.Dropdown,
            options=[(label, c) for c, label in CHANNEL_LABELS.items()],
            value=Channel.VIDEO,
        )
        self.topics = make(w.Text, placeholder="e.g. feedback, planning", layout=WIDE)
        self.texts = {
            key: make(w.Textarea, rows=3, layout=WIDE, placeholder="Optional")
            for key in PROMPTED
        }
        self.actions = make(w.VBox, [])
        add = make(w.Button, description="Add an action item", icon="plus")
        add.add_class("mk-add-action")
        add.on_click(lambda _b: self._add_action())
        self.progress = {
            goal.id: make(w.IntSlider, value=goal.progress, min=0, max=100, step=5)
            for goal in goals
        }
        self.pulse = make(
            w.ToggleButtons, options=["1", "2", "3", "4", "5"], value=None, tooltips=[]
        )
        self.pulse.add_class("mk-pulse")
        self.share = make(
            w.Checkbox,
            value=False,
            description=f"Share this reflection with {pair.partner.name}",
            indent=False,
            layout=WIDE,
        )
        self.share.add_class("mk-share")
        button = make(w.Button, description="Save", button_style="primary")
        button.add_class("mk-save-reflection")
        button.on_click(lambda _b: self._save())
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        self.past = make(w.VBox, [])
        self.past.add_class("mk-history")
        goal_rows = [
            field(f"goal-{goal.id}", f"Progress on: {goal.text}", slider)
            for goal, slider in zip(goals, self.progress.values(), strict=True)
        ]
        self._draft_slots()
        form = make(
            w.VBox,
            [
                self.draft_top,
                make(w.HTML, "<h2>The meeting</h2>"),
                field("held_on", "Date", self.held_on),
                field("minutes", "Length in minutes", self.minutes),
                field("channel", "How you met", self.channel),
                field("topics", "Topics (separate with commas)", self.topics),
                make(w.HTML, "<h2>Your reflection</h2>"),
                *(field(key, prompts[key], self.texts[key]) for key in PROMPTED),
                field("actions", "Action items: who does what, by when", self.actions),
                add,
                *goal_rows,
                field("pulse", prompts["pulse"], self.pulse, group=True),
                self.share,
                make(
                    w.HTML,
                    "<p class='mk-hint'>Your reflection is private unless you share it. "
                    "The program's facilitator sees only that you wrote one and your "
                    "pulse rating, never what you wrote.</p>",
                ),
                button,
                self.draft_bottom,
                self.message,
            ],
        )
        form.add_class("mk-reflection-form")
        self.planner_slot = make(w.VBox, [])  # the next meeting, when the page has one
        self.closing_slot = make(w.VBox, [])  # the closing reflection, near the end
        earlier = make(w.HTML, "<h2>Earlier meetings</h2>")
        super().__init__(
            [self.closing_slot, form, self.planner_slot, earlier, self.past], layout=PLAIN
        )
        self.add_class("mk-reflection")
        self._show_history()

    def _add_action(self) -> ActionRow:
        row = ActionRow(self.pair, self._remove_action, self.today + timedelta(days=14))
        self.actions.children = (*self.actions.children, row)
        return row

    def draft(self) -> dict:
        """The form as a draft keeps it: plain text, numbers, lists and ISO dates."""
        return {
            "held_on": iso(self.held_on.value),
            "minutes": self.minutes.value,
            "channel": str(self.channel.value),
            "topics": self.topics.value,
            **{key: box.value for key, box in self.texts.items()},
            "actions": [
                {"text": r.text.value, "owner_id": r.owner.value, "due": iso(r.due.value)}
                for r in self.actions.children
            ],
            "progress": {str(k): s.value for k, s in self.progress.items()},
            "pulse": self.pulse.value,
            "shared": self.share.value,
        }

    def restore(self, state: dict) -> None:
        """Put a draft back; anything a field cannot take is left out."""
        puts = [
            (self.held_on, day_from(state.get("held_on"))),
            (self.minutes, state.get("minutes")),
            (self.topics, state.get("topics")),
            (self.pulse, state.get("pulse")),
            (self.share, state.get("shared")),
            *((box, state.get(key)) for key, box in self.texts.items()),
            *((s, state.get("progress", {}).get(str(k))) for k, s in self.progress.items()),
        ]
        if state.get("channel") in {c.value for c in Channel}:
            puts.append((self.channel, Channel(state["channel"])))
        for widget, value in puts:
            put(widget, value, none_ok=widget in (self.held_on, self.pulse))
        for row in list(self.actions.children):
            self._remove_action(row)
        for item in state.get("actions", [])[:50]:
            if isinstance(item, dict):
                row = self._add_action()
                put(row.text, item.get("text"))
                put(row.owner, item.get("owner_id"))
                put(row.due, day_from(item.get("due")))

    def _remove_action(self, row: ActionRow) -> None:
        self.actions.children = tuple(r for r in self.actions.children if r is not row)
        row.close()

    def _save(self) -> None:
        meeting = {
            "match_id": self.pair.id,
            "held_on": self.held_on.value,
            "minutes": self.minutes.value,
            "channel": self.channel.value,
            "topics": self.topics.value,
        }
        reflection = {
            "author_id": self.pair.me.id,
            **{key: box.value for key, box in self.texts.items()},
            "action_items": [r.item() for r in self.actions.children],
            "goal_progress": {k: s.value for k, s in self.progress.items()},
            "pulse": int(self.pulse.value) if self.pulse.value else None,
            "shared": self.share.value,
        }
        try:
            if reflection["pulse"] is None:
                raise MentorkitError("Not saved: choose a pulse rating from 1 to 5.")
            if meeting["held_on"] is None:
                raise MentorkitError("Not saved: give the date of the meeting.")
            _, saved = self.save(meeting, reflection)  # the service checks the rest
        except MentorkitError as exc:
            self.message.value = notice_html(plain_error(exc, FIELD_LABELS), kind="error")
            return
        for box in self.texts.values():
            box.value = ""
        self.actions.children = ()
        self.pulse.value = None
        self.share.value = False  # each reflection is asked anew
        self._saved()  # before the confirmation: a visitor may leave as soon as they see it
        shared = f"shared with {self.pair.partner.name}" if saved.shared else "private"
        self.message.value = notice_html(
            f"Saved your reflection on the meeting of {long_date(meeting['held_on'])} "
            f"({shared})."
        )
        self._show_history()

    def _show_history(self) -> None:
        blocks = []
        for meeting, reflections in reversed(self.history()):
            blocks.append(meeting_block(meeting, reflections, self.pair))
            for reflection in reflections:
                if reflection.author_id == self.pair.me.id:
                    blocks.extend(self._open_actions(reflection))
        if not blocks:
            blocks = [make(w.HTML, "<p class='mk-hint'>No meetings logged yet.</p>")]
        self.past.children = blocks

    def _open_actions(self, reflection: Reflection) -> list[w.Widget]:
        boxes = []
        for n, item in enumerate(reflection.action_items):
            if item.done:
                continue
            due = f", due {long_date(item.due_date)}" if item.due_date else ""
            box = make(w.Checkbox, value=False, description=f"Done: {item.text}{due}",
                       indent=False, layout=WIDE)  # fmt: skip
            box.add_class("mk-action-open")
            box.observe(lambda _c, r=reflection, n=n: self._done(r, n), "value")
            boxes.append(box)
        return boxes

    def _done(self, reflection: Reflection, index: int) -> None:
        try:
            self.mark_done(reflection.id, index)
        except MentorkitError as exc:
            self.message.value = notice_html(str(exc), kind="error")
            return
        self._show_history()


def meeting_block(meeting: Meeting, reflections: list[Reflection], pair: Pair) -> w.HTML:
    """One meeting with the reflections ``pair.me`` may read on it, read-only."""
    parts = [
        f"<h3>{long_date(meeting.held_on)} · {meeting.minutes} minutes · "
        f"{escape(CHANNEL_LABELS[meeting.channel])}</h3>"
    ]
    if meeting.topics:
        parts.append(f"<p>Topics: {escape(', '.join(meeting.topics))}</p>")
    parts += [_reflection_html(reflection, pair) for reflection in reflections]
    block = make(w.HTML, "".join(parts))
    block.add_class("mk-meeting")
    return block


def _reflection_html(reflection: Reflection, pair: Pair) -> str:
    """A reflection as its author or (when shared) the partner reads it."""
    if reflection.author_id == pair.me.id:
        who = "You"
        mark = (
            "shared with your partner" if reflection.shared else "private, only you see it"
        )
    else:
        who, mark = pair.partner.name, "shared with you"
    rows = [
        ("Discussed", reflection.discussed),
        ("Learned", reflection.learned),
        ("Went well", reflection.went_well),
        ("To change", reflection.to_change),
        ("Pulse", f"{reflection.pulse} of 5"),
        *(
            (
                "Action",
                f"{item.text}"
                + (f" (due {long_date(item.due_date)})" if item.due_date else "")
                + (" — done" if item.done else ""),
            )
            for item in reflection.action_items
        ),
    ]
    body = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows if v)
    return (
        f"<div class='mk-reflection-card mk-by-{escape(reflection.author_id)}'>"
        f"<b>{escape(who)}</b> <span class='mk-hint'>({mark})</span>"
        f"<dl class='mk-facts'>{body}</dl></div>"
    )


FIELD_LABELS = {
    "action_items": "Action item",
    "text": "what will be done",
    "minutes": "Length in minutes",
    "held_on": "Date",
    "pulse": "Pulse",
    "topics": "Topics",
}
