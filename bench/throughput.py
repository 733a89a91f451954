"""Requests per second and latency of the app beside a bare Flask hello world."""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.databases import fresh_database_url, migrate_to_head

from .client import api_requests, prepared_submissions, submit
from .load import LoadResult, Request, run_wrk
from .servers import gunicorn
from .staff import staff_browser

# Ratio of the app's requests/s to hello world's that each endpoint must reach.
TARGET_RATIOS = {
    "GET /screening": 0.5,
    "POST /screening": 0.25,
    "GET /screening/<token>": 0.5,
    "POST /api/v1/eligibility": 0.6,
    "GET /staff/screenings?outcome=needs_review": None,
}
P99_TARGET_MS = 100.0
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production"


def app_environment(url: str) -> dict[str, str]:
    """Return the production configuration the benchmark serves the app with.

    Rate limits are switched off: they would turn a throughput test into a
    test of the 429 page.
    """
    return {
        "DATABASE_URL": url,
        "FLASK_SECRET_KEY": BENCH_SECRET_KEY,
        "FLASK_RATELIMIT_ENABLED": "false",
    }


# What a successful answer is: a stored screening is a redirect (PRG).
EXPECTED_STATUS = {"POST /screening": 303}


@dataclass(frozen=True)
class Measured:
    """One endpoint's load result beside the hello-world yardstick."""

    endpoint: str
    result: LoadResult
    hello_per_second: float
    prepared: int

    @property
    def ratio(self) -> float:
        """Return the app's throughput as a fraction of hello world's."""
        return self.result.per_second / self.hello_per_second

    @property
    def met(self) -> bool:
        """Return True when the ratio and p99 targets are both met."""
        target = TARGET_RATIOS[self.endpoint]
        ratio_met = target is None or self.ratio >= target
        return (
            ratio_met and self.result.p99_ms < P99_TARGET_MS and not self.result.errors
        )


def hello_world(env: dict[str, str], seconds: float, connections: int) -> LoadResult:
    """Load the bare Flask app under the same gunicorn settings."""
    with gunicorn("bench.hello:app", env) as (base, _):
        run_wrk(base, [Request("GET", "/")], connections, 1)
        return run_wrk(base, [Request("GET", "/")], connections, seconds)


def measure(
    kind: str, seconds: float, connections: int
) -> tuple[list[Measured], list[LoadResult]]:
    """Load every endpoint for ``seconds`` on a fresh ``kind`` database.

    Hello world runs before and after the app; the ratio is to the mean
    of the two, so a machine that got busier meanwhile favours neither.
    """
    with fresh_database_url(kind) as url:
        migrate_to_head(url)
        env = app_environment(url)
        before = hello_world(env, seconds, connections)
        with gunicorn("app:app", env) as (base, _):
            plans = endpoint_plans(base, env, seconds)
            run_wrk(base, plans["GET /screening"], connections, 1)
            results = {
                name: run_wrk(
                    base,
                    requests,
                    connections,
                    seconds,
                    expected_status=EXPECTED_STATUS.get(name, 200),
                )
                for name, requests in plans.items()
            }
        after = hello_world(env, seconds, connections)
    hello = (before.per_second + after.per_second) / 2
    measured = [
        Measured(name, result, hello, len(plans[name]))
        for name, result in results.items()
    ]
    return measured, [before, after]


def endpoint_plans(base, env, seconds) -> dict[str, list[Request]]:
    """Prepare every request before the timed phase: forms, nonces, tokens, login."""
    results = [Request("GET", path) for path in submit(base, 200)]
    staff_cookie = staff_browser(base, env).cookie_header()
    return {
        "GET /screening": [Request("GET", "/screening")],
        "POST /screening": prepared_submissions(base, int(700 * seconds)),
        "GET /screening/<token>": results,
        "POST /api/v1/eligibility": api_requests(500),
        "GET /staff/screenings?outcome=needs_review": [
            Request("GET", "/staff/screenings?outcome=needs_review", staff_cookie)
        ],
    }
