"""Drafts in the participant apps: what is typed is kept a moment after typing stops.

A form that keeps drafts says what its answers are (``draft()``, plain JSON-ready
values) and how to put them back (``restore(state)``, forgiving of anything odd: a
draft came from a browser). :class:`DraftKeeper` watches every input in the form,
keeps the answers in the store under the participant's own id a second after the
last change, and deletes the draft once the form is saved. When the page opens on a
kept draft, the answers come back and the page says so.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Protocol

import ipywidgets as w
from traitlets import TraitError

from mentorkit.domain.records import long_date
from mentorkit.errors import InvalidRecord, MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.services.drafts import discard_draft, draft_keys, keep_draft, kept_draft
from mentorkit.widgets._page import notice_html
from mentorkit.widgets._shared import make

log = logging.getLogger("mentorkit.domain.drafts")
DELAY_S = 1.0
_NOT_INPUTS = (w.HTML, w.HTMLMath, w.Label, w.Button)
_pending: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()


class Drafted(Protocol):
    def draft(self) -> dict[str, Any]: ...

    def restore(self, state: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class DraftBox:
    """Where one participant's draft of one app (and record) lives in the store."""

    folder: ProgramFolder
    participant_id: str
    app: str
    key: str = ""

    def load(self) -> tuple[dict[str, Any], datetime | None] | None:
        """The kept answers, and when they were kept in the participant's time zone."""
        return kept_draft(self.folder, self.participant_id, self.app, self.key)

    def keep(self, state: dict[str, Any]) -> None:
        keep_draft(self.folder, self.participant_id, self.app, self.key, state)

    def discard(self, saved: bool = False) -> None:
        """Delete the draft; ``saved``: because its answers were saved (counted)."""
        discard_draft(self.folder, self.participant_id, self.app, self.key, saved=saved)

    def keys(self) -> list[str]:
        """The keys of this participant's drafts of this app, the newest first."""
        return draft_keys(self.folder, self.participant_id, self.app)

    def for_key(self, key: str) -> DraftBox:
        return replace(self, key=key)


def inputs_of(widget: w.Widget) -> list[w.Widget]:
    """Every input under ``widget``: what a participant can change."""
    found = []
    if isinstance(widget, w.ValueWidget) and not isinstance(widget, _NOT_INPUTS):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found.extend(inputs_of(child))
    return found


def boxes_of(widget: w.Widget) -> list[w.Box]:
    found = [widget] if isinstance(widget, w.Box) else []
    for child in getattr(widget, "children", ()):
        found.extend(boxes_of(child))
    return found


class DraftKeeper:
    """Keeps ``form``'s answers in ``box`` while they differ from what was saved."""

    def __init__(
        self, form: Drafted, root: w.Widget, box: DraftBox, delay: float = DELAY_S
    ):
        self.form, self.root, self.box, self.delay = form, root, box, delay
        self.status = make(w.HTML)
        self.status.add_class("mk-draft-status")
        self._timer: asyncio.TimerHandle | None = None
        self._watched: weakref.WeakSet[w.Widget] = weakref.WeakSet()
        self._paused = False
        self._baseline = self._last = form.draft()
        self._watch()

    def restore(self) -> w.HTML | None:
        """Put back a kept draft; returns the notice that says so (None: no draft)."""
        try:
            kept = self.box.load()
        except Exception:  # a draft that cannot be read is dropped, not shown
            log.exception("could not read a draft of %s; discarding it", self.box.app)
            self._discard_quietly()
            return None
        if kept is None:
            return None
        state, when = kept
        if state == self._baseline:
            return None
        try:
            with self.paused():
                self.form.restore(state)
        except Exception:  # a draft the form cannot take back is dropped, not shown
            log.exception("could not restore a draft of %s; discarding it", self.box.app)
            self._discard_quietly()
            return None
        self._last = self.form.draft()
        self._watch()
        said = f" on {long_date(when)} at {when:%H:%M}" if when else ""
        notice = make(
            w.HTML,
            notice_html(
                f"Welcome back: what you typed{said} is filled in below. It is not "
                "saved yet; save it when you are ready."
            ),
        )
        notice.add_class("mk-draft-restored")
        return notice

    def switch(self, box: DraftBox) -> w.HTML | None:
        """The form now shows another record, whose draft is kept in ``box``: put back
        that draft, if there is one (keep the one typed so far first, with
        :meth:`flush`, before the form changes)."""
        self.retarget(box)
        return self.restore()

    def retarget(self, box: DraftBox) -> None:
        """Compare with what the form shows now, and keep drafts in ``box``."""
        self._cancel()
        self.box = box
        self._baseline = self._last = self.form.draft()
        self.status.value = ""
        self._watch()

    @contextmanager
    def paused(self):
        """While the form itself changes its inputs, nothing is a draft."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False

    def saved(self) -> None:
        """The form's answers were saved: nothing is a draft any more."""
        self._cancel()
        self._baseline = self._last = self.form.draft()
        self.status.value = ""
        try:
            self.box.discard(saved=True)
        except MentorkitError:
            log.exception("could not remove a saved draft")

    def _discard_quietly(self) -> None:
        try:
            self.box.discard()
        except Exception:
            log.exception("could not discard a draft")

    def flush(self) -> None:
        """Keep the answers now if they changed since last kept."""
        self._cancel()
        state = self.form.draft()
        if state == self._last:
            return
        try:
            if state == self._baseline:
                self.box.discard()
                self.status.value = ""
            else:
                self.box.keep(state)
                self.status.value = (
                    "<p class='mk-hint'>Not saved yet. What you typed is kept as a draft "
                    "for when you come back.</p>"
                )
        except InvalidRecord as exc:
            log.warning("draft of %s not kept: %s", self.box.app, exc)
            self.status.value = (
                "<p class='mk-hint'>Not saved yet, and too long to keep as a draft: "
                "save it before you leave.</p>"
            )
        except MentorkitError as exc:  # the database, for a moment: try again later
            log.warning("draft of %s not kept just now: %s", self.box.app, exc)
            self.status.value = (
                "<p class='mk-hint'>Not saved yet. Your draft could not be kept just "
                "now; it will be tried again as you type.</p>"
            )
            return
        self._last = state

    # --- inside ---------------------------------------------------------------------

    def _grown(self, _change=None) -> None:
        self._watch()  # rows were added: watch their inputs too
        self._changed()

    def _changed(self, _change=None) -> None:
        if self._paused:
            return
        loop = _running_loop()
        if loop is None or self.delay <= 0:
            self.flush()
            return
        self._cancel()
        self._timer = loop.call_later(self.delay, self.flush)
        _pending.add(self)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        _pending.discard(self)

    def _watch(self) -> None:
        for widget in inputs_of(self.root):
            if widget not in self._watched:
                self._watched.add(widget)
                widget.observe(self._changed, "value")
        for box in boxes_of(self.root):
            if box not in self._watched:
                self._watched.add(box)
                box.observe(self._grown, "children")


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The kernel's event loop, to wait on; None outside a kernel (a script, a test),
    where a draft is kept at once."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        return None
    return loop if loop.is_running() else None


@atexit.register
def _flush_pending() -> None:
    """A kernel asked to shut down still keeps what was typed in its last second."""
    for keeper in list(_pending):
        try:
            keeper.flush()
        except Exception:
            log.exception("could not keep a draft at exit")


def put(widget: w.Widget, value: Any, none_ok: bool = False) -> bool:
    """Show a draft's ``value`` in ``widget`` if the widget takes it (True when it
    did): a draft came from a browser, so anything odd is left out, not raised."""
    if value is None and not none_ok:
        return False
    try:
        if hasattr(widget, "choose"):  # the intake's grids of choices
            if not isinstance(value, list):
                return False
            widget.choose([str(v) for v in value])
        else:
            widget.value = value
    except (TraitError, TypeError, ValueError):
        return False
    return True


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def day_from(text: Any) -> date | None:
    """The date a draft wrote as ISO text, or None."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


class KeepsDrafts:
    """A form whose answers a :class:`DraftKeeper` keeps: it shows the keeper's
    notices in two slots (``draft_top`` above the form, ``draft_bottom`` by its save
    button) and calls :meth:`_saved` after every successful save."""

    keeper: DraftKeeper | None = None

    def _draft_slots(self) -> None:
        self.draft_top = make(w.VBox, [])
        self.draft_bottom = make(w.VBox, [])

    def keep_drafts(self, box: DraftBox | None) -> DraftKeeper | None:
        """Keep this form's answers in ``box`` (nothing when None: not the
        participant's own page), putting back a draft kept earlier."""
        if box is None:
            return None
        self.keeper = DraftKeeper(self, self, box)
        notice = self.keeper.restore()
        self.draft_top.children = (notice,) if notice is not None else ()
        self.draft_bottom.children = (self.keeper.status,)
        return self.keeper

    def _saved(self) -> None:
        if self.keeper is not None:
            self.keeper.saved()
            self.draft_top.children = ()
