"""Batch builds for vendors: many report sources at once, on every core or on a Dask cluster.

Each report is built by ``build_one``, a plain function of plain arguments that never raises: it runs
``exporter.pipeline.build`` (with the data-quality gate of ``xbrl-export build``) into
``OUT_DIR/<source folder name>/`` and returns an ``Outcome``. The same call runs in a local process
pool (``concurrent.futures.ProcessPoolExecutor``, one process per core: Arelle and the concept
catalog are process-wide, so reports are spread over processes, not threads) or on the workers of a
Dask cluster (``dask.distributed``, the optional extra ``dask``). A report that fails does not stop
the others; the batch fails if any report failed.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from exporter.emitters import DEFAULT_FORMATS
from exporter.errors import ExporterError, Location

F = TypeVar("F", bound=Callable[..., Any])

SCHEDULERS = ("local", "dask")
EXIT_OK, EXIT_FAILED, EXIT_INTERNAL = 0, 1, 3

# One build at a time in a process: Arelle allows one session per process, and the gate's messages
# are captured by redirecting the process's stderr. A Dask worker may run tasks in several threads.
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one report of a batch."""

    source: str
    name: str
    out: str
    ok: bool
    facts: int = 0
    files: int = 0
    seconds: float = 0.0
    error: str | None = None  # the message, as the single build prints it, when not ok
    internal: bool = False  # the error is a bug (exit code 3), not something the source can fix
    messages: str = ""  # what the data-quality checks printed (findings), if anything


def find_sources(folder: Path | str) -> list[Path]:
    """The report sources in ``folder``: its subfolders that hold a ``report.yaml``, by name."""
    folder = Path(folder)
    return sorted((child for child in folder.iterdir() if (child / "report.yaml").is_file()),
                  key=lambda child: child.name)


def read_source_list(path: Path | str) -> list[Path]:
    """The source folders named in a list file, one per line; blank lines and lines starting with
    ``#`` are skipped, and relative paths are relative to the list file's folder."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExporterError(f"cannot read the list of sources: {exc}", Location(str(path))) from None
    sources = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            source = Path(line).expanduser()
            sources.append(source if source.is_absolute() else path.parent / source)
    if not sources:
        raise ExporterError("the list of sources names no source folder", Location(str(path)))
    return sources


def is_batch(source_dir: Path | None) -> bool:
    """Whether ``source_dir`` is a folder of report sources rather than one source."""
    return (source_dir is not None and source_dir.is_dir() and not (source_dir / "report.yaml").exists()
            and bool(find_sources(source_dir)))


def build_one(source: str, out_dir: str, packages: Sequence[str] = (), strict: bool = False,
              formats: Collection[str] = DEFAULT_FORMATS) -> Outcome:
    """Build the report in ``source`` into ``out_dir/<source folder name>/``, as ``xbrl-export build``
    does (checks first, nothing written unless everything succeeded), and say how it went.

    Never raises: every failure is an ``Outcome`` that is not ok. Pure in its arguments, so it runs
    in any process: a local pool's or a Dask worker's.
    """
    from exporter.checks.command import gate
    from exporter.pipeline import build

    name = Path(source).name
    out = str(Path(out_dir) / name)
    start = time.perf_counter()
    captured = io.StringIO()
    with _ONE_AT_A_TIME, contextlib.redirect_stderr(captured):
        try:
            result = build(source, out, packages, gate=gate(strict), formats=formats)
        except ExporterError as exc:
            return Outcome(source, name, out, False, seconds=time.perf_counter() - start, error=str(exc),
                           messages=captured.getvalue())
        except Exception as exc:  # a bug in one report must not stop the others
            return Outcome(source, name, out, False, seconds=time.perf_counter() - start,
                           error=f"internal error: {type(exc).__name__}: {exc}", internal=True,
                           messages=captured.getvalue())
    return Outcome(source, name, out, True, len(result.report.facts), len(result.files),
                   time.perf_counter() - start, messages=captured.getvalue())


def build_many(
    sources: Sequence[Path | str],
    out_dir: Path | str,
    packages: Sequence[str] = (),
    *,
    strict: bool = False,
    formats: Collection[str] = DEFAULT_FORMATS,
    jobs: int | None = None,
    scheduler: str = "local",
    address: str | None = None,
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """Build every source into ``out_dir/<source folder name>/``; the outcomes in the order of
    ``sources``. ``progress(outcome, done, total)`` is called as each report finishes.

    ``scheduler`` is ``local`` (a process pool of ``jobs`` processes, by default one per core) or
    ``dask`` (the cluster at ``address``, by default a local cluster of ``jobs`` worker processes).
    """
    if scheduler not in SCHEDULERS:
        raise ValueError(f"unknown scheduler {scheduler!r}; choose from {', '.join(SCHEDULERS)}")
    names: dict[str, str] = {}
    for source in sources:
        name = Path(source).name
        if name in names:
            raise ExporterError(f"two sources are named {name!r} ({names[name]} and {source}); each report is "
                                f"written to OUT_DIR/<source folder name>", Location(str(source)))
        names[name] = str(source)
    jobs = jobs or cpu_count()
    calls = [(str(source), str(out_dir), tuple(packages), strict, tuple(formats)) for source in sources]
    if scheduler == "dask":
        finished = _on_dask(calls, address, jobs)
    elif jobs == 1 or len(calls) == 1:
        finished = ((index, build_one(*call)) for index, call in enumerate(calls))
    else:
        finished = _on_pool(calls, jobs)
    outcomes: list[Outcome | None] = [None] * len(calls)
    for done, (index, outcome) in enumerate(finished, start=1):
        outcomes[index] = outcome
        if progress is not None:
            progress(outcome, done, len(calls))
    return [outcome for outcome in outcomes if outcome is not None]


def cpu_count() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


Call = tuple[str, str, tuple[str, ...], bool, tuple[str, ...]]


def _lost(call: Call, exc: BaseException) -> Outcome:
    # The worker itself died (out of memory, killed): the report failed, the batch goes on.
    source, out_dir = call[0], call[1]
    return Outcome(source, Path(source).name, str(Path(out_dir) / Path(source).name), False,
                   error=f"internal error: the worker building it failed: {type(exc).__name__}: {exc}",
                   internal=True)


def _on_pool(calls: list[Call], jobs: int) -> Iterator[tuple[int, Outcome]]:
    with ProcessPoolExecutor(max_workers=min(jobs, len(calls))) as pool:
        futures: dict[Future[Outcome], int] = {pool.submit(build_one, *call): index for index, call in enumerate(calls)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                yield index, future.result()
            except Exception as exc:
                yield index, _lost(calls[index], exc)


def _on_dask(calls: list[Call], address: str | None, jobs: int) -> Iterator[tuple[int, Outcome]]:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise ExporterError("--scheduler dask needs Dask: pip install 'xbrl-exporter[dask]'") from None
    with contextlib.ExitStack() as stack:
        if address:
            client = stack.enter_context(Client(address))
        else:
            # Worker processes with one thread each, like the local pool: Arelle is process-wide.
            cluster = stack.enter_context(LocalCluster(n_workers=min(jobs, len(calls)), threads_per_worker=1,
                                                       processes=True, dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        # pure=False: the same source built twice is two builds (its files may have changed).
        futures = {client.submit(build_one, *call, pure=False): index for index, call in enumerate(calls)}
        for future in dask_completed(futures):
            index = futures[future]
            try:
                yield index, future.result()
            except Exception as exc:
                yield index, _lost(calls[index], exc)


# --- the command line: `xbrl-export build` over many sources ----------------------------------------


def batch_options(function: F) -> F:
    """The options of ``xbrl-export build`` for many sources."""
    options = [
        click.option("--from-list", "from_list", type=click.Path(dir_okay=False, path_type=Path),
                     help="Build every source folder named in this file (one per line) into "
                          "OUT_DIR/<folder name>/."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Reports built at once when building many (default: one per core)."),
        click.option("--scheduler", type=click.Choice(SCHEDULERS), default="local", show_default=True,
                     help="Where many reports are built: local processes, or a Dask cluster."),
        click.option("--scheduler-address", "scheduler_address", metavar="ADDRESS",
                     help="The Dask scheduler (e.g. tcp://host:8786); default: a local Dask cluster."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def run_batch(source_dir: Path | None, from_list: Path | None, out_dir: Path, packages: Sequence[str],
              strict: bool, formats: Collection[str], jobs: int | None, scheduler: str,
              address: str | None) -> int:
    """``xbrl-export build`` over a folder of sources or a list of them: a line on stderr as each
    report finishes, a summary table on stdout, and the exit code: 0 when every report was built,
    1 when one failed, 3 when one failed through a bug."""
    if from_list is not None and source_dir is not None:
        raise click.UsageError("give either SOURCE_DIR or --from-list, not both")
    if address and scheduler != "dask":
        raise click.UsageError("--scheduler-address is the address of a Dask scheduler: add --scheduler dask")
    sources = read_source_list(from_list) if from_list is not None else find_sources(source_dir or Path("."))
    jobs = jobs or cpu_count()
    where = f"on {address}" if address else f"{jobs} at a time" + (" on a local Dask cluster" if scheduler == "dask"
                                                                  else "")
    click.echo(f"building {len(sources)} reports into {out_dir}, {where}", err=True)
    width = len(str(len(sources)))

    def progress(outcome: Outcome, done: int, total: int) -> None:
        status = "built " if outcome.ok else "FAILED"
        click.echo(f"[{done:>{width}}/{total}] {status} {outcome.name} ({outcome.seconds:.1f} s)", err=True)

    start = time.perf_counter()
    outcomes = build_many(sources, out_dir, packages, strict=strict, formats=formats, jobs=jobs,
                          scheduler=scheduler, address=address, progress=progress)
    click.echo(summary_table(outcomes))
    failed = [outcome for outcome in outcomes if not outcome.ok]
    click.echo(f"{len(outcomes)} reports: {len(outcomes) - len(failed)} built, {len(failed)} failed, "
               f"in {time.perf_counter() - start:.1f} s")
    for outcome in failed:
        click.echo(f"\n{outcome.name} ({outcome.source}):", err=True)
        if outcome.messages.strip():
            click.echo(outcome.messages.rstrip("\n"), err=True)
        click.echo(f"error: {outcome.error}", err=True)
    if any(outcome.internal for outcome in failed):
        return EXIT_INTERNAL
    return EXIT_FAILED if failed else EXIT_OK


def summary_table(outcomes: Sequence[Outcome]) -> str:
    """One line per report: name, status, facts, seconds, and where it was written or why not."""
    rows = [("report", "status", "facts", "seconds", "output")]
    for outcome in outcomes:
        first_line = (outcome.error or "").splitlines()[0] if outcome.error else ""
        rows.append((outcome.name, "built" if outcome.ok else "FAILED", f"{outcome.facts:,}" if outcome.ok else "-",
                     f"{outcome.seconds:.2f}", outcome.out if outcome.ok else first_line))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]), row[3].rjust(widths[3])]
        lines.append("  ".join([*cells, row[4]]).rstrip())
    return "\n".join(lines)
