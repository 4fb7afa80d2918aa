"""`mentorkit lab` opens JupyterLab on the program's copy of the facilitator workbooks."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from mentorkit.apps import (
    FACILITATOR_WORKBOOKS,
    REPORT_WORKBOOKS,
    copy_facilitator_workbooks,
)


def test_copies_never_overwrite_an_edited_workbook(program_folder):
    first = copy_facilitator_workbooks(program_folder)
    assert {p.name for p in first} == {
        a.filename for a in FACILITATOR_WORKBOOKS + REPORT_WORKBOOKS
    }
    edited = program_folder.workbooks_dir / "matching_review.ipynb"
    edited.write_text(edited.read_text().replace("Matching review", "Our own review"))
    assert copy_facilitator_workbooks(program_folder) == []
    assert "Our own review" in edited.read_text()


def _fetch_json(request: urllib.request.Request, within: float = 60):
    """The server prints its address just before it listens: retry until it answers."""
    deadline = time.monotonic() + within
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_lab_serves_the_workbooks(program_folder):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mentorkit",
            "lab",
            "--program",
            str(program_folder.path),
            "--no-browser",
            "--allow-root",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        url = None
        for line in process.stdout:
            found = re.search(r"(http://127\.0\.0\.1:\d+/lab\S*\?token=\w+)", line)
            if found:
                url = found.group(1)
                break
            if time.monotonic() > deadline:
                break
        assert url, "JupyterLab did not print its address"
        base, token = re.match(r"(http://[^/]+/)lab\S*\?token=(\w+)", url).groups()
        request = urllib.request.Request(
            f"{base}api/contents/workbooks", headers={"Authorization": f"token {token}"}
        )
        listing = _fetch_json(request)
        assert {item["name"] for item in listing["content"]} == {
            a.filename for a in FACILITATOR_WORKBOOKS + REPORT_WORKBOOKS
        }
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
