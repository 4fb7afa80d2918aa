"""Starting the apps: Voila on the participant apps, JupyterLab on the workbooks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from mentorkit.apps.catalogue import (
    FACILITATOR_WORKBOOKS,
    REPORT_WORKBOOKS,
    templates_path,
    workbooks_path,
)
from mentorkit.apps.config import (
    HOST,
    TEMPLATE,
    Limits,
    base_path,
    check_port_free,
    free_port,
    pool_sizes,
    voila_config,
)
from mentorkit.errors import MentorkitError
from mentorkit.folder import PROGRAM_ENV, ProgramFolder

ANY_ADDRESS = ("0.0.0.0", "::", "")


def expose_program(folder: ProgramFolder, ip: str = HOST) -> None:
    """Kernels started from here find the program, the template and the server
    through environment variables."""
    os.environ[PROGRAM_ENV] = str(folder.path)
    paths = [
        str(templates_path()),
        *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep)),
    ]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    # A warm kernel connects back to the server to wait for its visitor (Voila's
    # wait_for_request), at 127.0.0.1 unless told otherwise.
    os.environ["VOILA_APP_IP"] = HOST if ip in ANY_ADDRESS else ip


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
    ip: str | None = None,
    public_url: str | None = None,
    max_kernels: int | None = None,
) -> None:
    """Run Voila on the participant apps until interrupted.

    ``on_ready`` gets the local address once the server listens and every app has
    its warm kernels. Arguments left out come from the program's ``[apps]`` settings.
    """
    from tornado.ioloop import IOLoop

    from mentorkit.apps.serving.handlers import ProgramVoila, node_name

    settings = folder.settings.apps
    ip = settings.ip if ip is None else ip
    if port is None:
        port = free_port(settings.port, ip or "0.0.0.0")
    else:
        check_port_free(port, ip or "0.0.0.0")
    pools = pool_sizes(
        settings.pool_size if pool_size is None else pool_size,
        {**settings.pools, **(pools or {})},
    )
    limits = Limits.of(
        pools,
        settings.max_kernels if max_kernels is None else max_kernels,
        settings.kernels_per_participant,
        settings.idle_minutes,
    )
    public_url = settings.public_url if public_url is None else public_url
    base = base_path(public_url)
    with folder.open_store() as store:  # fails here, in one line, if unusable
        program_name = store.program().name
    expose_program(folder, ip)
    config = voila_config(
        program_name,
        port,
        pools,
        refill_delay=settings.refill_delay,
        ip=ip,
        base_url=base,
        limits=limits,
    )
    config.VoilaConfiguration.multi_kernel_manager_class = (
        "mentorkit.apps.serving.kernels.ProgramKernelManager"
    )
    app = ProgramVoila(config=config)
    shown_host = HOST if ip in ANY_ADDRESS else ip
    local_url = f"http://{shown_host}:{port}{base}"
    app.program, app.limits = folder, limits
    app.node, app.address = node_name(port), public_url or local_url
    app.initialize([])

    def ready() -> None:
        if app.door is not None:
            app.door.at_rest()
        on_ready(local_url)

    warm = sum(pools.values())
    IOLoop.current().add_callback(_when_warm, warm, ready)
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
    dashboards: bool = False,
) -> None:
    """Run JupyterLab on the program folder, opened at its facilitator workbooks.

    ``dashboards``: opened instead at the list of the same workbooks as Voila pages
    (``/voila/tree/...``): each runs as it opens and shows its page without code,
    behind the same login as JupyterLab.
    """
    from jupyterlab.labapp import LabApp

    if os.geteuid() == 0 and not allow_root:
        raise MentorkitError(
            "JupyterLab will not run as root; run as a normal user, or add --allow-root "
            "if this is a container"
        )
    copy_facilitator_workbooks(folder)
    expose_program(folder)
    argv = [
        f"--ServerApp.root_dir={folder.path}",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port or free_port(8888)}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.open_browser={open_browser}",
        f"--ServerApp.allow_root={allow_root}",
        f"--LabApp.default_url=/{'voila' if dashboards else 'lab'}/tree/"
        f"{folder.workbooks_dir.name}",
        "--VoilaConfiguration.show_tracebacks=False",
        # the participant apps' template: named fields, announced results, our style
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.classic_tree=True",
    ]
    LabApp.launch_instance(argv=argv)
