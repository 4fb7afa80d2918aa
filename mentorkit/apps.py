"""The apps: which workbooks exist, and how Voila and JupyterLab are started on them.

``voila_config`` is the one configuration every entry point (the CLI, the tests,
the benchmarks) starts Voila with.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from traitlets.config import Config

from mentorkit.errors import MentorkitError
from mentorkit.folder import PROGRAM_ENV, ProgramFolder

HOST = "127.0.0.1"
TEMPLATE = "mentorkit"
IOPUB_TIMEOUT = 120  # seconds; see voila_config


@dataclass(frozen=True)
class App:
    """A workbook as its users know it."""

    name: str  # the notebook's file name without .ipynb
    title: str
    description: str

    @property
    def filename(self) -> str:
        return f"{self.name}.ipynb"


PARTICIPANT_APPS = (
    App(
        "intake",
        "Intake",
        "Tell the program about yourself: your role, skills, goals and when you can meet.",
    ),
    App(
        "agreement",
        "Mentoring agreement",
        "Agree with your partner how you will work together, then sign.",
    ),
    App("goals", "Goals", "Write SMART goals with milestones and track your progress."),
    App(
        "reflection",
        "Meeting log and reflection",
        "After each meeting, note what you discussed, what you learned and how it went.",
    ),
)

FACILITATOR_WORKBOOKS = (
    App(
        "matching_review",
        "Matching review",
        "Review proposed pairs, their explanations, and adjust before publishing.",
    ),
    App("goal_coaching", "Goal coaching", "Coach mentees' goals live in a workshop."),
    App(
        "program_health",
        "Program health",
        "Who is meeting on cadence, who is stuck, whose goals move.",
    ),
    App(
        "cohort_overview",
        "Cohort overview",
        "Who is in each cohort: seats against demand, and the skills balance.",
    ),
)

REPORT_WORKBOOKS = (
    App(
        "cohort_report",
        "Cohort report",
        "One cohort's participation, matching, meetings, goals and pulse: totals only.",
    ),
    App(
        "pair_progress",
        "Pair progress",
        "One pair's goals, milestones, meetings and cadence, for the pair.",
    ),
)


def workbooks_path(audience: str = "") -> Path:
    """The installed folder of the ``participant`` or ``facilitator`` workbooks, or
    with no audience, the folder of the report workbooks."""
    return Path(str(files("mentorkit.workbooks") / audience))


def templates_path() -> Path:
    """The Jupyter data folder that holds mentorkit's Voila template."""
    return Path(str(files("mentorkit.templates")))


def find_app(
    name: str, among: tuple[App, ...] = PARTICIPANT_APPS + FACILITATOR_WORKBOOKS
) -> App:
    """The app called ``name``, or a clear error naming the ones there are."""
    for app in among:
        if app.name == name:
            return app
    known = ", ".join(app.name for app in among)
    raise MentorkitError(f"No app named {name!r}; the apps are: {known}.")


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


def voila_config(
    program_name: str,
    port: int,
    pools: Mapping[str, int],
    root_dir: Path | None = None,
    refill_delay: float = 1.0,
) -> Config:
    """Voila over the participant apps: preheated, tracebacks hidden, our template.

    ``pools`` maps each notebook (its name without .ipynb) to its warm kernels;
    ``root_dir`` serves another folder the same way (the benchmarks use it).
    """
    config = Config()
    config.Voila.ip = HOST
    config.Voila.port = port
    config.Voila.port_retries = 0
    config.Voila.open_browser = False
    config.Voila.root_dir = str(root_dir or workbooks_path("participant"))
    config.Voila.tornado_settings = {
        "jinja_template_vars": {
            "mentorkit_program": program_name,
            "mentorkit_apps": [
                vars(app) | {"filename": app.filename} for app in PARTICIPANT_APPS
            ],
        }
    }
    config.VoilaConfiguration.template = TEMPLATE
    config.VoilaConfiguration.classic_tree = True
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.preheat_kernel = any(pools.values())
    config.VoilaKernelManager.fill_delay = refill_delay
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        **{f"{name}.ipynb": {"pool_size": size} for name, size in pools.items()},
    }
    config.VoilaConfiguration.file_allowlist = []
    # After a cell's reply, Voila waits this long for the cell's output messages, then
    # renders the cell without them. nbclient's 4 s is too short when several visitors
    # arrive together: each form sends hundreds of widget messages, and on a busy
    # machine the output came late and the visitor got a blank page.
    config.VoilaExecutor.iopub_timeout = IOPUB_TIMEOUT
    # Kernels talk to the server over local sockets, not TCP ports other users could reach.
    config.KernelManager.transport = "ipc"
    return config


def _expose_program(folder: ProgramFolder) -> None:
    """Kernels started from here find the program and the template through env vars."""
    os.environ[PROGRAM_ENV] = str(folder.path)
    paths = [
        str(templates_path()),
        *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep)),
    ]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))


def _when_warm(kernels: int, on_ready: Callable[[], object]) -> None:
    """Call ``on_ready`` once ``kernels`` warm kernels wait for their visitors.

    Voila logs that a pool is "filled" when its kernels have started, but a kernel
    is ready for a visitor only once it has run the notebook up to
    ``wait_for_request()``, which then connects back to Voila; until then a visitor
    waits (seen here: 20 s and more while several kernels import at once). Voila
    has no hook for that moment, so this watches the connections it keeps.
    """
    from tornado.ioloop import PeriodicCallback
    from voila.request_info_handler import RequestInfoSocketHandler

    def check() -> None:
        if len(RequestInfoSocketHandler._waiters) >= kernels:
            watcher.stop()
            on_ready()

    watcher = PeriodicCallback(check, 200)
    watcher.start()


def serve(
    folder: ProgramFolder,
    port: int | None = None,
    pool_size: int | None = None,
    on_ready: Callable[[str], object] = print,
    pools: Mapping[str, int] | None = None,
) -> None:
    """Run Voila on the participant apps until interrupted.

    ``on_ready`` gets the address once the server listens and every app has its
    warm kernels.
    """
    from tornado.ioloop import IOLoop
    from voila.app import Voila

    if port is None:
        port = free_port(folder.settings.apps.port)
    else:
        check_port_free(port)
    settings = folder.settings.apps
    pools = pool_sizes(
        settings.pool_size if pool_size is None else pool_size,
        {**settings.pools, **(pools or {})},
    )
    with folder.open_store() as store:  # fails here, in one line, if unusable
        program_name = store.program().name
    _expose_program(folder)
    app = Voila(
        config=voila_config(program_name, port, pools, refill_delay=settings.refill_delay)
    )
    app.initialize([])
    url = f"http://{HOST}:{port}/"
    if any(pools.values()):
        IOLoop.current().add_callback(
            _when_warm, sum(pools.values()), lambda: on_ready(url)
        )
    else:
        IOLoop.current().add_callback(on_ready, url)
    app.start()


def copy_facilitator_workbooks(folder: ProgramFolder) -> list[Path]:
    """Copy the facilitator and report workbooks into the program; never overwrite an
    edited copy."""
    target = folder.workbooks_dir
    target.mkdir(exist_ok=True)
    copied = []
    sources = [
        workbooks_path("facilitator") / app.filename for app in FACILITATOR_WORKBOOKS
    ]
    sources += [workbooks_path() / app.filename for app in REPORT_WORKBOOKS]
    for source in sources:
        destination = target / source.name
        if not destination.exists():
            shutil.copyfile(source, destination)
            copied.append(destination)
    return copied


def lab(
    folder: ProgramFolder,
    port: int | None = None,
    open_browser: bool = True,
    allow_root: bool = False,
) -> None:
    """Run JupyterLab on the program folder, opened at its facilitator workbooks."""
    from jupyterlab.labapp import LabApp

    if os.geteuid() == 0 and not allow_root:
        raise MentorkitError(
            "JupyterLab will not run as root; run as a normal user, or add --allow-root "
            "if this is a container"
        )
    copy_facilitator_workbooks(folder)
    _expose_program(folder)
    argv = [
        f"--ServerApp.root_dir={folder.path}",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port or free_port(8888)}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.open_browser={open_browser}",
        f"--ServerApp.allow_root={allow_root}",
        f"--LabApp.default_url=/lab/tree/{folder.workbooks_dir.name}",
    ]
    LabApp.launch_instance(argv=argv)
