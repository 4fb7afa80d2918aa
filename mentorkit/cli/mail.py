"""The program's mail: ``mentorkit mail test``."""

from __future__ import annotations

import argparse

from mentorkit.cli._options import _program_option


def add(commands) -> None:
    """Add this module's commands to the ``mentorkit`` command."""
    mail = commands.add_parser(
        "mail",
        help="the program's mail settings: try them",
        description="Messages leave through the SMTP server under [mail] in "
        "mentorkit.toml (host, port, security, user, password_env, sender, reply_to, "
        "per_minute).",
    )
    actions = mail.add_subparsers(dest="mail_action", required=True, metavar="ACTION")
    test = actions.add_parser(
        "test",
        help="send a test message",
        description="Send one test message through [mail] and say how it went.",
    )
    _program_option(test)
    test.add_argument("--to", required=True, metavar="ADDRESS", help="who receives it")
    test.set_defaults(run=_run_test)


def _run_test(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.mailing import send_test

    where = send_test(ProgramFolder.open(args.program), args.to)
    print(f"Sent a test message to {args.to} through {where}.")
    return 0
