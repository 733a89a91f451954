"""A pytest plugin that makes a test run cross midnight, UTC, after collection.

``python -m pytest -p support.midnight ...`` stops screening's clock one
second before midnight while the tests are imported and collected, then
moves it two seconds on before the first test runs: a date read at import
is yesterday's by the time the test uses it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from screening.infra import clock

from .clock import FrozenClock

BEFORE_MIDNIGHT = datetime(2026, 6, 15, 23, 59, 59, tzinfo=UTC)
frozen = FrozenClock(BEFORE_MIDNIGHT)


def pytest_configure(config):
    """Stop the clock before any test module is imported."""
    clock.source = frozen.now


def pytest_collection_finish(session):
    """Cross midnight between collection and the first test."""
    frozen.advance(seconds=2)
