"""``mentorkit serve``: Voila over the participant apps, with a door in front.

Voila gives each visit its own kernel. In front of it, every request of an app is
checked first: a request without a valid personal link gets the refusal page and no
kernel; a visitor is served a warm kernel when one is free and nobody waits before
them, and otherwise sees a queue page at once that continues by itself (the rules
are in :mod:`mentorkit.apps.admissions`). Behind it, kernels end when their visitor
leaves (the page's goodbye is honoured: it carries the ``_xsrf`` cookie the page
was given) or when idle, and never number more than the program's cap.

This module is the only one that knows Voila's insides: its kernel pools
(``VoilaKernelManager._pools``) and the preheated kernels' connections
(``RequestInfoSocketHandler._waiters``), as of Voila 0.5.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from hashlib import sha256

import tornado.web
from jupyter_core.utils import ensure_async
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.web import OutputTransform
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.utils import ENV_VARIABLE

from mentorkit.access import identify
from mentorkit.apps.admissions import Admissions, Admit, Gone, Pause, Ready, Wait
from mentorkit.apps.catalogue import PARTICIPANT_APPS, participant_app_of
from mentorkit.apps.config import APP_ENV, Limits
from mentorkit.apps.status import memory_in_use
from mentorkit.errors import LinkRefused
from mentorkit.folder import ProgramFolder
from mentorkit.store import Store

log = logging.getLogger("mentorkit.serve")

TICK_SECONDS = 1.0
REPORT_SECONDS = 5.0
STUCK_AFTER = 300.0  # seconds a started kernel may take to get warm


def wait_words(position: int, seconds: float) -> str:
    """How a waiting visitor is told where they are."""
    before = (
        "You are next."
        if position <= 1
        else f"There {'is 1 person' if position == 2 else f'are {position - 1} people'} "
        "before you."
    )
    if seconds < 45:
        eta = "about half a minute"
    elif seconds < 90:
        eta = "about a minute"
    else:
        eta = f"about {round(seconds / 60)} minutes"
    return f"{before} It should take {eta}."


# --- Voila's pools, as the admissions see them -----------------------------------------


class VoilaPools:
    """The kernel manager's pools of preheated kernels, counted per app."""

    def __init__(self, manager: ProgramKernelManager):
        self.manager = manager
        self._unready_since: dict[str, float] = {}

    def _pool(self, app: str) -> list[asyncio.Task]:
        return self.manager._pools.get(f"{app}.ipynb", [])

    @staticmethod
    def _kernel_of(task: asyncio.Task) -> str | None:
        if not task.done() or task.cancelled() or task.exception() is not None:
            return None
        return task.result().get("kernel_id")

    def _is_warm(self, task: asyncio.Task) -> bool:
        # Warm once the kernel ran the notebook up to wait_for_request(), which
        # connects back to Voila to wait for its visitor's request.
        return self._kernel_of(task) in RequestInfoSocketHandler._waiters

    def warm(self, app: str) -> int:
        return sum(1 for task in self._pool(app) if self._is_warm(task))

    def entries(self, app: str) -> int:
        return len(self._pool(app))

    def live(self) -> int:
        return len(self.manager._kernels) + self.manager.starting

    def put_warm_first(self, app: str) -> str | None:
        """Move a warm kernel to the front, where Voila takes the next one from;
        returns its id, or None when none is warm."""
        pool = self._pool(app)
        for index, task in enumerate(pool):
            if self._is_warm(task):
                pool.insert(0, pool.pop(index))
                return self._kernel_of(task)
        return None

    def take_warm(self, app: str) -> str | None:
        """Take a warm kernel of ``app`` out of its pool (the newest), to give it up:
        from now on no visitor can be given it."""
        pool = self._pool(app)
        for index in range(len(pool) - 1, -1, -1):
            if self._is_warm(pool[index]):
                return self._kernel_of(pool.pop(index))
        return None

    def prune(self, stuck_after: float) -> list[str]:
        """Drop what can never serve a visitor: starts that failed, kernels that died,
        kernels started ``stuck_after`` seconds ago that never got warm. Returns the
        ids of the kernels to end."""
        now, doomed = time.monotonic(), []
        for pool in self.manager._pools.values():
            for task in list(pool):
                if not task.done():
                    continue
                kernel_id = self._kernel_of(task)
                if kernel_id is None or kernel_id not in self.manager:
                    pool.remove(task)  # failed, cancelled, or its kernel is gone
                elif self._is_warm(task):
                    self._unready_since.pop(kernel_id, None)
                elif now - self._unready_since.setdefault(kernel_id, now) > stuck_after:
                    pool.remove(task)
                    doomed.append(kernel_id)
        return doomed

    def start(self, app: str, count: int) -> None:
        """Put ``count`` more kernels of ``app`` in its pool, starting now (or as soon
        as the cap allows)."""
        name = f"{app}.ipynb"
        config = self.manager.kernel_pools_config
        entry = config.setdefault(name, {"kernel_env_variables": {APP_ENV: app}})
        usual = entry.get("pool_size", 0)
        entry["pool_size"] = len(self._pool(app)) + count
        try:
            self.manager.fill_if_needed(delay=0, notebook_name=name)
        finally:
            entry["pool_size"] = usual


# --- kernels ---------------------------------------------------------------------------


class ProgramKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager, with starts held at the program's cap and
    every end reported to the admissions. Voila builds its pooling manager on it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.admissions: Admissions | None = None
        self.on_change: Callable[[], None] = lambda: None
        self.starting = 0  # kernels allowed to start that are not running yet
        self.started_at: dict[str, float] = {}
        self._held: list[tuple[str, float, asyncio.Future]] = []

    async def start_kernel(self, *args, **kwargs) -> str:
        env = kwargs.get("env") or {}
        # Voila hands a refill kernel the address of the request that emptied the
        # pool, personal link and all: the next visitor's kernel must not hold it.
        env.pop(ENV_VARIABLE.VOILA_REQUEST_URL, None)
        app = env.get(APP_ENV, "")
        if self.admissions is not None:
            allowed = asyncio.get_running_loop().create_future()
            self._held.append((app, time.monotonic(), allowed))
            self.release_starts()
            try:
                await allowed
            except asyncio.CancelledError:
                self._held = [h for h in self._held if h[2] is not allowed]
                if allowed.done() and not allowed.cancelled():
                    self.starting -= 1
                raise
        else:
            self.starting += 1
        try:
            kernel_id = await ensure_async(super().start_kernel(*args, **kwargs))
        finally:
            self.starting -= 1
        self.started_at[kernel_id] = time.monotonic()
        return kernel_id

    def release_starts(self) -> None:
        """Let the held starts go that the cap and the queue's order allow."""
        if self.admissions is None or not self._held:
            return
        chosen = set(self.admissions.may_start([(app, at) for app, at, _ in self._held]))
        going = [h for n, h in enumerate(self._held) if n in chosen]
        self._held = [h for n, h in enumerate(self._held) if n not in chosen]
        for _, _, allowed in going:
            if not allowed.done():
                self.starting += 1
                allowed.set_result(None)

    def held_apps(self) -> list[str]:
        return [app for app, _, _ in self._held]

    def drop_held(self, app: str, count: int) -> None:
        """Nobody waits for these any more: the newest held starts of ``app`` never
        start (their pool entries end cancelled and are pruned)."""
        for _, _, allowed in [h for h in self._held if h[0] == app][-count:]:
            allowed.cancel()

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        known = kernel_id in self
        at_cap = self.admissions.at_cap() if self.admissions else False
        try:
            return await ensure_async(super().shutdown_kernel(kernel_id, *args, **kwargs))
        finally:
            self.started_at.pop(kernel_id, None)
            RequestInfoSocketHandler._cache.pop(kernel_id, None)
            if self.admissions is not None and known:
                self.admissions.ended(kernel_id, at_cap)
            self.release_starts()
            self.on_change()


# --- the door --------------------------------------------------------------------------


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


# --- handlers --------------------------------------------------------------------------


class _DoorMixin:
    @property
    def door(self) -> Door:
        return self.settings["mentorkit_door"]


class NodeTag(OutputTransform):
    """Names the serve process that answered (a hash, not its address) on every
    response, so that sticky routing behind a proxy can be checked."""

    tag = ""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        headers["X-Mentorkit-Node"] = self.tag
        return status_code, headers, chunk


class AppHandler(_DoorMixin, TornadoVoilaHandler):
    """A participant app: the link is checked and a place found before any kernel."""

    @tornado.web.authenticated
    async def get(self, path=None):
        app = participant_app_of(path)
        if app is None:
            raise tornado.web.HTTPError(404)
        for name in ("template", "theme"):  # would start a kernel outside the pool
            self.request.arguments.pop(name, None)
            self.request.query_arguments.pop(name, None)
        _ = self.xsrf_token  # sets the _xsrf cookie: the page posts it back when it leaves
        try:
            person = await self.door.identify(self.request.query)
        except LinkRefused as refused:
            self.set_status(403)
            return self.finish(self.render_template("mk-refused.html", reason=str(refused)))
        admissions = self.door.admissions
        decision = admissions.arrive(
            app.name, person.id, self.get_argument("mk_ticket", None)
        )
        if isinstance(decision, Pause):
            self.set_status(429)
            self.set_header("Retry-After", str(int(decision.seconds) + 1))
            return self.finish(
                self.render_template(
                    "mk-refused.html",
                    title="Please wait a minute",
                    reason="This page was opened many times in the last minute. Wait "
                    "a minute, then open your link again.",
                )
            )
        kernel_id = self.door.pools.put_warm_first(app.name) if isinstance(
            decision, Admit
        ) else None  # fmt: skip
        if isinstance(decision, Admit) and kernel_id is None:  # its kernel just died
            decision = admissions.back_in_line(app.name, person.id, decision)
        if isinstance(decision, Wait):
            self.door.poke()
            return self.finish(
                self.render_template(
                    "mk-queue.html",
                    app=app,
                    ticket=decision.ticket.id,
                    position=decision.position,
                    said=wait_words(decision.position, decision.seconds),
                )
            )
        self.door.admitted(kernel_id, app.name, person.id)
        return await super().get(path)


class QueueHandler(_DoorMixin, JupyterHandler):
    """A waiting page asks how its place goes (GET) or says it left (POST)."""

    @tornado.web.authenticated
    def get(self, ticket_id: str):
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "application/json")
        state = self.door.admissions.poll(ticket_id)
        if isinstance(state, Ready):
            answer = {"state": "ready"}
        elif isinstance(state, Gone):
            answer = {"state": "gone"}
        else:
            self.door.poke()
            answer = {
                "state": "waiting",
                "position": state.position,
                "said": wait_words(state.position, state.seconds),
            }
        self.finish(json.dumps(answer))

    @tornado.web.authenticated
    def post(self, ticket_id: str):
        self.door.admissions.leave(ticket_id)
        self.door.poke()
        self.set_status(204)
        self.finish()

    def check_xsrf_cookie(self) -> None:
        # The goodbye of a waiting page, sent as a beacon; it can only give up a
        # place in the queue whose random ticket the sender holds.
        return None


class ShutdownHandler(VoilaShutdownKernelHandler):
    """The page's goodbye when its visitor leaves: end the kernel (once)."""

    @tornado.web.authenticated
    async def post(self, kernel_id):
        if kernel_id in self.kernel_manager:
            await ensure_async(self.kernel_manager.shutdown_kernel(kernel_id))
        self.set_status(204)
        self.finish()


class WarmSocketHandler(RequestInfoSocketHandler):
    """Voila's socket on which a preheated kernel waits for its visitor's request
    (their query string, with their token); tells the door when one is warm. Only
    this server's own kernels may wait on it."""

    def open(self, kernel_id: str) -> None:
        if kernel_id not in self.settings["kernel_manager"]:
            self.close(code=1008, reason="not a kernel of this server")
            return
        super().open(kernel_id)
        door = self.settings.get("mentorkit_door")
        if door is not None:
            door.warmed(kernel_id)

    def on_close(self) -> None:
        if self in RequestInfoSocketHandler._waiters.values():
            super().on_close()


def log_request(handler: tornado.web.RequestHandler) -> None:
    """One line per request, without the query string: personal links carry their
    token there, and a log is read by more people than a link is meant for."""
    status, request = handler.get_status(), handler.request
    level = (
        logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    )
    log.log(level, "%d %s %s %.0f ms", status, request.method, request.path,
            1000 * request.request_time())  # fmt: skip


class ProgramVoila(Voila):
    """Voila with the door in front: our handlers replace three of Voila's."""

    door: Door | None = None
    program: ProgramFolder
    limits: Limits
    node: str = ""
    address: str = ""

    def init_handlers(self) -> list:
        self.door = Door(self.program, self.kernel_manager, self.limits, self.node,
                         self.address)  # fmt: skip
        self.app.settings["mentorkit_door"] = self.door
        self.app.settings["log_function"] = log_request
        log.handlers, log.propagate = self.log.handlers, False  # into the serve log
        log.setLevel(self.log.level)
        self.app.transforms.append(type("Tag", (NodeTag,), {"tag": self.door.node_tag}))
        replaced = {
            TornadoVoilaHandler: AppHandler,
            VoilaShutdownKernelHandler: ShutdownHandler,
            RequestInfoSocketHandler: WarmSocketHandler,
        }
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            handlers.append((pattern, replaced.get(handler, handler), *rest))
        queue = self.server_url.rstrip("/") + r"/mentorkit/queue/([A-Za-z0-9_\-]{8,40})"
        handlers.insert(0, (queue, QueueHandler))
        PeriodicCallback(self.door.tick, TICK_SECONDS * 1000).start()
        PeriodicCallback(self.door.report, REPORT_SECONDS * 1000).start()
        return handlers

    def stop(self) -> None:
        if self.door is not None:
            self.door.close()
        super().stop()


def node_name(port: int) -> str:
    return f"{socket.gethostname()}:{port}"
