"""Speed and memory of a build at filing and vendor scale: ``python -m benchmarks.run``.

For each size (by default 1,000, 10,000 and 100,000 facts) it writes a synthetic source
(``benchmarks/synthetic.py``) and measures, each in a fresh Python process so that the peak memory
is that of one run:

- the stages of the pipeline (read, catalog, map, xBRL-JSON, iXBRL, taxonomy, write), their wall
  time and the peak resident memory of the process while each ran;
- the whole build as a library call (``exporter.pipeline.build``), and as the command
  ``xbrl-export build`` (which runs the data-quality checks first), process start to exit;
- the same work done by the bare lxml/json emitter of ``benchmarks/bare.py`` (the floor);
- ``exporter.validation.validate_report`` against a direct call of Arelle (``arelle.api.Session``
  with the same options) on the same file.

It prints markdown tables (``--output FILE`` writes them to a file too) and whether the targets of
the project are met. Times are the fastest of ``--repeat`` runs (other work on the machine only ever
slows a run down); memory is of that run. The catalog of concepts is read from a disk cache warmed
first, as in any build after the first.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_PACKAGES = ROOT.parent / "shared" / "taxonomies"
STAGES = ("read", "catalog", "map", "xBRL-JSON", "iXBRL", "taxonomy", "write")

# The targets of the project (issue 7), on a 2-core machine.
TARGET_SECONDS, TARGET_MB = 4.0, 400.0  # the whole build of 100,000 facts
TARGET_GROWTH = 12.0  # at most this much more time or memory for ten times the facts
TARGET_VS_BARE = 1.2
TARGET_VS_ARELLE = 1.1


# --- what runs in the child processes --------------------------------------------------------------


def _peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (since the last ``_reset_peak``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    # Linux: writing 5 to clear_refs starts the peak (VmHWM) again from the current size, so that
    # each stage gets its own peak. Elsewhere the peaks are those of the run so far.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _stages(source: str, out: str, packages: list[str]) -> dict[str, Any]:
    """The pipeline stage by stage, as ``exporter.pipeline.build`` runs them (without the checks)."""
    from exporter.emitters.ixbrl import inline_xbrl
    from exporter.emitters.output import write_files
    from exporter.emitters.taxonomy import taxonomy_files
    from exporter.emitters.xbrljson import xbrl_json
    from exporter.gcpause import paused_gc
    from exporter.mapping import map_source
    from exporter.source import read_source
    from exporter.taxonomy import load_catalog, load_profile

    results: dict[str, Any] = {}
    values: dict[str, Any] = {}

    def stage(name: str, work: Callable[[], Any]) -> Any:
        _reset_peak()
        start = time.perf_counter()
        value = work()
        results[name] = {"seconds": time.perf_counter() - start, "mb": _peak_mb()}
        return value

    with paused_gc():  # as exporter.pipeline.build
        values["source"] = stage("read", lambda: read_source(source))
        catalog = stage("catalog", lambda: load_catalog(load_profile(values["source"].taxonomy), packages))
        report = stage("map", lambda: map_source(values.pop("source"), catalog))
        files = {}
        files[f"{report.name}.json"] = stage("xBRL-JSON", lambda: xbrl_json(report).encode("utf-8"))
        files[f"{report.name}.htm"] = stage("iXBRL", lambda: inline_xbrl(report))
        files.update(stage("taxonomy", lambda: taxonomy_files(report.extension)))
        stage("write", lambda: write_files(Path(out), files))
    results["facts"] = len(report.facts)
    return results


def _build(source: str, out: str, packages: list[str]) -> dict[str, Any]:
    from exporter.pipeline import build

    start = time.perf_counter()
    result = build(source, out, packages)
    return {"seconds": time.perf_counter() - start, "facts": len(result.report.facts)}


def _validate(path: str, packages: list[str]) -> dict[str, Any]:
    from exporter.validation import validate_report

    start = time.perf_counter()
    result = validate_report(path, packages)
    return {"seconds": time.perf_counter() - start, "facts": result.fact_count, "errors": len(result.errors)}


def _arelle(path: str, packages: list[str]) -> dict[str, Any]:
    """Arelle alone, with the options ``validate_report`` gives it (exporter/arelle.py)."""
    start = time.perf_counter()  # importing Arelle counts, as it does in validate_report
    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    options = RuntimeOptions(
        entrypointFile=str(Path(path).resolve()), packages=packages or None,
        internetConnectivity="offline" if packages else "online", validate=True, keepOpen=True,
        disablePersistentConfig=True, logFile="logToBuffer",
        calcs="c11r", validateDuplicateFacts="inconsistent", utrValidate=True,
    )
    with Session() as session:
        session.run(options)
        models = session.get_models()
        facts = len(models[0].facts) if models else 0
    return {"seconds": time.perf_counter() - start, "facts": facts}


_CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "stages": _stages, "build": _build, "validate": _validate, "arelle": _arelle,
}


# --- the parent: runs the children, collects and prints ----------------------------------------------


def _run(command: Sequence[str], env: dict[str, str], quiet: bool = False) -> tuple[float, float, str]:
    """Run ``command``; its wall time (start to exit), peak resident memory in MB, and stdout."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL if quiet else None,
                               env=env, cwd=ROOT)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    # wait4 gives the resources of this child alone (getrusage(RUSAGE_CHILDREN) keeps the maximum
    # over every child so far).
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 and not quiet:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
    return seconds, usage.ru_maxrss / 1024, output


def _child(kind: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.run", "--child", kind, *args]


def _best(runs: list[tuple[float, float, str]]) -> tuple[float, float, str]:
    return min(runs, key=lambda run: run[0])


def machine() -> dict[str, str]:
    """nproc, CPU model, memory, Python and the versions of what does the work."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    from importlib.metadata import version

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": str(cores), "cpu": cpu, "memory": memory, "python": platform.python_version(),
        "versions": ", ".join(f"{name} {version(name)}" for name in ("lxml", "Jinja2", "arelle-release")),
    }


def benchmark(sizes: Sequence[int], packages: list[str], repeat: int, validate: Sequence[int],
              validate_format: str, cli: bool, work: Path) -> dict[str, Any]:
    """Every measurement, by size."""
    from benchmarks.synthetic import write_synthetic

    env = dict(os.environ, XBRL_EXPORTER_CACHE=str(work / "cache"), PYTHONPATH=str(ROOT))
    package_args = [arg for package in packages for arg in ("--package", package)]
    xbrl_export = shutil.which("xbrl-export", path=str(Path(sys.executable).parent)) or "xbrl-export"
    results: dict[str, Any] = {}
    for size in sizes:
        source = write_synthetic(work / f"source-{size}", size)
        out = work / f"out-{size}"
        if not results:  # warm the catalog's disk cache, as after any first build
            _run(_child("build", str(source), str(out), *package_args), env)
        print(f"{size:,} facts ...", file=sys.stderr)
        entry: dict[str, Any] = {}
        runs = [_run(_child("stages", str(source), str(out), *package_args), env) for _ in range(repeat)]
        entry["stages"] = json.loads(_best(runs)[2])
        seconds, mb, output = _best([_run(_child("build", str(source), str(out), *package_args), env)
                                     for _ in range(repeat)])
        entry["build"] = {"seconds": seconds, "mb": mb, "in_process": json.loads(output)["seconds"]}
        if cli:
            command = [xbrl_export, "build", str(source), "--out", str(work / f"cli-{size}")]
            command += [arg for package in packages for arg in ("--taxonomy-package", package)]
            seconds, mb, _ = _best([_run(command, env, quiet=True) for _ in range(repeat)])
            entry["cli"] = {"seconds": seconds, "mb": mb}
        bare = [_run([sys.executable, "-m", "benchmarks.bare", str(source), str(work / f"bare-{size}")], env)
                for _ in range(repeat)]
        seconds, mb, output = _best(bare)
        entry["bare"] = {"seconds": seconds, "mb": mb, "stages": json.loads(output)}
        if size in validate:
            name = "syn-20241231" + (".json" if validate_format == "json" else ".htm")
            path = str(out / name)
            for kind in ("validate", "arelle"):
                seconds, mb, output = _best([_run(_child(kind, path, *package_args), env) for _ in range(repeat)])
                entry[kind] = {"process_seconds": seconds, "mb": mb, **json.loads(output)}
        results[str(size)] = entry
    return results


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def report(results: dict[str, Any], info: dict[str, str], command: str, validate_format: str) -> str:
    """The measurements as markdown, with the targets."""
    sizes = list(results)
    head = " | ".join(f"{int(size):,} facts" for size in sizes)
    rule = "|".join("---:" for _ in sizes)
    lines = [
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['memory']} memory; Python {info['python']}; "
        f"{info['versions']}.",
        "",
        f"Command: `{command}`",
        "",
        "**Pipeline stages** (one fresh process per size; wall time, and peak resident memory of the process "
        "while the stage ran):",
        "",
        f"| stage | {head} |",
        f"|---|{rule}|",
    ]
    for stage in STAGES:
        cells = [f"{results[s]['stages'][stage]['seconds']:.3f} s, {results[s]['stages'][stage]['mb']:.0f} MB"
                 for s in sizes]
        lines.append(f"| {stage} | {' | '.join(cells)} |")
    cells = [f"{sum(results[s]['stages'][st]['seconds'] for st in STAGES):.3f} s" for s in sizes]
    lines += [f"| sum of the stages | {' | '.join(cells)} |", ""]

    lines += ["**Whole runs** (a fresh process each, start to exit: wall time, peak resident memory):", "",
              f"| run | {head} |", f"|---|{rule}|"]
    rows = [("build: `exporter.pipeline.build` (library)", "build")]
    if all("cli" in results[s] for s in sizes):
        rows.append(("`xbrl-export build` (runs the data-quality checks first)", "cli"))
    rows.append(("bare lxml/json emitter (`benchmarks/bare.py`)", "bare"))
    for title, key in rows:
        cells = [f"{results[s][key]['seconds']:.2f} s, {results[s][key]['mb']:.0f} MB" for s in sizes]
        lines.append(f"| {title} | {' | '.join(cells)} |")
    cells = [f"{_ratio(results[s]['build']['seconds'], results[s]['bare']['seconds'])} time, "
             f"{_ratio(results[s]['build']['mb'], results[s]['bare']['mb'])} memory" for s in sizes]
    lines.append(f"| build ÷ bare | {' | '.join(cells)} |")
    emit = [results[s]["stages"]["xBRL-JSON"]["seconds"] + results[s]["stages"]["iXBRL"]["seconds"] for s in sizes]
    bare_emit = [results[s]["bare"]["stages"]["xBRL-JSON"] + results[s]["bare"]["stages"]["iXBRL"] for s in sizes]
    cells = [f"{a:.3f} s vs {b:.3f} s ({_ratio(a, b)})" for a, b in zip(emit, bare_emit, strict=True)]
    lines += [f"| emitting only (xBRL-JSON + iXBRL), build vs bare | {' | '.join(cells)} |", ""]

    validated = [s for s in sizes if "validate" in results[s]]
    if validated:
        lines += [f"**Validation** of the build's {'xBRL-JSON' if validate_format == 'json' else 'Inline XBRL'} "
                  "(time of the call, in a fresh process each; peak memory of the process):", "",
                  "| facts | `validate_report` | Arelle alone | ratio |", "|---:|---:|---:|---:|"]
        for s in validated:
            ours, theirs = results[s]["validate"], results[s]["arelle"]
            lines.append(f"| {int(s):,} | {ours['seconds']:.2f} s, {ours['mb']:.0f} MB | "
                         f"{theirs['seconds']:.2f} s, {theirs['mb']:.0f} MB | "
                         f"{_ratio(ours['seconds'], theirs['seconds'])} |")
        lines.append("")
    lines += ["**Targets**:", ""] + [f"- {line}" for line in targets(results)]
    return "\n".join(lines) + "\n"


def targets(results: dict[str, Any]) -> list[str]:
    """Each target of the project, met or not, with the numbers."""

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    lines = []
    sizes = sorted(results, key=int)
    largest = results[sizes[-1]]
    seconds, mb = largest["build"]["seconds"], largest["build"]["mb"]
    lines.append(f"{int(sizes[-1]):,} facts in ≤ {TARGET_SECONDS:g} s and ≤ {TARGET_MB:g} MB (library build, "
                 f"process start to exit): {seconds:.2f} s, {mb:.0f} MB: "
                 f"{mark(seconds <= TARGET_SECONDS and mb <= TARGET_MB)}")
    if "cli" in largest:
        seconds, mb = largest["cli"]["seconds"], largest["cli"]["mb"]
        lines.append(f"the same with `xbrl-export build`, data-quality checks included: {seconds:.2f} s, {mb:.0f} MB: "
                     f"{mark(seconds <= TARGET_SECONDS and mb <= TARGET_MB)}")
    for small, large in zip(sizes, sizes[1:], strict=False):
        a, b = results[small]["build"], results[large]["build"]
        factor = int(large) / int(small)
        limit = TARGET_GROWTH * factor / 10
        time_growth, memory_growth = b["seconds"] / a["seconds"], b["mb"] / a["mb"]
        lines.append(f"growth {int(small):,} → {int(large):,} facts (≤ {limit:g}×): time {time_growth:.1f}×, "
                     f"memory {memory_growth:.1f}×: {mark(time_growth <= limit and memory_growth <= limit)}")
    ratio = largest["build"]["seconds"] / largest["bare"]["seconds"]
    lines.append(f"within {TARGET_VS_BARE:g}× of the bare emitter at {int(sizes[-1]):,} facts: {ratio:.2f}×: "
                 f"{mark(ratio <= TARGET_VS_BARE)}")
    for size in sizes:
        if "validate" in results[size]:
            ratio = results[size]["validate"]["seconds"] / results[size]["arelle"]["seconds"]
            lines.append(f"validate within {TARGET_VS_ARELLE:g}× of Arelle alone at {int(size):,} facts: "
                         f"{ratio:.2f}×: {mark(ratio <= TARGET_VS_ARELLE)}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """The command line of ``python -m benchmarks.run``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="numbers of facts, comma-separated (default: %(default)s)")
    parser.add_argument("--taxonomy-package", dest="packages", action="append", type=Path,
                        help=f"taxonomy package zip or folder of them (default: {DEFAULT_PACKAGES})")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest counts")
    parser.add_argument("--validate", default=None,
                        help="sizes to validate, comma-separated (default: every size; 'none' for none)")
    parser.add_argument("--validate-format", choices=("json", "ixbrl"), default="json",
                        help="which output to validate (default: %(default)s)")
    parser.add_argument("--no-cli", action="store_true", help="leave out `xbrl-export build`")
    parser.add_argument("--output", type=Path, help="also write the markdown to this file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (sources and outputs)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--package", action="append", default=[], help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)

    if options.child:  # one measurement, in this fresh process: its result as JSON on stdout
        print(json.dumps(_CHILDREN[options.child](*options.args, options.package)))
        return 0

    from exporter.taxonomy import resolve_packages

    sizes = [int(size) for size in options.sizes.split(",")]
    validate = sizes if options.validate is None else \
        [] if options.validate == "none" else [int(size) for size in options.validate.split(",")]
    packages = resolve_packages(options.packages or [DEFAULT_PACKAGES])
    work = options.keep or Path(tempfile.mkdtemp(prefix="xbrl-exporter-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = benchmark(sizes, packages, options.repeat, validate, options.validate_format,
                            not options.no_cli, work)
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    command = "python -m benchmarks.run" + (f" {' '.join(argv)}" if argv else "")
    text = report(results, machine(), command, options.validate_format)
    print(text)
    if options.output:
        options.output.write_text(text, encoding="utf-8")
        (options.output.with_suffix(".json")).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
