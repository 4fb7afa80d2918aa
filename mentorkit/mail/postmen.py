"""How messages leave: through an SMTP server, or into a folder as .eml files (a dry
run), at most so many a minute."""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
import time
from email.message import EmailMessage
from pathlib import Path

from mentorkit.errors import MailError, MailRefused, MentorkitError
from mentorkit.files import slug, write_atomically
from mentorkit.mail.settings import MailSettings


class Pacer:
    """At most ``per_minute`` messages a minute: waits between sends as needed."""

    def __init__(self, per_minute: int, clock=time.monotonic, sleep=time.sleep):
        self.gap = 60.0 / per_minute
        self._clock, self._sleep = clock, sleep
        self._last: float | None = None

    def wait(self) -> None:
        now = self._clock()
        if self._last is not None and now - self._last < self.gap:
            self._sleep(self.gap - (now - self._last))
        self._last = self._clock()


def password_of(settings: MailSettings) -> str:
    """The login's password, from the environment variable ``[mail] password_env``."""
    if not settings.user:
        return ""
    if not settings.password_env:
        raise MentorkitError(
            "[mail] user is set but password_env is not: name the environment variable "
            'that holds the password, e.g. password_env = "MENTORKIT_SMTP_PASSWORD"'
        )
    password = os.environ.get(settings.password_env)
    if password is None:
        raise MentorkitError(
            f"Set the environment variable {settings.password_env} (named by [mail] "
            "password_env) to the mail account's password."
        )
    return password


class SmtpPostman:
    """A connection to the program's mail server, opened for one batch of messages."""

    outcome = "sent"  # what a message handed over successfully is recorded as

    def __init__(self, settings: MailSettings):
        if not settings.host:
            raise MentorkitError(
                "No mail server is set: add host, port, security and sender under [mail] "
                "in mentorkit.toml (or use --dry-run to write the messages to a folder)."
            )
        self.settings = settings
        self.password = password_of(settings)
        self.where = f"{settings.host}:{settings.port} ({settings.security})"
        self._smtp: smtplib.SMTP | None = None

    def _tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.settings.ca_file:
            try:
                context.load_verify_locations(self.settings.ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise MentorkitError(
                    f"[mail] ca_file {self.settings.ca_file!r} cannot be read: {exc}"
                ) from None
        return context

    def __enter__(self) -> SmtpPostman:
        self.connect()
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def connect(self) -> None:
        s = self.settings
        try:
            if s.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=self._tls()
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=self._tls())
            if s.user:
                smtp.login(s.user, self.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise MailError(f"The mail server at {self.where} refused the login of "
                            f"{s.user!r}: {_said(exc)}") from None  # fmt: skip
        except smtplib.SMTPNotSupportedError:
            raise MailError(f"The mail server at {self.where} does not offer STARTTLS; "
                            'set [mail] security = "tls" or "none"') from None  # fmt: skip
        except ssl.SSLError as exc:
            raise MailError(f"No secure connection to {self.where}: {exc.reason or exc}. "
                            "A server with its own certificate needs [mail] ca_file."
                            ) from None  # fmt: skip
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"Cannot reach the mail server at {self.where}: "
                            f"{_said(exc)}") from None  # fmt: skip
        self._smtp = smtp

    def send(self, message: EmailMessage) -> None:
        """Send one message. MailRefused: the server refused its recipient for good
        (5xx); MailError: the server is gone or asks to wait (4xx), and the batch stops
        so the rest go on a later run. A connection found closed before anything was
        sent is opened again once; after that nothing is resent (it may have gone)."""
        for attempt in (1, 2):
            if self._smtp is None:
                self.connect()
            try:
                refused = self._smtp.send_message(message)
            except smtplib.SMTPServerDisconnected as exc:  # idle too long, say
                self.close()
                if attempt == 1:
                    continue
                raise MailError(f"The mail server at {self.where} closed the connection: "
                                f"{_said(exc)}") from None  # fmt: skip
            except smtplib.SMTPRecipientsRefused as exc:
                self._refused(message, list(exc.recipients.values()))
            except smtplib.SMTPSenderRefused as exc:
                answer = (exc.smtp_code, exc.smtp_error)
                if 400 <= exc.smtp_code < 500:
                    self._refused(message, [answer])  # it asks to wait
                sender = self.settings.sender
                raise MailError(f"The mail server refused the sender {sender!r}: "
                                f"{_said(answer)}") from None  # fmt: skip
            except smtplib.SMTPDataError as exc:
                self._refused(message, [(exc.smtp_code, exc.smtp_error)])
            except (OSError, smtplib.SMTPException) as exc:
                self.close()
                raise MailError(f"The mail server at {self.where} stopped answering: "
                                f"{_said(exc)}") from None  # fmt: skip
            if refused:
                self._refused(message, list(refused.values()))
            return

    def _refused(self, message: EmailMessage, answers: list[tuple]) -> None:
        """MailError for a server that asks to wait (4xx), else MailRefused."""
        detail = "; ".join(_said(answer) for answer in answers)
        if any(
            400 <= int(code) < 500 for code, _ in answers
        ):  # "try later": not the address
            self.close()
            raise MailError(f"The mail server at {self.where} asks to wait ({detail}); the "
                            "rest are sent on the next run. Lower [mail] per_minute if it "
                            "keeps asking.")  # fmt: skip
        raise MailRefused(str(message["To"]), detail)

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


class FolderPostman:
    """A dry run: each message becomes a private .eml file in ``folder``."""

    outcome = "written"

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.where = str(self.folder)
        self.written: list[Path] = []

    def __enter__(self) -> FolderPostman:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *_exc) -> None:
        pass

    def send(self, message: EmailMessage) -> None:
        kind = message.get("X-Mentorkit-Kind", "message")
        name = f"{len(self.written) + 1:04d}-{kind}-{slug(str(message['To']), 'to')}.eml"
        path = write_atomically(self.folder / name, lambda p: p.write_bytes(bytes(message)))
        self.written.append(path)


def _said(exc: object) -> str:
    """A server's answer as one line: ``(550, b'No such user')`` -> ``550 No such user``."""
    if isinstance(exc, tuple) and len(exc) == 2:
        code, text = exc
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{code} {' '.join(text.split())}"
    code = getattr(exc, "smtp_code", None)
    text = getattr(exc, "smtp_error", None)
    if code is not None and text is not None:
        return _said((code, text))
    return " ".join(str(exc).split()) or type(exc).__name__
