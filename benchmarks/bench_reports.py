"""How long a batch of cohort reports takes, against the plain way of making them.

Baseline: a sequential loop of the papermill command line, one report after the
other, as a coordinator would script it (papermill only; no HTML). Measured: the
same reports with ``mentorkit report --all`` (papermill in parallel, and the HTML
pages and index on top). Both run in the same session, alternating, on the same
demo program with one cohort per report. Also printed: the time a report costs in
the batch against a bare kernel start (start a python3 kernel, run ``pass``, shut
it down), measured in the same run.

    python benchmarks/bench_reports.py [--reports 8] [--repeat 2] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mentorkit.services.demo import create_demo

WORKBOOK = Path(__file__).parents[1] / "workbooks" / "cohort_report.ipynb"


def timed(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - began


def sequential_papermill(program: Path, cohorts: list[str], out: Path) -> float:
    began = time.perf_counter()
    for n, cohort in enumerate(cohorts):
        subprocess.run(
            [sys.executable, "-m", "papermill", str(WORKBOOK), str(out / f"{n}.ipynb"),
             "-p", "program", str(program), "-p", "cohort", cohort, "--no-progress-bar"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    return time.perf_counter() - began


def batch(program: Path, out: Path, jobs: int) -> float:
    return timed(
        [sys.executable, "-m", "mentorkit", "report", "--program", str(program), "--all",
         "--out", str(out), "--jobs", str(jobs)]
    )  # fmt: skip


def bare_kernel() -> float:
    from jupyter_client.manager import KernelManager

    began = time.perf_counter()
    prefix = Path(tempfile.gettempdir()) / f"bench-kernel-{os.getpid()}-{time.time_ns()}"
    # Local sockets, as the batch's kernels use.
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(prefix))
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    client.execute_interactive("pass", timeout=60)
    client.stop_channels()
    manager.shutdown_kernel(now=False)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = create_demo(
            Path(tmp) / "program", mentors=4, mentees=10, cohorts=args.reports
        )
        with folder.open_store() as store:
            cohorts = store.cohort_names()
        loops, batches, kernels = [], [], []
        for run in range(args.repeat):
            kernels.extend(bare_kernel() for _ in range(3))
            loop_out = Path(tmp) / f"loop-{run}"
            loop_out.mkdir()
            loops.append(sequential_papermill(folder.path, cohorts, loop_out))
            batches.append(batch(folder.path, Path(tmp) / f"batch-{run}", args.jobs))
    loop, made, kernel = (statistics.median(x) for x in (loops, batches, kernels))
    n = len(cohorts)
    print(f"{n} cohort reports, {os.cpu_count()} CPU cores, --jobs {args.jobs}, "
          f"median of {args.repeat} runs each")  # fmt: skip
    print(f"  mentorkit report --all      = {made / loop:.2f} x the sequential "
          "papermill loop (aim: at most 0.6)")  # fmt: skip
    print(f"  a report in the batch       = {made / n / kernel:.2f} x a bare kernel start "
          "(wall time per report)")  # fmt: skip
    print(f"  a report in the loop        = {loop / n / kernel:.2f} x a bare kernel start")


if __name__ == "__main__":
    main()
