"""The program folder: where one program's settings, database, secret and reports live.

Like a course directory, it gives every file a known place::

    my-program/
      mentorkit.toml     settings (database URL, app port and kernel pool)
      mentorkit.db       the SQLite database (unless MENTORKIT_DB names another)
      .secret            the key that signs participants' personal links
      reports/           generated cohort and pair reports
      workbooks/         the facilitator workbooks, copied here by ``mentorkit lab``
"""

from __future__ import annotations

import os
import secrets
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

from mentorkit.domain.choice import ChoiceSettings
from mentorkit.domain.programs import Cohort, Program
from mentorkit.domain.records import Record
from mentorkit.errors import InvalidRecord, MentorkitError, ProgramExists, ProgramNotFound
from mentorkit.files import make_private
from mentorkit.mail.settings import MailSettings
from mentorkit.matching.criteria import CRITERIA
from mentorkit.matching.policy import MatchPolicy
from mentorkit.store import Store

SETTINGS_FILE = "mentorkit.toml"
DATABASE_FILE = "mentorkit.db"
SECRET_FILE = ".secret"
REPORTS_DIR = "reports"
WORKBOOKS_DIR = "workbooks"
DATABASE_ENV = "MENTORKIT_DB"
PROGRAM_ENV = "MENTORKIT_PROGRAM"

_SETTINGS_TEMPLATE = """\
# mentorkit program settings. Program details (name, dates, cadence) live in the
# database; this file says where the database is and how the apps run.

# Leave empty for the SQLite file beside this one, or give a SQLAlchemy URL such as
# "postgresql+psycopg://mentorkit@db.example.org/mentoring". The MENTORKIT_DB
# environment variable, when set, wins over this line.
database = ""

[apps]
# Where `mentorkit serve` listens: 127.0.0.1 when a proxy (nginx) on this machine
# is in front of it, as the deployment in the README has it.
ip = "127.0.0.1"
port = {port}
# The address participants use, through the proxy, e.g.
# "https://mentoring.example.org/mk/": the apps are served under its path and
# `mentorkit invite` builds the personal links from it.
public_url = ""
# Kernels kept warm per app: size it for the participants you expect at once.
pool_size = {pool_size}
# A different number for some apps, e.g. for an intake day:  pools = {{ intake = 10 }}
# Seconds before a used warm kernel is replaced. Replacements compete with visitors
# for the machine: when many arrive at once (an intake session), size the pool for
# all of them and raise this, e.g. to 60.
refill_delay = {refill_delay}
# Minutes without activity before a visitor's kernel ends (what they typed is kept
# as a draft and comes back when they open the app again).
idle_minutes = 20
# Live kernels at most (each about 140 MB); beyond, visitors wait in a queue.
# 0: as many as 80 % of this machine's memory holds.
max_kernels = 0
# Kernels one participant may hold at once (tabs, devices); the oldest ends first.
kernels_per_participant = 3

[mail]
# How `mentorkit invite --send`, `mentorkit remind` and the calendar invitations reach
# people: your organisation's mail server (SMTP). Try it with
#   mentorkit mail test --program . --to you@example.org
# host = "smtp.example.org"
# port = 587
# security = "starttls"        # or "tls" (port 465) or "none" (a relay on this machine)
# user = "mentoring@example.org"
# password_env = "MENTORKIT_SMTP_PASSWORD"   # the variable that holds the password
# sender = "Mentoring program <mentoring@example.org>"
# reply_to = "coordinator@example.org"
# per_minute = 60              # messages a minute at most
# ca_file = ""                 # a certificate to trust, for a server with its own
# digest_to = ["facilitator@example.org"]   # who gets `mentorkit remind`'s daily digest

[choice]
# Who makes the pairs: "matched" (the program, with `mentorkit match`), "chosen"
# (mentees ask mentors in the choose app) or "both" (choice first, matching the rest).
# mode = "matched"
# requests = 2                 # open requests a mentee may have at once
# answer_days = 3              # days a mentor has to answer before a request expires

[matching]
# How `mentorkit match` and the matching review propose pairs. Every key is
# optional; uncomment to change the default shown.
# objective = "total_score"   # or "most_matched", "stable_mentee", "stable_mentor"
# min_score = 0               # pairs scoring below this are never proposed
# max_timezone_gap = 8        # hours apart at most (12: any)
# required_language = "English"
# department = "cross"        # points for pairs across departments; or "same", "none"
# full_availability_hours = 2 # weekly hours in common that earn all the points
# report_by = ["department", "seniority", "location"]  # the fairness view's groups
# [matching.weights]          # points each criterion can add (a pair's score)
{weights}
"""


def _public_url(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"{url!r} is not a web address; write it like https://mentoring.example.org/mk/"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r}: the public address takes no ?query or #part")
    return url if url.endswith("/") else url + "/"


def weights_template() -> str:
    """The settings file's lines for the criteria weights, from the one registry."""
    return "\n".join(f"# {f'{c.key} = {c.weight:g}':<27} # {c.measures}" for c in CRITERIA)


class AppSettings(Record):
    port: int = Field(8866, ge=1024, le=65535)
    ip: str = Field("127.0.0.1", min_length=1, description="the address to listen on")
    public_url: Annotated[str, AfterValidator(_public_url)] = Field(
        "", description="where participants reach the apps (through a proxy)"
    )
    idle_minutes: float = Field(
        20, ge=0.1, le=1440, description="minutes before an idle visitor's kernel ends"
    )
    max_kernels: int = Field(
        0, ge=0, le=10_000, description="live kernels at most; 0: what the memory allows"
    )
    kernels_per_participant: int = Field(3, ge=1, le=20)
    pool_size: int = Field(2, ge=0, le=32)
    pools: dict[str, Annotated[int, Field(ge=0, le=64)]] = Field(
        default_factory=dict, description="warm kernels per app, where not pool_size"
    )
    refill_delay: float = Field(
        1.0, ge=0, le=3600, description="seconds before a used warm kernel is replaced"
    )


class Settings(Record):
    """What ``mentorkit.toml`` holds."""

    database: str = ""
    apps: AppSettings = Field(default_factory=AppSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    matching: MatchPolicy = Field(default_factory=MatchPolicy)
    choice: ChoiceSettings = Field(default_factory=ChoiceSettings)

    def to_toml(self) -> str:
        if self.database:
            raise ValueError("write a database URL into mentorkit.toml by hand")
        return _SETTINGS_TEMPLATE.format(
            port=self.apps.port,
            pool_size=self.apps.pool_size,
            refill_delay=self.apps.refill_delay,
            weights=weights_template(),
        )


@dataclass(frozen=True)
class ProgramFolder:
    path: Path
    settings: Settings

    @classmethod
    def init(
        cls, path: Path | str, program: Program, cohort: Cohort | None = None
    ) -> ProgramFolder:
        """Create a program folder with its settings, database, secret and reports."""
        path = Path(path).expanduser().resolve()
        if (path / SETTINGS_FILE).exists():
            raise ProgramExists(path)
        if path.exists() and not path.is_dir():
            raise MentorkitError(f"{path} is a file; give a folder for the program")
        created = not path.exists()
        try:
            path.mkdir(parents=True, exist_ok=True)
            (path / REPORTS_DIR).mkdir(exist_ok=True)
            secret = path / SECRET_FILE
            if not secret.exists():
                secret.touch(mode=0o600)
                secret.write_text(secrets.token_urlsafe(32))
            folder = cls(path, Settings())
            with folder.open_store() as store:
                store.save_program(program)
                if cohort is not None:
                    store.add_cohort(cohort)
            # The settings file goes last: it is what makes this a program folder.
            (path / SETTINGS_FILE).write_text(folder.settings.to_toml())
        except BaseException:
            if created:  # leave nothing half-made behind
                shutil.rmtree(path, ignore_errors=True)
            raise
        return folder

    @classmethod
    def open(cls, path: Path | str) -> ProgramFolder:
        """The program folder at ``path``, or ProgramNotFound saying how to make one."""
        path = Path(path).expanduser().resolve()
        settings_file = path / SETTINGS_FILE
        if not settings_file.is_file():
            raise ProgramNotFound(path)
        try:
            data = tomllib.loads(settings_file.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise MentorkitError(f"{settings_file} is not valid TOML: {exc}") from None
        try:
            return cls(path, Settings.from_dict(data))
        except InvalidRecord as exc:
            raise MentorkitError(
                f"{settings_file}: {'; '.join(map(str, exc.problems))}"
            ) from None

    @classmethod
    def resolve(cls, program: ProgramFolder | Path | str | None) -> ProgramFolder:
        """A folder as the pages and workbooks are given it: a folder, a path, or
        (None) the one MENTORKIT_PROGRAM names."""
        if isinstance(program, ProgramFolder):
            return program
        return cls.open(program) if program else cls.from_environment()

    @classmethod
    def from_environment(cls) -> ProgramFolder:
        """The folder named by MENTORKIT_PROGRAM, as the apps and workbooks see it."""
        path = os.environ.get(PROGRAM_ENV)
        if not path:
            raise MentorkitError(
                f"No program chosen: set {PROGRAM_ENV} to a program folder, or start "
                "the apps with `mentorkit serve --program PATH` or "
                "`mentorkit lab --program PATH`."
            )
        return cls.open(path)

    @property
    def database_url(self) -> str:
        return (
            os.environ.get(DATABASE_ENV)
            or self.settings.database
            or f"sqlite:///{self.path / DATABASE_FILE}"
        )

    def open_store(self) -> Store:
        store = Store.open(self.database_url)
        if self.database_url == f"sqlite:///{self.path / DATABASE_FILE}":
            make_private(self.path / DATABASE_FILE)  # it holds reflections and e-mails
        return store

    @property
    def secret(self) -> str:
        return (self.path / SECRET_FILE).read_text().strip()

    @property
    def reports_dir(self) -> Path:
        return self.path / REPORTS_DIR

    @property
    def workbooks_dir(self) -> Path:
        return self.path / WORKBOOKS_DIR
