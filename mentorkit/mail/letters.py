"""What one message says, and the message itself: plain text and HTML alike.

A letter holds plain words only; every word of it is escaped in the HTML part, so
what a participant typed (their name, a goal) is shown, never run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from html import escape

from mentorkit.errors import MailRefused, MentorkitError
from mentorkit.mail.settings import MailSettings


@dataclass(frozen=True)
class Attachment:
    """A file sent along: ``mime`` such as "text/calendar", with its parameters."""

    name: str
    mime: str
    data: bytes
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Letter:
    """One message to one person: ``paragraphs``, a list of ``items`` (each may link
    somewhere), the main link as a button, then the closing lines (``after``)."""

    kind: str
    to: str
    to_name: str
    subject: str
    paragraphs: tuple[str, ...]
    items: tuple[tuple[str, str], ...] = ()  # a list after the paragraphs: (text, link)
    link: str = ""
    link_text: str = ""
    after: tuple[str, ...] = ()
    stop_link: str = ""  # where the reader stops messages of this kind
    stop_text: str = "Stop these messages"
    attachments: tuple[Attachment, ...] = field(default=())


def compose(letter: Letter, settings: MailSettings) -> EmailMessage:
    """The message as it is sent: headers, a plain-text part and an HTML part."""
    if not settings.sender or "@" not in parseaddr(settings.sender)[1]:
        raise MentorkitError(
            "Set [mail] sender in mentorkit.toml, e.g. "
            'sender = "Mentoring program <mentoring@example.org>"'
        )
    message = EmailMessage()
    message["Subject"] = _header(letter.subject)
    message["From"] = settings.sender
    message["To"] = formataddr((_header(letter.to_name), ascii_address(letter.to)))
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=parseaddr(settings.sender)[1].split("@")[1])
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies, please
    message["X-Mentorkit-Kind"] = letter.kind
    if letter.stop_link:
        message["List-Unsubscribe"] = f"<{letter.stop_link}>"
    message.set_content(_plain(letter))
    message.add_alternative(_html(letter), subtype="html")
    for attachment in letter.attachments:
        main, sub = attachment.mime.split("/", 1)
        message.add_attachment(
            attachment.data, maintype=main, subtype=sub, filename=attachment.name,
            params=dict(attachment.params),
        )  # fmt: skip
    return message


def ascii_address(address: str) -> str:
    """The address as SMTP carries it: an international domain in its IDNA form; a
    name before the @ with letters beyond ASCII is refused (MailRefused), as most
    servers would, so the batch records it and goes on."""
    local, _, domain = _header(address).rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise MailRefused(address, "its domain is not a valid international name") from None
    if not local.isascii():
        raise MailRefused(address, "letters beyond ASCII before the @ cannot be sent; "
                                   "ask the participant for another address")  # fmt: skip
    return f"{local}@{domain}"


def _header(text: str) -> str:
    """One line: a line break in a header would start another header."""
    return " ".join(str(text).split())


def _plain(letter: Letter) -> str:
    parts = list(letter.paragraphs)
    parts += [f"- {text}" + (f"\n  {link}" if link else "") for text, link in letter.items]
    if letter.link:
        parts.append(f"{letter.link_text}:\n{letter.link}")
    parts += letter.after
    if letter.stop_link:
        parts.append(f"{letter.stop_text}: {letter.stop_link}")
    return "\n\n".join(parts) + "\n"


def _html(letter: Letter) -> str:
    def paragraph(text: str) -> str:
        return f"<p style='margin:0 0 14px'>{escape(text)}</p>"

    button = (
        f"<p style='margin:22px 0'><a href='{escape(letter.link, quote=True)}' "
        "style='background:#1f6f5c;color:#ffffff;padding:12px 20px;border-radius:6px;"
        f"text-decoration:none;font-weight:600;display:inline-block'>"
        f"{escape(letter.link_text)}</a></p>"
        if letter.link
        else ""
    )
    items = "".join(
        "<li style='margin:0 0 10px'>"
        + (f"<a href='{escape(link, quote=True)}' style='color:#1f6f5c'>{escape(text)}</a>"
           if link else escape(text))
        + "</li>"
        for text, link in letter.items
    )  # fmt: skip
    listed = f"<ul style='margin:0 0 14px;padding-left:20px'>{items}</ul>" if items else ""
    after = "".join(
        f"<p style='margin:0 0 10px;color:#5b6675;font-size:13px'>{escape(t)}</p>"
        for t in letter.after
    )
    if letter.stop_link:
        after += (
            "<p style='margin:0 0 10px;font-size:13px'>"
            f"<a href='{escape(letter.stop_link, quote=True)}' style='color:#1f6f5c'>"
            f"{escape(letter.stop_text)}</a></p>"
        )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(letter.subject)}</title></head>"
        "<body style='margin:0;background:#f4f6f8;font-family:system-ui,-apple-system,"
        "Segoe UI,Roboto,sans-serif;color:#1f2a37;line-height:1.5'>"
        "<div style='max-width:560px;margin:0 auto;padding:24px 16px'>"
        "<div style='background:#ffffff;border:1px solid #d9dee5;border-radius:10px;"
        "padding:24px'>"
        + "".join(paragraph(t) for t in letter.paragraphs)
        + listed
        + button
        + "</div>"
        + (f"<div style='padding:14px 4px'>{after}</div>" if after else "")
        + "</div></body></html>"
    )
