"""Run many reports at once: papermill in parallel, HTML for each, an index page.

A report that fails does not stop the others: its partial notebook is kept and the
index lists the failing cell and the error. ``resume`` skips a report whose
workbook, parameters and data have not changed since it was last made (the
fingerprint in ``manifest.json``).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

import nbformat

import mentorkit
from mentorkit.apps import workbooks_path
from mentorkit.files import make_private, slug, write_text_atomically
from mentorkit.folder import ProgramFolder
from mentorkit.matching import MatchStatus
from mentorkit.reports.figures import Period
from mentorkit.reports.render import environment, render_report

MANIFEST = "manifest.json"
KERNEL = "python3"

PAIR_REPORTED = (MatchStatus.PUBLISHED, MatchStatus.COMPLETED)  # a sheet per pair


@dataclass(frozen=True)
class Job:
    """One report to make: which workbook, with which parameters, to which files."""

    key: str  # unique in the batch and safe as a file name, e.g. "cohort-spring"
    kind: str  # "cohort", "pair" or "program"
    title: str
    workbook: Path
    parameters: dict
    cohort: str

    def html(self, out: Path) -> Path:
        return out / f"{self.kind}s" / f"{self.key}.html"

    def notebook(self, out: Path) -> Path:
        return out / "notebooks" / f"{self.key}.ipynb"


@dataclass
class Outcome:
    """How one report went."""

    key: str
    kind: str
    title: str
    cohort: str
    status: str  # "made", "up to date" or "failed"
    fingerprint: str = ""
    html: str = ""  # relative to the output folder
    notebook: str = ""
    error: str = ""
    seconds: float = 0.0
    made: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def plan(
    folder: ProgramFolder,
    cohorts: Iterable[str] | None = None,
    pairs: bool = False,
    period: str | None = None,
    today: date | None = None,
    program: bool = False,
) -> list[Job]:
    """The reports of ``cohorts`` (every cohort when None), of their published and
    completed pairs when ``pairs``, and the program's report across cohorts when
    ``program``."""
    today = today or date.today()
    Period.parse(period, today)  # a clear error for a bad period, before any run
    common = {"program": str(folder.path), "period": period, "today": today.isoformat()}
    jobs = []
    with folder.open_store() as store:
        names = store.cohort_names() if cohorts is None else list(cohorts)
        for name in names:
            store.cohort(name)  # refuses an unknown cohort, naming the known ones
        seen: set[str] = set()
        for name in names:
            key = _unique(f"cohort-{slug(name, 'report')}", seen)
            jobs.append(
                Job(key, "cohort", f"Cohort report: {name}",
                    workbooks_path() / "cohort_report.ipynb", common | {"cohort": name},
                    name)
            )  # fmt: skip
        if program:
            book = workbooks_path() / "program_report.ipynb"
            title = "Program report: cohort after cohort"
            jobs.append(Job("program", "program", title, book, common, ""))
        if pairs:
            people = store.participants()
            named = dict(zip(people["id"], people["name"], strict=True))
            for name in names:
                matches = store.matches(name)
                kept = matches["status"].astype(str).isin(PAIR_REPORTED)
                for match in matches[kept].itertuples():
                    pair = f"{named[match.mentor_id]} & {named[match.mentee_id]}"
                    title = f"Pair progress: {pair}"
                    jobs.append(
                        Job(_unique(f"pair-{match.id}", seen), "pair", title,
                            workbooks_path() / "pair_progress.ipynb",
                            common | {"pair": int(match.id)}, name)
                    )  # fmt: skip
    return jobs


def _unique(key: str, seen: set[str]) -> str:
    candidate, n = key, 2
    while candidate in seen:
        candidate, n = f"{key}-{n}", n + 1
    seen.add(candidate)
    return candidate


def fingerprints(folder: ProgramFolder, jobs: list[Job]) -> dict[str, str]:
    """Each job's fingerprint: its workbook, its parameters, mentorkit's version and
    everything stored about its cohort (every cohort, for the program report)."""
    with folder.open_store() as store:
        data = {
            cohort: store.digest(cohort) for cohort in {j.cohort for j in jobs} if cohort
        }
        if any(not j.cohort for j in jobs):  # the program report reads every cohort
            data[""] = "".join(store.digest(c) for c in store.cohort_names())
    prints = {}
    for job in jobs:
        digest = hashlib.sha256()
        digest.update(job.workbook.read_bytes())
        digest.update(json.dumps(job.parameters, sort_keys=True).encode())
        digest.update(mentorkit.__version__.encode())
        digest.update(data[job.cohort].encode())
        prints[job.key] = digest.hexdigest()
    return prints


def read_manifest(out: Path) -> dict[str, dict]:
    try:
        return json.loads((out / MANIFEST).read_text())["reports"]
    except (FileNotFoundError, KeyError, ValueError):
        return {}


def run_batch(
    folder: ProgramFolder,
    jobs: list[Job],
    out: Path,
    *,
    workers: int = 2,
    resume: bool = False,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Make every report of ``jobs`` in ``out``; write the index and the manifest.

    ``progress`` is called after each report, in the order they finish.
    """
    out.mkdir(parents=True, exist_ok=True)
    prints = fingerprints(folder, jobs)
    before = read_manifest(out)
    outcomes: dict[str, Outcome] = {}
    todo = []
    for job in jobs:
        known = before.get(job.key, {})
        up_to_date = (
            resume
            and known.get("status") in ("made", "up to date")
            and known.get("fingerprint") == prints[job.key]
            and (out / known.get("html", "-")).is_file()
        )
        if up_to_date:
            outcomes[job.key] = Outcome(**{**known, "status": "up to date", "seconds": 0.0})
            if progress:
                progress(outcomes[job.key])
        else:
            todo.append(job)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        running = {pool.submit(run_one, job, out, prints[job.key]): job for job in todo}
        for done in as_completed(running):
            outcome = done.result()
            outcomes[outcome.key] = outcome
            # after each report, so that a batch killed midway resumes where it was
            _write_manifest(out, {**before, **{k: asdict(o) for k, o in outcomes.items()}})
            if progress:
                progress(outcome)
    ordered = [outcomes[job.key] for job in jobs]
    _write_manifest(out, {o.key: asdict(o) for o in ordered})
    write_index(folder, out, ordered)
    return ordered


def _local_kernel_manager():
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        """Report kernels talk to papermill over local sockets, not TCP ports.

        Each kernel gets its own socket names: kernels started at once from one
        folder would otherwise race for the same ``kernel-ipc-N`` files.
        """

        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            prefix = Path(tempfile.gettempdir()) / f"mentorkit-{uuid.uuid4().hex[:12]}"
            kwargs.setdefault("ip", str(prefix))
            super().__init__(**kwargs)

    return LocalKernelManager


def run_one(job: Job, out: Path, fingerprint: str) -> Outcome:
    """Run one workbook with papermill and render it; never raises for the report's
    own failure (the outcome says what failed, and where)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    LocalKernelManager = _local_kernel_manager()
    notebook = job.notebook(out)
    html = job.html(out)
    notebook.parent.mkdir(parents=True, exist_ok=True)
    html.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outcome = Outcome(job.key, job.kind, job.title, job.cohort, "failed", fingerprint,
                      notebook=str(notebook.relative_to(out)))  # fmt: skip
    try:
        executed = papermill.execute_notebook(
            str(job.workbook),
            str(notebook),
            parameters=job.parameters,
            kernel_name=KERNEL,
            progress_bar=False,
            log_output=False,
            cwd=str(out),
            kernel_manager_class=LocalKernelManager,
        )
        made = datetime.now()
        page = render_report(nbformat.from_dict(executed), job.title, made)
        write_text_atomically(html, page)
        outcome.status, outcome.html = "made", str(html.relative_to(out))
        outcome.made = made.isoformat(timespec="seconds")
    except PapermillExecutionError as exc:
        source = _cell_source(notebook, exc.cell_index)
        outcome.error = f"cell {exc.exec_count} ({source}): {exc.ename}: {exc.evalue}"
    except Exception as exc:  # a kernel that would not start, a full disk ...
        outcome.error = f"{type(exc).__name__}: {exc}"
    make_private(notebook)
    outcome.seconds = round(time.perf_counter() - started, 2)
    return outcome


def _cell_source(notebook: Path, index: int) -> str:
    try:
        cell = nbformat.read(notebook, as_version=4).cells[index]
    except (OSError, IndexError, ValueError):
        return "?"
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return lines[-1][:80] if lines else "?"


def _write_manifest(out: Path, reports: dict[str, dict]) -> None:
    data = {"made_by": f"mentorkit {mentorkit.__version__}", "reports": reports}
    write_text_atomically(out / MANIFEST, json.dumps(data, indent=1))


@dataclass
class _Row:
    title: str
    cohort: str
    status: str
    status_class: str
    html_link: str = ""
    notebook_link: str = ""
    error: str = ""
    detail: str = ""


def write_index(folder: ProgramFolder, out: Path, outcomes: list[Outcome]) -> Path:
    """``index.html``: every report with its status, its link, or its error."""
    with folder.open_store() as store:
        program = store.program().name
    rows = [
        _Row(
            o.title,
            o.cohort,
            o.status,
            "failed" if not o.ok else "ok",
            html_link=o.html if o.ok else "",
            notebook_link=o.notebook if not o.ok else "",
            error=o.error,
            detail=f"{o.seconds:.1f} s"
            if o.status == "made"
            else "unchanged since last made",
        )
        for o in outcomes
    ]
    page = (
        environment()
        .get_template("index.html.j2")
        .render(
            program=program,
            outcomes=rows,
            done=sum(o.ok for o in outcomes),
            failed=sum(not o.ok for o in outcomes),
            made=f"{datetime.now():%d %B %Y at %H:%M}",
        )
    )
    return write_text_atomically(out / "index.html", page)
