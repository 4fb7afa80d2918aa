"""Root pytest set-up: the workbooks that nbval runs need a program and a visitor.

A demo program is made once per test session in a temporary folder and named by
MENTORKIT_PROGRAM; QUERY_STRING holds a personal link's token for its first mentee,
as Voila would hand it to a participant app. Every kernel started afterwards
inherits both.
"""

import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    if os.environ.get("MENTORKIT_PROGRAM"):
        return
    from mentorkit.services.access import LinkClaims, sign_link
    from mentorkit.services.demo import create_demo

    folder = create_demo(
        Path(tempfile.mkdtemp(prefix="mentorkit-test-")) / "demo",
        mentors=6,
        mentees=14,
        seed=1,
    )
    with folder.open_store() as store:
        expires = store.program().end_date
    token = sign_link(folder.secret, LinkClaims("E0001", "Demo cohort", expires))
    os.environ["MENTORKIT_PROGRAM"] = str(folder.path)
    os.environ["QUERY_STRING"] = f"token={token}"
