"""Profile the gunicorn workers while wrk loads one endpoint, with py-spy.

    python -m bench.profile "GET /screening"             # on SQLite
    python -m bench.profile "POST /screening" postgresql
    python -m bench.profile hello                        # the yardstick

Prints each function's inclusive share of the workers' samples, so the
time gunicorn and the kernel take (socket writes, the lingering close)
shows beside the application's own. pyinstrument in one process cannot
see those: it profiles the app, not the server around it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from tests.support.databases import KINDS, fresh_database_url, migrate_to_head

from .load import Request, run_wrk
from .servers import gunicorn, worker_pids
from .throughput import (
    EXPECTED_STATUS,
    TARGET_RATIOS,
    app_environment,
    endpoint_plans,
)

PY_SPY = str(Path(sys.executable).with_name("py-spy"))
SECONDS = 5
WARM_UP = 100
HELLO = "hello"


def record(endpoint: str, kind: str) -> Counter:
    """Load ``endpoint`` for SECONDS; count each function's samples.

    The total number of samples is counted under "(all samples)".
    """
    with fresh_database_url(kind) as url, tempfile.TemporaryDirectory() as folder:
        migrate_to_head(url)
        env = app_environment(url)
        app = "bench.hello:app" if endpoint == HELLO else "app:app"
        with gunicorn(app, env) as (base, master):
            requests = planned_requests(base, env, endpoint)
            expected = EXPECTED_STATUS.get(endpoint, 200)
            run_wrk(base, requests[:WARM_UP], 8, 1, expected_status=expected)
            outputs = [Path(folder) / f"{pid}.txt" for pid in worker_pids(master)]
            spies = [spy(output) for output in outputs]
            # A one-request plan (a page) is sent again; forms never twice.
            timed = requests[WARM_UP:] or requests
            run_wrk(base, timed, 8, SECONDS, expected_status=expected)
            for process in spies:
                process.wait()
        return inclusive_samples(outputs)


def planned_requests(base: str, env: dict[str, str], endpoint: str) -> list[Request]:
    """Return the requests the throughput benchmark would send to ``endpoint``."""
    if endpoint == HELLO:
        return [Request("GET", "/")]
    return endpoint_plans(base, env, SECONDS + 1)[endpoint]


def spy(output: Path) -> subprocess.Popen:
    """Start py-spy on one worker (its pid is the file's name)."""
    return subprocess.Popen(  # noqa: S603 (fixed command)
        [PY_SPY, "record", "--pid", output.stem, "--duration", str(SECONDS)]
        + ["--rate", "200", "--format", "raw", "--nonblocking", "-o", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def inclusive_samples(outputs: list[Path]) -> Counter:
    """Count, for each function, the samples it was anywhere on the stack in."""
    counts: Counter = Counter()
    for output in outputs:
        for line in output.read_text().splitlines():
            stack, _, samples = line.rpartition(" ")
            counts["(all samples)"] += int(samples)
            for function in {frame.split(" (")[0] for frame in stack.split(";")}:
                counts[function] += int(samples)
    return counts


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Return the endpoint and the database; argparse explains a wrong one."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.profile", description=__doc__
    )
    parser.add_argument("endpoint", choices=[HELLO, *TARGET_RATIOS])
    parser.add_argument("database", nargs="?", default="sqlite", choices=KINDS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Print the 40 functions with the largest inclusive share."""
    settings = parse_arguments(argv)
    counts = record(settings.endpoint, settings.database)
    total = counts.pop("(all samples)")
    for function, samples in counts.most_common(40):
        print(f"{100 * samples / total:5.1f} %  {function}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
