"""A launch morning: invited participants open their links over ten minutes, each
fills in and saves the intake, then leaves.

`mentorkit serve` runs as a coordinator would start it for the day (the intake's
pool raised with ``--pool intake=N``, everything else as shipped). Chromium plays the
visitors: arrivals at random times (seeded), never more than ``--pages`` pages open
at once, each a new browser context (a first visit). Every figure is measured in the
same run:

- time from opening the link to a usable form (the goals box takes typing), median
  and 95th percentile, against one visitor alone, measured first on the same server;
- submissions saved, checked in the database (must be all);
- the most kernels alive at once, and the server's peak memory (the serve process
  and every kernel it started, resident) against its memory at rest before anyone
  came;
- the memory two minutes after the last visitor left, against rest (aim: within 10%).

The load average is printed beside the timings: the machine is shared, and the
browser's pages run on the same cores as the server's kernels, which real
participants' browsers do not.

    python benchmarks/bench_launch.py [--visitors 60] [--minutes 10] [--pages 6]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import psutil
from playwright.async_api import async_playwright

from mentorkit.apps import free_port
from mentorkit.apps.status import megabytes, memory_in_use
from mentorkit.services.access import LinkClaims, personal_link, sign_link
from mentorkit.services.demo import create_demo

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
FORM_WITHIN_MS = 600_000
KERNEL = re.compile(r"kernel-[0-9a-f-]{36}\.json")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def kernels(pid: int) -> int:
    count = 0
    for child in psutil.Process(pid).children(recursive=True):
        try:
            count += bool(KERNEL.search(" ".join(child.cmdline())))
        except psutil.NoSuchProcess:
            continue
    return count


@dataclass
class Watch:
    """Samples the server's kernels and memory every second, in a thread."""

    pid: int
    samples: list[tuple[float, int, int]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Watch:
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            self.samples.append(
                (time.monotonic(), kernels(self.pid), memory_in_use(self.pid))
            )

    def between(self, start: float, end: float) -> list[tuple[float, int, int]]:
        return [s for s in self.samples if start <= s[0] <= end]


@dataclass
class Visit:
    who: str
    arrived: float = 0.0
    usable_after: float | None = None
    queued: bool = False
    saved: bool = False
    error: str = ""


def serve(folder: Path, port: int, pool: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "mentorkit", "serve", "--program", str(folder),
         "--port", str(port), "--pool", f"intake={pool}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    ready = threading.Event()

    def drain() -> None:
        for line in process.stdout:
            if "ready at" in line:
                ready.set()

    threading.Thread(target=drain, daemon=True).start()
    if not ready.wait(600):
        process.kill()
        raise SystemExit("mentorkit serve did not get ready")
    return process


async def visit(browser, url: str, visit: Visit, goals: str) -> None:
    """Open the link, wait for a usable form, fill in the goals, save, leave."""
    context = await browser.new_context(viewport={"width": 390, "height": 900})
    page = await context.new_page()
    visit.arrived = time.monotonic()
    try:
        await page.goto(url, wait_until="commit")
        box = page.locator(".mk-field-goals textarea")
        queue = page.locator(".mk-queue")
        first = await asyncio.wait(
            [asyncio.create_task(box.wait_for(timeout=FORM_WITHIN_MS)),
             asyncio.create_task(queue.wait_for(timeout=FORM_WITHIN_MS))],
            return_when=asyncio.FIRST_COMPLETED,
        )  # fmt: skip
        for task in first[1]:
            task.cancel()
        visit.queued = await queue.count() > 0
        await box.wait_for(timeout=FORM_WITHIN_MS)
        await box.fill(goals)
        visit.usable_after = time.monotonic() - visit.arrived
        for kind in ("confidentiality", "data_use"):
            await page.locator(
                f".mk-field-consents-{kind} input[type=checkbox]"
            ).set_checked(True)
        await page.locator(".mk-submit").click()
        await page.locator(".mk-notice-saved").wait_for(timeout=120_000)
        visit.saved = True
    except Exception as exc:  # reported, not raised: the others go on
        visit.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    finally:
        await context.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def main(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="mk-launch-"))
    mentees = args.visitors + 4
    folder = create_demo(workdir / "demo", mentors=max(4, mentees // 3), mentees=mentees,
                         history=False, seed=args.seed)  # fmt: skip
    with folder.open_store() as store:
        people = [p for p in store.participants()["id"] if p.startswith("E")]
    port = free_port(8900)
    base = f"http://127.0.0.1:{port}/"

    def link(who: str) -> str:
        token = sign_link(folder.secret, LinkClaims(who, "Demo cohort", date(2099, 1, 1)))
        return personal_link(base, token).replace("/?", "/voila/render/intake.ipynb?")

    print(f"serve: intake pool {args.pool}, other settings as shipped; "
          f"{args.visitors} visitors over {args.minutes} min, at most {args.pages} "
          f"pages at once (seed {args.seed})", flush=True)  # fmt: skip
    server = serve(folder.path, port, args.pool)
    watch = Watch(server.pid).start()
    random.seed(args.seed)
    alone_people, crowd = people[:3], people[3 : 3 + args.visitors]
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        await asyncio.sleep(20)  # the pool settles after "ready"
        alone = []
        for who in alone_people:  # one visitor alone, three times
            one = Visit(who)
            await visit(browser, link(who), one, f"Alone {who}")
            alone.append(one)
            await asyncio.sleep(15)  # the used kernel is replaced
        print(f"one visitor alone: {[round(v.usable_after or -1, 2) for v in alone]} s "
              f"({load()})", flush=True)  # fmt: skip
        await asyncio.sleep(30)
        rest_start = time.monotonic()
        await asyncio.sleep(20)
        rest = statistics.median(
            m for _, _, m in watch.between(rest_start, time.monotonic())
        )

        arrivals = sorted(random.uniform(0, args.minutes * 60) for _ in crowd)
        pages = asyncio.Semaphore(args.pages)
        visits = [Visit(who) for who in crowd]
        start = time.monotonic()

        async def arrive(at: float, one: Visit) -> None:
            await asyncio.sleep(max(0.0, at - (time.monotonic() - start)))
            async with pages:
                await visit(browser, link(one.who), one, f"Launch day goals of {one.who}")

        print(f"the rush starts ({load()})", flush=True)
        await asyncio.gather(
            *(arrive(at, one) for at, one in zip(arrivals, visits, strict=True))
        )
        left = time.monotonic()
        print(f"the last visitor left after {left - start:.0f} s ({load()})", flush=True)
        await browser.close()
    await asyncio.sleep(args.after)
    now = time.monotonic()
    after = statistics.median(m for _, _, m in watch.between(now - 10, now))
    rush = watch.between(start, left)
    watch.stop.set()
    server.terminate()
    server.wait(timeout=60)

    with folder.open_store() as store:
        goals = store.participants().set_index("id")["goals"]
    saved = sum(goals[v.who] == f"Launch day goals of {v.who}" for v in visits)
    usable = [v.usable_after for v in visits if v.usable_after is not None]
    baseline = statistics.median(v.usable_after for v in alone if v.usable_after)
    print()
    print(f"visitors: {len(visits)}; saved in the database: {saved} of {len(visits)}")
    print(f"saw the queue page first: {sum(v.queued for v in visits)}")
    for v in visits:
        if v.error:
            print(f"  {v.who}: {v.error}")
    print(f"time to a usable form: median {statistics.median(usable):.2f} s = "
          f"{statistics.median(usable) / baseline:.2f}x one visitor alone "
          f"({baseline:.2f} s); 95th percentile {percentile(usable, 0.95):.2f} s = "
          f"{percentile(usable, 0.95) / baseline:.2f}x ({load()})")  # fmt: skip
    print(f"most kernels alive at once: {max(k for _, k, _ in rush)}")
    peak = max(m for _, _, m in rush)
    print(f"memory at rest {megabytes(rest)}; peak {megabytes(peak)} = {peak / rest:.2f}x "
          f"rest; {args.after:.0f} s after the last visitor left {megabytes(after)} = "
          f"{after / rest:.2f}x rest (aim: at most 1.10x)")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", type=int, default=60)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--pages", type=int, default=6, help="browser pages open at most")
    parser.add_argument("--pool", type=int, default=6, help="warm intake kernels")
    parser.add_argument("--after", type=float, default=120, help="seconds to wait after")
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(main(parser.parse_args()))
