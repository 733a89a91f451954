"""Live servers for tests: the application under gunicorn, in its own process group.

A server runs from the repository root with gunicorn.conf.py, the database
URL and environment it is given, and nothing inherited that could point it
elsewhere. It listens on a socket the test binds first (port 0, handed over
as ``fd://``), so no two servers can race for a port. ``live_server`` starts
one, waits until ``/readyz`` says it can serve, and stops it;
``LiveServer.kill`` ends it with SIGKILL, as a crash or a power cut would.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .staff import TEST_TOTP_KEY

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 20
# Variables that would make the server use another database or settings.
INHERITED_PREFIXES = (
    "FLASK_",
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "GUNICORN_",
    "WEB_CONCURRENCY",
    "FORWARDED_ALLOW_IPS",
)
BASE_ENVIRONMENT = {
    "FLASK_SECRET_KEY": "live-server-test-secret",
    # The key app_on uses, so accounts it creates can sign in on the server.
    "FLASK_TOTP_ENCRYPTION_KEYS": TEST_TOTP_KEY,
    # The test clients speak plain HTTP to 127.0.0.1.
    "FLASK_SESSION_COOKIE_SECURE": "false",
    # Several workers need shared rate-limit counts (gunicorn.conf.py refuses
    # per-process ones); each server gets its own key prefix in start_server.
    "FLASK_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
}


@dataclass
class LiveServer:
    """A running gunicorn master and its workers."""

    url: str
    process: subprocess.Popen
    log_path: Path

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def log(self) -> str:
        """Return what the server has written so far."""
        return self.log_path.read_text(errors="replace")

    def log_lines(self) -> list[dict]:
        """Return the server's log as JSON objects, one per line."""
        return [json.loads(line) for line in self.log().splitlines()]

    def wait_for_log(self, message: str) -> None:
        """Wait until the server logs a line with exactly this message."""
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while not any(line["message"] == message for line in self.log_lines()):
            if time.monotonic() > deadline:
                raise AssertionError(f"no {message!r} in the log:\n{self.log()}")
            time.sleep(0.02)

    def stop(self) -> int:
        """Shut down gracefully (SIGTERM); return the master's exit status."""
        return self._signal(signal.SIGTERM)

    def kill(self) -> int:
        """End the master and every worker at once (SIGKILL), as a crash would."""
        return self._signal(signal.SIGKILL)

    def _signal(self, number: int) -> int:
        if self.process.poll() is None:
            # The server was started in a new session: its group id is its pid.
            os.killpg(self.process.pid, number)
        return self.process.wait(timeout=STOP_TIMEOUT_SECONDS)


def server_environment(
    database_url: str, env: Mapping[str, str], instance_path: Path
) -> dict[str, str]:
    """Return the environment of a server on ``database_url``."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(INHERITED_PREFIXES)
    }
    return {
        **kept,
        **BASE_ENVIRONMENT,
        # Keep the checkout's instance/ folder out of it.
        "FLASK_INSTANCE_PATH": str(instance_path),
        "FLASK_SQLALCHEMY_DATABASE_URI": database_url,
        **env,
    }


def start_server(
    database_url: str,
    *,
    env: Mapping[str, str] | None = None,
    workers: int = 2,
    threads: int = 1,
    log_dir: Path | None = None,
) -> LiveServer:
    """Start gunicorn and return once it is ready to serve."""
    log_dir = Path(log_dir or tempfile.mkdtemp(prefix="screening-server-"))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        port = listener.getsockname()[1]
        log_path = log_dir / f"gunicorn-{port}.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            f"--bind=fd://{listener.fileno()}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--graceful-timeout=5",
            "app:app",
        ]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=server_environment(
                    database_url,
                    {
                        "FLASK_RATELIMIT_KEY_PREFIX": f"live-{secrets.token_hex(6)}",
                        **(env or {}),
                    },
                    log_dir / "instance",
                ),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(listener.fileno(),),
                start_new_session=True,
            )
        # Closing our copy here: gunicorn's is the only one left listening.
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_until_ready(server)
    except BaseException:
        server.kill()
        raise
    return server


def wait_until_ready(server: LiveServer) -> None:
    """Poll /readyz until it answers 200; fail with the server's log otherwise."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited while starting:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/readyz", timeout=5) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server was not ready in time:\n{server.log()}")


def api_status(server: LiveServer, body: dict) -> int:
    """Post ``body`` to the eligibility API of ``server``; return the status."""
    request = urllib.request.Request(
        server.url + "/api/v1/eligibility",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status
    except urllib.error.HTTPError as refused:
        return refused.code


@contextmanager
def live_server(database_url: str, **options) -> Iterator[LiveServer]:
    """Run a server for the duration of the block; see ``start_server``."""
    server = start_server(database_url, **options)
    try:
        yield server
    finally:
        server.stop()
