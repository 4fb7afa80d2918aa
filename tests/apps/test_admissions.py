"""The queue and the cap, as the server's door applies them (no server needed)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.apps.admissions import (
    CLAIM_WITHIN,
    GRANTS_PER_MINUTE,
    LEAVE_GRACE,
    LEFT_AFTER,
    TRIM_AFTER,
    Admissions,
    Admit,
    Gone,
    Pause,
    Ready,
    Wait,
)
from mentorkit.apps.config import Limits
from mentorkit.apps.serving.handlers import wait_words


@dataclass
class Clock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Pools:
    """A server's pools, as plain counts the test moves by hand."""

    warm_kernels: dict[str, int] = field(default_factory=dict)
    starting: dict[str, int] = field(default_factory=dict)
    with_visitors: int = 0

    def warm(self, app: str) -> int:
        return self.warm_kernels.get(app, 0)

    def entries(self, app: str) -> int:
        return self.warm(app) + self.starting.get(app, 0)

    def live(self) -> int:
        return (
            sum(self.warm_kernels.values())
            + sum(self.starting.values())
            + (self.with_visitors)
        )

    def take(self, app: str) -> None:
        """A visitor's page took a warm kernel."""
        assert self.warm_kernels[app] > 0, "served without a warm kernel"
        self.warm_kernels[app] -= 1
        self.with_visitors += 1

    def warms(self, app: str) -> None:
        self.warm_kernels[app] = self.warm(app) + 1


def door(held: Pools, clock: Clock, **limits) -> Admissions:
    limits = {"pools": {"intake": 1, "goals": 1}, "max_kernels": 10, **limits}
    return Admissions(Limits(**limits), held, clock)


def test_a_visitor_is_served_at_once_while_a_warm_kernel_is_free():
    pools, clock = Pools({"intake": 1}), Clock()
    admissions = door(pools, clock)
    assert admissions.arrive("intake", "E1") == Admit()
    pools.take("intake")
    second = admissions.arrive("intake", "E2")
    assert isinstance(second, Wait)
    assert second.position == 1


def test_waiting_visitors_are_admitted_in_arrival_order_and_newcomers_queue_behind():
    pools, clock = Pools({"intake": 0}), Clock()
    admissions = door(pools, clock)
    tickets = []
    for n in range(3):
        clock.now += 1
        tickets.append(admissions.arrive("intake", f"E{n}").ticket)
    assert [admissions.poll(t.id).position for t in tickets] == [1, 2, 3]
    pools.warms("intake")
    assert isinstance(admissions.poll(tickets[1].id), Wait)  # not out of turn
    assert isinstance(admissions.poll(tickets[0].id), Ready)
    # a kernel is free for E0 only: a newcomer does not take it
    late = admissions.arrive("intake", "E9")
    assert isinstance(late, Wait)
    assert late.position == 3
    assert admissions.arrive("intake", "E0", tickets[0].id) == Admit(tickets[0])
    pools.take("intake")
    assert admissions.poll(tickets[1].id).position == 1


def test_a_reload_keeps_the_place_with_or_without_the_ticket():
    pools, clock = Pools({"intake": 0}), Clock()
    admissions = door(pools, clock)
    first = admissions.arrive("intake", "E1").ticket
    admissions.arrive("intake", "E2")
    assert admissions.arrive("intake", "E1", first.id).ticket is first
    assert admissions.arrive("intake", "E1").position == 1
    assert admissions.waiting("intake") == 2


def test_a_place_is_given_up_when_the_page_leaves_or_stops_asking(monkeypatch):
    pools, clock = Pools({"intake": 0}), Clock()
    admissions = door(pools, clock)
    gone = admissions.arrive("intake", "E1").ticket
    quiet = admissions.arrive("intake", "E2").ticket
    last = admissions.arrive("intake", "E3").ticket
    admissions.leave(gone.id)
    assert admissions.poll(quiet.id).position == 1  # the one who left no longer counts
    clock.now += LEAVE_GRACE + 1
    assert admissions.poll(gone.id) == Gone()
    clock.now += LEFT_AFTER - LEAVE_GRACE - 2
    admissions.poll(last.id)
    clock.now += 2
    assert admissions.poll(quiet.id) == Gone()  # it stopped asking: a closed tab
    assert admissions.poll(last.id).position == 1


def test_a_reloaded_queue_page_keeps_its_place():
    pools, clock = Pools({"intake": 0}), Clock()
    admissions = door(pools, clock)
    first = admissions.arrive("intake", "E1").ticket
    admissions.arrive("intake", "E2")
    admissions.leave(first.id)  # the page's goodbye as it reloads...
    clock.now += 2
    back = admissions.arrive("intake", "E1", first.id)  # ...and its request
    assert (back.ticket, back.position) == (first, 1)
    pools.warms("intake")
    assert isinstance(admissions.poll(first.id), Ready)


def test_a_participant_given_many_kernels_in_a_minute_is_asked_to_wait():
    pools, clock = Pools({"intake": 20}), Clock()
    admissions = door(pools, clock)
    for _ in range(GRANTS_PER_MINUTE):  # a script reloading one link
        assert admissions.arrive("intake", "E1") == Admit()
        pools.take("intake")
        clock.now += 1
    paused = admissions.arrive("intake", "E1")
    assert isinstance(paused, Pause)
    assert 0 < paused.seconds <= 60
    assert admissions.arrive("intake", "E2") == Admit()  # others are served
    clock.now += 60
    assert admissions.arrive("intake", "E1") == Admit()


def test_an_admitted_visitor_whose_kernel_died_is_first_in_line_again():
    pools, clock = Pools({"intake": 0}), Clock()
    admissions = door(pools, clock)
    first = admissions.arrive("intake", "E1").ticket
    admissions.arrive("intake", "E2")
    pools.warms("intake")
    assert isinstance(admissions.poll(first.id), Ready)
    admitted = admissions.arrive("intake", "E1", first.id)
    again = admissions.back_in_line("intake", "E1", admitted)
    assert (again.ticket, again.position) == (first, 1)


def test_an_admitted_visitor_who_never_comes_frees_the_kernel_for_the_next():
    pools, clock = Pools({"intake": 0}), Clock()
    admissions = door(pools, clock)
    absent = admissions.arrive("intake", "E1").ticket
    nxt = admissions.arrive("intake", "E2").ticket
    pools.warms("intake")
    assert isinstance(admissions.poll(absent.id), Ready)
    clock.now += CLAIM_WITHIN + 1
    assert isinstance(admissions.poll(nxt.id), Ready)
    assert admissions.poll(absent.id) == Gone()


def test_kernels_are_started_for_the_waiting_and_to_refill_the_pools():
    pools, clock = Pools({"intake": 0}, {"intake": 1}), Clock()
    admissions = door(pools, clock, pools={"intake": 1, "goals": 2})
    for n in range(3):
        admissions.arrive("intake", f"E{n}")
    # intake: 1 warm kept + 3 waiting, 1 already starting; goals: refill to 2
    assert admissions.plan().start == {"intake": 3, "goals": 2}
    pools.starting["intake"] = 4  # the kernels for them are on their way
    assert admissions.plan().start == {"goals": 2}
    for ticket in list(admissions._waiting["intake"]):
        admissions.leave(ticket.id)
    # they all left: three of the intake's four starts are no longer wanted
    assert admissions.plan().excess == {"intake": 3}


def test_under_the_cap_the_waiting_apps_start_first_then_the_refills():
    pools, clock = Pools(with_visitors=7), Clock()
    admissions = door(pools, clock, max_kernels=9)
    clock.now += 5
    admissions.arrive("goals", "E1")
    clock.now += 5
    admissions.arrive("intake", "E2")
    pending = [("intake", 1.0), ("intake", 2.0), ("goals", 3.0), ("reflection", 0.5)]
    # room for 2: goals' visitor came first, then intake's; the refill waits
    assert admissions.may_start(pending) == [2, 0]
    pools.with_visitors = 9
    assert admissions.may_start(pending) == []


def test_at_the_cap_a_spare_warm_kernel_is_given_up_for_a_waiting_visitor():
    pools, clock = Pools({"goals": 2}, with_visitors=8), Clock()
    admissions = door(pools, clock, max_kernels=10)
    admissions.arrive("intake", "E1")
    assert admissions.at_cap()
    assert admissions.plan(blocked=["intake"]).give_up == ["goals"]
    # and a visitor of goals still finds one of its warm kernels
    assert admissions.arrive("goals", "M1") == Admit()


def test_warm_kernels_beyond_what_is_needed_are_given_up_after_a_while():
    pools, clock = Pools({"intake": 3}), Clock()
    admissions = door(pools, clock)
    assert admissions.plan().give_up == []
    clock.now += TRIM_AFTER
    assert admissions.plan().give_up == ["intake"]


def test_one_participant_holds_at_most_the_limit_the_oldest_kernel_goes():
    pools, clock = Pools(), Clock()
    admissions = door(pools, clock, per_participant=2)
    assert admissions.holding("k1", "intake", "E1") == []
    clock.now += 1
    assert admissions.holding("k2", "goals", "E1") == []
    assert admissions.holding("x1", "goals", "E2") == []
    clock.now += 1
    assert admissions.holding("k3", "intake", "E1") == ["k1"]
    assert admissions.visitor_of("k1") == "E1"
    admissions.ended("k1", at_cap=False)
    assert admissions.visitor_of("k1") is None
    assert admissions.visitors() == 3


@pytest.mark.parametrize(
    ("position", "seconds", "said"),
    [(1, 10, "You are next. It should take about half a minute."),
     (2, 70, "There is 1 person before you. It should take about a minute."),
     (4, 300, "There are 3 people before you. It should take about 5 minutes.")],
)  # fmt: skip
def test_a_waiting_visitor_is_told_their_place_and_the_time(position, seconds, said):
    assert wait_words(position, seconds) == said


def test_the_estimate_shrinks_as_the_visitor_waits_and_grows_at_the_cap():
    pools, clock = Pools(), Clock()
    admissions = door(pools, clock, max_kernels=2)
    first = admissions.arrive("intake", "E1")
    clock.now += 10
    assert admissions.poll(first.ticket.id).seconds < first.seconds
    pools.with_visitors = 2  # full: the wait is for someone to leave
    assert admissions.poll(first.ticket.id).seconds > first.seconds


events = st.lists(
    st.one_of(
        st.tuples(
            st.just("arrive"), st.sampled_from(["intake", "goals"]), st.integers(0, 6)
        ),
        st.tuples(st.just("warm"), st.sampled_from(["intake", "goals"]), st.none()),
        st.tuples(st.just("claim"), st.none(), st.none()),
        st.tuples(st.just("wait"), st.none(), st.integers(1, 40)),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(events)
def test_nobody_is_served_out_of_turn_or_without_a_warm_kernel(steps):
    pools, clock = Pools(), Clock()
    admissions = door(pools, clock)
    arrivals: dict[str, list[str]] = {"intake": [], "goals": []}
    served: dict[str, list[str]] = {"intake": [], "goals": []}
    tickets = {}
    for kind, app, value in steps:
        if kind == "arrive":
            who = f"{app}-{value}"
            if who in served[app]:
                continue
            decision = admissions.arrive(app, who, tickets.get(who))
            if isinstance(decision, Admit):
                assert not overtaken(admissions, app, who, arrivals[app])
                pools.take(app)
                served[app].append(who)
            else:
                tickets[who] = decision.ticket.id
                if who not in arrivals[app]:
                    arrivals[app].append(who)
        elif kind == "warm":
            pools.warms(app)
        elif kind == "claim":  # every waiting page asks, and the admitted ones come
            for who, ticket in list(tickets.items()):
                app = who.split("-")[0]
                if isinstance(admissions.poll(ticket), Ready):
                    assert isinstance(admissions.arrive(app, who, ticket), Admit)
                    assert not overtaken(admissions, app, who, arrivals[app])
                    pools.take(app)
                    served[app].append(who)
                    del tickets[who]
        else:
            clock.now += value
            for who, ticket in list(tickets.items()):
                if isinstance(admissions.poll(ticket), Gone):
                    app = who.split("-")[0]
                    arrivals[app].remove(who)
                    del tickets[who]


def overtaken(admissions, app, who, arrivals) -> list[str]:
    """Those who arrived before ``who`` and still wait in line, unadmitted, with their
    page open. An earlier arrival already admitted (a kernel held for them, their page
    not yet come for it) is not overtaken."""
    ahead = arrivals[: arrivals.index(who)] if who in arrivals else arrivals
    waiting = {t.participant for t in admissions._present(admissions._waiting.get(app, []))}
    return [y for y in ahead if y in waiting]
