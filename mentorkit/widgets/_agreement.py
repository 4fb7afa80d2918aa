"""The mentoring agreement: both sides read the same terms, change them, and sign.

Until both have signed, either side can edit; changing the terms withdraws the other
side's signature (the store does that). Once both have signed, the agreement is
shown read-only, as signed. CSS classes for tests: ``mk-agreement-form``,
``mk-agreement-signed``, ``mk-sign``, ``mk-agreement-status``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as w
from traitlets import TraitError

from mentorkit.domain.agreements import Agreement, AgreementTerms
from mentorkit.domain.participants import Channel
from mentorkit.errors import MentorkitError
from mentorkit.services.pairs import Pair
from mentorkit.widgets._drafts import KeepsDrafts
from mentorkit.widgets._goals import field
from mentorkit.widgets._intake import CHANNEL_LABELS
from mentorkit.widgets._page import notice_html
from mentorkit.widgets._shared import PLAIN, WIDE, make, number_box

TEXTS = {
    "ground_rules": "Ground rules",
    "confidentiality": "Confidentiality",
    "boundaries": "Boundaries",
    "rescheduling": "Moving or cancelling a meeting",
    "no_fault_exit": "Ending the relationship (no fault)",
}


def terms_html(terms: AgreementTerms) -> str:
    """The terms as a participant reads them; everything typed is escaped."""
    facts = [
        (
            "Meetings",
            f"every {terms.meeting_every_days} days, {terms.meeting_minutes} minutes",
        ),
        ("Channel", CHANNEL_LABELS[terms.channel]),
        ("Venue", terms.venue or "—"),
        ("Duration", f"{terms.duration_months} months"),
        *((label, getattr(terms, key) or "—") for key, label in TEXTS.items()),
    ]
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    return f"<dl class='mk-facts'>{rows}</dl>"


class AgreementForm(KeepsDrafts, w.VBox):
    """One pair's agreement, from one side."""

    def __init__(
        self,
        pair: Pair,
        agreement: Agreement | None,
        proposed: AgreementTerms,
        sign: Callable[[AgreementTerms], Agreement],
    ):
        self.pair, self.sign = pair, sign
        self.agreement = agreement
        terms = agreement.terms if agreement else proposed
        self.inputs: dict[str, w.ValueWidget] = {
            key: make(w.Textarea, value=getattr(terms, key), rows=3, layout=WIDE)
            for key in TEXTS
        }
        self.inputs["meeting_every_days"] = number_box(terms.meeting_every_days)
        self.inputs["meeting_minutes"] = number_box(terms.meeting_minutes)
        self.inputs["channel"] = make(
            w.Dropdown,
            options=[(label, c) for c, label in CHANNEL_LABELS.items()],
            value=Channel(terms.channel),
        )
        self.inputs["venue"] = make(w.Text, value=terms.venue, layout=WIDE)
        self.inputs["duration_months"] = number_box(terms.duration_months)
        self.status = make(w.HTML)
        self.status.add_class("mk-agreement-status")
        self.button = make(
            w.Button, description=f"Sign as {pair.me.name}", button_style="primary"
        )
        self.button.add_class("mk-sign")
        self.button.on_click(lambda _b: self._sign())
        self.message = make(w.HTML)
        self.message.add_class("mk-result")
        labels = {
            "meeting_every_days": "Meet every ... days",
            "meeting_minutes": "For ... minutes",
            "channel": "Usually by",
            "venue": "Where (a room, a link)",
            "duration_months": "For ... months",
            **TEXTS,
        }
        order = ["meeting_every_days", "meeting_minutes", "channel", "venue",
                 "duration_months", *TEXTS]  # fmt: skip
        self._draft_slots()
        self.form = make(
            w.VBox,
            [self.draft_top]
            + [field(key, labels[key], self.inputs[key]) for key in order]
            + [self.button, self.draft_bottom, self.message],
        )
        self.form.add_class("mk-agreement-form")
        self.signed_view = make(w.HTML)
        self.signed_view.add_class("mk-agreement-signed")
        super().__init__([self.status, self.form, self.signed_view], layout=PLAIN)
        self.add_class("mk-agreement")
        self._show()

    def terms(self) -> dict:
        return {key: widget.value for key, widget in self.inputs.items()}

    def draft(self) -> dict:
        return {key: str(value) if key == "channel" else value
                for key, value in self.terms().items()}  # fmt: skip

    def restore(self, state: dict) -> None:
        """Put a draft's terms back; a value a field cannot take is left out."""
        for key, widget in self.inputs.items():
            if key not in state:
                continue
            try:
                widget.value = Channel(state[key]) if key == "channel" else state[key]
            except (TraitError, TypeError, ValueError):
                continue

    def _show(self) -> None:
        agreement, pair = self.agreement, self.pair
        partner = pair.partner.name
        mine = getattr(agreement, f"{pair.my_side}_signed_at", None) if agreement else None
        side = "mentee" if pair.my_side == "mentor" else "mentor"
        theirs = getattr(agreement, f"{side}_signed_at", None) if agreement else None
        if agreement is not None and agreement.signed:
            self.form.layout = w.Layout(display="none")
            self.status.value = notice_html(
                f"Signed by both of you: you on {mine:%d %B %Y}, {partner} on "
                f"{theirs:%d %B %Y}. This is the agreement as signed; it can no "
                "longer be changed."
            )
            self.signed_view.value = terms_html(agreement.terms)
            return
        if mine:
            said = f"You signed on {mine:%d %B %Y}; waiting for {partner} to sign."
        elif theirs:
            said = (
                f"{partner} signed these terms on {theirs:%d %B %Y}. Read them, then sign."
            )
        else:
            said = (
                f"Talk these terms through with {partner}, change what you both want, "
                "then each of you signs. Changing the terms after one of you signed "
                "asks the other to sign again."
            )
        self.status.value = notice_html(said)

    def _sign(self) -> None:
        try:
            terms = AgreementTerms.from_dict(self.terms())
            self.agreement = self.sign(terms)
        except MentorkitError as exc:
            self.message.value = notice_html(str(exc), kind="error")
            return
        self.message.value = ""
        self._saved()
        self._show()
