"""Real gunicorn servers for tests, started with the project's gunicorn.conf.py.

Each server gets a listening socket bound by the test (port 0, passed to
gunicorn as ``fd://``), so no two servers can race for a port.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError

ROOT = Path(__file__).resolve().parents[2]
# Long enough for a worker to boot on a loaded CI machine; a failure, not a measure.
START_DEADLINE = 60.0
STOP_DEADLINE = 60.0
# The test server's own settings never leak in from the developer's shell.
PRIVATE_PREFIXES = ("FLASK_", "DATABASE_URL", "TEST_DATABASE_URL", "GUNICORN_")


@dataclass
class Server:
    """A running gunicorn master with its base URL and its log file."""

    base_url: str
    process: subprocess.Popen
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path

    def log(self) -> list[dict]:
        """Return every JSON line the server wrote to stderr so far."""
        lines = self.log_path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def log_text(self) -> str:
        return self.log_path.read_text()

    def wait_for_log(self, message: str) -> None:
        """Wait until a log line with this message appears."""
        deadline = time.monotonic() + STOP_DEADLINE
        while not any(line["message"] == message for line in self.log()):
            if time.monotonic() > deadline:
                raise AssertionError(f"no {message!r} in:\n{self.log_text()}")
            time.sleep(0.02)

    def terminate(self) -> int:
        """Send SIGTERM, as a deploy does, and return the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=STOP_DEADLINE)


def server_environment(settings: dict[str, str]) -> dict[str, str]:
    """Return this process's environment without app settings, plus ``settings``."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(PRIVATE_PREFIXES)
    }
    return {
        **inherited,
        "PYTHONUNBUFFERED": "1",
        "WEB_CONCURRENCY": "2",
        "FLASK_SECRET_KEY": "shared-secret-key-for-every-test-server",
        # Plain HTTP in tests: a Secure cookie would never be sent back.
        "FLASK_SESSION_COOKIE_SECURE": "false",
        **settings,
    }


@contextmanager
def gunicorn_server(
    settings: dict[str, str], log_dir: Path, wait: bool = True
) -> Iterator[Server]:
    """Run `gunicorn app:app` with gunicorn.conf.py; stop it with SIGTERM after."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    log_path = log_dir / f"gunicorn-{port}.log"
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"fd://{listener.fileno()}"]
            + ["app:app"],
            cwd=ROOT,
            # Its own instance folder: the checkout's instance/ stays untouched.
            env=server_environment({"FLASK_INSTANCE_PATH": str(log_dir), **settings}),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            pass_fds=(listener.fileno(),),
        )
    # gunicorn holds its own copy; ours would keep accepting after it stops.
    listener.close()
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        if wait:
            wait_until_healthy(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(server: Server) -> None:
    """Wait until /healthz answers, failing with the log if gunicorn gives up."""
    deadline = time.monotonic() + START_DEADLINE
    while True:
        if server.process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{server.log_text()}")
        try:
            with urllib.request.urlopen(server.url("/healthz"), timeout=5) as answer:
                if answer.status == 200:
                    return
        except (URLError, ConnectionError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"gunicorn did not start:\n{server.log_text()}")
        time.sleep(0.05)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the test, which checks them."""

    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    def json(self):
        return json.loads(self.text)


def reply_from(answer, status: int) -> Reply:
    return Reply(status, dict(answer.headers), answer.read().decode())


class Browser:
    """A cookie-keeping HTTP client; its cookies go to every server on the host."""

    def __init__(self) -> None:
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def request(
        self, url: str, data: dict | None = None, headers: dict | None = None
    ) -> Reply:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Accept": "text/html,application/xhtml+xml", **(headers or {})}
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Reply(
                    answer.status, dict(answer.headers), answer.read().decode()
                )
        except HTTPError as answer:
            return Reply(answer.code, dict(answer.headers), answer.read().decode())

    def get(self, url: str, **kwargs) -> Reply:
        return self.request(url, **kwargs)

    def post(self, url: str, data: dict, **kwargs) -> Reply:
        return self.request(url, data=data, **kwargs)
