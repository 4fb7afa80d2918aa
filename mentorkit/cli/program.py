"""Setting up a program and running its apps: init, demo, serve, status, deploy, lab."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from mentorkit.cli._options import (
    _count,
    _iso_date,
    _pool,
    _port,
    _program_option,
)
from mentorkit.errors import ProgramExists


def add(commands) -> None:
    """Add this module's commands to the ``mentorkit`` command."""
    from mentorkit.domain.programs import Format

    init = commands.add_parser(
        "init",
        help="create a program folder",
        description="Create a program folder: settings, database, the secret that signs "
        "personal links, and a reports folder.",
    )
    init.add_argument("path", type=Path, metavar="PATH", help="folder to create")
    init.add_argument("--name", help="program name (default: from the folder name)")
    init.add_argument(
        "--start",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="first day of the program (default: today)",
    )
    init.add_argument(
        "--end",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="last day of the program (default: a year after the start)",
    )
    init.add_argument(
        "--format",
        choices=[f.value for f in Format],
        default="one_on_one",
        help="how mentors and mentees meet (default: one_on_one)",
    )
    init.add_argument(
        "--cohort", metavar="NAME", help="create a first cohort with this name"
    )
    init.set_defaults(run=_run_init)

    demo = commands.add_parser(
        "demo",
        help="create a demo program and start its apps",
        description="Create a program folder filled with a realistic demo cohort, then "
        "serve the participant apps (unless --no-serve). An existing demo "
        "folder is served as it is.",
    )
    demo.add_argument("path", type=Path, metavar="PATH", help="folder for the demo program")
    demo.add_argument(
        "--no-serve", action="store_true", help="create the demo program and stop"
    )
    demo.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    demo.add_argument("--mentors", type=_count, default=15, help="how many mentors (15)")
    demo.add_argument("--mentees", type=_count, default=40, help="how many mentees (40)")
    demo.add_argument(
        "--cohorts", type=_count, default=1, help="how many cohorts, each that size (1)"
    )
    demo.add_argument(
        "--no-history",
        action="store_true",
        help="a cohort waiting to be matched, instead of a program that started "
        "months ago with pairs, agreements, goals, meetings and reflections",
    )
    demo.add_argument(
        "--port", type=_port, help="port to serve on (default: 8866 or the next free one)"
    )
    demo.set_defaults(run=_run_demo)

    serve = commands.add_parser(
        "serve",
        help="serve the participant apps with Voila",
        description="Serve the participant apps (intake, agreement, goals, reflection) "
        "with Voila, with kernels kept warm, and print the address. Each visit needs "
        "a valid personal link and gets its own kernel, which ends when the visitor "
        "leaves or after [apps] idle_minutes without use; beyond [apps] max_kernels, "
        "visitors wait in a queue. Stop with Ctrl+C.",
    )
    _program_option(serve)
    serve.add_argument(
        "--ip",
        metavar="ADDRESS",
        help="address to listen on (default: [apps] ip, 127.0.0.1; a proxy in front)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="where participants reach the apps through the proxy, e.g. "
        "https://mentoring.example.org/mk/ (default: [apps] public_url); the apps are "
        "served under its path",
    )
    serve.add_argument(
        "--max-kernels",
        type=_count,
        metavar="N",
        help="live kernels at most (default: [apps] max_kernels, or what memory allows)",
    )
    serve.add_argument(
        "--port",
        type=_port,
        help="port to listen on (default: from mentorkit.toml, or the next free one)",
    )
    serve.add_argument(
        "--pool",
        type=_pool,
        action="append",
        default=[],
        metavar="APP=N",
        help="warm kernels for one app, e.g. --pool intake=10 before an intake day",
    )
    serve.add_argument(
        "--pool-size",
        type=_count,
        metavar="N",
        help="kernels kept warm per app (default: from mentorkit.toml)",
    )
    serve.set_defaults(run=_run_serve)

    status = commands.add_parser(
        "status",
        help="show the running servers: kernels, queue, memory, today's visits",
        description="Show what each running 'mentorkit serve' of the program reports "
        "(from the program's database, so it works from any machine that reaches it): "
        "kernels live, warm and starting, visitors waiting, memory now, at rest and at "
        "most; and today's visitors and saves.",
    )
    _program_option(status)
    status.set_defaults(run=_run_status)

    deploy = commands.add_parser(
        "deploy",
        help="print an nginx site or a systemd unit for serving the apps",
        description="Print a configuration file to install: 'nginx' gives a site that "
        "serves the apps under the path of [apps] public_url with TLS and WebSockets, "
        "sticky to one serve process per visitor; 'systemd' gives a unit that keeps "
        "'mentorkit serve' running; 'reminders' gives a cron line and a systemd timer "
        "that run 'mentorkit remind' every day. See the README's deployment section.",
    )
    deploy.add_argument("what", choices=["nginx", "systemd", "reminders"],
                        help="which file to print")  # fmt: skip
    _program_option(deploy)
    deploy.add_argument(
        "--upstream",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="nginx: a 'mentorkit serve' to send visitors to (repeat for several; "
        "default: 127.0.0.1 and [apps] port)",
    )
    deploy.add_argument(
        "--listen", default="443", metavar="PORT", help="nginx: the HTTPS port (443)"
    )
    deploy.add_argument(
        "--certificate",
        metavar="FILE",
        help="nginx: the TLS certificate (default: Let's Encrypt's path for the host)",
    )
    deploy.add_argument(
        "--key", metavar="FILE", help="nginx: the certificate's private key (likewise)"
    )
    deploy.add_argument(
        "--access-log",
        default="/var/log/nginx/mentorkit.services.access.log",
        metavar="FILE",
        help="nginx: the site's access log (paths only: links' tokens are left out)",
    )
    deploy.add_argument(
        "--port", type=_port, help="systemd: the port this serve process listens on"
    )
    deploy.add_argument(
        "--user", help="systemd: the account the server runs as (default: you)"
    )
    deploy.add_argument(
        "--at", default="08:00", metavar="HH:MM",
        help="reminders: the time of day they go out (08:00)",
    )  # fmt: skip
    deploy.set_defaults(run=_run_deploy)

    lab = commands.add_parser(
        "lab",
        help="open JupyterLab on the facilitator workbooks",
        description="Copy the facilitator workbooks into the program folder (an edited "
        "copy is never overwritten) and open JupyterLab on them.",
    )
    _program_option(lab)
    lab.add_argument(
        "--port",
        type=_port,
        help="port for JupyterLab (default: 8888 or the next free one)",
    )
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument(
        "--dashboards",
        action="store_true",
        help="open the facilitator pages as dashboards (Voila: no code, each page runs "
        "when opened) instead of JupyterLab; the workbooks stay at /lab",
    )
    lab.add_argument(
        "--allow-root", action="store_true", help="let JupyterLab run as root (containers)"
    )
    lab.set_defaults(run=_run_lab)


def _run_init(args: argparse.Namespace) -> int:
    from mentorkit.domain.programs import Cohort, Program
    from mentorkit.folder import ProgramFolder

    start = args.start or date.today()
    end = args.end or start + timedelta(days=365)
    program = Program.from_dict(
        {
            "name": args.name
            or args.path.resolve().name.replace("-", " ").replace("_", " "),
            "format": args.format,
            "start_date": start,
            "end_date": end,
        }
    )
    cohort = Cohort(name=args.cohort) if args.cohort else None
    folder = ProgramFolder.init(args.path, program, cohort)
    print(f"Created the program {program.name!r} in {folder.path}")
    print(f"Next: mentorkit serve --program {args.path}")
    return 0


def _run_demo(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.demo import HISTORY_DAYS, create_demo

    try:
        folder = create_demo(
            args.path,
            mentors=args.mentors,
            mentees=args.mentees,
            seed=args.seed,
            history=not args.no_history,
            cohorts=max(1, args.cohorts),
        )
        cohorts = f" in each of {args.cohorts} cohorts" if args.cohorts > 1 else ""
        print(
            f"Created a demo program with {args.mentors} mentors and {args.mentees} "
            f"mentees{cohorts} in {folder.path}"
        )
        if not args.no_history:
            with folder.open_store() as store:
                pairs = len(store.matches())
            print(
                f"It started {HISTORY_DAYS} days ago: {pairs} pairs, with the "
                "agreements, goals, meetings and reflections of the months since."
            )
    except ProgramExists:
        if args.no_serve:
            raise
        folder = ProgramFolder.open(args.path)
        print(f"Using the program already in {folder.path}")
    if args.no_serve:
        print(f"Serve it with: mentorkit serve --program {args.path}")
        return 0
    return _serve(folder, args.port, None)


def _run_serve(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder

    return _serve(
        ProgramFolder.open(args.program),
        args.port,
        args.pool_size,
        dict(args.pool),
        ip=args.ip,
        public_url=args.public_url,
        max_kernels=args.max_kernels,
    )


def _serve(folder, port: int | None, pool_size: int | None, pools=None, **more) -> int:
    from mentorkit.apps import PARTICIPANT_APPS, serve

    public_url = more.get("public_url") or folder.settings.apps.public_url

    def ready(url: str) -> None:
        print(f"\nThe mentorkit apps are ready at {url}", flush=True)
        if public_url:
            print(f"Participants reach them at {public_url} (through the proxy).")
        for app in PARTICIPANT_APPS:
            print(f"  {app.title:<28} {url}voila/render/{app.filename}", flush=True)
        print("Stop with Ctrl+C.", flush=True)

    print("Starting the participant apps and warming up their kernels...", flush=True)
    serve(folder, port=port, pool_size=pool_size, on_ready=ready, pools=pools, **more)
    return 0


def _run_status(args: argparse.Namespace) -> int:
    from mentorkit.apps.status import status_lines
    from mentorkit.folder import ProgramFolder

    print("\n".join(status_lines(ProgramFolder.open(args.program))))
    return 0


def _run_deploy(args: argparse.Namespace) -> int:
    from mentorkit.apps.deploy import nginx_site, reminders_schedule, systemd_unit
    from mentorkit.folder import ProgramFolder

    folder = ProgramFolder.open(args.program)
    if args.what == "nginx":
        text = nginx_site(
            folder, args.upstream, args.listen, args.certificate, args.key, args.access_log
        )
    elif args.what == "reminders":
        text = reminders_schedule(folder, args.at, args.user)
    else:
        text = systemd_unit(folder, args.port, args.user)
    print(text, end="")
    return 0


def _run_lab(args: argparse.Namespace) -> int:
    from mentorkit.apps import lab
    from mentorkit.folder import ProgramFolder

    folder = ProgramFolder.open(args.program)
    with folder.open_store():
        pass
    lab(
        folder,
        port=args.port,
        open_browser=not args.no_browser,
        allow_root=args.allow_root,
        dashboards=args.dashboards,
    )
    return 0
