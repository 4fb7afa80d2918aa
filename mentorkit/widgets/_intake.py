"""The intake form: a participant's own record, checked as they type.

Each field sits in a box with the CSS class ``mk-field-<name>`` and its problem
below it in ``mk-error-<name>``; required fields are marked (``mk-required``). Save
(``mk-submit``) can always be pressed: beside it the form says what is still
missing, and a save with problems shows each one next to its field. Rules come from
the core (``mentorkit.services.intake``), not from here.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as w

from mentorkit.domain.participants import Channel, Participant, Role, Seniority
from mentorkit.domain.programs import Format
from mentorkit.domain.records import listed_timezones
from mentorkit.errors import MentorkitError
from mentorkit.services.intake import (
    CONSENTS,
    REQUIRED_FIELDS,
    check_answers,
    consent_text,
    intake_fields,
)
from mentorkit.widgets._drafts import KeepsDrafts, put
from mentorkit.widgets._page import Notice, plain_error
from mentorkit.widgets._shared import HIDDEN, PLAIN, WIDE, make, number_box

LABELS = {
    "name": "Your name",
    "email": "E-mail",
    "department": "Department or team",
    "seniority": "Career level",
    "years_experience": "Years of work experience",
    "location": "Where you work (city)",
    "timezone": "Your time zone",
    "languages": "Languages you can use in mentoring (separate with commas)",
    "skills_offered": "Skills you can help with (separate with commas)",
    "capacity": "How many mentees you can take on",
    "skills_sought": "Skills you want to develop (separate with commas)",
    "goals": "What you hope to achieve",
    "availability": "When you can usually meet (your local time)",
    "channels": "How you like to meet",
    "formats": "Formats you are open to",
    "avoid": "People you would rather not be matched with: their e-mails (optional)",
}
CONSENT_NAMES = {
    "consents.confidentiality": "the agreement on confidentiality",
    "consents.data_use": "the agreement on the use of your data",
}
CHANNEL_LABELS = {
    Channel.VIDEO: "Video call",
    Channel.IN_PERSON: "In person",
    Channel.PHONE: "Phone",
    Channel.CHAT: "Chat or e-mail",
}
FORMAT_LABELS = {
    Format.ONE_ON_ONE: "One-on-one",
    Format.GROUP: "Group",
    Format.PEER: "Peer",
    Format.REVERSE: "Reverse",
    Format.SPEED: "Speed",
}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                            "Saturday", "Sunday"), strict=True))  # fmt: skip
BLOCKS = (
    ("morning", "Morning", "08:00", "12:00"),
    ("afternoon", "Afternoon", "12:00", "17:00"),
    ("evening", "Evening", "17:00", "20:00"),
)


GRID = w.Layout(grid_template_columns="3.5em repeat(3, minmax(0, 1fr))", width="100%")


class AvailabilityGrid(w.GridBox):
    """Days by parts of the day; each toggle is a weekly slot in local time."""

    def __init__(self, slots: list[str]):
        self.toggles: dict[tuple[str, str], w.ToggleButton] = {}
        cells: list[w.Widget] = [make(w.HTML, "")] + [
            make(w.HTML, f"<b>{b[1]}</b>") for b in BLOCKS
        ]
        for day in DAYS:
            cells.append(make(w.HTML, f"<b>{day}</b>"))
            for key, label, start, end in BLOCKS:
                on = any(s.startswith(day) and start <= s[4:9] < end for s in slots)
                toggle = make(
                    w.ToggleButton,
                    value=on,
                    description=label,
                    tooltip=f"{DAY_NAMES[day]} {label.lower()}, {start} to {end}",
                    layout=WIDE,
                )
                toggle.add_class("mk-slot")
                toggle.add_class(f"mk-slot-{day.lower()}-{key}")
                self.toggles[(day, key)] = toggle
                cells.append(toggle)
        super().__init__(cells, layout=GRID)

    @property
    def value(self) -> list[str]:
        return [
            f"{day} {start}-{end}"
            for day in DAYS
            for key, _, start, end in BLOCKS
            if self.toggles[(day, key)].value
        ]

    def choose(self, slots: list[str]) -> None:
        for (day, key), toggle in self.toggles.items():
            _, _, start, end = next(b for b in BLOCKS if b[0] == key)
            toggle.value = any(s.startswith(day) and start <= s[4:9] < end for s in slots)

    def observe_all(self, callback: Callable) -> None:
        for toggle in self.toggles.values():
            toggle.observe(callback, "value")


class Choices(w.VBox):
    """A checkbox per choice; ``value`` lists the chosen ones."""

    def __init__(self, labels: dict, chosen: list, css: str):
        self.boxes = {}
        for option, label in labels.items():
            box = make(w.Checkbox, value=option in chosen, description=label, indent=False)
            box.add_class(f"mk-{css}-{option.value}")
            self.boxes[option] = box
        super().__init__(list(self.boxes.values()), layout=PLAIN)

    @property
    def value(self) -> list[str]:
        return [o.value for o, box in self.boxes.items() if box.value]

    def choose(self, chosen: list) -> None:
        for option, box in self.boxes.items():
            box.value = option in chosen

    def observe_all(self, callback: Callable) -> None:
        for box in self.boxes.values():
            box.observe(callback, "value")


def _input(field: str) -> w.Widget:
    """The blank input of ``field``; :func:`_fill` puts a participant's answer in."""
    if field == "seniority":
        return make(
            w.Dropdown,
            options=[(s.value.title(), s.value) for s in Seniority],
            value=Seniority.MID.value,
            layout=WIDE,
        )
    if field in ("years_experience", "capacity"):
        return number_box(None)
    if field == "timezone":
        return make(
            w.Combobox,
            options=listed_timezones(),
            ensure_option=False,
            placeholder="Type a city, e.g. Paris",
            layout=WIDE,
        )
    if field == "goals":
        return make(w.Textarea, rows=4, continuous_update=True, layout=WIDE)
    if field == "availability":
        return AvailabilityGrid([])
    if field == "channels":
        return Choices(CHANNEL_LABELS, [], "channel")
    if field == "formats":
        return Choices(FORMAT_LABELS, [], "format")
    return make(w.Text, continuous_update=True, layout=WIDE)


def _fill(widget: w.Widget, field: str, person: Participant, avoid: str) -> None:
    """Show ``person``'s answer to ``field`` in its input."""
    value = getattr(person, field, None)
    if field == "seniority":
        widget.value = person.seniority.value
    elif field in ("years_experience", "capacity"):
        widget.value = f"{value:g}"
    elif field in ("timezone", "goals"):
        widget.value = value
    elif field in ("availability", "channels", "formats"):
        widget.choose(value)
    elif field == "avoid":
        widget.value = avoid
    else:
        widget.value = ", ".join(value) if isinstance(value, list) else str(value or "")


class IntakeForm(KeepsDrafts, w.VBox):
    """The intake of one participant; ``save`` stores answers and returns the record."""

    def __init__(
        self,
        person: Participant | None = None,
        save: Callable[[dict], Participant] | None = None,
        avoid: str = "",
    ):
        """A form for ``person``; without one, a blank form for :meth:`fill` later.

        A blank form holds every role's fields, so a warm kernel can build it before
        its visitor arrives; ``fill`` then shows the visitor's own fields and answers.
        """
        self.inputs: dict[str, w.Widget] = {}
        self.errors: dict[str, w.HTML] = {}
        self.rows: dict[str, w.VBox] = {}
        self.touched: set[str] = set()
        self.fields: tuple[str, ...] = ()
        self.problems: dict[str, str] = {}
        self._filling = False
        rows = [
            self._row(field, _input(field), LABELS[field])
            for field in intake_fields(Role.BOTH)
        ]
        rows.insert(0, make(w.HTML, "<p class='mk-hint'>Answers marked "
                                    "<span class='mk-required-mark'>*</span> are "
                                    "required.</p>"))  # fmt: skip
        rows.append(make(w.HTML, "<h2>Agreements</h2>"))
        for kind in CONSENTS:
            box = make(w.Checkbox, indent=False, description="I agree", layout=WIDE)
            rows.append(
                self._row(f"consents.{kind.value}", box, consent_text(kind), required=True)
            )
        self.submit = make(
            w.Button, description="Save my answers", button_style="primary", icon="check"
        )
        self.submit.add_class("mk-submit")
        self.submit.on_click(self._on_submit)
        self.summary = make(w.HTML)
        self.summary.add_class("mk-summary")
        self.result = make(w.Box)
        self.result.add_class("mk-result")
        self._draft_slots()
        super().__init__(
            [self.draft_top, *rows, self.submit, self.summary, self.draft_bottom,
             self.result],
            layout=PLAIN,
        )  # fmt: skip
        self.add_class("mk-intake")
        if person is not None:
            self.fill(person, save, avoid)

    def fill(
        self, person: Participant, save: Callable[[dict], Participant], avoid: str = ""
    ) -> None:
        """Show ``person``'s own fields, with their answers so far."""
        self.person, self.save = person, save
        self.fields = intake_fields(person.role)
        self._filling = True
        try:
            for field, row in self.rows.items():
                if not field.startswith("consents."):
                    row.layout = PLAIN if field in self.fields else HIDDEN
            for field in self.fields:
                _fill(self.inputs[field], field, person, avoid)
            for kind in CONSENTS:
                self.inputs[f"consents.{kind.value}"].value = kind in person.consents
        finally:
            self._filling = False
        self.add_class(f"mk-intake-{person.role.value}")
        if not person.consents:  # a first intake: the page may guess the time zone
            self.rows["timezone"].add_class("mk-tz-guess")
        self.touched.clear()
        self._refresh()

    def _row(
        self, field: str, widget: w.Widget, label: str, required: bool = False
    ) -> w.VBox:
        self.inputs[field] = widget
        error = make(w.HTML)
        error.add_class("mk-error")
        error.add_class(f"mk-error-{field.replace('.', '-')}")
        self.errors[field] = error

        def changed(_change, field=field):
            if self._filling:
                return
            self.touched.add(field)
            self._refresh()

        if hasattr(widget, "observe_all"):
            widget.observe_all(changed)
        else:
            widget.observe(changed, "value")
        required = required or field in REQUIRED_FIELDS
        mark = "<span class='mk-required-mark' aria-hidden='true'> *</span>"
        title = make(w.HTML, f"<label>{escape(label)}{mark if required else ''}</label>")
        box = make(w.VBox, [title, widget, error])
        self.rows[field] = box
        box.add_class("mk-field")
        if required:
            box.add_class("mk-required")
        if field == "availability":
            box.add_class("mk-group")
        box.add_class(f"mk-field-{field.replace('.', '-')}")
        return box

    def draft(self) -> dict[str, Any]:
        """The answers as a draft keeps them: plain text, numbers and lists."""
        state = {
            field: str(value) if field == "seniority" else value
            for field, value in self.answers().items()
            if field != "consents"
        }
        state["consents"] = {
            kind.value: self.inputs[f"consents.{kind.value}"].value for kind in CONSENTS
        }
        return state

    def restore(self, state: dict[str, Any]) -> None:
        """Put a draft's answers back; a value the form cannot show is left out."""
        self._filling = True
        try:
            for field in self.fields:
                if field in state and put(self.inputs[field], state[field]):
                    self.touched.add(field)
            consents = state.get("consents")
            for kind in CONSENTS if isinstance(consents, dict) else ():
                if kind.value in consents:
                    put(self.inputs[f"consents.{kind.value}"], bool(consents[kind.value]))
        finally:
            self._filling = False
        self._refresh()

    def answers(self) -> dict[str, Any]:
        answers = {f: self.inputs[f].value for f in self.fields}
        answers["consents"] = {
            kind: self.inputs[f"consents.{kind.value}"].value for kind in CONSENTS
        }
        return answers

    def _refresh(self) -> None:
        problems = check_answers(self.person, self.answers())
        by_field: dict[str, str] = {}
        for problem in problems:
            root = problem.field.split(".")[0]
            field = problem.field if root == "consents" else root
            by_field.setdefault("avoid" if field == "avoid_emails" else field,
                                problem.message)  # fmt: skip
        for field, error in self.errors.items():
            message = by_field.get(field) if field in self.touched else None
            error.value = f"<span>{escape(message)}</span>" if message else ""
        self.submit.disabled = False  # always pressable: a save says what is missing
        self.problems = by_field
        self.summary.value = (
            "<p>Still to answer or correct before saving: "
            + escape(", ".join(self._name(f) for f in by_field))
            + ".</p>"
            if by_field
            else ""
        )

    @staticmethod
    def _name(field: str) -> str:
        """A field's name as the summary says it: its label without the help."""
        label = CONSENT_NAMES.get(field) or LABELS.get(field, field.replace("_", " "))
        return label.split(" (")[0].split(":")[0]

    def _on_submit(self, _button=None) -> None:
        if self.problems:  # shown at every field, and said once at the button
            self.touched.update(self.fields, (f"consents.{k.value}" for k in CONSENTS))
            self._refresh()
            count = len(self.problems)
            said = "; ".join(f"{self._name(f)}: {m}" for f, m in self.problems.items())
            self.result.children = (
                Notice(
                    f"Not saved: {count} answer{'s' if count > 1 else ''} "
                    f"need{'' if count > 1 else 's'} your attention. {said}.",
                    kind="error",
                ),
            )
            return
        self.submit.disabled = True
        try:
            self.person = self.save(self.answers())
        except MentorkitError as exc:
            labels = {**LABELS, "consents": "Agreements"}
            self.result.children = (Notice(plain_error(exc, labels), kind="error"),)
        else:
            self.touched.clear()
            self._saved()  # before the thanks: a visitor may leave as soon as they see it
            self.result.children = (
                Notice(
                    "Thank you, your answers are saved. Use your link again to change "
                    "anything.",
                    kind="saved",
                ),
            )
        self._refresh()
