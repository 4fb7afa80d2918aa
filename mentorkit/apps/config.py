"""How the participant apps are served: ports, kernel pools and limits, and the one
Voila configuration every entry point (the CLI, the tests, the benchmarks) uses."""

from __future__ import annotations

import math
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from traitlets.config import Config

from mentorkit.apps.catalogue import PARTICIPANT_APPS, find_app, workbooks_path
from mentorkit.errors import MentorkitError

HOST = "127.0.0.1"
TEMPLATE = "mentorkit"
IOPUB_TIMEOUT = 120  # seconds; see voila_config
APP_ENV = "MENTORKIT_APP"  # tells a kernel (and its start) which app it is for
# Measured here: a visitor's intake kernel (ipywidgets, pandas and mentorkit imported,
# the form built) is 131 MB resident, 103 MB proportional; the server itself 175 MB.
# Some room is kept on top of both. See the README.
KERNEL_MB = 140
SERVER_MB = 250
MEMORY_SHARE = 0.8  # of the machine's memory the kernels may use by default


def check_port_free(port: int, host: str = HOST) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server will: a port held only by closing connections is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise MentorkitError(
                f"Port {port} on {host} is in use; choose another with --port."
            ) from None


def free_port(preferred: int, host: str = HOST) -> int:
    """``preferred`` when it is free, else the next free port above it."""
    for port in range(preferred, preferred + 50):
        try:
            check_port_free(port, host)
        except MentorkitError:
            continue
        return port
    raise MentorkitError(f"No free port between {preferred} and {preferred + 49}.")


def pool_sizes(default: int, overrides: Mapping[str, int]) -> dict[str, int]:
    """Warm kernels for each participant app: ``default`` unless ``overrides`` says."""
    for name in overrides:
        find_app(name, among=PARTICIPANT_APPS)
    return {app.name: overrides.get(app.name, default) for app in PARTICIPANT_APPS}


def memory_kernel_cap(total_bytes: int | None = None) -> int:
    """How many visitor kernels this machine's memory holds, by the measured size."""
    if total_bytes is None:
        import psutil

        total_bytes = psutil.virtual_memory().total
    usable_mb = total_bytes / 2**20 * MEMORY_SHARE - SERVER_MB
    return max(1, math.floor(usable_mb / KERNEL_MB))


def base_path(public_url: str) -> str:
    """The path the apps are served under: ``/`` or a sub-path such as ``/mk/``."""
    path = urlsplit(public_url).path if public_url else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


@dataclass(frozen=True)
class Limits:
    """What one server process allows: warm kernels per app, live kernels at most,
    kernels one participant may hold, and minutes before an idle kernel is culled."""

    pools: dict[str, int]
    max_kernels: int
    per_participant: int = 3
    idle_minutes: float = 20.0

    @classmethod
    def of(
        cls,
        pools: dict[str, int],
        max_kernels: int = 0,
        per_participant: int = 3,
        idle_minutes: float = 20.0,
    ) -> Limits:
        """The limits, with ``max_kernels`` 0 meaning what the memory allows; refused
        when the warm kernels alone would fill the cap."""
        cap = max_kernels or memory_kernel_cap()
        warm = sum(pools.values())
        if warm > cap:
            said = (
                f"max_kernels is {cap}"
                if max_kernels
                else f"this machine's memory holds about {cap} kernels of {KERNEL_MB} MB"
            )
            raise MentorkitError(
                f"The apps would keep {warm} kernels warm, but {said}. Lower pool_size "
                "or pools in mentorkit.toml (or --pool-size), or raise max_kernels."
            )
        return cls(dict(pools), cap, per_participant, idle_minutes)

    @property
    def idle_seconds(self) -> float:
        return self.idle_minutes * 60

    @property
    def cull_interval(self) -> int:
        """How often idle kernels are looked for: often enough that one is culled
        within a quarter of the timeout after it, at most once a minute."""
        return int(min(60, max(2, self.idle_seconds / 4)))


def voila_config(
    program_name: str,
    port: int,
    pools: Mapping[str, int],
    root_dir: Path | None = None,
    refill_delay: float = 1.0,
    ip: str = HOST,
    base_url: str = "/",
    limits: Limits | None = None,
) -> Config:
    """Voila over the participant apps: preheated, tracebacks hidden, our template.

    ``pools`` maps each notebook (its name without .ipynb) to its warm kernels;
    ``root_dir`` serves another folder the same way (the benchmarks use it).
    ``limits`` adds the culling of idle kernels.
    """
    config = Config()
    config.Voila.ip = ip
    config.Voila.port = port
    config.Voila.port_retries = 0
    config.Voila.open_browser = False
    config.Voila.base_url = base_url
    config.Voila.root_dir = str(root_dir or workbooks_path("participant"))
    config.Voila.tornado_settings = {
        "jinja_template_vars": {
            "mentorkit_program": program_name,
            "mentorkit_apps": [
                vars(app) | {"filename": app.filename} for app in PARTICIPANT_APPS
            ],
        },
        # The _xsrf cookie is read by the page's script (it posts it back when the
        # visitor leaves, so the kernel ends): not HttpOnly, but never sent cross-site.
        "xsrf_cookie_kwargs": {"samesite": "Strict", "path": base_url},
    }
    config.VoilaConfiguration.template = TEMPLATE
    config.VoilaConfiguration.classic_tree = True
    config.VoilaConfiguration.show_tracebacks = False
    # A ?template= or ?theme= in the address would make Voila start a kernel of its
    # own, past the pool and the limits.
    config.VoilaConfiguration.allow_template_override = "NO"
    config.VoilaConfiguration.allow_theme_override = "NO"
    # Always preheated: an app without warm kernels gets one started for each visitor
    # who waits for it (see mentorkit.apps.admissions).
    config.VoilaConfiguration.preheat_kernel = True
    config.VoilaKernelManager.fill_delay = refill_delay
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        **{
            f"{name}.ipynb": {
                "pool_size": size,
                "kernel_env_variables": {APP_ENV: name},
            }
            for name, size in pools.items()
        },
    }
    config.VoilaConfiguration.file_allowlist = []
    # After a cell's reply, Voila waits this long for the cell's output messages, then
    # renders the cell without them. nbclient's 4 s is too short when several visitors
    # arrive together: each form sends hundreds of widget messages, and on a busy
    # machine the output came late and the visitor got a blank page.
    config.VoilaExecutor.iopub_timeout = IOPUB_TIMEOUT
    # Kernels talk to the server over local sockets, not TCP ports other users could reach.
    config.KernelManager.transport = "ipc"
    if limits is not None:
        # Jupyter Server's culler; Voila never culls a kernel still waiting in its pool.
        # Connected kernels are culled too: a phone that went to sleep may keep its
        # connection open for hours. What the visitor typed is kept as a draft.
        config.MappingKernelManager.cull_idle_timeout = math.ceil(limits.idle_seconds)
        config.MappingKernelManager.cull_interval = limits.cull_interval
        config.MappingKernelManager.cull_connected = True
        config.MappingKernelManager.cull_busy = False
    return config
