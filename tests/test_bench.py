"""The benchmark harness runs end to end, so it cannot rot unnoticed.

A quick run (one-second loads, a thousand rows) on this run's database
must print the table and write it with every row. No figure is judged
here: speed belongs to `make bench`, not to the test suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.databases import database_kind

ROOT = Path(__file__).resolve().parent.parent
SHARED_ROWS = [
    "Rules: evaluate() per screening",
    "Weight: form page with its CSS and JS, gzip",
    "Weight: result page with its CSS and JS, gzip",
]
ROWS_PER_DATABASE = [
    "Hello world (bare Flask, same gunicorn settings)",
    "GET /screening",
    "POST /screening",
    "GET /screening/<token>",
    "POST /api/v1/eligibility",
    "GET /staff/?outcome=needs_review",
    "Queue: bulk load (not a target)",
    "Queue: first page",
    "Queue: page deep in the list",
    "Queue: filtered page (needs review)",
    "Queue: search: a rare name",
    "Queue: search: a common surname",
    "Queue: search: reference",
    "Queue: search: email address",
    "Memory: one worker, 100 requests (100 screenings stored before)",
    "FHIR: NDJSON export of 1,000 screenings",
    "Policy impact: 1,000 screenings",
]


def run_module(module: str, *arguments: str, timeout: int) -> str:
    """Run ``python -m module`` from the checkout; return what it printed."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return completed.stdout


@pytest.mark.slow
def test_a_quick_run_prints_and_writes_the_table_with_every_row(tmp_path):
    kind = database_kind()
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\nNotes kept by hand.\n")
    stdout = run_module(
        "bench", "--quick", "--databases", kind, "--output", str(output), timeout=900
    )
    written = output.read_text()
    assert written.startswith("# Benchmarks\n\nNotes kept by hand.\n")
    rows = [line for line in stdout.splitlines() if line.startswith("| ")]
    labels = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    assert labels == ["Benchmark", *SHARED_ROWS, *ROWS_PER_DATABASE]
    for row in rows[1 + len(SHARED_ROWS) :]:
        assert f" | {kind} | " in row
        assert row.endswith((" | met |", " | MISSED |", " | n/a |")), row
        assert row in written
    assert " cores (" in written and "SQLite " in written


@pytest.mark.slow
def test_the_worker_profile_names_the_app_and_the_server_around_it():
    stdout = run_module(
        "bench.profile", "POST /api/v1/eligibility", database_kind(), timeout=300
    )
    shares = dict(reversed(line.split(" %  ", 1)) for line in stdout.splitlines())
    assert {"SyncWorker.handle", "Flask.wsgi_app", "eligibility"} <= shares.keys()
    assert 0 < float(shares["Flask.wsgi_app"]) < float(shares["SyncWorker.handle"])
