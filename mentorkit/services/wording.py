"""The program's own wording: texts a program may change without touching code.

Each kind of text is a TOML file in ``templates/text`` of the package (the defaults);
a program folder overrides it with a file of the same name in its ``templates``
folder. Only the keys the program's file sets are overridden.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from mentorkit.errors import MentorkitError


def wording(name: str, program_dir: Path | str | None = None) -> dict[str, str]:
    """The texts called ``name`` (``agreement``, ``reflection``), the program's first."""
    texts = _read(Path(str(files("mentorkit.templates") / "text" / f"{name}.toml")))
    if program_dir is not None:
        own = Path(program_dir) / "templates" / f"{name}.toml"
        if own.is_file():
            texts |= {k: v for k, v in _read(own).items() if k in texts}
    return texts


def _read(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise MentorkitError(f"{path} is not valid TOML: {exc}") from None
    return {str(k): " ".join(str(v).split()) for k, v in data.items()}


def mail_wording(kind: str, program_dir: Path | str | None = None) -> dict[str, object]:
    """The words of one kind of message (``invitation``, ``reminder_intake`` ...): its
    subject, paragraphs, link text and closing lines, the program's own first."""
    texts = _read_table(Path(str(files("mentorkit.templates") / "text" / "mail.toml")))
    if kind not in texts:
        raise MentorkitError(f"no message called {kind!r} in the mail texts")
    words = dict(texts[kind])  # a copy: the cached tables stay as read
    if program_dir is not None:
        own = Path(program_dir) / "templates" / "mail.toml"
        if own.is_file():
            mine = _read_table(own).get(kind, {})
            words |= {
                k: v for k, v in mine.items() if k in words and type(v) is type(words[k])
            }
    return words


def _read_table(path: Path) -> dict[str, dict[str, object]]:
    """The tables of a TOML file, read once per version of the file (a batch of
    messages asks for the same words hundreds of times)."""
    return _parsed_tables(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _parsed_tables(path: str, _version: int) -> dict[str, dict[str, object]]:
    try:
        data = tomllib.loads(Path(path).read_text())
    except tomllib.TOMLDecodeError as exc:
        raise MentorkitError(f"{path} is not valid TOML: {exc}") from None
    return {k: v for k, v in data.items() if isinstance(v, dict)}
