"""Messages to participants and facilitators: what a message says (``letters``) and
how it leaves (``postmen``: an SMTP server, or a folder of .eml files for a dry run).
The services decide who gets what and keep the record; nothing here opens the store."""

from mentorkit.mail.letters import Attachment, Letter, compose
from mentorkit.mail.postmen import FolderPostman, Pacer, SmtpPostman
from mentorkit.mail.settings import MailSettings

__all__ = [
    "Attachment",
    "FolderPostman",
    "Letter",
    "MailSettings",
    "Pacer",
    "SmtpPostman",
    "compose",
]
