"""The door's handlers, and Voila with them in place of three of its own.

Every request of an app is checked first: a request without a valid personal link
gets the refusal page and no kernel; a visitor is served a warm kernel when one is
free and nobody waits before them, and otherwise sees a queue page at once that
continues by itself (the rules are in :mod:`mentorkit.apps.admissions`). Kernels end
when their visitor leaves: the page's goodbye carries the ``_xsrf`` cookie the page
was given.
"""

from __future__ import annotations

import json
import logging
import socket
from urllib.parse import urlencode

import tornado.web
import tornado.websocket
from jupyter_core.utils import ensure_async
from jupyter_server.base.handlers import JupyterHandler
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.web import OutputTransform
from voila.app import Voila
from voila.handler import BaseVoilaHandler
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from mentorkit.apps.admissions import Admit, Gone, Pause, Ready, Wait
from mentorkit.apps.catalogue import participant_app_of
from mentorkit.apps.config import Limits
from mentorkit.apps.serving.door import Door
from mentorkit.errors import LinkRefused
from mentorkit.folder import ProgramFolder
from mentorkit.services.waiting import waiting_for

log = logging.getLogger("mentorkit.serve")

TICK_SECONDS = 1.0
REPORT_SECONDS = 5.0


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


class HomeHandler(_DoorMixin, TornadoVoilaTreeHandler):
    """The apps' home page: with a valid link, it greets the participant and lists
    what waits for them; without one, it only lists the apps (no kernel either way)."""

    @tornado.web.authenticated
    async def get(self, path=""):
        self._person, self._waiting, self._reminders = None, [], True
        try:
            self._person = await self.door.identify(self.request.query)
            self._waiting = await self.door.in_thread(
                waiting_for, self.door.store, self._person.id
            )
            stopped = await self.door.in_thread(self.door.store.messages.reminders_stopped)
            self._reminders = self._person.id not in stopped
        except LinkRefused:
            pass
        except Exception:  # the list is a help: the home page opens without it
            log.exception("could not list what waits for a participant")
        return await super().get(path)

    def render_template(self, name, **ns):
        ns.update(mentorkit_person=self._person, mentorkit_waiting=self._waiting,
                  mentorkit_reminders=self._reminders)  # fmt: skip
        return super().render_template(name, **ns)


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


class RemindersHandler(_DoorMixin, BaseVoilaHandler):
    """A participant stops or restarts their reminders: the link in each reminder
    shows the choice (GET changes nothing: mail scanners open links), a button
    makes it (POST, with the page's _xsrf)."""

    async def _person(self):
        try:
            return await self.door.identify(self.request.query)
        except LinkRefused as refused:
            self.set_status(403)
            self.finish(self.render_template("mk-refused.html", reason=str(refused)))
            return None

    @tornado.web.authenticated
    async def get(self):
        person = await self._person()
        if person is None:
            return
        stopped = await self.door.in_thread(self.door.store.messages.reminders_stopped)
        self.set_header("Cache-Control", "no-store")
        self.finish(self.render_template(
            "mk-reminders.html", person=person, stopped=person.id in stopped,
            changed=self.get_argument("changed", ""), query=self.request.query,
        ))  # fmt: skip

    @tornado.web.authenticated
    async def post(self):
        person = await self._person()
        if person is None:
            return
        stop = self.get_body_argument("choice", "") == "stop"
        await self.door.in_thread(self.door.store.messages.stop_reminders, person.id, stop)
        token = self.get_query_argument("token", "")
        self.redirect(f"?{urlencode({'token': token, 'changed': '1'})}", status=303)


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


def quiet_closed_sockets(loop, context: dict) -> None:
    """A visitor who left while a message was on its way to their page (their kernel
    ended, say) is normal: one line in the log, not a traceback. jupyter_server and
    Voila write to sockets without awaiting, so asyncio reports such a failure as a
    "Task exception was never retrieved"; anything else goes on as asyncio would."""
    from tornado.iostream import StreamClosedError

    error = context.get("exception")
    if isinstance(error, (tornado.websocket.WebSocketClosedError, StreamClosedError)):
        log.info("a page's socket closed before a message reached it")
        return
    loop.default_exception_handler(context)


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
            TornadoVoilaTreeHandler: HomeHandler,
            RequestInfoSocketHandler: WarmSocketHandler,
        }
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            handlers.append((pattern, replaced.get(handler, handler), *rest))
        queue = self.server_url.rstrip("/") + r"/mentorkit/queue/([A-Za-z0-9_\-]{8,40})"
        handlers.insert(0, (queue, QueueHandler))
        reminders = self.server_url.rstrip("/") + "/mentorkit/reminders"
        handlers.insert(0, (reminders, RemindersHandler,
                            {"voila_configuration": self.voila_configuration}))  # fmt: skip
        IOLoop.current().asyncio_loop.set_exception_handler(quiet_closed_sockets)
        PeriodicCallback(self.door.tick, TICK_SECONDS * 1000).start()
        PeriodicCallback(self.door.report, REPORT_SECONDS * 1000).start()
        return handlers

    def stop(self) -> None:
        if self.door is not None:
            self.door.close()
        super().stop()


def node_name(port: int) -> str:
    return f"{socket.gethostname()}:{port}"
