"""What every command's options share: one-line usage errors and the option types.

Every failure a user can cause ends in one line on stderr that says what to do,
never a traceback.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

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
