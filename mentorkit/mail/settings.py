"""``[mail]`` in ``mentorkit.toml``: the SMTP server the program's messages leave by."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mentorkit.domain.records import Record


class MailSettings(Record):
    """Where and how messages are sent. The password is never in the file: the file
    names the environment variable that holds it (``password_env``)."""

    host: str = Field("", max_length=255, description="the SMTP server; empty: none set")
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    user: str = Field("", max_length=255, description="login name; empty: no login")
    password_env: str = Field(
        "",
        pattern=r"^([A-Za-z_][A-Za-z0-9_]*)?$",
        description="the environment variable holding the password (never the password)",
    )
    sender: str = Field("", max_length=255, description="From: of every message")
    reply_to: str = Field("", max_length=255)
    per_minute: int = Field(60, ge=1, le=10_000, description="messages a minute at most")
    timeout: float = Field(30, gt=0, le=600, description="seconds to wait for the server")
    digest_to: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="facilitators who get the daily digest of pairs at risk",
    )
    ca_file: str = Field(
        "", description="certificates to trust besides the system's (a private server's)"
    )
