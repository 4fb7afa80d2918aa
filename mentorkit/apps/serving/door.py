"""What the door's handlers share: the program, the admissions, the pools, and the
work done every second (admitting, starting and giving up kernels) and every few
seconds (the figures ``mentorkit status`` reads)."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from hashlib import sha256

from tornado.ioloop import IOLoop

from mentorkit.apps.admissions import Admissions
from mentorkit.apps.catalogue import PARTICIPANT_APPS
from mentorkit.apps.config import Limits
from mentorkit.apps.serving.kernels import ProgramKernelManager, VoilaPools
from mentorkit.apps.status import memory_in_use
from mentorkit.folder import ProgramFolder
from mentorkit.services.access import identify
from mentorkit.store import Store

log = logging.getLogger("mentorkit.serve")

STUCK_AFTER = 300.0  # seconds a started kernel may take to get warm


class Door:
    """Everything the handlers share: the program, the admissions and the pools."""

    def __init__(self, folder: ProgramFolder, manager: ProgramKernelManager, limits: Limits,
                 node: str, address: str):  # fmt: skip
        self.folder, self.manager, self.limits = folder, manager, limits
        self.node, self.address = node, address
        self.node_tag = sha256(node.encode()).hexdigest()[:10]
        self.secret = folder.secret
        self.store = Store.open(folder.database_url)
        self.pools = VoilaPools(manager)
        self.admissions = Admissions(limits, self.pools)
        self.started = datetime.now(UTC)
        self.memory = {"rest": 0, "peak": 0, "now": 0}
        self.most_live = 0
        self.giving_up: set[str] = set()
        # Database work happens beside the event loop, never on it.
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="mentorkit-db")
        manager.admissions = self.admissions
        manager.on_change = self.poke
        self._poked = False

    async def in_thread(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(
            self.executor, function, *args
        )

    async def identify(self, query: str):
        return await self.in_thread(identify, self.store, self.secret, query)

    def poke(self) -> None:
        """Look at the queue and the pools soon (once, however often it is asked)."""
        if not self._poked:
            self._poked = True
            IOLoop.current().add_callback(self.tick)

    def tick(self) -> None:
        """Admit whom the pools allow, start kernels for those waiting, give up
        spare ones, clear away dead ones; runs every second and after every change."""
        self._poked = False
        stuck_after = max(STUCK_AFTER, 4 * self.admissions.start_seconds.value)
        for kernel_id in self.pools.prune(stuck_after):
            log.warning("a warm kernel never got ready; ending it")
            self._end(kernel_id)
        self.giving_up &= set(self.manager.list_kernel_ids())
        plan = self.admissions.plan(self.manager.held_apps(), len(self.giving_up))
        for app in plan.give_up:
            kernel_id = self.pools.take_warm(app)
            if kernel_id is not None:
                log.info("giving up a spare warm kernel of %s", app)
                self.giving_up.add(kernel_id)
                self._end(kernel_id)
        for app, count in plan.start.items():
            self.pools.start(app, count)
        for app, count in plan.excess.items():
            self.manager.drop_held(app, count)
        self.manager.release_starts()
        self.most_live = max(self.most_live, self.pools.live())

    def _end(self, kernel_id: str) -> None:
        async def end() -> None:
            try:
                await self.manager.shutdown_kernel(kernel_id)
            except Exception:  # already gone
                log.debug("kernel %s was gone already", kernel_id)

        IOLoop.current().add_callback(end)

    def warmed(self, kernel_id: str) -> None:
        started = self.manager.started_at.get(kernel_id)
        if started is not None:
            self.admissions.warmed(time.monotonic() - started)
        self.poke()

    def admitted(self, kernel_id: str | None, app: str, participant: str) -> None:
        """``participant`` was given ``kernel_id``: end their oldest kernels beyond
        the limit, and count the visit."""
        if kernel_id is not None:
            for old in self.admissions.holding(kernel_id, app, participant):
                log.info("a participant opened a further page; ending their oldest")
                self._end(old)
        self.executor.submit(self._record, "visit", participant, app)
        self.poke()

    def _record(self, kind: str, participant: str, app: str) -> None:
        try:
            self.store.activity.record(kind, participant, app, self.node)
        except Exception:  # the visit is served even if it cannot be counted
            log.exception("could not record a %s", kind)

    def figures(self) -> dict:
        live = self.pools.live()
        self.most_live = max(self.most_live, live)
        warm = sum(self.pools.warm(app.name) for app in PARTICIPANT_APPS)
        return {
            "live": live,
            "warm": warm,
            "visitors": self.admissions.visitors(),
            "queued": self.admissions.waiting(),
            "starting": self.manager.starting + len(self.manager.held_apps()),
            "cap": self.limits.max_kernels,
            "most_live": self.most_live,
            "served": self.admissions.served,
            "memory": self.memory,
        }

    def report(self) -> None:
        """Write this server's figures where status reads them (beside the loop: the
        memory is read from every kernel's process)."""
        self.executor.submit(self._report, self.figures())

    def at_rest(self) -> None:
        """Every warm kernel is ready and nobody came yet: the memory at rest."""
        self.memory["rest"] = memory_in_use()
        self.memory["peak"] = max(self.memory["peak"], self.memory["rest"])

    def _report(self, figures: dict) -> None:
        now = memory_in_use()
        self.memory.update(now=now, peak=max(self.memory["peak"], now))
        self.memory["rest"] = self.memory["rest"] or now
        figures["memory"] = dict(self.memory)
        try:
            self.store.activity.report_server(
                self.node, os.getpid(), self.address, self.started, figures
            )
        except Exception:
            log.exception("could not report this server's figures")

    def close(self) -> None:
        try:
            self.store.activity.forget_server(self.node)
        except Exception:
            log.exception("could not remove this server from the status table")
        self.executor.shutdown(wait=False)
        self.store.close()
