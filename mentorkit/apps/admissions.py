"""Who gets a kernel, and when: a fair queue in front of the warm kernels, under a cap.

A visitor with a valid link is served at once when a warm kernel of their app is
free and nobody waits before them; otherwise they get a ticket and wait, first come
first served per app, while kernels are started for them. Kernels start only while
the process holds fewer than ``max_kernels``; at the cap, a warm kernel that nobody
waits for is given up for an app that has visitors waiting, and otherwise visitors
wait until a kernel ends (its visitor left, or it was culled when idle).

This module only keeps the books and decides; the server (``mentorkit.apps.serving``)
tells it what its pools hold and carries out what it decides. No I/O, no clock but
the one it is given, so every rule here is tested without a server.
"""

from __future__ import annotations

import math
import os
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mentorkit.apps.config import Limits

LEFT_AFTER = 300.0  # seconds without a poll before a waiting ticket is dropped
LEAVE_GRACE = 15.0  # seconds a page that said goodbye may come back to its place
CLAIM_WITHIN = 30.0  # seconds an admitted visitor has to come for their kernel
GRANTS_PER_MINUTE = 10  # kernels one participant may be given in a minute
TRIM_AFTER = 60.0  # seconds a warm kernel may be spare before it is shut down
STARTS_AT_ONCE = max(1, os.cpu_count() or 1)  # kernels that start side by side


class Pools(Protocol):
    """What the server's kernel pools hold now."""

    def warm(self, app: str) -> int:
        """Kernels of ``app`` that ran up to ``wait_for_request()`` and wait."""

    def entries(self, app: str) -> int:
        """Kernels of ``app`` in its pool: warm, starting, or waiting to start."""

    def live(self) -> int:
        """Every kernel of the process, those starting included."""


@dataclass
class Ticket:
    """A visitor's place in the queue of one app."""

    id: str
    app: str
    participant: str
    arrived: float
    seen: float
    admitted: float | None = None
    left: float | None = None  # when its page said goodbye (a reload comes back)


@dataclass(frozen=True)
class Admit:
    """Serve the visitor now; ``ticket`` is the one they waited with, if any."""

    ticket: Ticket | None = None


@dataclass(frozen=True)
class Wait:
    """The visitor waits: ``position`` 1 is next; ``seconds`` is a rough estimate."""

    ticket: Ticket
    position: int
    seconds: float


@dataclass(frozen=True)
class Pause:
    """The participant was given many kernels in the last minute: not another now."""

    seconds: float


@dataclass(frozen=True)
class Ready:
    """A waiting visitor's kernel is kept for them: their page may come for it."""

    ticket: Ticket


@dataclass(frozen=True)
class Gone:
    """No such ticket (it expired, or the server restarted): arrive again."""


@dataclass(frozen=True)
class Plan:
    """What the server should do with its kernels now."""

    start: dict[str, int] = field(default_factory=dict)  # app -> kernels to start
    give_up: list[str] = field(default_factory=list)  # apps losing one warm kernel
    excess: dict[str, int] = field(default_factory=dict)  # app -> kernels not needed


@dataclass
class _Holder:
    participant: str
    app: str
    since: float


class Ewma:
    """An exponentially weighted mean, starting from a prior guess."""

    def __init__(self, prior: float, weight: float = 0.3):
        self.value, self.weight = prior, weight

    def add(self, sample: float) -> None:
        self.value += self.weight * (sample - self.value)


class Admissions:
    """The queue, the cap and who holds which kernel, for one server process."""

    def __init__(
        self, limits: Limits, pools: Pools, clock: Callable[[], float] = time.monotonic
    ):
        self.limits, self.pools, self.clock = limits, pools, clock
        self._waiting: dict[str, list[Ticket]] = {app: [] for app in limits.pools}
        self._admitted: dict[str, Ticket] = {}
        self._holders: dict[str, _Holder] = {}
        self._spare_since: dict[str, float] = {}
        self._last_end: float | None = None
        self._grants: dict[str, list[float]] = {}
        self.start_seconds = Ewma(15.0)  # from a kernel's start until it is warm
        self.end_gap = Ewma(60.0)  # between kernels ending while at the cap
        self.served = 0

    # --- visitors -------------------------------------------------------------------

    def arrive(
        self, app: str, participant: str, ticket_id: str | None = None
    ) -> Admit | Wait | Pause:
        """A visitor with a valid link asks for ``app``."""
        self._expire()
        now = self.clock()
        grants = self._grants.setdefault(participant, [])
        grants[:] = [at for at in grants if now - at < 60]
        if len(grants) >= GRANTS_PER_MINUTE:  # a script, not a person: others wait
            return Pause(60 - (now - grants[0]))
        ticket = self._admitted.get(ticket_id or "") or next(
            (t for t in self._admitted.values() if t.participant == participant), None
        )
        if ticket is not None and (ticket.app, ticket.participant) == (app, participant):
            del self._admitted[ticket.id]
            return self._serve(ticket, participant)
        queue = self._waiting.setdefault(app, [])
        ticket = next((t for t in queue if t.participant == participant), None)
        if ticket is None:
            if not self._present(queue) and self._spare(app) > 0:
                return self._serve(None, participant)
            ticket = Ticket(secrets.token_urlsafe(12), app, participant, now, now)
            queue.append(ticket)
        ticket.seen, ticket.left = now, None
        return self._position(ticket)

    def poll(self, ticket_id: str) -> Wait | Ready | Gone:
        """A waiting page asks how its visitor's place is going."""
        self._expire()
        self._admit()
        if ticket_id in self._admitted:
            ticket = self._admitted[ticket_id]
            ticket.seen = self.clock()
            return Ready(ticket)
        ticket = self._find_waiting(ticket_id)
        if ticket is None:
            return Gone()
        ticket.seen, ticket.left = self.clock(), None
        return self._position(ticket)

    def back_in_line(self, app: str, participant: str, admitted: Admit) -> Wait:
        """An admitted visitor found no warm kernel after all (it died): they wait
        again, first in line."""
        now = self.clock()
        ticket = admitted.ticket or Ticket(
            secrets.token_urlsafe(12), app, participant, now, now
        )
        ticket.admitted, ticket.seen = None, now
        self._waiting.setdefault(app, []).insert(0, ticket)
        return self._position(ticket)

    def leave(self, ticket_id: str) -> None:
        """A waiting visitor closed their page: their place goes to the next one,
        unless the page comes back at once (it was reloaded)."""
        ticket = self._find_waiting(ticket_id)
        if ticket is not None:
            ticket.left = self.clock()
        self._admitted.pop(ticket_id, None)

    def waiting(self, app: str | None = None) -> int:
        """Visitors in the queue (of one app, or of all), those admitted included."""
        apps = [app] if app else list(self._waiting)
        return sum(len(self._waiting.get(a, ())) + self._reserved(a) for a in apps)

    # --- kernels --------------------------------------------------------------------

    def holding(self, kernel_id: str, app: str, participant: str) -> list[str]:
        """``participant`` was given ``kernel_id``; returns their kernels to end so
        that they hold no more than the limit (the oldest go first)."""
        now = self.clock()
        self._holders[kernel_id] = _Holder(participant, app, now)
        theirs = sorted(
            (h.since, kid)
            for kid, h in self._holders.items()
            if h.participant == participant
        )
        extra = len(theirs) - self.limits.per_participant
        return [kid for _, kid in theirs[: max(0, extra)]]

    def visitors(self) -> int:
        """Kernels that serve a visitor now."""
        return len(self._holders)

    def ended(self, kernel_id: str, at_cap: bool) -> None:
        """A kernel ended; ``at_cap`` says whether the process was full before."""
        self._holders.pop(kernel_id, None)
        now = self.clock()
        if at_cap and self._last_end is not None:
            self.end_gap.add(now - self._last_end)
        self._last_end = now

    def visitor_of(self, kernel_id: str) -> str | None:
        """The participant a kernel serves (None for a warm one)."""
        holder = self._holders.get(kernel_id)
        return holder.participant if holder else None

    def warmed(self, seconds: float) -> None:
        """A kernel became warm ``seconds`` after it was started."""
        self.start_seconds.add(seconds)

    # --- what to do -----------------------------------------------------------------

    def plan(self, blocked: Iterable[str] = (), giving_up: int = 0) -> Plan:
        """Admit who can be admitted, and say which kernels to start or give up.

        ``blocked`` names the apps whose kernels wait at the cap to start;
        ``giving_up`` counts kernels already being given up (not ended yet).
        """
        self._expire()
        self._admit()
        now = self.clock()
        start: dict[str, int] = {}
        excess: dict[str, int] = {}
        for app, base in self.limits.pools.items():
            waiting = self._present(self._waiting.get(app, []))
            wanted = base + len(waiting) + self._reserved(app)
            missing = wanted - self.pools.entries(app)
            if missing > 0:
                start[app] = missing
            elif missing < 0:
                excess[app] = -missing
            if self.pools.warm(app) > wanted:
                self._spare_since.setdefault(app, now)
            else:
                self._spare_since.pop(app, None)
        give_up = [
            app for app, since in self._spare_since.items() if now - since >= TRIM_AFTER
        ]
        for app in give_up:
            self._spare_since[app] = now  # one at a time, then look again
        if not giving_up and self._stuck(set(blocked)):
            spare = self._most_spare()
            if spare is not None and spare not in give_up:
                give_up.append(spare)
        return Plan(start, give_up, excess)

    def may_start(self, pending: Sequence[tuple[str, float]]) -> list[int]:
        """Which of the kernels waiting to start (app, asked at) may start now,
        under the cap: those of apps with visitors waiting first, the longest
        waiting first, then the refills of warm pools in the order asked."""
        room = self.limits.max_kernels - self.pools.live()
        if room <= 0:
            return []

        def rank(index: int) -> tuple[int, float]:
            app, asked = pending[index]
            first = self._first_arrival(app)
            return (0, first) if first is not None else (1, asked)

        return sorted(range(len(pending)), key=rank)[:room]

    def at_cap(self) -> bool:
        return self.pools.live() >= self.limits.max_kernels

    # --- inside ---------------------------------------------------------------------

    def _serve(self, ticket: Ticket | None, participant: str) -> Admit:
        self.served += 1
        self._grants.setdefault(participant, []).append(self.clock())
        return Admit(ticket)

    @staticmethod
    def _present(queue: list[Ticket]) -> list[Ticket]:
        """The tickets whose pages are still open (not those that said goodbye)."""
        return [t for t in queue if t.left is None]

    def _spare(self, app: str) -> int:
        """Warm kernels of ``app`` that nobody admitted is coming for."""
        return self.pools.warm(app) - self._reserved(app)

    def _reserved(self, app: str) -> int:
        return sum(1 for t in self._admitted.values() if t.app == app)

    def _admit(self) -> None:
        now = self.clock()
        for app, queue in self._waiting.items():
            for ticket in self._present(queue)[: max(0, self._spare(app))]:
                queue.remove(ticket)
                ticket.admitted = now
                self._admitted[ticket.id] = ticket

    def _expire(self) -> None:
        now = self.clock()
        for queue in self._waiting.values():
            queue[:] = [t for t in queue if _still_waiting(t, now)]
        for ticket in list(self._admitted.values()):
            if now - (ticket.admitted or now) >= CLAIM_WITHIN:
                del self._admitted[ticket.id]

    def _find_waiting(self, ticket_id: str) -> Ticket | None:
        return next(
            (t for queue in self._waiting.values() for t in queue if t.id == ticket_id),
            None,
        )

    def _first_arrival(self, app: str) -> float | None:
        queue = self._present(self._waiting.get(app, []))
        return queue[0].arrived if queue else None

    def _position(self, ticket: Ticket) -> Wait:
        position = self._present(self._waiting[ticket.app]).index(ticket) + 1
        return Wait(ticket, position, self._estimate(ticket, position))

    def _estimate(self, ticket: Ticket, position: int) -> float:
        waited = self.clock() - ticket.arrived
        seconds = self.start_seconds.value * math.ceil(position / STARTS_AT_ONCE)
        if self.at_cap() and self._most_spare() is None:
            ahead = sum(
                1 for queue in self._waiting.values() for t in queue
                if t.arrived <= ticket.arrived
            )  # fmt: skip
            seconds += ahead * self.end_gap.value
        return max(5.0, seconds - waited)

    def _stuck(self, blocked: set[str]) -> bool:
        """At the cap while visitors wait for kernels that cannot start."""
        return self.at_cap() and any(
            self._present(self._waiting.get(app, [])) for app in blocked
        )

    def _most_spare(self) -> str | None:
        """The app with the most warm kernels beyond those its visitors need."""
        best, most = None, 0
        for app in self.limits.pools:
            spare = self._spare(app) - len(self._present(self._waiting.get(app, [])))
            if spare > most:
                best, most = app, spare
        return best


def _still_waiting(ticket: Ticket, now: float) -> bool:
    """A ticket keeps its place while its page asks, or just after it said goodbye."""
    if ticket.left is not None:
        return now - ticket.left < LEAVE_GRACE
    return now - ticket.seen < LEFT_AFTER
