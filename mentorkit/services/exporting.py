"""Writing participant data to spreadsheets safely.

A cell that starts with = + - @ (or a tab or carriage return) is run as a formula by
spreadsheet programs; such text gets a leading apostrophe, which the programs show
as plain text (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

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


def write_table(frame: pd.DataFrame, path: Path | str, *, private: bool = False) -> Path:
    """Write ``frame`` to CSV or XLSX (by the file's suffix), every cell neutralised.

    The file is written beside its destination and moved into place, so a reader
    never sees half a file; ``private`` files are readable by their owner only.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise ValueError(f"{path.name}: write .csv or .xlsx")
    safe = frame.map(neutralise)
    partial = path.with_name(f".{path.name}.partial")
    if suffix == ".csv":
        safe.to_csv(partial, index=False)
    else:
        safe.to_excel(partial, index=False, engine="openpyxl")
    if private:
        partial.chmod(0o600)
    os.replace(partial, path)
    return path
