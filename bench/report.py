"""Format benchmark figures as one Markdown table, with the machine they ran on."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime


def machine_description(databases: list[str]) -> str:
    """Return cores, CPU model, Python and database versions of this machine."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo").read().splitlines()  # noqa: SIM115
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    parts = [
        f"{os.cpu_count()} cores ({model})",
        f"Python {platform.python_version()}",
        f"SQLite {sqlite_version()}",
    ]
    if "postgresql" in databases:
        parts.append(postgres_version())
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Measured {stamp} on {platform.system()} {platform.machine()}: "
        + ", ".join(parts)
    )


def sqlite_version() -> str:
    """Return the SQLite library version Python links against."""
    import sqlite3

    return sqlite3.sqlite_version


def postgres_version() -> str:
    """Return the PostgreSQL server version, as psql reports it."""
    output = subprocess.run(  # noqa: S603,S607 (fixed command)
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-Atc",
            "show server_version",
            "test",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return f"PostgreSQL {output.stdout.strip() or 'unknown'}"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(met: bool | None) -> str:
    """Return the table's word for a target."""
    return {True: "met", False: "MISSED", None: "n/a"}[met]


def load_average() -> str:
    """Return the 1, 5 and 15-minute load averages, as uptime shows them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def rules_row(figures: dict[str, float], target_us: float) -> list[str]:
    """Return the rules engine's row."""
    return [
        "Rules: evaluate() per screening",
        "none",
        f"{figures['median_us']:.1f} µs median, {figures['best_us']:.1f} µs best "
        f"({figures['evaluations']:,} evaluations of {figures['answer_sets']} "
        f"answer sets, {figures['outcomes']} outcomes)",
        f"< {target_us:.0f} µs",
        verdict(figures["median_us"] < target_us),
    ]


def throughput_rows(kind: str, measured, hello_runs, target_ratios, p99_ms) -> list:
    """Return hello world's row, the peer's rows and one row per endpoint."""
    before, after = hello_runs
    rows = [
        [
            "Hello world (bare Flask, same gunicorn settings)",
            kind,
            f"{before.per_second:,.0f} req/s before the app, "
            f"{after.per_second:,.0f} after; p50 {before.p50_ms:.1f} ms, "
            f"p99 {before.p99_ms:.1f} ms; {before.errors + after.errors} errors; "
            f"wrk CPU {before.client_cpu_percent:.0f}%",
            "information",
            verdict(None),
        ]
    ]
    rows += [
        [
            f"Peer (Flask-WTF tutorial app): {item.endpoint}",
            kind,
            f"{item.peer.per_second:,.0f} req/s; {latencies(item.peer)}; "
            f"{errors(item.peer)}; wrk CPU {item.peer.client_cpu_percent:.0f}%",
            "the yardstick",
            verdict(None),
        ]
        for item in measured
        if item.peer
    ]
    for item in measured:
        result, target = item.result, target_ratios[item.endpoint]
        # A form sent twice is answered from the stored row: say so.
        replayed = (
            f"; {result.requests - item.prepared:,} forms sent twice"
            if item.endpoint == "POST /screening" and result.requests > item.prepared
            else ""
        )
        peer = f" = {item.peer_ratio:.2f} × peer" if item.peer else ""
        rows.append(
            [
                item.endpoint,
                kind,
                f"{result.per_second:,.0f} req/s{peer} ({item.ratio:.2f} × hello); "
                f"{latencies(result)}; {errors(result)}; "
                f"wrk CPU {result.client_cpu_percent:.0f}%{replayed}",
                (f"≥ {target} × peer, " if target else "")
                + f"p99 < {p99_ms:.0f} ms, no errors",
                verdict(item.met),
            ]
        )
    return rows


def latencies(result) -> str:
    """Return a load result's median and 99th percentile latency."""
    return f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms"


def errors(result) -> str:
    """Return the error count, split into wrong statuses and socket errors."""
    if not result.errors:
        return "0 errors"
    return (
        f"{result.errors} errors ({result.status_errors} wrong status, "
        f"{result.socket_errors} socket)"
    )


def scale_rows(kind: str, figures: dict, p50_ms: float, ratio: float) -> list:
    """Return the bulk load's row and one row per queue case."""
    sizes = sorted(figures["load_seconds"])
    loads = "; ".join(
        f"{size - previous:,} rows in {figures['load_seconds'][size]:.1f} s"
        for previous, size in zip([0, *sizes], sizes, strict=False)
    )
    rows = [["Queue: bulk load (not a target)", kind, loads, "none", verdict(None)]]
    for case in figures["cases"]:
        at = ", ".join(
            f"{case.p50_ms[size]:.1f} ms at {size:,}" for size in sorted(case.p50_ms)
        )
        rows.append(
            [
                f"Queue: {case.name}",
                kind,
                f"p50 {at} (× {case.ratio():.2f})",
                f"p50 < {p50_ms:.0f} ms at the largest, × ≤ {ratio}",
                verdict(case.met()),
            ]
        )
    return rows


def memory_row(kind: str, figures: dict, peak_mib: float, tolerance: float) -> list:
    """Return the worker memory row."""
    growth = figures["rss_end_mib"] - figures["rss_half_mib"]
    return [
        f"Memory: one worker, {figures['requests']:,} requests "
        f"({figures['stored']:,} screenings stored before)",
        kind,
        f"peak {figures['peak_mib']:.1f} MiB; {figures['rss_half_mib']:.1f} MiB at "
        f"request {figures['requests'] // 2:,}, {figures['rss_end_mib']:.1f} MiB at "
        f"the last ({growth:+.1f} MiB); every tenth: "
        + " ".join(f"{value:.1f}" for value in figures["series_mib"]),
        f"peak < {peak_mib:.0f} MiB, growth ≤ {tolerance:.0f} MiB",
        verdict(figures["peak_mib"] < peak_mib and growth <= tolerance),
    ]


def weight_rows(pages: dict[str, dict[str, int]], target_kb: int) -> list:
    """Return one row per page weighed."""
    return [
        [
            f"Weight: {name} with its CSS and JS, gzip",
            "none",
            f"{figures['gzip'] / 1024:.1f} KB ({figures['raw'] / 1024:.1f} KB raw, "
            f"{figures['files']} files, {figures['scripts']} script: optional)",
            f"≤ {target_kb} KB, works without JS",
            verdict(figures["gzip"] <= target_kb * 1024),
        ]
        for name, figures in pages.items()
    ]


START = "<!-- bench:start (written by `make bench`; edit outside these markers) -->"
END = "<!-- bench:end -->"


def write_document(path, generated: str) -> None:
    """Put ``generated`` between the markers of ``path``, keeping the rest."""
    text = path.read_text() if path.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{before}{START}\n{generated}\n{END}{after}")
