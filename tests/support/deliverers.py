"""Deliverer processes for tests: the README's commands, exactly as written.

They run through ``sh -c`` with this interpreter's folder first on PATH,
so ``flask`` is the one installed beside the test run's Python.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from .servers import ROOT, server_environment

# The commands README.md shows under "Running the deliverer".
DELIVER = "flask --app app deliver"
DELIVER_ONCE = "flask --app app deliver --once"


def start_deliverer(
    database_url: str, env: Mapping[str, str], log_path: Path, *, once: bool = False
) -> subprocess.Popen:
    """Start a deliverer in its own process group, logging to ``log_path``."""
    environment = server_environment(database_url, env, log_path.parent / "instance")
    bin_folder = str(Path(sys.executable).parent)
    environment["PATH"] = bin_folder + os.pathsep + environment.get("PATH", "")
    with open(log_path, "wb") as log:
        return subprocess.Popen(  # noqa: S603 (our own command line)
            ["/bin/sh", "-c", DELIVER_ONCE if once else DELIVER],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill(process: subprocess.Popen) -> None:
    """End the deliverer at once (SIGKILL), as a crash or a power cut would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def delivered_lines(log_path: Path) -> int:
    """Return how many messages a deliverer's log says it delivered."""
    return log_path.read_text().count('"message": "delivered ')
