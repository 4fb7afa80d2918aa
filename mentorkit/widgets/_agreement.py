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

from mentorkit.domain.agreements import TERM_NAMES, Agreement, AgreementTerms, changed_terms
from mentorkit.domain.participants import Channel
from mentorkit.domain.records import long_date
from mentorkit.errors import MentorkitError
from mentorkit.services.pairs import Pair
from mentorkit.widgets._drafts import KeepsDrafts
from mentorkit.widgets._intake import CHANNEL_LABELS
from mentorkit.widgets._page import notice_html
from mentorkit.widgets._shared import PLAIN, WIDE, field, make, number_box

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
        self.question = make(w.HTML)
        self.question.add_class("mk-question")
        yes = make(w.Button, description="Sign the changed terms", button_style="warning")
        yes.add_class("mk-confirm-sign")
        yes.on_click(lambda _b: self._sign(confirmed=True))
        no = make(w.Button, description="Keep editing")
        no.add_class("mk-cancel-sign")
        no.on_click(lambda _b: self._ask(None))
        self.confirm = make(w.VBox, [self.question, make(w.HBox, [yes, no])],
                            layout=w.Layout(display="none"))  # fmt: skip
        self.confirm.add_class("mk-confirm")
        self.changes = make(w.HTML)
        self.changes.add_class("mk-agreement-changes")
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
            + [self.button, self.confirm, self.draft_bottom, self.message],
        )
        self.form.add_class("mk-agreement-form")
        self.signed_view = make(w.HTML)
        self.signed_view.add_class("mk-agreement-signed")
        super().__init__([self.status, self.changes, self.form, self.signed_view],
                         layout=PLAIN)  # fmt: skip
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
            self.changes.value = ""
            self.form.layout = w.Layout(display="none")
            self.status.value = notice_html(
                f"Signed by both of you: you on {long_date(mine)}, {partner} on "
                f"{long_date(theirs)}. This is the agreement as signed; it can no "
                "longer be changed."
            )
            self.signed_view.value = terms_html(agreement.terms)
            return
        withdrawn = agreement is not None and agreement.withdrawn_side == pair.my_side
        self.changes.value = (
            changes_html(agreement, partner) if withdrawn and not mine else ""
        )
        if mine:
            said = f"You signed on {long_date(mine)}; waiting for {partner} to sign."
        elif theirs:
            day = long_date(theirs)
            said = f"{partner} signed these terms on {day}. Read them, then sign."
        else:
            said = (
                f"Talk these terms through with {partner}, change what you both want, "
                "then each of you signs. Changing the terms after one of you signed "
                "asks the other to sign again."
            )
        self.status.value = notice_html(said)

    def _partner_signed(self):
        side = "mentee" if self.pair.my_side == "mentor" else "mentor"
        return self.agreement.signed_by(side) if self.agreement else None

    def _ask(self, question: str | None) -> None:
        """Show a question with its two buttons beside Sign (None: hide it)."""
        self.question.value = notice_html(question, kind="warning") if question else ""
        self.confirm.layout = PLAIN if question else w.Layout(display="none")

    def _sign(self, confirmed: bool = False) -> None:
        self._ask(None)
        try:
            terms = AgreementTerms.from_dict(self.terms())
            theirs = self._partner_signed()
            if theirs and terms != self.agreement.terms and not confirmed:
                partner = self.pair.partner.name
                self._ask(
                    f"{partner} signed the terms as they were on {long_date(theirs)}. "
                    f"Signing your changes withdraws {partner}'s signature: they will "
                    "be asked to sign again, and shown what you changed."
                )
                return
            self.agreement = self.sign(terms)
        except MentorkitError as exc:
            self.message.value = notice_html(str(exc), kind="error")
            return
        self.message.value = ""
        self._saved()
        self._show()


def changes_html(agreement: Agreement, partner: str) -> str:
    """What the partner changed after this side signed, or "" if nothing did."""
    if agreement.withdrawn_terms is None:
        return ""
    rows = "".join(
        f"<dt>{escape(TERM_NAMES[key])}</dt><dd>was: {escape(_said(key, before))}"
        f"<br>now: {escape(_said(key, after))}</dd>"
        for key, before, after in changed_terms(agreement.withdrawn_terms, agreement.terms)
    )
    when = f" on {long_date(agreement.withdrawn_at)}" if agreement.withdrawn_at else ""
    return (
        "<div class='mk-notice mk-notice-warning'><p>"
        f"{escape(partner)} changed the terms{escape(when)}, after you had signed them, "
        "so your signature was withdrawn. What changed:</p>"
        f"<dl class='mk-facts'>{rows}</dl><p>Read the terms below, then sign again "
        "if you agree.</p></div>"
    )


def _said(key: str, value: object) -> str:
    if key == "channel":
        return CHANNEL_LABELS[Channel(value)]
    text = str(value) or "(nothing)"
    return text if len(text) <= 200 else text[:200] + " ..."
