"""What a coordinator sees of running servers: ``mentorkit status``.

Each ``mentorkit serve`` writes its figures to the program's database every few
seconds (kernels live, warm and queued, memory); visits and saves are counted there
too. So the status reads the same from any machine that reaches the database, for
one server or several.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any

from mentorkit.folder import ProgramFolder

STALE_AFTER = timedelta(seconds=30)  # a server that has not reported since is gone


def memory_in_use(pid: int | None = None) -> int:
    """Resident bytes of a process and every process it started (its kernels)."""
    import psutil

    try:
        root = psutil.Process(pid or os.getpid())
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def megabytes(count: float) -> str:
    return f"{count / 2**20:,.0f} MB" if count < 10 * 2**30 else f"{count / 2**30:.1f} GB"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def status_lines(folder: ProgramFolder, now: datetime | None = None) -> list[str]:
    """The status, as lines to print."""
    now = now or datetime.now(UTC)
    midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    with folder.open_store() as store:
        servers = store.activity.servers()
        today = store.activity.since(midnight.astimezone(UTC))
    lines = []
    running = [s for s in servers if now - _aware(s["updated_at"]) <= STALE_AFTER]
    if not running:
        lines.append("No server is running for this program (none reported in the last "
                     f"{STALE_AFTER.seconds} seconds). Start one with: mentorkit serve "
                     f"--program {folder.path}")  # fmt: skip
    for server in running:
        lines.extend(_server_lines(server, now))
    for server in servers:
        if server not in running:
            seen = _aware(server["updated_at"]).astimezone()
            lines.append(
                f"{server['node']}: not running (last report {seen:%d %b %H:%M:%S}; it "
                "did not stop cleanly)"
            )
    lines.append(f"Today: {today['visitors']} visitors, {today['saves']} saves.")
    return lines


def _server_lines(server: dict[str, Any], now: datetime) -> list[str]:
    f = server["figures"]
    memory = f.get("memory", {})
    up = now - _aware(server["started_at"])
    hours, rest = divmod(int(up.total_seconds()), 3600)
    return [
        f"{server['node']} at {server['address']} (pid {server['pid']}), up "
        f"{hours} h {rest // 60} min",
        f"  kernels: {f['live']} live of at most {f['cap']} ({f['visitors']} with a "
        f"visitor, {f['warm']} warm, {f['starting']} starting); most at once: "
        f"{f['most_live']}",
        f"  queue: {f['queued']} waiting; {f['served']} visits served since it started",
        "  memory: "
        + ", ".join(
            f"{megabytes(memory.get(key, 0))} {said}"
            for key, said in (("now", "now"), ("rest", "at rest"), ("peak", "at most"))
        ),
    ]
