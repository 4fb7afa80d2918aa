"""A widget callback that fails in a participant's kernel (a crafted message, say)
sends no traceback to the browser (issue 12)."""

from __future__ import annotations

import pytest
from jupyter_client.manager import start_new_kernel

pytestmark = pytest.mark.slow

FAILING_CLICK = """
from mentorkit.widgets import ParticipantApp
import ipywidgets as w
app = ParticipantApp("intake")
button = w.Button()
button.on_click(lambda _button: 1 / 0)
button.click()
"""


def test_a_failing_callback_sends_the_browser_no_traceback():
    manager, client = start_new_kernel(kernel_name="python3")
    seen = []
    try:
        reply = client.execute_interactive(
            FAILING_CLICK, timeout=120, output_hook=seen.append
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    shown = [m for m in seen if m["msg_type"] in ("error", "stream")]
    assert [m["content"] for m in shown] == []  # no traceback, no path, no code
