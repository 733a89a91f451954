"""Deliverer processes for tests: `flask --app app deliver`, as an operator runs it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from .servers import ROOT, server_environment


def start_deliverer(
    database_url: str, env: Mapping[str, str], log_path: Path, *, once: bool = False
) -> subprocess.Popen:
    """Start a deliverer in its own process group, logging to ``log_path``."""
    command = [sys.executable, "-m", "flask", "--app", "app", "deliver"]
    with open(log_path, "wb") as log:
        return subprocess.Popen(  # noqa: S603 (our own command line)
            command + (["--once"] if once else []),
            cwd=ROOT,
            env=server_environment(database_url, env, log_path.parent / "instance"),
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
