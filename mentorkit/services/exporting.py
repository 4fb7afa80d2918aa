"""Writing participant data to spreadsheets safely.

A cell that starts with = + - @ (or a tab or carriage return) is run as a formula by
spreadsheet programs; such text gets a leading apostrophe, which the programs show
as plain text (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from mentorkit.files import write_atomically

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` as a spreadsheet should store it: text that could run becomes plain."""
    if isinstance(value, (list, tuple, dict)):
        value = (
            "; ".join(map(str, value))
            if not isinstance(value, dict)
            else json.dumps(value, default=str)
        )
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_table(frame: pd.DataFrame, path: Path | str, *, private: bool = True) -> Path:
    """Write ``frame`` to CSV or XLSX (by the file's suffix), every cell neutralised.

    The file is written whole or not at all, readable by its owner only unless
    ``private`` is False (see :mod:`mentorkit.files`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise ValueError(f"{path.name}: write .csv or .xlsx")
    safe = frame.map(neutralise)
    if suffix == ".csv":
        return write_atomically(
            path, lambda p: safe.to_csv(p, index=False), private=private
        )
    return write_atomically(
        path, lambda p: safe.to_excel(p, index=False, engine="openpyxl"), private=private
    )
