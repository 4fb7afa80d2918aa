"""A page that left while a message was on its way: one line in the serve log, not a
traceback (jupyter_server and Voila write to sockets without awaiting the write)."""

from __future__ import annotations

import asyncio
import gc
import logging

import tornado.websocket

from mentorkit.apps.serving.handlers import quiet_closed_sockets


def test_a_closed_socket_is_one_line_and_other_failures_stay_loud(caplog):
    async def closed():
        raise tornado.websocket.WebSocketClosedError()

    async def broken():
        raise ValueError("a real defect")

    async def main():
        tasks = [asyncio.ensure_future(closed()), asyncio.ensure_future(broken())]
        await asyncio.sleep(0.01)
        tasks.clear()
        gc.collect()  # unretrieved task exceptions are reported when collected

    loop = asyncio.new_event_loop()
    loop.set_exception_handler(quiet_closed_sockets)
    with caplog.at_level(logging.INFO):
        loop.run_until_complete(main())
    loop.close()
    said = [(r.name, r.getMessage()) for r in caplog.records]
    assert ("mentorkit.serve", "a page's socket closed before a message reached it") in said
    assert not any("WebSocketClosedError" in (r.exc_text or "") for r in caplog.records)
    assert any("a real defect" in str(r.exc_info) for r in caplog.records if r.exc_info)
