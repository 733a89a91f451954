"""Benchmarks: `python -m bench` (or `make bench`) prints the table and writes it to
docs/benchmarks.md. Every figure is measured in that run."""
