"""Tell gunicorn a worker streaming a long response is alive and making progress.

A sync worker reports to the arbiter only between requests, so one that
streams an export for longer than gunicorn's ``timeout`` (30 s) is killed
mid-file: the NDJSON export of 100,000 screenings stopped after 23,036
lines (docs/benchmarks.md). gunicorn.conf.py's ``post_fork`` hands each
worker's ``notify`` to ``install``; a long stream calls ``beat`` after each
batch, so a stream that stops progressing is still killed on time. Outside
gunicorn (flask run, tests) ``beat`` does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
_notify: list[Callable[[], None]] = []


def install(notify: Callable[[], None]) -> None:
    """Remember how to tell the arbiter this worker is alive."""
    _notify[:] = [notify]


def beat() -> None:
    """Tell the arbiter this worker is alive (when running under gunicorn)."""
    for notify in _notify:
        notify()


def beating(items: Iterable[Item], every: int = 1000) -> Iterator[Item]:
    """Yield ``items``, beating after every ``every`` of them."""
    for count, item in enumerate(items, start=1):
        yield item
        if count % every == 0:
            beat()
