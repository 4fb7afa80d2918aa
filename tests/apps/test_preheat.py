"""A warm kernel waits for its visitor's request as Voila's preheating expects."""

from __future__ import annotations

import json
import threading

import pytest
from websockets.sync.server import serve

from mentorkit.apps.preheat import request_info_url, wait_for_request

KERNEL = "0f8fad5b-d9cb-469f-a165-70867728950e"


@pytest.fixture
def server(monkeypatch):
    """A stand-in for the serve process's request socket, on a real WebSocket."""
    asked = []

    def hand_over(socket):
        asked.append(socket.request.path)
        socket.send(json.dumps({"QUERY_STRING": "token=abc", "SERVER_NAME": "m.example"}))

    with serve(hand_over, "127.0.0.1", 0) as running:
        thread = threading.Thread(target=running.serve_forever, daemon=True)
        thread.start()
        port = running.socket.getsockname()[1]
        for key, value in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": KERNEL,
                           "VOILA_APP_PORT": str(port), "VOILA_SERVER_URL": "/mk/",
                           "VOILA_APP_IP": "127.0.0.1"}.items():  # fmt: skip
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("QUERY_STRING", raising=False)
        yield asked
        running.shutdown()


def test_a_warm_kernel_gets_its_visitors_request_at_voilas_address(server):
    assert request_info_url().endswith(f"/mk/voila/query/{KERNEL}")
    wait_for_request()
    import os

    assert os.environ["QUERY_STRING"] == "token=abc"
    assert os.environ["SERVER_NAME"] == "m.example"
    assert server == [f"/mk/voila/query/{KERNEL}"]


def test_a_kernel_that_was_not_preheated_does_not_wait(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    wait_for_request()  # returns at once: no server to ask
