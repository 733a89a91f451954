"""Format benchmark figures as one Markdown table, with the machine they ran on."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone


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
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"Measured {stamp} on {platform.system()} {platform.machine()}: " + ", ".join(
        parts
    )


def sqlite_version() -> str:
    """Return the SQLite library version Python links against."""
    import sqlite3

    return sqlite3.sqlite_version


def postgres_version() -> str:
    """Return the PostgreSQL server version, as psql reports it."""
    output = subprocess.run(  # noqa: S603,S607 (fixed command)
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version", "test"],
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
