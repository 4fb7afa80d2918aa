"""How fast a participant sees the intake form after opening their personal link.

Measured in Chromium, each visit in a fresh browser context (a first visit), against
two baselines started in the same run:

- trivial: a notebook that only prints a line, served by the same Voila
  configuration (mentorkit template, preheated kernel pool, same kernel transport);
- cold: the intake app on a server with no warm kernels, where each visitor waits
  for a kernel to start and run the notebook.

Prints:
- intake first render / trivial first render (medians; the aim is at most 1.2x);
- ten visitors arriving together: the slowest of them / one cold visit (below 1.0x
  means none of the ten waited for a kernel to start).

    python benchmarks/bench_first_render.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import nbformat
from playwright.async_api import async_playwright

from mentorkit.access import LinkClaims, personal_link, sign_link
from mentorkit.apps import free_port
from mentorkit.demo import create_demo

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


def start(command: list[str], ready: str, timeout: float = 300) -> subprocess.Popen:
    """Start a server and wait until a line of its output matches ``ready``."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seen = threading.Event()

    def watch():
        for line in process.stdout:
            if re.search(ready, line):
                seen.set()

    threading.Thread(target=watch, daemon=True).start()
    if not seen.wait(timeout):
        process.kill()
        raise RuntimeError(f"{command[:4]} did not get ready")
    return process


def serve_trivial(folder: str, port: int, pool: int) -> None:
    """Serve ``folder`` exactly as mentorkit serves the participant apps."""
    from voila.app import Voila

    from mentorkit.apps import _expose_program, voila_config
    from mentorkit.folder import ProgramFolder

    _expose_program(ProgramFolder.open(folder))
    config = voila_config(
        "benchmark", port, {"trivial": pool}, root_dir=Path(folder) / "trivial"
    )
    app = Voila(config=config)
    app.initialize([])
    app.start()


async def first_render(browser, url: str, selector: str) -> float:
    context = await browser.new_context()
    page = await context.new_page()
    began = time.perf_counter()
    await page.goto(url, wait_until="commit")
    try:
        await page.locator(selector).first.wait_for(state="visible", timeout=300_000)
    except Exception:
        print(f"  timed out on {url}", file=sys.stderr, flush=True)
        raise
    elapsed = time.perf_counter() - began
    await context.close()
    print(f"  {url.split('?')[0]}: {elapsed:.2f} s", file=sys.stderr, flush=True)
    return elapsed


async def measure(args, intake_url, trivial_url, cold_url, links) -> dict[str, list]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        await first_render(browser, trivial_url, "text=ready")  # warm the browser
        figures: dict[str, list] = {"intake": [], "trivial": [], "cold": [], "burst": []}
        for run in range(args.runs):
            figures["intake"].append(await first_render(browser, links[run], ".mk-intake"))
            figures["trivial"].append(
                await first_render(browser, trivial_url, "text=ready")
            )
            await asyncio.sleep(args.settle)  # let both pools refill before the next run
        for run in range(2):
            figures["cold"].append(
                await first_render(
                    browser, cold_url + links[run][links[run].index("?") :], ".mk-intake"
                )
            )
        await asyncio.sleep(args.settle * 2)
        burst = links[args.runs : args.runs + BURST]
        figures["burst"] = list(
            await asyncio.gather(
                *(first_render(browser, link, ".mk-intake") for link in burst)
            )
        )
        await browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--settle",
        type=float,
        default=6.0,
        help="seconds between runs for kernel pools to refill",
    )
    parser.add_argument(
        "--serve-trivial",
        nargs=3,
        metavar=("FOLDER", "PORT", "POOL"),
        help=argparse.SUPPRESS,
    )
    args = parser.parse_args()
    if args.serve_trivial:
        folder, port, pool = args.serve_trivial
        serve_trivial(folder, int(port), int(pool))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = create_demo(
            Path(tmp) / "program", mentors=5, mentees=args.runs + BURST + 2, seed=4
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

        pool = max(args.runs, BURST) + 1
        ports = [free_port(8900), free_port(8950), free_port(9000)]
        mentorkit = [
            sys.executable,
            "-m",
            "mentorkit",
            "serve",
            "--program",
            str(folder.path),
        ]
        servers = [
            start(
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
            ),
            start(
                [
                    sys.executable,
                    __file__,
                    "--serve-trivial",
                    str(folder.path),
                    str(ports[1]),
                    str(pool),
                ],
                r"Kernel pool of trivial.ipynb is filled",
            ),
            start([*mentorkit, "--port", str(ports[2]), "--pool-size", "0"], r"ready at"),
        ]
        try:
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
            figures = asyncio.run(
                measure(
                    args,
                    links[0],
                    f"http://127.0.0.1:{ports[1]}/voila/render/trivial.ipynb",
                    f"http://127.0.0.1:{ports[2]}/voila/render/intake.ipynb",
                    links,
                )
            )
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=60)

    intake, trivial_ = (
        statistics.median(figures["intake"]),
        statistics.median(figures["trivial"]),
    )
    cold, slowest = statistics.median(figures["cold"]), max(figures["burst"])
    print(f"runs: {args.runs}, first visits in Chromium, pools preheated")
    print(
        f"intake first render / trivial notebook (same Voila set-up) = "
        f"{intake / trivial_:.2f}x (aim: at most 1.20x)"
    )
    print(
        f"ten visitors together: slowest / one cold visit (kernel starts on request) "
        f"= {slowest / cold:.2f}x (below 1.00x: no one waited for a kernel)"
    )
    print(
        f"ten visitors together: median / one preheated visit = "
        f"{statistics.median(figures['burst']) / intake:.2f}x"
    )


if __name__ == "__main__":
    main()
