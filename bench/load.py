"""Drive a server with wrk and read back throughput, latency and wrk's own CPU use."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Each wrk thread has its own Lua state: requests are dealt out by thread so no
# two threads ever send the same prepared body (a replayed form nonce would
# measure the duplicate check, not a real submission).
LUA = r"""
local lines, index, me = {}, 0, 0
local counter, threads = 0, {}
unexpected = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  me = id
  local total = tonumber(args[2])
  expected = tonumber(args[3])
  local n = 0
  for line in io.lines(args[1]) do
    if n % total == me then table.insert(lines, line) end
    n = n + 1
  end
  if #lines == 0 then
    for line in io.lines(args[1]) do table.insert(lines, line) end
  end
end
function request()
  index = index + 1
  local line = lines[(index - 1) % #lines + 1]
  local method, path, cookie, ctype, body =
    line:match("^(%S+)\t(%S+)\t([^\t]*)\t([^\t]*)\t(.*)$")
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if ctype ~= "" then headers["Content-Type"] = ctype end
  if body == "" then body = nil end
  return wrk.format(method, path, headers, body)
end
function response(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local errors = summary.errors
  local wrong = 0
  for _, thread in ipairs(threads) do wrong = wrong + thread:get("unexpected") end
  io.write("WRK_JSON " .. string.format(
    '{"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d,' ..
    ' "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, wrong,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Request:
    """One prepared HTTP request."""

    method: str
    path: str
    cookie: str = ""
    content_type: str = ""
    body: str = ""

    def line(self) -> str:
        """Return the tab-separated form the Lua script reads."""
        for value in (self.cookie, self.content_type, self.body):
            if "\t" in value or "\n" in value:
                raise ValueError("prepared requests must not contain tabs or newlines")
        return "\t".join(
            (self.method, self.path, self.cookie, self.content_type, self.body)
        )


@dataclass(frozen=True)
class LoadResult:
    """What one timed wrk run measured."""

    requests: int
    seconds: float
    status_errors: int
    socket_errors: int
    p50_ms: float
    p99_ms: float
    client_cpu_percent: float

    @property
    def errors(self) -> int:
        """Return the answers with another status plus the connection errors."""
        return self.status_errors + self.socket_errors

    @property
    def per_second(self) -> float:
        """Return completed requests per second."""
        return self.requests / self.seconds


def run_wrk(
    base: str,
    requests: list[Request],
    connections: int,
    seconds: float,
    expected_status: int = 200,
    threads: int = 2,
) -> LoadResult:
    """Send ``requests`` round-robin from ``connections`` clients for ``seconds``.

    Any answer other than ``expected_status`` counts as an error, so a form
    that re-renders with a validation message never passes for a stored one.
    """
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "load.lua"
        script.write_text(LUA)
        data = Path(folder) / "requests.tsv"
        data.write_text("\n".join(request.line() for request in requests) + "\n")
        command = [
            "wrk",
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=10s",
            f"--script={script}",
            base,
            "--",
            str(data),
            str(threads),
            str(expected_status),
        ]
        before = os.times()
        started = time.perf_counter()
        output = subprocess.run(  # noqa: S603 (fixed command)
            command, capture_output=True, text=True, check=True
        ).stdout
        wall = time.perf_counter() - started
        after = os.times()
    line = next(row for row in output.splitlines() if row.startswith("WRK_JSON "))
    figures = json.loads(line.removeprefix("WRK_JSON "))
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return LoadResult(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        status_errors=figures["status_errors"],
        socket_errors=figures["socket_errors"],
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        client_cpu_percent=100 * cpu / wall,
    )
