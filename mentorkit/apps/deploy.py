"""Files a coordinator installs to run the apps for real: an nginx site in front of
one or more ``mentorkit serve`` processes, a systemd unit for each process, and the
daily run of ``mentorkit remind`` (a cron line, or a systemd timer)."""

from __future__ import annotations

import getpass
import re
import sys
from importlib.resources import files
from urllib.parse import urlsplit

from mentorkit.apps.config import base_path
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder

CLIENT_COOKIE = "mentorkit_client"
_UPSTREAM = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+):(\d{2,5})$")


def _render(name: str, **values) -> str:
    from jinja2 import Environment, StrictUndefined

    source = (files("mentorkit.templates") / "deploy" / name).read_text()
    return (
        Environment(undefined=StrictUndefined, keep_trailing_newline=True)
        .from_string(source)
        .render(**values)
    )


def _program_name(folder: ProgramFolder) -> str:
    with folder.open_store() as store:
        return store.program().name


def nginx_site(
    folder: ProgramFolder,
    upstreams: list[str] | None = None,
    listen: str = "443",
    certificate: str | None = None,
    key: str | None = None,
    access_log: str = "/var/log/nginx/mentorkit.services.access.log",
) -> str:
    """An nginx site serving the apps at the program's public address."""
    apps = folder.settings.apps
    if not apps.public_url:
        raise MentorkitError(
            "Set [apps] public_url in mentorkit.toml first, e.g. public_url = "
            '"https://mentoring.example.org/mk/": the site serves the apps there.'
        )
    upstreams = upstreams or [f"127.0.0.1:{apps.port}"]
    for upstream in upstreams:
        if not _UPSTREAM.match(upstream):
            raise MentorkitError(f"--upstream {upstream!r} is not HOST:PORT")
    if not listen.isdigit():
        raise MentorkitError(f"--listen {listen!r} is not a port number")
    host = urlsplit(apps.public_url).hostname
    return _render(
        "nginx-site.conf.j2",
        program=_program_name(folder),
        public_url=apps.public_url,
        host=host,
        path=base_path(apps.public_url),
        upstreams=upstreams,
        listen=listen,
        certificate=certificate or f"/etc/letsencrypt/live/{host}/fullchain.pem",
        key=key or f"/etc/letsencrypt/live/{host}/privkey.pem",
        cookie=CLIENT_COOKIE,
        access_log=access_log,
    )


def systemd_unit(
    folder: ProgramFolder, port: int | None = None, user: str | None = None
) -> str:
    """A systemd unit keeping one ``mentorkit serve`` of the program running."""
    port = port or folder.settings.apps.port
    return _render(
        "mentorkit.service.j2",
        program=_program_name(folder),
        folder=folder.path,
        port=port,
        user=user or getpass.getuser(),
        python=sys.executable,
        unit=f"mentorkit-{port}.service",
    )


def reminders_schedule(
    folder: ProgramFolder, at: str = "08:00", user: str | None = None
) -> str:
    """A cron line and a systemd timer running ``mentorkit remind`` every day at ``at``."""
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", at):
        raise MentorkitError(f"--at {at!r} is not a time of day such as 08:00")
    hour, minute = at.split(":")
    return _render(
        "mentorkit-remind.j2", program=_program_name(folder), folder=folder.path, at=at,
        hour=int(hour), minute=int(minute), user=user or getpass.getuser(),
        python=sys.executable,
    )  # fmt: skip
