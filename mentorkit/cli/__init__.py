"""The ``mentorkit`` command: set up programs and start the apps.

Every failure a user can cause ends in one line on stderr that says what to do,
never a traceback. The commands live by topic in this package's modules.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from mentorkit import __version__
from mentorkit.cli import cohorts, mail, matching, program, reports, roster
from mentorkit.cli._options import EPILOG, _Parser
from mentorkit.errors import MentorkitError


def build_parser() -> argparse.ArgumentParser:
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

    for group in (program, cohorts, roster, mail, matching, reports):
        group.add(commands)
    return parser


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
