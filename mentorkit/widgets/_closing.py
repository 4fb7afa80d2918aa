"""The closing reflection: each side looks back on the whole relationship at its end.

It opens three weeks before the agreed end, above the meeting form of the reflection
app, and stays open after the end until the side has written it. What the author
writes stays private; the program's reports show only the rating and the answers, as
totals. CSS classes for tests: ``mk-closing``, ``mk-field-outcome-<goal id>``,
``mk-field-rating``, ``mk-field-recommend``, ``mk-field-continue``,
``mk-field-again`` (a mentor's free places for the next cohort), ``mk-save-closing``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as w

from mentorkit.domain.closing import OUTCOME_LABELS, ClosingReflection
from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.records import long_date
from mentorkit.errors import MentorkitError
from mentorkit.services.closing import Ending
from mentorkit.services.pairs import Pair
from mentorkit.widgets._drafts import KeepsDrafts, put
from mentorkit.widgets._page import notice_html, plain_error
from mentorkit.widgets._shared import PLAIN, WIDE, field, make

YES_NO = (("Yes", True), ("No", False))
FIELD_LABELS = {
    "rating": "Your rating",
    "recommend": "Would you recommend the program",
    "continue_informally": "Will you keep in touch",
    "outcomes": "What became of the goals",
    "achieved": "What was achieved",
    "match_id": "Closing reflection",
    "mentor_again": "Mentor again",
}


def _choice(options, css: str) -> w.ToggleButtons:
    buttons = make(w.ToggleButtons, options=options, value=None, tooltips=[])
    buttons.add_class(css)
    return buttons


class ClosingForm(KeepsDrafts, w.VBox):
    """One side's closing reflection on ``pair``."""

    def __init__(
        self,
        pair: Pair,
        ending: Ending,
        save: Callable[[dict], tuple[ClosingReflection, Match]],
    ):
        self.pair, self.ending, self.save = pair, ending, save
        partner = pair.partner.name
        self.outcomes = {
            goal.id: _choice([(label, o.value) for o, label in OUTCOME_LABELS.items()],
                             "mk-outcome")
            for goal in ending.goals
        }  # fmt: skip
        self.achieved = make(w.Textarea, rows=4, layout=WIDE, placeholder="Optional")
        self.rating = _choice(["1", "2", "3", "4", "5"], "mk-rating")
        self.recommend = _choice(YES_NO, "mk-recommend")
        self.keep_in_touch = _choice(YES_NO, "mk-continue")
        self.again = _choice(YES_NO, "mk-again")  # a mentor's places, next cohort
        button = make(w.Button, description="Save my closing reflection",
                      button_style="primary")  # fmt: skip
        button.add_class("mk-save-closing")
        button.on_click(lambda _b: self._save())
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        goal_rows = [
            field(f"outcome-{goal.id}", f"What became of the goal: {goal.text}", box,
                  group=True)
            for goal, box in zip(ending.goals, self.outcomes.values(), strict=True)
        ]  # fmt: skip
        self._draft_slots()
        super().__init__(
            [
                make(w.HTML, f"<h2>Closing reflection</h2><p>{self._lede()}</p>"),
                self.draft_top,
                *goal_rows,
                field("achieved", "What was achieved, in your words", self.achieved),
                field("rating", "How would you rate the mentoring as a whole? "
                      "(1 poor, 5 excellent)", self.rating, group=True),
                field("recommend", "Would you recommend the program to a colleague?",
                      self.recommend, group=True),
                field("continue", f"Will you and {partner} keep in touch informally?",
                      self.keep_in_touch, group=True),
                *([field("again", "Would you mentor again in the program's next "
                         "cohort? (Optional: your free places are offered to it.)",
                         self.again, group=True)]
                  if pair.my_side == "mentor" else []),
                make(w.HTML, f"<p class='mk-hint'>{self._privacy()}</p>"),
                button,
                self.draft_bottom,
                self.message,
            ],
            layout=PLAIN,
        )  # fmt: skip
        self.add_class("mk-closing")
        self.offered = True if ending.offered else None  # never answered: no choice
        self.again.value = self.offered
        if ending.mine is not None:
            self._show(ending.mine)
            button.description = "Save changes"

    def _privacy(self) -> str:
        said = ("What you write here is private. The program sees only your rating and "
                "your yes-or-no answers, counted with everyone else's")  # fmt: skip
        if self.pair.my_side == "mentor":
            said += ("; and if you would mentor again, it offers your free places to "
                     "its next cohort")  # fmt: skip
        return said + "."

    def _lede(self) -> str:
        partner, day = escape(self.pair.partner.name), long_date(self.ending.ends_on)
        if self.pair.match.status == MatchStatus.COMPLETED:
            when = f"reached its end on {day}"
        else:
            when = f"reaches its agreed end on {day}"
        return (f"Your mentoring with {partner} {when}. Look back on the whole of it: "
                "what became of the goals, and how it went.")  # fmt: skip

    def _show(self, mine: ClosingReflection) -> None:
        for goal_id, outcome in mine.outcomes.items():
            if goal_id in self.outcomes:
                self.outcomes[goal_id].value = outcome.value
        self.achieved.value = mine.achieved
        self.rating.value = str(mine.rating)
        self.recommend.value = mine.recommend
        self.keep_in_touch.value = mine.continue_informally

    def draft(self) -> dict:
        return {
            "outcomes": {str(k): b.value for k, b in self.outcomes.items()},
            "achieved": self.achieved.value,
            "rating": self.rating.value,
            "recommend": self.recommend.value,
            "continue_informally": self.keep_in_touch.value,
            "mentor_again": self.again.value,
        }

    def restore(self, state: dict) -> None:
        outcomes = state.get("outcomes") if isinstance(state.get("outcomes"), dict) else {}
        puts = [
            (self.achieved, state.get("achieved"), False),
            (self.rating, state.get("rating"), True),
            (self.recommend, state.get("recommend"), True),
            (self.keep_in_touch, state.get("continue_informally"), True),
            (self.again, state.get("mentor_again"), True),
            *((box, outcomes.get(str(k)), True) for k, box in self.outcomes.items()),
        ]
        for widget, value, none_ok in puts:
            put(widget, value, none_ok=none_ok)

    def _save(self) -> None:
        values = {
            "outcomes": {k: b.value for k, b in self.outcomes.items() if b.value},
            "achieved": self.achieved.value,
            "rating": int(self.rating.value) if self.rating.value else None,
            "recommend": self.recommend.value,
            "continue_informally": self.keep_in_touch.value,
            **({"mentor_again": self.again.value}  # sent only when it is an answer
               if self.pair.my_side == "mentor" and self.again.value is not None
               and self.again.value != self.offered else {}),
        }  # fmt: skip
        try:
            missing = [label for key, label in (
                ("rating", "a rating from 1 to 5"),
                ("recommend", "whether you would recommend the program"),
                ("continue_informally", "whether you will keep in touch"),
            ) if values[key] is None]  # fmt: skip
            if missing:
                raise MentorkitError(f"Not saved: choose {' and '.join(missing)}.")
            _, match = self.save(values)  # the service checks the rest
        except MentorkitError as exc:
            self.message.value = notice_html(plain_error(exc, FIELD_LABELS), kind="error")
            return
        self._saved()
        partner = self.pair.partner.name
        if match.status == MatchStatus.COMPLETED:
            said = (f"Saved. Your mentoring with {partner} is complete: thank you both. "
                    "You can still change your answers here.")  # fmt: skip
        else:
            said = (f"Saved. Once {partner} has written theirs, your mentoring is "
                    "complete. You can still change your answers here.")  # fmt: skip
        self.message.value = notice_html(said)
