"""The NDJSON export and policy-impact over many stored screenings.

    python -m bench.interop --size 100000 --databases sqlite

The export is fetched from one gunicorn worker by a signed-in admin and
read as it streams; the worker's resident memory is read before and its
peak after, so a growth that followed the number of rows would show. The
policy-impact command runs as an operator runs it, under a policy that
raises the minimum age, and its peak memory is the child's maxrss.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.databases import fresh_database_url, migrate_to_head

from . import bulk, report
from .servers import ROOT, gunicorn, resident_kib, worker_pids
from .staff import staff_browser
from .throughput import app_environment

EXPORT_GROWTH_TARGET_MIB = 50
IMPACT_PEAK_TARGET_MIB = 250
POLICY = 'name = "bench"\n[ages]\nminimum = 21\n'
SAMPLE_EVERY = 500
# Runs the command as its only child, so the maxrss it prints is the command's.
PEAK_OF_CHILD = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def export(base: str, environment: dict[str, str], master: int) -> dict:
    """Stream the whole NDJSON export; return its lines, time and worker memory."""
    browser = staff_browser(base, environment, admin=True)
    (worker,) = worker_pids(master)
    before = resident_kib(worker)[0]
    browser.connection.request(
        "GET", "/staff/export.ndjson", headers={"Cookie": browser.cookie_header()}
    )
    started = time.perf_counter()
    response = browser.connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"the export answered {response.status}")
    # The worker's high-water mark already holds sign-in's argon2 hash (64
    # MiB): its resident size is sampled while the export streams instead.
    lines, peak = 0, before
    for _ in response:
        lines += 1
        if lines % SAMPLE_EVERY == 0:
            peak = max(peak, resident_kib(worker)[0])
    seconds = time.perf_counter() - started
    peak = max(peak, resident_kib(worker)[0])
    return {
        "lines": lines,
        "seconds": seconds,
        "before_mib": before / 1024,
        "peak_mib": peak / 1024,
    }


def policy_impact(environment: dict[str, str]) -> dict:
    """Run policy-impact on every stored screening; return its time and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        policy = Path(folder) / "policy.toml"
        policy.write_text(POLICY)
        command = [
            *(sys.executable, "-c", PEAK_OF_CHILD),
            *(sys.executable, "-m", "flask", "--app", "app", "policy-impact"),
        ]
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603 (fixed command)
            [*command, str(policy), "--csv", str(Path(folder) / "changed.csv")],
            cwd=ROOT,
            env={**os.environ, **environment, "FLASK_INSTANCE_PATH": folder},
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - started
    said, _, peak_kib = done.stdout.rstrip().rpartition("\n")
    return {"seconds": seconds, "peak_mib": int(peak_kib) / 1024, "said": said}


def measure(kind: str, size: int) -> dict:
    """Load ``size`` screenings, then time the export and the impact report."""
    with fresh_database_url(kind) as url:
        migrate_to_head(url)
        load_seconds = bulk.load(url, 0, size)
        environment = app_environment(url)
        with gunicorn("app:app", environment, workers=1) as (base, master):
            exported = export(base, environment, master)
        impact = policy_impact(environment)
    if exported["lines"] != size or f"Examined {size} " not in impact["said"]:
        raise RuntimeError(f"expected {size} screenings: {exported} {impact['said']}")
    return {"size": size, "load": load_seconds, "export": exported, "impact": impact}


def rows(kind: str, figures: dict) -> list[list[str]]:
    """Return the table rows of one database's figures."""
    size, exported, impact = figures["size"], figures["export"], figures["impact"]
    growth = exported["peak_mib"] - exported["before_mib"]
    return [
        [
            f"FHIR: NDJSON export of {size:,} screenings",
            kind,
            f"{exported['seconds']:.1f} s ({size / exported['seconds']:,.0f} lines/s); "
            f"worker {exported['before_mib']:.1f} MiB before, peak "
            f"{exported['peak_mib']:.1f} MiB ({growth:+.1f} MiB)",
            f"growth < {EXPORT_GROWTH_TARGET_MIB} MiB",
            report.verdict(growth < EXPORT_GROWTH_TARGET_MIB),
        ],
        [
            f"Policy impact: {size:,} screenings",
            kind,
            f"{impact['seconds']:.1f} s ({size / impact['seconds']:,.0f} per s); "
            f"peak {impact['peak_mib']:.1f} MiB",
            f"peak < {IMPACT_PEAK_TARGET_MIB} MiB",
            report.verdict(impact["peak_mib"] < IMPACT_PEAK_TARGET_MIB),
        ],
    ]


def main(argv: list[str] | None = None) -> int:
    """Measure at the size asked for and print the rows."""
    parser = argparse.ArgumentParser(prog="python -m bench.interop")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    settings = parser.parse_args(argv)
    table = []
    for kind in settings.databases.split(","):
        figures = measure(kind.strip(), settings.size)
        print(f"{kind}: loaded {settings.size:,} rows in {figures['load']:.0f} s")
        table += rows(kind.strip(), figures)
    print(
        report.markdown_table(
            ["Benchmark", "Database", "Measured", "Target", "Verdict"], table
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
