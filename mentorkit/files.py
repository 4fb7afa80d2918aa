"""Files the program writes: whole or not at all, and private where they hold
people's data.

A file is written beside its destination and moved into place, so a reader (or a
``--resume`` after the process was killed) never finds half a file. Private files
(the database, exports, link lists, reports) are readable by their owner only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

PRIVATE = 0o600


def write_atomically(
    path: Path, write: Callable[[Path], object], *, private: bool = True
) -> Path:
    """Call ``write(partial)`` to fill a file beside ``path``, then move it into place."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        if private:
            partial.chmod(PRIVATE)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def write_text_atomically(path: Path, text: str, *, private: bool = True) -> Path:
    return write_atomically(
        path, lambda partial: partial.write_text(text, encoding="utf-8"), private=private
    )


def make_private(path: Path) -> None:
    """Owner-only permissions for a file that exists, and its SQLite companions."""
    for each in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
        try:
            if each.stat().st_mode & 0o777 != PRIVATE:
                each.chmod(PRIVATE)
        except FileNotFoundError:
            continue


def slug(text: str, fallback: str = "file") -> str:
    """``text`` as a file name part: lower case letters, digits and dashes only, so
    that a name such as "Team A/B" never reaches into another folder."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or fallback
