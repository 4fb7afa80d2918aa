"""Every error mentorkit raises on purpose, under one base class.

Messages say what was wrong, where (record, row, field) and what to do; the
structured fields let the widgets put each problem next to its field and let the
CLI print one clear line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar


class MentorkitError(Exception):
    """Base class for errors a user can act on."""


class MentorkitWarning(UserWarning):
    """Something a user should know about that did not stop the work."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one record."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidRecord(MentorkitError):
    """A record was refused whole; ``problems`` names every field that is wrong."""

    def __init__(self, record: str, problems: list[Problem]):
        self.record = record
        self.problems = list(problems)
        listed = "; ".join(str(p) for p in self.problems)
        super().__init__(f"{record} refused, nothing was saved. {listed}")

    @property
    def fields(self) -> list[str]:
        return [p.field for p in self.problems]


class NotFound(MentorkitError):
    """A record that the caller named does not exist."""

    def __init__(self, kind: str, key: object, hint: str = ""):
        self.kind = kind
        self.key = key
        message = f"No {kind} {key!r}."
        super().__init__(f"{message} {hint}".strip())


class ProgramNotFound(MentorkitError):
    """A path that should be a program folder is not one."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"No mentorkit program at {path} (there is no mentorkit.toml). "
            f"Create one with: mentorkit init {path}"
        )


class ProgramExists(MentorkitError):
    """``init`` was pointed at a folder that already holds a program."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"{path} already holds a mentorkit program; choose another folder "
            "or open this one with --program."
        )


class StoreError(MentorkitError):
    """The database cannot be reached or is not in a usable state."""


class MissingDependency(MentorkitError):
    """An optional package is needed for this feature."""

    def __init__(self, package: str, extra: str, purpose: str):
        self.package = package
        self.extra = extra
        super().__init__(
            f"{purpose} needs the {package} package: pip install 'mentorkit[{extra}]'"
        )


class LinkRefused(MentorkitError):
    """A personal link that cannot be honoured; ``reason`` says why.

    Reasons: ``missing`` (no token in the address), ``tampered`` (the signature does
    not match), ``expired``, ``unknown`` (the participant is no longer in the program),
    ``withdrawn`` (they left it).
    """

    MESSAGES: ClassVar[dict[str, str]] = {
        "missing": "This page needs your personal link, and the address has none.",
        "tampered": "This link is not valid: it may have been cut short or changed.",
        "expired": "This link has expired.",
        "unknown": "This link belongs to someone who is no longer in the program.",
        "withdrawn": "This link no longer opens the apps: its owner left the program.",
    }

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(
            f"{self.MESSAGES[reason]} Open the link from your program's invitation, or "
            "ask your program coordinator for a new one."
        )


class MailError(MentorkitError):
    """The mail server could not be reached, refused the login, or stopped answering."""


class MailRefused(MailError):
    """The server refused one recipient; ``detail`` is its answer. Others may pass."""

    def __init__(self, recipient: str, detail: str):
        self.recipient, self.detail = recipient, detail
        super().__init__(f"the mail server refused {recipient}: {detail}")
