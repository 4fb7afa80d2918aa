"""A real SMTP server on 127.0.0.1 (aiosmtpd), and demo programs that send to it."""

from __future__ import annotations

import email
import email.policy
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mentorkit.apps import free_port
from mentorkit.folder import ProgramFolder
from mentorkit.services.demo import create_demo


@dataclass
class Inbox:
    """What the server received; ``refuse``: addresses it answers 550 to."""

    refuse: set[str] = field(default_factory=set)
    defer_after: int | None = None  # "421 try later" once this many were accepted
    received: list = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        if self.defer_after is not None and len(self.received) >= self.defer_after:
            return "421 4.7.0 Too many messages, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.received if address in rcpt]


def _serve(inbox: Inbox, **options):
    aiosmtpd = pytest.importorskip("aiosmtpd.controller", reason="pip install aiosmtpd")
    for attempt in range(10):  # a port found free may be taken before the bind
        port = free_port(8025 + 37 * attempt)
        controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port, **options)
        try:
            controller.start()
        except OSError:
            continue
        return controller, port
    pytest.fail("no free port for the test's SMTP server")


@pytest.fixture
def smtp():
    """A plain SMTP server (a relay on this machine, as [mail] security = "none")."""
    inbox = Inbox()
    controller, inbox.port = _serve(inbox)
    yield inbox
    controller.stop()


@pytest.fixture
def certificate(tmp_path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (key, cert), made with openssl."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True,
        )  # fmt: skip
    except FileNotFoundError:
        pytest.skip("openssl is not installed (apt-get install openssl)")
    return key, cert


@pytest.fixture
def starttls_smtp(certificate):
    """An SMTP server that accepts mail only after STARTTLS, with its own certificate."""
    import ssl

    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller, inbox.port = _serve(inbox, tls_context=context, require_starttls=True)
    inbox.cert = cert
    yield inbox
    controller.stop()


def with_mail(folder: ProgramFolder, **values) -> ProgramFolder:
    """The folder with these ``[mail]`` settings written into its mentorkit.toml."""
    settings = folder.path / "mentorkit.toml"
    lines = [f"{k} = {v!r}".replace("'", '"') if isinstance(v, str) else f"{k} = {v}"
             for k, v in values.items()]  # fmt: skip
    head, rest = settings.read_text().split("[mail]\n", 1)
    section, tail = rest.split("\n[", 1)
    comments = [line for line in section.splitlines() if line.startswith("#")]
    settings.write_text(head + "[mail]\n" + "\n".join(lines + comments) + "\n\n[" + tail)
    return ProgramFolder.open(folder.path)


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    return create_demo(tmp_path / "demo", mentors=4, mentees=10)


def mailing(folder: ProgramFolder, port: int, **more) -> ProgramFolder:
    values = {"host": "127.0.0.1", "port": port, "security": "none",
              "sender": "Demo mentoring <mentoring@example.org>",
              "reply_to": "coordinator@example.org", "per_minute": 6000}  # fmt: skip
    return with_mail(folder, **(values | more))
