"""Which requests are rate limited per client address, and by how much.

Limits are attached to the routes listed here and to nothing else: there is no
global default, so every other route (health checks, static files, result
pages) is unlimited. Each amount is read from the configuration per request,
in Flask-Limiter's notation (``"10 per minute; 100 per hour"``).

Counts kept in memory:// belong to one process: under gunicorn's several
workers each would count alone and every limit would be multiplied by the
worker count. gunicorn.conf.py therefore refuses to start more than one
worker with per-process counts (``per_process_counting``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app

from .extensions import limiter


def configured(key: str) -> Callable[[], str]:
    """Return a limit provider that reads ``key`` from the running app's config."""

    def provider() -> str:
        return current_app.config[key]

    return provider


# Each screening POST may store health data; a flood would fill the database.
limit_screening_posts = limiter.limit(
    configured("RATELIMIT_SCREENING"), methods=["POST"]
)
# Decorate the staff sign-in view with this: it slows password guessing.
limit_staff_login = limiter.limit(configured("RATELIMIT_STAFF_LOGIN"), methods=["POST"])
# Applied to the whole API blueprint: every request evaluates the rules.
limit_api = limiter.limit(configured("RATELIMIT_API"))


def per_process_counting(config: Mapping[str, Any], workers: int) -> str | None:
    """Return why ``workers`` processes would each count limits alone, or None."""
    storage = str(config.get("RATELIMIT_STORAGE_URI", ""))
    if workers <= 1 or not config.get("RATELIMIT_ENABLED", False):
        return None
    if not storage.startswith("memory://"):
        return None
    return (
        f"refusing to start {workers} workers with FLASK_RATELIMIT_STORAGE_URI="
        f"{storage}: each worker would count rate limits alone, so every limit "
        f"would be {workers} times what it says. Set FLASK_RATELIMIT_STORAGE_URI "
        "to a Redis shared by the workers (redis://host:6379/0), or run one "
        "worker (WEB_CONCURRENCY=1)."
    )
