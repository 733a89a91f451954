"""Which requests are rate limited per client address, and by how much.

Limits are attached to the routes listed here and to nothing else: there is no
global default, so every other route (health checks, static files, result
pages) is unlimited. Each amount is read from the configuration per request,
in Flask-Limiter's notation (``"10 per minute; 100 per hour"``).
"""

from __future__ import annotations

from collections.abc import Callable

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
