"""Run every benchmark, print one table and write it to docs/benchmarks.md.

    python -m bench                  # the full run: 10 s loads, 1,000,000 rows
    python -m bench --quick          # a smoke run: 1 s loads, 1,000 rows
    python -m bench --databases sqlite --output /tmp/benchmarks.md
    python -m bench --interop-size 100000  # export and policy-impact rows at 100,000

Every figure in the table is measured in the run that prints it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import interop, memory, report, rules_speed, scale, throughput, weight
from .servers import ROOT

HEADER = ["Benchmark", "Database", "Measured", "Target", "Verdict"]
CONNECTIONS = 8


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """Return the run's settings; --quick shrinks every duration and size."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default: both)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "docs" / "benchmarks.md",
        help="the Markdown file to write the table into",
    )
    parser.add_argument(
        "--interop-size",
        type=int,
        default=None,
        help="screenings for the NDJSON export and policy-impact rows "
        "(default: the largest queue size)",
    )
    settings = parser.parse_args(argv)
    settings.databases = [name.strip() for name in settings.databases.split(",")]
    quick = settings.quick
    settings.seconds = 1 if quick else 10
    settings.sizes = (100, 1_000) if quick else (10_000, 1_000_000)
    settings.repeats = 3 if quick else 50
    settings.requests = 100 if quick else 10_000
    settings.evaluations = 2_000 if quick else 100_000
    settings.interop_size = settings.interop_size or settings.sizes[-1]
    return settings


def measure_all(settings: argparse.Namespace) -> list[list[str]]:
    """Run the benchmarks and return the table's rows."""
    rules = rules_speed.measure(settings.evaluations, 1 if settings.quick else 5)
    rows = [report.rules_row(rules, rules_speed.TARGET_US)]
    rows += report.weight_rows(weight.measure(), weight.TARGET_KB)
    for kind in settings.databases:
        measured, hello = throughput.measure(kind, settings.seconds, CONNECTIONS)
        rows += report.throughput_rows(
            kind, measured, hello, throughput.TARGET_RATIOS, throughput.P99_TARGET_MS
        )
        queue = scale.measure(kind, settings.sizes, settings.repeats)
        rows += report.scale_rows(kind, queue, scale.P50_TARGET_MS, scale.RATIO_TARGET)
        used = memory.measure(kind, settings.requests, settings.sizes[0])
        rows.append(
            report.memory_row(
                kind, used, memory.TARGET_PEAK_MIB, memory.GROWTH_TOLERANCE_MIB
            )
        )
        rows += interop.rows(kind, interop.measure(kind, settings.interop_size))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run, print and write the benchmark table."""
    settings = parse_arguments(argv)
    load_at_start = report.load_average()
    rows = measure_all(settings)
    generated = "\n\n".join(
        [
            report.machine_description(settings.databases),
            f"Command: `python -m bench{' --quick' if settings.quick else ''}`. "
            f"Load average (1, 5, 15 min) at the start: {load_at_start}; at the end: "
            f"{report.load_average()}.",
            report.markdown_table(HEADER, rows),
        ]
    )
    print(generated)
    report.write_document(settings.output, generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
