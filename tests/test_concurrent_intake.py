"""Twenty participants press Save at the same moment, each in their own kernel.

Every answer must reach the store: none lost to a locked database, none saved twice.
Runs on SQLite (WAL, busy timeout, writers taking the lock up front) and PostgreSQL.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from jupyter_client import KernelManager

from mentorkit.services.demo import create_demo

PEOPLE = 20

SUBMIT = """
import os, time
from mentorkit.folder import ProgramFolder
from mentorkit.services.intake import save_intake

folder = ProgramFolder.open({program!r})
answers = {{"goals": "Submitted at the same moment by {pid}",
            "consents": {{"confidentiality": True, "data_use": True}}}}
open({ready!r}, "w").close()
while not os.path.exists({go!r}):
    time.sleep(0.002)
with folder.open_store() as store:
    save_intake(store, store.participant({pid!r}), answers)
"""


def _reply_to(client, request: str) -> dict:
    while True:
        reply = client.get_shell_msg(timeout=120)
        if reply["parent_header"].get("msg_id") == request:
            return reply


@pytest.mark.slow
def test_twenty_kernels_submit_at_once(database_url, tmp_path: Path):
    env = {**os.environ, "MENTORKIT_DB": database_url}
    os.environ["MENTORKIT_DB"] = database_url
    try:
        folder = create_demo(tmp_path / "program", mentors=5, mentees=PEOPLE, seed=2)
    finally:
        del os.environ["MENTORKIT_DB"]
    go = tmp_path / "go"
    ids = [f"E{i:04d}" for i in range(1, PEOPLE + 1)]
    managers = []
    try:
        for pid in ids:  # local sockets: no TCP port races between twenty kernels
            manager = KernelManager(
                kernel_name="python3", transport="ipc", ip=str(tmp_path / f"kernel-{pid}")
            )
            manager.start_kernel(env=env)
            managers.append(manager)
        clients = []
        for manager in managers:
            client = manager.client()
            client.start_channels()
            client.wait_for_ready(timeout=120)
            clients.append(client)
        requests = [
            client.execute(
                SUBMIT.format(
                    program=str(folder.path),
                    go=str(go),
                    pid=pid,
                    ready=str(tmp_path / f"ready-{pid}"),
                )
            )
            for client, pid in zip(clients, ids, strict=True)
        ]
        deadline = time.monotonic() + 120
        while len(list(tmp_path.glob("ready-*"))) < PEOPLE:  # all at the starting line
            assert time.monotonic() < deadline, "the kernels did not get ready"
            time.sleep(0.01)
        go.touch()
        for client, request, pid in zip(clients, requests, ids, strict=True):
            reply = _reply_to(client, request)
            assert reply["content"]["status"] == "ok", (pid, reply["content"])
    finally:
        for manager in managers:
            manager.shutdown_kernel(now=True)

    os.environ["MENTORKIT_DB"] = database_url
    try:
        with folder.open_store() as store:
            people = store.participants(role="mentee").set_index("id")
            assert store.count("participants") == PEOPLE + 5
    finally:
        del os.environ["MENTORKIT_DB"]
    for pid in ids:
        assert people.loc[pid, "goals"] == f"Submitted at the same moment by {pid}"
