"""Start and stop gunicorn servers for the benchmark, on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process, log, timeout: float = 60.0) -> None:
    """Poll ``url`` until it answers; fail with the server's log if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.1)
    log.seek(0)
    tail = log.read()[-3000:].decode(errors="replace")
    raise RuntimeError(f"server at {url} did not start:\n{tail}")


@contextmanager
def gunicorn(
    app_path: str,
    env: dict[str, str],
    workers: int | None = None,
    probe: str = "/",
    options: tuple[str, ...] = (),
):
    """Run ``gunicorn app_path`` with the project's config; yield (base URL, pid).

    Without ``workers`` the worker count is the config's own default;
    ``options`` are further gunicorn options, which win over the config.
    """
    port = free_port()
    command = [
        GUNICORN,
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        *(["--workers", str(workers)] if workers else []),
        *options,
        app_path,
    ]
    # The log goes to a file: a pipe nobody reads fills up after a few
    # hundred request lines and then blocks every worker.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 (fixed command)
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base + probe, process, log)
            yield base, process.pid
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def worker_pids(master_pid: int) -> list[int]:
    """Return the pids of a gunicorn master's workers."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def resident_kib(pid: int) -> tuple[int, int]:
    """Return (current, peak) resident memory of ``pid`` in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
