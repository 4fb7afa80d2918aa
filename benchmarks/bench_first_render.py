"""How fast a participant sees the intake form after opening their personal link.

Measured in Chromium, each visit in a fresh browser context (a first visit), against
baselines started in the same run:

- trivial: a notebook that only prints a line, served by the same Voila
  configuration (mentorkit template, preheated kernel pool, same kernel transport,
  same refill delay);
- cold: the intake app on a server with no warm kernels, where each visitor waits
  for a kernel to start and run the notebook.

Prints:
- one visitor: intake first render / trivial first render (medians; aim at most 1.2x),
  and a cold visit / a preheated one (what the warm pool saves);
- ten visitors arriving together, on the intake and on the trivial notebook: median
  and slowest against one preheated visit of the same notebook, and how many of the
  ten were given a kernel that started after they arrived (the aim is none). Each
  page names its kernel; the server's log says when that kernel started.

The browser's ten pages and the server's kernels share this machine's cores, which
real visitors' browsers do not.

    python benchmarks/bench_first_render.py [--runs 5] [--refill-delay 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
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

import nbformat
from playwright.async_api import async_playwright

from mentorkit.apps import free_port
from mentorkit.services.access import LinkClaims, personal_link, sign_link
from mentorkit.services.demo import create_demo

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TRIVIAL = [
    "from voila.utils import wait_for_request\n\nwait_for_request()",
    'print("ready")',
]
BURST = 10
KERNEL_STARTED = re.compile(r"Kernel started: ([0-9a-f-]{36})")


@dataclass
class Server:
    """A server process, and when each of its kernels started (by its log)."""

    process: subprocess.Popen
    kernels: dict[str, float] = field(default_factory=dict)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def start(command: list[str], ready: str, timeout: float = 300) -> Server:
    """Start a server and wait until a line of its output matches ``ready``."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    server = Server(process)
    seen = threading.Event()

    def watch():
        for line in process.stdout:
            if started := KERNEL_STARTED.search(line):
                server.kernels[started.group(1)] = time.perf_counter()
            if re.search(ready, line):
                seen.set()

    threading.Thread(target=watch, daemon=True).start()
    if not seen.wait(timeout):
        process.kill()
        raise RuntimeError(f"{command[:4]} did not get ready")
    return server


def serve_trivial(folder: str, port: int, pool: int, refill_delay: float) -> None:
    """Serve ``folder`` exactly as mentorkit serves the participant apps."""
    from voila.app import Voila

    from mentorkit.apps import expose_program, voila_config
    from mentorkit.folder import ProgramFolder

    expose_program(ProgramFolder.open(folder))
    config = voila_config(
        "benchmark",
        port,
        {"trivial": pool},
        root_dir=Path(folder) / "trivial",
        refill_delay=refill_delay,
    )
    app = Voila(config=config)
    app.initialize([])
    app.start()


async def wait_quiet(
    idle: float = 0.8, for_seconds: float = 3.0, limit: float = 180, settle: float = 0
):
    """Wait ``settle`` seconds, then until the machine's cores are mostly idle."""
    await asyncio.sleep(settle)

    def times() -> tuple[int, int]:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)

    deadline = time.monotonic() + limit
    quiet_since = None
    before = times()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        after = times()
        busy = (after[0] - before[0]) / max(1, after[1] - before[1])
        before = after
        if busy >= idle:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= for_seconds:
                return
        else:
            quiet_since = None


@dataclass(frozen=True)
class Visit:
    seconds: float
    kernel: str
    arrived: float


async def first_render(browser, url: str, selector: str) -> Visit:
    context = await browser.new_context()
    page = await context.new_page()
    arrived = time.perf_counter()
    await page.goto(url, wait_until="commit")
    try:
        await page.locator(selector).first.wait_for(state="visible", timeout=180_000)
    except Exception:
        print(f"  timed out on {url}", file=sys.stderr, flush=True)
        raise
    seconds = time.perf_counter() - arrived
    config = await page.locator("#jupyter-config-data").text_content()
    await context.close()
    print(f"  {url.split('?')[0]}: {seconds:.2f} s", file=sys.stderr, flush=True)
    return Visit(seconds, json.loads(config)["kernelId"], arrived)


async def burst(browser, urls: list[str], selector: str) -> list[Visit]:
    return list(
        await asyncio.gather(*(first_render(browser, url, selector) for url in urls))
    )


async def measure(args, links, trivial_url, cold_url) -> dict[str, list[Visit]]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        await first_render(browser, trivial_url, "text=ready")  # warm the browser
        visits: dict[str, list[Visit]] = {"intake": [], "trivial": [], "cold": []}
        for run in range(1, args.runs + 1):
            # Alternate which goes first; let the used kernel's replacement finish
            # starting before the next visit, so no visit shares the machine with it.
            order = ("intake", "trivial") if run % 2 else ("trivial", "intake")
            for name in order:
                if name == "intake":
                    visits["intake"].append(
                        await first_render(browser, links[run], ".mk-intake")
                    )
                else:
                    visits["trivial"].append(
                        await first_render(browser, trivial_url, "text=ready")
                    )
                await wait_quiet(settle=args.refill_delay + 1)
        query = links[0][links[0].index("?") :]
        visits["cold"].append(await first_render(browser, cold_url + query, ".mk-intake"))
        await wait_quiet()
        visits["burst intake"] = await burst(
            browser, links[args.runs + 1 : args.runs + 1 + BURST], ".mk-intake"
        )
        await wait_quiet()
        visits["burst trivial"] = await burst(browser, [trivial_url] * BURST, "text=ready")
        await browser.close()
    return visits


def waited_for_kernel(visits: list[Visit], server: Server) -> int:
    """How many visitors were given a kernel that started after they arrived."""
    return sum(server.kernels.get(v.kernel, float("inf")) > v.arrived for v in visits)


def report(visits: dict[str, list[Visit]], servers: dict[str, Server], args) -> None:
    def median(name: str) -> float:
        return statistics.median(v.seconds for v in visits[name])

    intake, trivial = median("intake"), median("trivial")
    paired = statistics.median(
        a.seconds / b.seconds
        for a, b in zip(visits["intake"], visits["trivial"], strict=True)
    )
    print(
        f"runs: {args.runs}, first visits in Chromium, pools preheated, "
        f"refill delay {args.refill_delay:g} s"
    )
    print(
        f"one visitor: intake / trivial notebook (same Voila set-up), median of paired "
        f"runs = {paired:.2f}x (aim: at most 1.20x); ratio of medians = "
        f"{intake / trivial:.2f}x ({intake:.2f} s / {trivial:.2f} s)"
    )
    print(
        f"one visitor: cold intake (kernel starts on request) / preheated = "
        f"{median('cold') / intake:.2f}x"
    )
    for name, one, server in (
        ("intake", intake, servers["intake"]),
        ("trivial", trivial, servers["trivial"]),
    ):
        crowd = visits[f"burst {name}"]
        slowest = max(v.seconds for v in crowd)
        print(
            f"ten visitors together on the {name}: median / one visitor = "
            f"{median(f'burst {name}') / one:.2f}x, slowest / one visitor = "
            f"{slowest / one:.2f}x; waited for a kernel to start: "
            f"{waited_for_kernel(crowd, server)} of {len(crowd)}"
        )
    crowd_ratio = median("burst intake") / median("burst trivial")
    print(
        f"ten visitors together: intake / trivial notebook (medians) = {crowd_ratio:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--refill-delay",
        type=float,
        default=1.0,
        help="seconds before a used warm kernel is replaced ([apps] refill_delay)",
    )
    parser.add_argument(
        "--serve-trivial",
        nargs=4,
        metavar=("FOLDER", "PORT", "POOL", "REFILL"),
        help=argparse.SUPPRESS,
    )
    args = parser.parse_args()
    if args.serve_trivial:
        folder, port, pool, refill = args.serve_trivial
        serve_trivial(folder, int(port), int(pool), float(refill))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = create_demo(
            Path(tmp) / "program",
            mentors=5,
            mentees=args.runs + BURST + 2,
            seed=4,
            history=False,
        )
        settings = folder.path / "mentorkit.toml"
        settings.write_text(
            re.sub(
                r"(?m)^refill_delay = .*$",
                f"refill_delay = {args.refill_delay}",
                settings.read_text(),
            )
        )
        trivial = folder.path / "trivial"
        trivial.mkdir()
        notebook = nbformat.v4.new_notebook(
            metadata={
                "kernelspec": {
                    "name": "python3",
                    "display_name": "Python 3",
                    "language": "python",
                }
            }
        )
        notebook.cells = [nbformat.v4.new_code_cell(source) for source in TRIVIAL]
        nbformat.write(notebook, trivial / "trivial.ipynb")

        pool = BURST + 1  # the single visits use one kernel at a time
        ports = [free_port(8900), free_port(8950), free_port(9000)]
        mentorkit = [
            sys.executable,
            "-m",
            "mentorkit",
            "serve",
            "--program",
            str(folder.path),
        ]
        servers = {}
        try:
            servers["intake"] = start(
                [
                    *mentorkit,
                    "--port",
                    str(ports[0]),
                    "--pool-size",
                    "0",
                    "--pool",
                    f"intake={pool}",
                ],
                r"ready at",
            )
            servers["trivial"] = start(
                [
                    sys.executable,
                    __file__,
                    "--serve-trivial",
                    str(folder.path),
                    str(ports[1]),
                    str(pool),
                    str(args.refill_delay),
                ],
                r"Kernel pool of trivial.ipynb is filled",
            )
            servers["cold"] = start(
                [*mentorkit, "--port", str(ports[2]), "--pool-size", "0"], r"ready at"
            )
            asyncio.run(
                wait_quiet()
            )  # the trivial server says "filled" before its kernels are warm
            links = [
                personal_link(
                    f"http://127.0.0.1:{ports[0]}/",
                    sign_link(
                        folder.secret,
                        LinkClaims(f"E{i:04d}", "Demo cohort", date(2099, 1, 1)),
                    ),
                ).replace("/?", "/voila/render/intake.ipynb?")
                for i in range(1, args.runs + BURST + 3)
            ]
            visits = asyncio.run(
                measure(
                    args,
                    links,
                    f"http://127.0.0.1:{ports[1]}/voila/render/trivial.ipynb",
                    f"http://127.0.0.1:{ports[2]}/voila/render/intake.ipynb",
                )
            )
        finally:
            for server in servers.values():
                server.stop()
    report(visits, servers, args)


if __name__ == "__main__":
    main()
