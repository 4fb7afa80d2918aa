"""One personal link per participant of a cohort, for a coordinator to send."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from mentorkit.files import slug
from mentorkit.folder import ProgramFolder
from mentorkit.services.access import LinkClaims, personal_link, sign_link
from mentorkit.services.exporting import write_table


def invitation_links(
    folder: ProgramFolder, cohort: str, base_url: str, expires: date | None = None
) -> pd.DataFrame:
    """name, email and personal link of every participant in ``cohort``."""
    with folder.open_store() as store:
        store.cohort(cohort)  # an unknown cohort is named, with the known ones
        expires = expires or store.program().end_date
        people = store.participants(cohort=cohort)
    secret = folder.secret
    links = [
        personal_link(base_url, sign_link(secret, LinkClaims(pid, cohort, expires)))
        for pid in people["id"]
    ]
    return pd.DataFrame({"name": people["name"], "email": people["email"], "link": links})


def write_invitations(
    folder: ProgramFolder,
    cohort: str,
    base_url: str,
    out: Path | None = None,
    expires: date | None = None,
) -> tuple[Path, int]:
    """Write the links to a CSV readable by its owner only; returns (path, rows)."""
    links = invitation_links(folder, cohort, base_url, expires)
    out = out or folder.path / f"invitations-{slug(cohort, 'cohort')}.csv"
    return write_table(links, out, private=True), len(links)


def apps_address(folder: ProgramFolder) -> str:
    """Where participants reach the apps: [apps] public_url, else this machine."""
    apps = folder.settings.apps
    return apps.public_url or f"http://127.0.0.1:{apps.port}/"
