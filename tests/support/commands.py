"""Run the documentation's commands as an operator would: through the shell, verbatim.

The environment is the one the documentation names (``DATABASE_URL``,
``FLASK_SECRET_KEY``, ``GUNICORN_BIND``, ...) plus ``FLASK_INSTANCE_PATH``,
so the checkout's instance/ folder stays untouched, and ``PATH`` leading to
this interpreter's scripts (``flask``, ``gunicorn``), as an activated
virtual environment would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .docs import documented
from .servers import INHERITED_PREFIXES, ROOT, LiveServer, wait_until_ready

COMMAND_TIMEOUT_SECONDS = 180


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def operator_environment(database_url: str, instance: Path, **more: str) -> dict:
    """Return a clean environment for commands on ``database_url``."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(INHERITED_PREFIXES)
    }
    scripts = str(Path(sys.executable).parent)
    return {
        **kept,
        "PATH": f"{scripts}{os.pathsep}{kept.get('PATH', '')}",
        "DATABASE_URL": database_url,
        "FLASK_SECRET_KEY": "documented-deploy-secret",
        "FLASK_INSTANCE_PATH": str(instance),
        **more,
    }


def run_documented(
    command: str, env: dict, *, stdin: str = "", cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """Run a documented command verbatim with /bin/sh and return how it went."""
    return subprocess.run(
        ["/bin/sh", "-c", documented(command)],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )


def spawn(
    command: str, env: dict, log_path: Path, *, cwd: Path = ROOT, stdout=None
) -> subprocess.Popen:
    """Start ``command`` with /bin/sh in its own session, stderr to ``log_path``.

    stdout goes to the same file unless ``stdout`` says otherwise.
    """
    with log_path.open("wb") as log:
        return subprocess.Popen(
            ["/bin/sh", "-c", command],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log if stdout is None else stdout,
            stderr=log,
            start_new_session=True,
        )


@contextmanager
def documented_server(
    command: str, env: dict, port: int, *, cwd: Path = ROOT
) -> Iterator[LiveServer]:
    """Start a documented server command, wait for /readyz, stop it at the end."""
    log_path = Path(tempfile.mkdtemp(prefix="screening-documented-")) / "server.log"
    process = spawn(documented(command), env, log_path, cwd=cwd)
    with serving(process, port, log_path) as server:
        yield server


@contextmanager
def serving(process: subprocess.Popen, port: int, log: Path) -> Iterator[LiveServer]:
    """Wait until ``process`` answers /readyz on ``port``; stop it after the block."""
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_ready(server)
        yield server
    finally:
        server.stop()
