"""The matching review: a facilitator's table of proposed pairs, and the tools to adjust it.

Only the visible page of the table is drawn (25 rows), so a click costs the same with
1,000 pairs as with 10. Every change goes through
:class:`mentorkit.services.matching_review.Review`, which checks it first; nothing
reaches the store until Save or Publish.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from mentorkit.errors import MentorkitError
from mentorkit.figures_html import heading, table_box
from mentorkit.folder import ProgramFolder
from mentorkit.matching.policy import Criterion
from mentorkit.services.matching_review import Review, save_review
from mentorkit.widgets._picker import Picker, by_name

PAGE_ROWS = 25
LOCKED = "<span class='mk-locked'>locked</span>"  # words: no emoji font on many machines
# Sorted by what the table shows: names (ignoring case), not ids.
SORTS = {
    "Score, best first": (["score"], [False]),
    "Score, lowest first": (["score"], [True]),
    "Mentor": (["mentor_name", "mentee_name"], [True, True]),
    "Mentee": (["mentee_name"], [True]),
}


def _button(label: str, name: str, style: str = "") -> w.Button:
    button = w.Button(description=label, button_style=style)
    button.add_class(f"mk-{name}")
    return button


def _result(name: str) -> w.HTML:
    """Where an action answers: placed right below the buttons that cause it."""
    said = w.HTML()
    said.add_class("mk-result")
    said.add_class(f"mk-review-{name}")
    return said


def _row(*buttons: w.Button) -> w.HBox:
    row = w.HBox(list(buttons))
    row.add_class("mk-button-row")
    return row


class MatchReview(w.VBox):
    """Review, adjust and publish one cohort's proposal."""

    def __init__(self, review: Review, folder: ProgramFolder, names: dict[str, str]):
        self.review, self.folder, self.names = review, folder, names
        self.page = 0
        self.summary = w.HTML()
        self.summary.add_class("mk-review-summary")
        # Each group of actions answers right below its buttons.
        self.pairs_result = _result("pairs-result")
        self.assign_result = _result("check")
        self.weights_result = _result("weights-result")
        self.status = _result("status")
        self.results = (
            self.pairs_result,
            self.assign_result,
            self.weights_result,
            self.status,
        )

        self.filter = w.Text(
            placeholder="Filter by name, id or reason", description="Filter"
        )
        self.sort = w.Dropdown(options=list(SORTS), description="Sort")
        self.previous_page, self.next_page = (
            _button("◀", "page-back"),
            _button("▶", "page-on"),
        )
        self.page_label = w.Label()
        self.table = w.HTML()
        self.table.add_class("mk-review-table")
        self.table.add_class("mk-holds-table")
        self.unmatched = w.HTML()
        self.unmatched.add_class("mk-review-unmatched")
        self.selected = w.SelectMultiple(
            description="Pairs", rows=8, layout=w.Layout(width="32em")
        )
        self.selected.add_class("mk-review-selected")
        self.lock_button = _button("Lock", "lock")
        self.unlock_button = _button("Unlock", "unlock")
        self.remove_button = _button("Remove", "remove", "warning")
        self.swap_button = _button("Swap mentees", "swap")

        self.assign_mentee = w.Dropdown(description="Mentee")
        self.mentor_picker = Picker(
            "Choose a mentor",
            search={"description": "Find", "placeholder": "Part of a mentor's name"},
            description="Mentor",
        )
        self.assign_mentor = self.mentor_picker.choice
        self.check_button = _button("Check", "check")
        self.assign_button = _button("Assign", "assign", "primary")
        self.override = w.Checkbox(description="Assign even though it breaks a rule")

        named = w.SliderStyle(description_width="10em")
        self.weights = {
            c: w.FloatSlider(
                value=review.policy.weights[c],
                min=0,
                max=60,
                step=1,
                description=heading(str(c)),
                continuous_update=False,
                style=named,
            )
            for c in Criterion
        }
        self.preview_button = _button("Preview", "preview")
        self.accept_button = _button("Accept new weights", "accept")
        self.rerun_button = _button("Re-run (keeps locks)", "rerun")
        self.difference = w.HTML()
        self.difference.add_class("mk-review-difference")
        self._pending = None

        self.fair_by = w.Dropdown(
            options=[
                (heading(c), c)
                for c in review.policy.report_by
                if c in review.mentees.columns
            ],
            description="By",
        )
        self.fairness = w.HTML()
        self.fairness.add_class("mk-review-fairness")
        self.save_button = _button("Save drafts", "save")
        self.publish_button = _button("Publish", "publish", "success")

        pairs, assign, weights, saved = self.results
        for control, handler in (
            (self.previous_page, lambda _: self._turn(-1)),
            (self.next_page, lambda _: self._turn(1)),
            (self.lock_button, lambda _: self._act(pairs, self._lock, True)),
            (self.unlock_button, lambda _: self._act(pairs, self._lock, False)),
            (self.remove_button, lambda _: self._act(pairs, self._remove)),
            (self.swap_button, lambda _: self._act(pairs, self._swap)),
            (self.check_button, lambda _: self._act(assign, self._check)),
            (self.assign_button, lambda _: self._act(assign, self._assign)),
            (self.preview_button, lambda _: self._act(weights, self._preview)),
            (self.accept_button, lambda _: self._act(weights, self._accept)),
            (self.rerun_button, lambda _: self._act(weights, self._rerun)),
            (self.save_button, lambda _: self._act(saved, self._save, False)),
            (self.publish_button, lambda _: self._act(saved, self._save, True)),
        ):
            control.on_click(handler)
        self.filter.observe(lambda _: self._go_to(0), "value")
        self.sort.observe(lambda _: self._go_to(0), "value")
        self.fair_by.observe(lambda _: self._draw_fairness(), "value")

        tabs = w.Tab(
            children=[
                w.VBox(
                    [
                        self.assign_mentee,
                        self.mentor_picker.search,
                        self.assign_mentor,
                        self.override,
                        _row(self.check_button, self.assign_button),
                        self.assign_result,
                    ]
                ),
                w.VBox(
                    [
                        *self.weights.values(),
                        _row(self.preview_button, self.accept_button, self.rerun_button),
                        self.weights_result,
                        self.difference,
                    ]
                ),
                w.VBox([self.fair_by, self.fairness]),
            ]
        )
        for index, title in enumerate(("Assign by hand", "Weights and re-run", "Fairness")):
            tabs.set_title(index, title)
        proposed = w.VBox(
            [
                self.table,
                w.HBox([self.previous_page, self.page_label, self.next_page]),
                self.selected,
                _row(
                    self.lock_button,
                    self.unlock_button,
                    self.swap_button,
                    self.remove_button,
                ),
                self.pairs_result,
            ]
        )
        proposed.add_class("mk-review-pairs")
        body = w.HBox([proposed, self.unmatched])
        body.add_class("mk-review-body")
        super().__init__(
            children=[
                self.summary,
                w.HBox([self.filter, self.sort]),
                body,
                tabs,
                _row(self.save_button, self.publish_button),
                self.status,
            ]
        )
        self.add_class("mk-review")
        self._refresh()

    # -- drawing --------------------------------------------------------------------

    def _name(self, pid: str) -> str:
        return self.names.get(pid, pid)

    def _visible(self) -> pd.DataFrame:
        pairs = self.review.pairs
        words = self.filter.value.strip().lower()
        if words:
            text = (
                pairs["mentor_id"].map(self._name)
                + " "
                + pairs["mentee_id"].map(self._name)
                + " "
                + pairs["mentor_id"]
                + " "
                + pairs["mentee_id"]
                + " "
                + pairs["explanation"]
            ).str.lower()
            pairs = pairs[text.str.contains(words, regex=False)]
        columns, ascending = SORTS[self.sort.value]
        named = pairs.assign(
            mentor_name=pairs["mentor_id"].map(self._name).str.casefold(),
            mentee_name=pairs["mentee_id"].map(self._name).str.casefold(),
        )
        order = named.sort_values(columns, ascending=ascending, kind="stable").index
        return pairs.loc[order]

    def _refresh(self) -> None:
        review = self.review
        self.summary.value = (
            f"<b>{len(review.pairs)}</b> pairs · <b>{review.match_rate:.0%}</b> of mentees "
            f"matched · total score <b>{review.total_score:,.2f}</b> · "
            f"{int(review.pairs['locked'].sum())} locked · "
            f"{len(review.unmatched_mentees)} mentees unmatched"
        )
        unmatched = review.unmatched_mentees
        chosen = self.assign_mentee.value
        named = by_name((f"{self._name(p)} ({p})", p) for p in unmatched)
        self.assign_mentee.options = [("Choose a mentee", None), *named]
        self.assign_mentee.value = chosen if chosen in unmatched else None
        left = review.places_left()
        self.mentor_picker.offer(
            (f"{self._name(p)} ({p}), {_places(left[p])}", p)
            for p in review.matrix.mentors.ids
        )
        self._draw_unmatched()
        self._go_to(self.page)
        self._draw_fairness()

    def _draw_unmatched(self) -> None:
        why = self.review.why_unmatched()
        if why.empty:
            listed = "<p>Every mentee has a mentor.</p>"
        else:
            listed = (
                "<ul class='mk-unmatched-list'>"
                + "".join(
                    f"<li><b>{escape(self._name(row.mentee_id))}</b> "
                    f"({escape(row.mentee_id)}): {escape(row.reason)}.</li>"
                    for row in why.itertuples()
                )
                + "</ul>"
            )
        self.unmatched.value = (
            f"<h2>Not matched ({len(why)})</h2>"
            "<p class='mk-hint'>Each mentee without a mentor, and why.</p>" + listed
        )

    def _go_to(self, page: int) -> None:
        visible = self._visible()
        pages = max(1, -(-len(visible) // PAGE_ROWS))
        self.page = min(max(page, 0), pages - 1)
        shown = visible.iloc[self.page * PAGE_ROWS : (self.page + 1) * PAGE_ROWS]
        self.page_label.value = f"page {self.page + 1} of {pages} ({len(visible)} pairs)"
        rows = "".join(
            f"<tr class='{'mk-locked' if row.locked else ''}'>"
            f"<td>{escape(self._name(row.mentor_id))}</td>"
            f"<td>{escape(self._name(row.mentee_id))}</td>"
            f"<td class='mk-num'>{row.score:.2f}</td>"
            f"<td>{LOCKED if row.locked else ''}</td>"
            f"<td class='mk-why'>{escape(row.explanation)}</td></tr>"
            for row in shown.itertuples()
        )
        self.table.value = table_box(
            "<table class='mk-table'><thead><tr><th>Mentor</th><th>Mentee</th>"
            "<th>Score</th><th>Locked</th><th>Why</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>",
            "Proposed pairs",
        )
        self.selected.options = [
            (
                f"{self._name(row.mentor_id)} – {self._name(row.mentee_id)} "
                f"({row.score:.1f}){' locked' if row.locked else ''}",
                (row.mentor_id, row.mentee_id),
            )
            for row in shown.itertuples()
        ]

    def _turn(self, step: int) -> None:
        self._go_to(self.page + step)

    def _draw_fairness(self) -> None:
        if not self.fair_by.value:
            return
        table = self.review.fairness(self.fair_by.value)
        table = table.rename(columns=heading)
        self.fairness.value = table_box(
            table.to_html(
                index=False,
                classes="mk-table",
                na_rep="–",
                formatters={
                    "Match rate": lambda v: f"{v:.0%}",
                    "Mean score": lambda v: "–" if v != v else f"{v:.1f}",
                },
            ),
            "Fairness",
        )

    def _say(self, where: w.HTML, text: str, kind: str = "info") -> None:
        where.value = f"<div class='mk-notice mk-notice-{kind}'>{escape(text)}</div>"

    def _act(self, where: w.HTML, action, *args) -> None:
        """Run ``action`` and answer in ``where``, beside its button; the other
        answers, about earlier actions, are cleared."""
        for said in self.results:
            said.value = ""
        try:
            message = action(*args)
        except MentorkitError as exc:
            self._say(where, str(exc), "error")
            return
        self._refresh()
        if message:
            self._say(where, message)

    # -- actions ----------------------------------------------------------------------

    def _chosen(self, count: int | None = None) -> list[tuple[str, str]]:
        chosen = list(self.selected.value)
        if not chosen or (count is not None and len(chosen) != count):
            wanted = f"exactly {count} pairs" if count else "one or more pairs"
            raise MentorkitError(f"Select {wanted} in the list first.")
        return chosen

    def _lock(self, locked: bool) -> str:
        chosen = self._chosen()
        for pair in chosen:
            self.review.lock(*pair, locked=locked)
        return f"{'Locked' if locked else 'Unlocked'} {len(chosen)} pairs."

    def _remove(self) -> str:
        chosen = self._chosen()
        for pair in chosen:
            self.review.remove(*pair)
        return f"Removed {len(chosen)} pairs; their mentees can be assigned by hand."

    def _swap(self) -> str:
        first, second = self._chosen(2)
        checks = self.review.swap(first, second)
        return "Swapped: " + "; ".join(
            f"{self._name(c.mentor_id)} – {self._name(c.mentee_id)} ({c.score:.2f})"
            for c in checks
        )

    def _check(self) -> str:
        if not self.assign_mentee.value or not self.assign_mentor.value:
            raise MentorkitError("Choose an unmatched mentee and a mentor first.")
        check = self.review.check(self.assign_mentor.value, self.assign_mentee.value)
        breaks = "breaks: " + "; ".join(check.breaks) if check.breaks else "breaks no rule"
        return (
            f"{self._name(check.mentee_id)} with {self._name(check.mentor_id)}: "
            f"score {check.score:.2f}; {breaks}."
        )

    def _assign(self) -> str:
        self._check()
        check = self.review.assign(
            self.assign_mentor.value, self.assign_mentee.value, override=self.override.value
        )
        self.override.value = False
        return (
            f"Assigned {self._name(check.mentee_id)} to {self._name(check.mentor_id)} "
            f"(score {check.score:.2f}, locked)."
        )

    def _policy(self):
        return self.review.policy.updated(
            weights={c: slider.value for c, slider in self.weights.items()}
        )

    def _preview(self) -> str:
        _, diff = self.review.preview(self._policy())
        self._pending = self._policy()
        self.difference.value = (
            f"<p>{len(diff.added)} pairs would be new and {len(diff.removed)} would go; "
            f"total score {diff.total_before:,.2f} → {diff.total_after:,.2f}; "
            f"match rate {diff.rate_before:.0%} → {diff.rate_after:.0%}.</p>"
            "<p>Scores in the new proposal are on the new weights.</p>"
        )
        return "Preview ready: accept to take it, or change the weights again."

    def _accept(self) -> str:
        if self._pending is None or self._pending != self._policy():
            raise MentorkitError("Preview the weights first, then accept.")
        diff = self.review.rerun(self._pending)
        self._pending = None
        return f"New weights taken: {len(diff.added)} pairs new, {len(diff.removed)} gone."

    def _rerun(self) -> str:
        diff = self.review.rerun()
        kept = "Re-run kept the locked pairs"
        return f"{kept}: {len(diff.added)} new, {len(diff.removed)} gone."

    def _save(self, publish: bool) -> str:
        saved = save_review(self.folder, self.review, publish=publish)
        if publish:
            return f"Published {saved} pairs; they can now see each other in their apps."
        return f"Saved {saved} draft pairs."


def _places(left: int) -> str:
    if left <= 0:
        return "full"
    return f"{left} place{'' if left == 1 else 's'} left"
