"""The staff queue at 10,000 and at 1,000,000 screenings, through the real pages.

Rows come from the bulk loader; each case is a request to the running
app by a signed-in staff member, so the query, the counts and the
rendering of the page are all in the time. The figure is the median of
repeated requests.
"""

from __future__ import annotations

import statistics
import time
import urllib.parse
from dataclasses import dataclass

from sqlalchemy import select

from screening.infra.extensions import db
from screening.models import Screening
from screening.services.queue import Cursor
from tests.support.databases import app_on, fresh_database_url, migrate_to_head

from . import bulk, dataset
from .client import CSRF, Browser
from .servers import gunicorn
from .staff import staff_browser
from .throughput import app_environment

P50_TARGET_MS = 20.0
RATIO_TARGET = 1.5


@dataclass(frozen=True)
class Case:
    """One queue request: a page (GET) or a search (POST), and what it must show."""

    name: str
    path: str
    search: str | None = None
    shows: str | None = None


@dataclass(frozen=True)
class Timed:
    """A case's median time at each size, and the bulk load times."""

    name: str
    p50_ms: dict[int, float]

    def ratio(self) -> float:
        """Return the largest size's median over the smallest size's."""
        sizes = sorted(self.p50_ms)
        return self.p50_ms[sizes[-1]] / self.p50_ms[sizes[0]]

    def met(self) -> bool:
        """Return True when both targets hold."""
        largest = self.p50_ms[max(self.p50_ms)]
        return largest < P50_TARGET_MS and self.ratio() <= RATIO_TARGET


def cases(url: str, size: int) -> list[Case]:
    """Return the queue requests timed at ``size`` rows."""
    planted = dataset.reference_for(dataset.PLANTED_AT)
    return [
        Case("work queue (home page)", "/staff/"),
        Case("dashboard", "/staff/dashboard"),
        Case("first page", "/staff/screenings"),
        Case(
            "page deep in the list",
            "/staff/screenings?after=" + middle_cursor(url, size),
        ),
        Case("filtered page (needs review)", "/staff/screenings?outcome=needs_review"),
        Case("search: a rare name", "/staff/screenings", "philippa quennell", planted),
        Case("search: a common surname", "/staff/screenings", dataset.common_surname()),
        Case("search: reference", "/staff/screenings", planted, planted),
        Case(
            "search: email address", "/staff/screenings", dataset.Planted.email, planted
        ),
    ]


def middle_cursor(url: str, size: int) -> str:
    """Return the page cursor of the screening half-way down the queue."""
    with app_on(url) as app, app.app_context():
        created, ident = db.session.execute(
            select(Screening.created_at, Screening.id)
            .order_by(Screening.created_at.desc(), Screening.id.desc())
            .offset(size // 2)
            .limit(1)
        ).one()
    return Cursor(created, ident).encode()


def timed(browser: Browser, case: Case, token: str) -> float:
    """Return the milliseconds one request for ``case`` takes."""
    started = time.perf_counter()
    if case.search is None:
        status, _, body = browser.request("GET", case.path)
    else:
        form = urllib.parse.urlencode({"q": case.search, "csrf_token": token})
        status, _, body = browser.request(
            "POST",
            case.path,
            form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200 or (case.shows and case.shows.encode() not in body):
        raise RuntimeError(f"{case.name} answered {status} without its rows")
    return elapsed


def medians(browser: Browser, cases: list[Case], token: str, repeats: int) -> dict:
    """Return each case's median time, the cases taken in turn.

    Round by round rather than case by case: a moment when the machine is
    busy slows one request of every case, not every request of one case.
    """
    for case in cases:
        for _ in range(2):  # warm the page and the caches
            timed(browser, case, token)
    times: dict[str, list[float]] = {case.name: [] for case in cases}
    for _ in range(repeats):
        for case in cases:
            times[case.name].append(timed(browser, case, token))
    return {name: statistics.median(values) for name, values in times.items()}


def measure(kind: str, sizes: tuple[int, ...], repeats: int) -> dict:
    """Load the queue up to each size in turn and time every case there."""
    results: dict[str, dict[int, float]] = {}
    load_seconds = {}
    with fresh_database_url(kind) as url:
        migrate_to_head(url)
        environment = app_environment(url)
        with gunicorn("app:app", environment, workers=1) as (base, _):
            browser = staff_browser(base, environment)
            token = CSRF.search(browser.get("/staff/screenings").decode()).group(1)
            loaded = 0
            for size in sizes:
                load_seconds[size] = bulk.load(url, loaded, size - loaded)
                loaded = size
                timings = medians(browser, cases(url, size), token, repeats)
                for name, p50 in timings.items():
                    results.setdefault(name, {})[size] = p50
    return {
        "cases": [Timed(name, figures) for name, figures in results.items()],
        "load_seconds": load_seconds,
    }
