"""Requests per second and latency of the app beside its peer and hello world.

The peer (bench/peer/) is the same form as a Flask-WTF tutorial app would
write it; the targets are ratios to it. Hello world's ratios are shown
as information.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.support.databases import fresh_database_url, migrate_to_head

from .client import api_requests, peer_answers, prepared_submissions, submit
from .load import LoadResult, Request, run_wrk
from .peer import create_app as create_peer
from .peer import db as peer_db
from .servers import gunicorn
from .staff import staff_browser

# Ratio of the app's requests/s to the peer's that each endpoint must reach
# (None: no target); the peer does not serve the staff pages.
TARGET_RATIOS = {
    "GET /screening": 1.0,
    "POST /screening": 0.8,
    "GET /screening/<token>": 0.8,
    "POST /api/v1/eligibility": None,
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
    peer: LoadResult | None = None

    @property
    def ratio(self) -> float:
        """Return the app's throughput as a fraction of hello world's."""
        return self.result.per_second / self.hello_per_second

    @property
    def peer_ratio(self) -> float | None:
        """Return the app's throughput as a fraction of the peer's, if it has one."""
        return self.result.per_second / self.peer.per_second if self.peer else None

    @property
    def met(self) -> bool:
        """Return True when the peer ratio and p99 targets are both met."""
        target = TARGET_RATIOS[self.endpoint]
        ratio_met = target is None or self.peer_ratio >= target
        return (
            ratio_met and self.result.p99_ms < P99_TARGET_MS and not self.result.errors
        )


def hello_world(env: dict[str, str], seconds: float, connections: int) -> LoadResult:
    """Load the bare Flask app under the same gunicorn settings."""
    with gunicorn("bench.hello:app", env) as (base, _):
        run_wrk(base, [Request("GET", "/")], connections, 1)
        return run_wrk(base, [Request("GET", "/")], connections, seconds)


def load_each(base, plans, connections, seconds) -> dict[str, LoadResult]:
    """Warm the server up, then load each endpoint's plan for ``seconds``."""
    run_wrk(base, plans["GET /screening"], connections, 1)
    return {
        name: run_wrk(
            base,
            requests,
            connections,
            seconds,
            expected_status=EXPECTED_STATUS.get(name, 200),
        )
        for name, requests in plans.items()
    }


def measure(
    kind: str, seconds: float, connections: int
) -> tuple[list[Measured], list[LoadResult]]:
    """Load every endpoint of the app and of its peer for ``seconds`` each.

    Each runs on a fresh ``kind`` database of its own. Hello world runs
    before and after them; its ratio is to the mean of the two, so a
    machine that got busier meanwhile favours neither.
    """
    with fresh_database_url(kind) as url, fresh_database_url(kind) as peer_url:
        migrate_to_head(url)
        env = app_environment(url)
        before = hello_world(env, seconds, connections)
        with gunicorn("app:app", env) as (base, _):
            plans = endpoint_plans(base, env, seconds)
            results = load_each(base, plans, connections, seconds)
        peer = measure_peer(peer_url, seconds, connections)
        after = hello_world(env, seconds, connections)
    hello = (before.per_second + after.per_second) / 2
    measured = [
        Measured(name, result, hello, len(plans[name]), peer.get(name))
        for name, result in results.items()
    ]
    return measured, [before, after]


def measure_peer(url: str, seconds: float, connections: int) -> dict[str, LoadResult]:
    """Load the peer's endpoints on ``url``, under the same gunicorn settings."""
    create_peer_tables(url)
    env = {"DATABASE_URL": url, "FLASK_SECRET_KEY": BENCH_SECRET_KEY}
    with gunicorn("bench.peer.wsgi:app", env, probe="/screening") as (base, _):
        plans = {
            "GET /screening": [Request("GET", "/screening")],
            "POST /screening": prepared_submissions(
                base, int(700 * seconds), peer_answers
            ),
            "GET /screening/<token>": [
                Request("GET", path) for path in submit(base, 200, peer_answers)
            ],
            "POST /api/v1/eligibility": api_requests(500),
        }
        return load_each(base, plans, connections, seconds)


def create_peer_tables(url: str) -> None:
    """Create the peer's table, as its ``flask init-db`` command does."""
    peer = create_peer({"SQLALCHEMY_DATABASE_URI": url})
    with peer.app_context():
        peer_db.create_all()
        peer_db.engine.dispose()


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
