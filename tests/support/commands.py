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


@contextmanager
def documented_server(
    command: str, env: dict, port: int, *, cwd: Path = ROOT
) -> Iterator[LiveServer]:
    """Start a documented server command, wait for /readyz, stop it at the end."""
    log_path = Path(tempfile.mkdtemp(prefix="screening-documented-")) / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["/bin/sh", "-c", documented(command)],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_until_ready(server)
        yield server
    finally:
        server.stop()
