"""The kernel's side of Voila's preheated kernels, without importing Voila.

A warm kernel runs its notebook up to ``wait_for_request()`` before anyone arrives,
then waits there for its visitor's request (query string, server name...), which the
server sends over a WebSocket once a visitor is given this kernel. Voila's own
``voila.utils.wait_for_request`` does the same, but importing it brings Voila's
server, Jupyter Server and JupyterLab's server into every kernel: measured here,
1.5 s of CPU and 45 MB resident per kernel, for a few lines of protocol. This
follows that protocol (Voila 0.5: the same environment variables and address).
"""

from __future__ import annotations

import json
import os


def request_info_url() -> str:
    """Where this kernel's server hands it its visitor's request."""
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    ip = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{ip}:{port}{base}voila/query/{os.environ['VOILA_KERNEL_ID']}"


def wait_for_request() -> None:
    """Wait until a visitor is given this kernel, then put their request's details
    (``QUERY_STRING`` and the rest) in the environment. Returns at once in a kernel
    that was not preheated (a visitor started it, or papermill or nbval runs it)."""
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from websockets.sync.client import connect

    with connect(request_info_url(), open_timeout=5, max_size=2**20) as socket:
        info = json.loads(socket.recv())
    for key, value in info.items():
        os.environ[key] = str(value)
