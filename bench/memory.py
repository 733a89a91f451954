"""Resident memory of one gunicorn worker over 10,000 mixed requests.

The worker is not recycled during the run (--max-requests 0): the
production config replaces workers every ten thousand requests or so,
which would hide a leak rather than show it.

The database starts with screenings in it, as a clinic's does: SQLite's
page cache (2 MiB per connection by default) then fills during the first
requests instead of growing with a new database all through the run,
which looked like a leak and is not one (docs/benchmarks.md).
"""

from __future__ import annotations

import json

from tests.support.databases import fresh_database_url, migrate_to_head

from . import bulk
from .client import Browser, api_requests, prepared_submissions
from .servers import gunicorn, resident_kib, worker_pids
from .throughput import app_environment

TARGET_PEAK_MIB = 100
# "No growth": what the allocator may keep between two readings.
GROWTH_TOLERANCE_MIB = 1.0


def measure(
    kind: str = "sqlite", total: int = 10_000, stored: int = 10_000
) -> dict[str, float]:
    """Return RSS (MiB) after each tenth of ``total`` requests, and the peak.

    The database holds ``stored`` screenings before the first request.
    """
    with fresh_database_url(kind) as url:
        migrate_to_head(url)
        bulk.load(url, 0, stored)
        server = gunicorn(
            "app:app", app_environment(url), workers=1, options=("--max-requests", "0")
        )
        with server as (base, master):
            (worker,) = worker_pids(master)
            browser = Browser(base)
            api = api_requests(50)
            series = []  # RSS after each tenth of the requests
            sent = 0
            while sent < total:
                sent += mixed_round(browser, base, api[sent % len(api)])
                if sent >= total * (len(series) + 1) // 10:
                    series.append(resident_kib(worker)[0] / 1024)
            peak = resident_kib(worker)[1]
    return {
        "requests": sent,
        "rss_half_mib": series[4],
        "rss_end_mib": series[-1],
        "peak_mib": peak / 1024,
        "series_mib": series,
        "stored": stored,
    }


def mixed_round(browser: Browser, base: str, api_call) -> int:
    """Send one patient's journey plus an API call; return how many requests."""
    (submission,) = prepared_submissions(base, 1)
    status, headers, _ = browser.request(
        "POST",
        "/screening",
        submission.body,
        {"Content-Type": submission.content_type, "Cookie": submission.cookie},
    )
    if status != 303:
        raise RuntimeError(f"submission answered {status}")
    result = headers["Location"]
    browser.get(result)
    browser.get(result + "/checklist")
    status, _, body = browser.request(
        "POST", api_call.path, api_call.body, {"Content-Type": api_call.content_type}
    )
    if status != 200 or "outcome" not in json.loads(body):
        raise RuntimeError(f"API answered {status}")
    return 5
