"""The kernels behind the door: Voila's pools as the admissions count them, and the
kernel manager that holds starts at the cap and reports every end.

The only code that reads Voila's insides: its pools (``VoilaKernelManager._pools``)
and the preheated kernels' connections (``RequestInfoSocketHandler._waiters``), as of
Voila 0.5.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from voila.request_info_handler import RequestInfoSocketHandler
from voila.utils import ENV_VARIABLE

from mentorkit.apps.admissions import Admissions
from mentorkit.apps.config import APP_ENV


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
