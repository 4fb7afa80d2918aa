"""Root pytest set-up: the workbooks that nbval runs need a program to open.

A demo program is made once per test session in a temporary folder and named by
MENTORKIT_PROGRAM, which every kernel started afterwards inherits.
"""

import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    if os.environ.get("MENTORKIT_PROGRAM"):
        return
    from mentorkit.demo import create_demo

    folder = Path(tempfile.mkdtemp(prefix="mentorkit-test-")) / "demo"
    create_demo(folder, mentors=6, mentees=14, seed=1)
    os.environ["MENTORKIT_PROGRAM"] = str(folder)
