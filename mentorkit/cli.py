"""The ``mentorkit`` command: set up programs and start the apps.

Every failure a user can cause ends in one line on stderr that says what to do,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from mentorkit import __version__
from mentorkit.errors import MentorkitError, ProgramExists

EPILOG = "Run 'mentorkit COMMAND --help' for the options of one command."


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line that points at --help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1024 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port between 1024 and 65535")
    return port


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is below zero")
    return value


def _pool(text: str) -> tuple[str, int]:
    name, _, size = text.partition("=")
    try:
        return name.strip(), _count(size)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{text!r} is not APP=N, e.g. intake=10") from None


def _program_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--program",
        required=True,
        type=Path,
        metavar="PATH",
        help="the program folder (made by 'mentorkit init' or 'demo')",
    )


def _cohort_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cohort",
        required=True,
        metavar="NAME",
        help="the cohort, by name (as in 'mentorkit init --cohort')",
    )


def build_parser() -> argparse.ArgumentParser:
    from mentorkit.domain.programs import Format

    parser = _Parser(
        prog="mentorkit",
        description="Run a mentoring program with Jupyter: participant apps in Voila, "
        "facilitator workbooks in JupyterLab, batch reports with papermill.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"mentorkit {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser
    )
    commands.required = True

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
        "'mentorkit serve' running. See the README's deployment section.",
    )
    deploy.add_argument("what", choices=["nginx", "systemd"], help="which file to print")
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
        "--allow-root", action="store_true", help="let JupyterLab run as root (containers)"
    )
    lab.set_defaults(run=_run_lab)
    invite = commands.add_parser(
        "invite",
        help="write a personal link for every participant of a cohort",
        description="Write a CSV (name, email, link) with one personal link per "
        "participant of a cohort. Each link carries a token signed with the program's "
        "secret; it opens only that participant's own records. The file is readable "
        "by you only: the links are as private as passwords.",
    )
    _program_option(invite)
    _cohort_option(invite)
    invite.add_argument(
        "--base-url",
        metavar="URL",
        help="where participants reach the apps (default: [apps] public_url in "
        "mentorkit.toml, or http://127.0.0.1:PORT/ with its port)",
    )
    invite.add_argument(
        "--expires",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="last day the links work (default: the program's end date)",
    )
    invite.add_argument(
        "--out",
        type=Path,
        metavar="FILE.csv",
        help="where to write (default: invitations-COHORT.csv in the program folder)",
    )
    invite.set_defaults(run=_run_invite)

    withdraw = commands.add_parser(
        "withdraw",
        help="a participant leaves the program: their links stop working",
        description="Mark a participant (by id or e-mail) as withdrawn: from then on "
        "every personal link of theirs gets the page that says it cannot be used, and "
        "matching leaves them out. --undo brings them back.",
    )
    _program_option(withdraw)
    withdraw.add_argument("who", metavar="EMAIL|ID", help="the participant")
    withdraw.add_argument(
        "--cohort", metavar="NAME", help="their cohort, when the e-mail is in several"
    )
    withdraw.add_argument(
        "--undo", action="store_true", help="bring a withdrawn participant back"
    )
    withdraw.set_defaults(run=_run_withdraw)

    export = commands.add_parser(
        "export",
        help="export a cohort's participants to CSV or Excel",
        description="Export a cohort's participants to a .csv or .xlsx file. Text "
        "that a spreadsheet would run as a formula (starting with = + - @) is stored "
        "as plain text.",
    )
    _program_option(export)
    _cohort_option(export)
    export.add_argument(
        "--to",
        required=True,
        type=Path,
        metavar="FILE",
        help="a .csv or .xlsx file to write",
    )
    export.set_defaults(run=_run_export)
    roster = commands.add_parser(
        "import",
        help="import a roster (CSV or XLSX, form exports included)",
        description="Import participants from a CSV or XLSX file, such as a Google "
        "Forms or Microsoft Forms export. Headers are matched to fields by built-in "
        "synonyms, or by a mapping file with a [columns] table of "
        '"Header text" = "field". Rejected rows are listed with their row number, '
        "field and reason, and written to FILE.rejected.csv; good rows are saved. "
        "Participants are matched by e-mail, so importing again updates them, and only "
        "in the columns the file has: status and consents stay unless it has them.",
    )
    _program_option(roster)
    _cohort_option(roster)
    roster.add_argument("file", type=Path, metavar="FILE", help="a .csv or .xlsx file")
    roster.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE.toml",
        help="a mapping file for headers the synonyms do not know",
    )
    roster.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and report, but write nothing",
    )
    roster.add_argument(
        "--clear-empty",
        action="store_true",
        help="an empty cell clears that answer of a known participant (by default an "
        "empty cell, like a column the file does not have, changes nothing)",
    )
    roster.set_defaults(run=_run_import)

    match = commands.add_parser(
        "match",
        help="propose mentor-mentee pairs for a cohort",
        description="Score every mentor-mentee pair of a cohort and propose pairs "
        "under the program's [matching] settings. Pairs are kept as drafts for the "
        "matching review until published; published and locked pairs are kept, "
        "closed pairs are never proposed again. With --format speed, prints a "
        "speed-mentoring rotation instead; with --format resource, each mentee's "
        "shortlist.",
    )
    _program_option(match)
    _cohort_option(match)
    match.add_argument(
        "--format",
        choices=["one_on_one", "group", "reverse", "peer", "speed", "resource"],
        help="the program's format unless given (one_on_one by default)",
    )
    match.add_argument(
        "--objective",
        choices=[str(o) for o in _objectives()],
        help="total_score (default): the best total; most_matched: as many matched "
        "as possible, then the best total; stable_mentee / stable_mentor: no pair "
        "would rather leave, best for that side",
    )
    match.add_argument("--publish", action="store_true", help="publish the pairs at once")
    match.add_argument(
        "--rounds", type=_count, default=6, help="speed format: rounds (default 6)"
    )
    match.add_argument(
        "--minutes", type=_count, default=10, help="speed format: minutes a round (10)"
    )
    match.add_argument(
        "--to", type=Path, metavar="FILE.csv", help="also write the result to a CSV file"
    )
    match.set_defaults(run=_run_match)

    report = commands.add_parser(
        "report",
        help="make cohort reports (and pair progress sheets) as HTML",
        description="Run the report workbooks with papermill, several at once, and "
        "render each as a self-contained HTML page without code (charts embedded; it "
        "opens offline). Writes index.html listing every report with its status. A "
        "report that fails is listed with its cell and error, its partial notebook "
        "kept in notebooks/, and the others still finish.",
    )
    _program_option(report)
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--cohort",
        action="append",
        metavar="NAME",
        help="a cohort to report on (repeat for several)",
    )
    which.add_argument("--all", action="store_true", help="every cohort of the program")
    report.add_argument(
        "--pairs", action="store_true", help="also a progress sheet for every pair"
    )
    report.add_argument(
        "--jobs",
        type=_count,
        default=None,
        help="reports made at once (default: the number of CPU cores)",
    )
    report.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="where to write the reports (default: the program's reports/ folder)",
    )
    report.add_argument(
        "--resume",
        action="store_true",
        help="skip reports already made from the same workbook and the same data",
    )
    report.add_argument(
        "--period",
        metavar="START..END",
        help="the window to report on, e.g. 2026-06-01..2026-11-30 (default: from the "
        "start to today)",
    )
    report.set_defaults(run=_run_report)
    return parser


def _run_report(args: argparse.Namespace) -> int:
    import os

    from tqdm import tqdm

    from mentorkit.folder import ProgramFolder
    from mentorkit.reports.batch import plan, run_batch

    folder = ProgramFolder.open(args.program)
    jobs = plan(folder, None if args.all else args.cohort, args.pairs, args.period)
    out = args.out or folder.reports_dir
    workers = args.jobs or os.cpu_count() or 2
    if not jobs:
        print("Nothing to report: the program has no cohorts yet.")
        return 0
    with tqdm(total=len(jobs), unit="report", desc="reports", file=sys.stderr) as bar:

        def advanced(outcome) -> None:
            bar.update()
            if not outcome.ok:
                bar.write(f"failed: {outcome.title}: {outcome.error}")

        outcomes = run_batch(
            folder, jobs, out, workers=workers, resume=args.resume, progress=advanced
        )
    made = sum(o.status == "made" for o in outcomes)
    kept = sum(o.status == "up to date" for o in outcomes)
    failed = [o for o in outcomes if not o.ok]
    print(
        f"{made} made, {kept} up to date, {len(failed)} failed. "
        f"Open {(out / 'index.html').resolve()}"
    )
    return 1 if failed else 0


def _objectives():
    from mentorkit.matching import Objective

    return list(Objective)


def _run_match(args: argparse.Namespace) -> int:
    import pandas as pd

    from mentorkit.folder import ProgramFolder
    from mentorkit.matching import pair_peers, recommend, speed_rotation
    from mentorkit.services.exporting import write_table
    from mentorkit.services.matching_runs import cohort_sides, match_cohort

    folder = ProgramFolder.open(args.program)
    changes = {
        key: value
        for key, value in (("format", args.format), ("objective", args.objective))
        if value
    }
    policy = folder.settings.matching.updated(**changes)
    with folder.open_store() as store:
        if args.format in ("speed", "resource", "peer"):
            store.cohort(args.cohort)
            mentors, mentees = cohort_sides(store, args.cohort)
            names = dict(zip(mentors["id"], mentors["name"], strict=True)) | dict(
                zip(mentees["id"], mentees["name"], strict=True)
            )
            if args.format == "peer":
                pool = pd.concat([mentors, mentees]).drop_duplicates("id")
                result = pair_peers(pool, policy)
                table = result.pairs
                proof = (
                    "the best pairing there is"
                    if result.proven_optimal
                    else (f"within {result.bound - result.total:.2f} of the best")
                )
                print(
                    f"{len(table)} peer pairs, total score {result.total:,.2f} ({proof}); "
                    f"{len(result.unmatched)} without a partner."
                )
            elif args.format == "speed":
                rotation = speed_rotation(
                    mentors, mentees, args.rounds, args.minutes, policy=policy
                )
                print(rotation.table(names))
                table = rotation.schedule
            else:
                table = recommend(mentors, mentees, policy=policy)
                print(
                    f"{table['mentee_id'].nunique()} mentees have a shortlist of up "
                    f"to 5 mentors."
                )
            if args.to:
                write_table(table, args.to)
                print(f"Wrote {args.to}")
            return 0
        proposal = match_cohort(store, args.cohort, policy, publish=args.publish)
    print(f"{args.cohort}: {proposal.summary()}")
    for reason, count in proposal.unmatched["reason"].value_counts().items():
        print(f"  unmatched, {reason}: {count}")
    if args.publish:
        print("Published: the pairs can now see each other in their apps.")
    else:
        print(
            "Kept as drafts: review them in the matching review workbook "
            "(mentorkit lab), or run again with --publish."
        )
    if args.to:
        write_table(proposal.pairs, args.to)
        print(f"Wrote the pairs to {args.to}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.importing import import_roster, write_rejections

    folder = ProgramFolder.open(args.program)
    report = import_roster(
        folder, args.cohort, args.file, args.mapping, args.dry_run, args.clear_empty
    )
    for header, target in report.columns.items():
        print(f"  column {header!r} -> {target}")
    if report.ignored:
        print(f"  ignored columns: {', '.join(map(repr, report.ignored))}")
    saved = report.saved
    verb = "would add" if args.dry_run else "added"
    print(
        f"Read {report.rows} rows: {verb} {saved.added}, "
        f"{'would update' if args.dry_run else 'updated'} {saved.updated}, "
        f"unchanged {saved.unchanged}, rejected {report.rejected_rows}."
    )
    for problem in report.rejected:
        print(f"  row {problem['row']}, {problem['field']}: {problem['reason']}")
    if args.dry_run:
        print("Dry run: nothing was written.")
    elif (path := write_rejections(report, args.file)) is not None:
        print(f"The rejected rows are listed in {path}")
    return 0


def _run_invite(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.invitations import write_invitations

    folder = ProgramFolder.open(args.program)
    apps = folder.settings.apps
    base_url = args.base_url or apps.public_url or f"http://127.0.0.1:{apps.port}/"
    path, rows = write_invitations(folder, args.cohort, base_url, args.out, args.expires)
    print(f"Wrote {rows} personal links to {path}")
    return 0


def _run_withdraw(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.access import reinstate, withdraw

    with ProgramFolder.open(args.program).open_store() as store:
        person = (reinstate if args.undo else withdraw)(store, args.who, args.cohort)
    if args.undo:
        print(f"{person.name} ({person.id}) is back in {person.cohort!r}, {person.status}:"
              " their links work again.")  # fmt: skip
    else:
        print(f"{person.name} ({person.id}) has withdrawn from {person.cohort!r}: their "
              "links open nothing now. Undo with --undo.")  # fmt: skip
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.exporting import write_table

    if args.to.suffix.lower() not in {".csv", ".xlsx"}:
        raise MentorkitError(f"{args.to.name}: --to must end in .csv or .xlsx")
    with ProgramFolder.open(args.program).open_store() as store:
        store.cohort(args.cohort)
        people = store.participants(cohort=args.cohort)
    write_table(people, args.to)
    print(f"Wrote {len(people)} participants of {args.cohort!r} to {args.to}")
    return 0


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
    from mentorkit.apps.deploy import nginx_site, systemd_unit
    from mentorkit.folder import ProgramFolder

    folder = ProgramFolder.open(args.program)
    if args.what == "nginx":
        text = nginx_site(
            folder, args.upstream, args.listen, args.certificate, args.key, args.access_log
        )
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
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except MentorkitError as exc:
        print(f"mentorkit {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except MemoryError:
        print(
            f"mentorkit {args.command}: error: this machine ran out of memory; for "
            "matching, split a very large cohort or run it on a machine with more memory",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
