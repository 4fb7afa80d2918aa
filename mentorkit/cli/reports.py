"""Cohort reports and pair sheets in batch: mentorkit report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mentorkit.cli._options import (
    _count,
    _program_option,
)


def add(commands) -> None:
    """Add this module's commands to the ``mentorkit`` command."""
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
    which.add_argument(
        "--all",
        action="store_true",
        help="every cohort of the program, and the program report across them",
    )
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


def _run_report(args: argparse.Namespace) -> int:
    import os

    from tqdm import tqdm

    from mentorkit.folder import ProgramFolder
    from mentorkit.reports.batch import plan, run_batch

    folder = ProgramFolder.open(args.program)
    jobs = plan(folder, None if args.all else args.cohort, args.pairs, args.period,
                program=args.all)  # fmt: skip
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
